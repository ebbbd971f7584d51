import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplySandbox, type ReplySandbox } from './index.ts';
import { client, manualClock, type Json } from './test-helpers.ts';

const clock = manualClock();
let sandbox: ReplySandbox;
let api: ReturnType<typeof client>;

beforeAll(async () => {
    sandbox = await startReplySandbox({
        port: 0,
        seed: { seed: 3, people: 30, enrolled: 0 },
        rateLimits: false,
        now: clock.now
    });
    api = client(sandbox);
});
afterAll(async () => {
    await sandbox.close();
});

describe('authentication', () => {
    it('answers 401 with an empty body and a Bearer challenge for a missing or unknown key', async () => {
        for (const key of ['', 'nope']) {
            const response = await client(sandbox, key)('GET', '/v3/whoami');
            expect(response.status).toBe(401);
            expect(response.text).toBe('');
            expect(response.headers.get('www-authenticate')).toBe('Bearer');
        }
    });

    it('acts as the owner with the team key, as a user with a personal key or impersonation header', async () => {
        const owner = sandbox.workspace.team.ownerUserId;
        expect((await api('GET', '/v3/whoami')).body).toEqual({ userId: owner, teamId: 7001 });
        const [, member] = sandbox.workspace.users;
        expect((await client(sandbox, sandbox.personalKeys[member!.id])('GET', '/v3/whoami')).body.userId).toBe(
            member!.id
        );
        expect(
            (await client(sandbox, sandbox.apiKey, { 'X-User-Id': String(member!.id) })('GET', '/v3/whoami')).body
                .userId
        ).toBe(member!.id);
        const byEmail = await client(sandbox, sandbox.apiKey, { 'X-User-Email': member!.email.toUpperCase() })(
            'GET',
            '/v3/whoami'
        );
        expect(byEmail.body.userId).toBe(member!.id);
        const unknown = await client(sandbox, sandbox.apiKey, { 'X-User-Id': '999' })('GET', '/v3/whoami');
        expect(unknown.status).toBe(401);
        expect(unknown.body.code).toBe('USER_NOT_FOUND');
    });

    it('requires an org key to name its user', async () => {
        const [, member] = sandbox.workspace.users;
        const org = (headers: Record<string, string>) => client(sandbox, sandbox.orgKey, headers)('GET', '/v3/whoami');
        expect((await org({})).body).toMatchObject({ status: 403, code: 'USER_REQUIRED' });
        expect((await org({ 'X-User-Id': String(member!.id) })).body.userId).toBe(member!.id);
        expect((await org({ 'X-User-Email': member!.email })).body.code).toBe('USER_REQUIRED');
        expect((await org({ 'X-User-Email': member!.email, 'X-Team-Id': '7001' })).body.userId).toBe(member!.id);
        expect((await org({ 'X-User-Id': String(member!.id), 'X-Team-Id': '1' })).body.code).toBe(
            'TEAM_NOT_ACCESSIBLE'
        );
        const users = await client(sandbox, sandbox.orgKey, { 'X-User-Id': String(member!.id) })(
            'GET',
            '/v3/whoami/team-users'
        );
        expect(users.status).toBe(200);
    });

    it('lists team users as rows of team and user, for any key of an organization, else 403 (C2)', async () => {
        const users = await api('GET', '/v3/whoami/team-users');
        expect(users.status).toBe(200);
        expect(users.body.length).toBeGreaterThanOrEqual(4);
        expect(users.body.length).toBeLessThanOrEqual(6);
        expect(Object.keys(users.body[0]).sort()).toEqual(['email', 'teamId', 'teamName', 'userId', 'userName']);
        expect(users.body.every((u: Json) => u.teamId === sandbox.workspace.team.id)).toBe(true);
        expect(users.body.map((u: Json) => u.userId)).toContain(sandbox.workspace.team.ownerUserId);
        const personal = await client(sandbox, Object.values(sandbox.personalKeys)[0])('GET', '/v3/whoami/team-users');
        expect(personal.status).toBe(200);
        sandbox.capabilities.set({ teamUsers: false });
        try {
            const refused = await api('GET', '/v3/whoami/team-users');
            expect(refused.status).toBe(403);
            expect(refused.body.code).toBe('workspace.organizationRequired');
        } finally {
            sandbox.capabilities.reset();
        }
    });

    it('answers 403 insufficient_scope for a key without the scope', async () => {
        const minted = await fetch(`${sandbox.url}/__sandbox/keys`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
                kind: 'personal',
                userId: sandbox.workspace.team.ownerUserId,
                scopes: ['contacts:read']
            })
        }).then((r) => r.json());
        const limited = client(sandbox, minted.key);
        expect((await limited('GET', '/v3/contacts', undefined, { top: 1 })).status).toBe(200);
        const refused = await limited('POST', '/v3/contacts', { firstName: 'A', email: 'a@scope.example' });
        expect(refused.status).toBe(403);
        expect(refused.headers.get('content-type')).toContain('application/problem+json');
        expect(refused.body).toMatchObject({ status: 403, code: 'insufficient_scope' });
        const none = await fetch(`${sandbox.url}/__sandbox/keys`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ kind: 'team', scopes: [] })
        }).then((r) => r.json());
        expect((await client(sandbox, none.key)('GET', '/v3/whoami')).status).toBe(401);
    });
});

describe('listing and lookup', () => {
    it('pages with top/skip to the end, hasMore false on the last page', async () => {
        const seen: number[] = [];
        for (let skip = 0; ; skip += 7) {
            const page = await api('GET', '/v3/contacts', undefined, { top: 7, skip });
            expect(page.status).toBe(200);
            expect(page.body.totalCount).toBe(sandbox.workspace.peopleCount);
            seen.push(...page.body.items.map((c: Json) => c.id));
            if (!page.body.hasMore) break;
        }
        expect(seen).toHaveLength(sandbox.workspace.peopleCount);
        expect([...seen].sort((a, b) => a - b)).toEqual(seen);
        const bad = await api('GET', '/v3/contacts', undefined, { top: 5000 });
        expect(bad.status).toBe(400);
        expect(bad.body.errors[0]).toMatchObject({ parameter: 'top' });
        expect(bad.body.code).toBeUndefined();
    });

    it('looks an email up exactly and case-insensitively, never by substring (C5)', async () => {
        const person = sandbox.workspace.people[4]!;
        const exact = await api('GET', '/v3/contacts', undefined, { email: person.email!.toUpperCase() });
        expect(exact.body).toMatchObject({ hasMore: false });
        expect(exact.body.items.map((c: Json) => c.id)).toEqual([person.id]);
        const partial = await api('GET', '/v3/contacts', undefined, { email: person.email!.slice(1) });
        expect(partial.body.items).toEqual([]);
    });

    it('returns the documented contact shape', async () => {
        const person = sandbox.workspace.people[0]!;
        const contact = (await api('GET', `/v3/contacts/${person.id}`)).body;
        for (const field of [
            'id',
            'email',
            'firstName',
            'lastName',
            'title',
            'company',
            'phone',
            'linkedInUrl',
            'ownerUserId',
            'isOptedOut',
            'callStatus',
            'meetingStatus',
            'addingDate',
            'createdAt',
            'lastModifiedAt',
            'customFields',
            'sequences',
            'lists'
        ]) {
            expect(contact).toHaveProperty(field);
        }
        // Documented without an offset ("2024-03-10T15:30:00"): UTC; addingDate with "+00:00".
        expect(new Date(`${contact.lastModifiedAt}Z`).toISOString()).toBe(`${contact.lastModifiedAt}Z`);
        expect(contact.addingDate).toMatch(/\+00:00$/);
        for (const membership of contact.sequences) {
            expect(Object.keys(membership).sort()).toEqual([
                'addingDate',
                'currentStep',
                'emailAccountId',
                'linkedInAccountId',
                'sequenceId',
                'sequenceName',
                'status'
            ]);
            expect(membership.currentStep === null || typeof membership.currentStep === 'number').toBe(true);
        }
        const missing = await api('GET', '/v3/contacts/1');
        expect(missing.status).toBe(404);
        expect(missing.body).toMatchObject({
            type: 'about:blank',
            title: 'Not Found',
            status: 404,
            code: 'contact.notFound'
        });
        expect((await api('GET', '/v3/contacts/abc')).status).toBe(404);
    });
});

describe('filter: changed since (C3, C4)', () => {
    const changedSince = (value: string, top = 100, skip = 0) =>
        api(
            'POST',
            '/v3/contacts/filter',
            {
                rules: [{ property: 'lastModifiedAt', condition: 'greaterThanOrEqual', value }],
                sortBy: 'lastModifiedAt',
                sortDirection: 'asc'
            },
            { top, skip }
        );

    it('returns contacts changed at or after the cursor, ties in ascending id order, and moves them on change', async () => {
        clock.advance(60_000);
        const cursor = new Date(clock.now()).toISOString();
        const created: number[] = [];
        for (const n of [1, 2, 3]) {
            const response = await api('POST', '/v3/contacts', {
                firstName: `Tie${n}`,
                email: `tie${n}@filter.example`
            });
            expect(response.status).toBe(201);
            created.push(response.body.id);
        }
        const page = await changedSince(cursor);
        expect(page.body.items.map((c: Json) => c.id)).toEqual(created);
        expect(page.body.totalCount).toBe(3);
        expect(new Set(page.body.items.map((c: Json) => c.lastModifiedAt)).size).toBe(1);

        clock.advance(1000);
        const seeded = sandbox.workspace.people[2]!;
        await api('PATCH', `/v3/contacts/${seeded.id}`, { title: 'Chief Filter Officer' });
        const after = await changedSince(cursor);
        expect(after.body.items.map((c: Json) => c.id)).toEqual([...created, seeded.id]);
        const second = await changedSince(cursor, 2, 2);
        expect(second.body.items.map((c: Json) => c.id)).toEqual([created[2], seeded.id]);
        expect(second.body.hasMore).toBe(false);

        // An unchanged PATCH is not a change.
        clock.advance(1000);
        await api('PATCH', `/v3/contacts/${seeded.id}`, { title: 'Chief Filter Officer' });
        expect((await changedSince(new Date(clock.now()).toISOString())).body.items).toEqual([]);
    });

    it('limits to a list, searches by substring, and explains bad rules with pointers', async () => {
        const list = sandbox.workspace.lists[0]!;
        const inList = await api('POST', '/v3/contacts/filter', { listId: list.id }, { top: 1000 });
        expect(inList.body.items.map((c: Json) => c.id).sort()).toEqual([...list.members].sort());
        const person = sandbox.workspace.people[6]!;
        const search = await api(
            'POST',
            '/v3/contacts/filter',
            { searchTerm: person.lastName!.slice(1, -1).toUpperCase() },
            { top: 1000 }
        );
        expect(search.body.items.map((c: Json) => c.id)).toContain(person.id);
        const bad = await api('POST', '/v3/contacts/filter', {
            rules: [
                { property: 'shoeSize', condition: 'equals', value: 1 },
                { property: 'lastModifiedAt', condition: 'greaterThanOrEqual', value: 'yesterday' }
            ]
        });
        expect(bad.status).toBe(400);
        expect(bad.body.errors.map((e: Json) => e.pointer)).toEqual(['/rules/0/property', '/rules/1/value']);
    });
});

describe('create, update, delete', () => {
    it('creates with 201, validates with JSON pointers, and PATCHes partially', async () => {
        const invalid = await api('POST', '/v3/contacts', { email: 'not-an-email' });
        expect(invalid.status).toBe(400);
        expect(invalid.body.errors.map((e: Json) => e.pointer).sort()).toEqual(['/email', '/firstName']);
        const created = await api('POST', '/v3/contacts', {
            firstName: 'Ada',
            lastName: 'Lovelace',
            email: 'ada@engine.example',
            company: 'Engines',
            ownerUserId: sandbox.workspace.users[1]!.id
        });
        expect(created.status).toBe(201);
        expect(created.body).toMatchObject({
            firstName: 'Ada',
            company: 'Engines',
            ownerUserId: sandbox.workspace.users[1]!.id,
            sequences: [],
            lists: []
        });
        const patched = await api('PATCH', `/v3/contacts/${created.body.id}`, {
            title: 'Analyst',
            callStatus: 'toCall'
        });
        expect(patched.body).toMatchObject({
            firstName: 'Ada',
            company: 'Engines',
            title: 'Analyst',
            callStatus: 'toCall'
        });
        // An owner outside the team: 404 (update-a-contact).
        const badOwner = await api('PATCH', `/v3/contacts/${created.body.id}`, { ownerUserId: 42 });
        expect(badOwner.status).toBe(404);
        const taken = await api('PATCH', `/v3/contacts/${created.body.id}`, {
            email: sandbox.workspace.people[0]!.email
        });
        expect(taken.status).toBe(409);
        expect(taken.body.code).toBe('contact.emailAlreadyExists');
        expect((await api('DELETE', `/v3/contacts/${created.body.id}`)).status).toBe(204);
        expect((await api('GET', `/v3/contacts/${created.body.id}`)).status).toBe(404);
        expect((await api('DELETE', `/v3/contacts/${created.body.id}`)).body.code).toBe('contact.notFound');
        // Its address is not imported again: the item is skipped as a deleted contact's.
        const again = await api('POST', '/v3/contacts/import', {
            items: [{ email: created.body.email, firstName: 'Again' }]
        });
        expect(again.body.items).toEqual([
            { id: created.body.id, status: 'skipped', error: null, skipReason: 'contactDeleted' }
        ]);
        expect(sandbox.workspace.personByEmail(created.body.email)).toBeUndefined();
    });

    it('reproduces the POST quirk: an existing email is overwritten and unsent fields are blanked', async () => {
        const first = await api('POST', '/v3/contacts', {
            firstName: 'Grace',
            lastName: 'Hopper',
            email: 'grace@navy.example',
            title: 'Admiral',
            phone: '+15550100',
            customFields: [{ name: 'Lead Source', value: 'Referral' }]
        });
        const second = await api('POST', '/v3/contacts', {
            firstName: 'Grace',
            email: 'GRACE@navy.example',
            company: 'Navy'
        });
        expect(second.status).toBe(200);
        expect(second.body.id).toBe(first.body.id);
        expect(second.body).toMatchObject({
            firstName: 'Grace',
            lastName: null,
            title: null,
            phone: null,
            company: 'Navy',
            customFields: []
        });
    });
});

describe('import (C6)', () => {
    it('upserts by email with per-item results in request order', async () => {
        const existing = sandbox.workspace.people[8]!;
        const before = { lastName: existing.lastName, title: existing.title };
        const result = await api('POST', '/v3/contacts/import', {
            items: [
                { email: 'new.one@import.example', firstName: 'New', lastName: 'One', country: 'United Kingdom' },
                {
                    email: existing.email,
                    firstName: existing.firstName,
                    title: 'Overwritten title',
                    customFields: [{ name: 'Deal Size', value: '5000' }]
                },
                { email: 'broken', firstName: 'Broken' },
                { firstName: 'No email' },
                { email: 'no.first@import.example' },
                { email: 'bad.field@import.example', firstName: 'Bad', customFields: [{ name: 'Nope', value: 'x' }] }
            ],
            options: { overwriteExisting: true, detectTimeZone: true, listIds: [sandbox.workspace.lists[1]!.id] }
        });
        expect(result.status).toBe(200);
        expect(result.body.items.map((i: Json) => i.status)).toEqual([
            'created',
            'updated',
            'failed',
            'failed',
            'failed',
            'failed'
        ]);
        expect(result.body).toMatchObject({ added: 1, updated: 1, skipped: 0, failed: 4 });
        expect(result.body.items[1]).toEqual({ id: existing.id, status: 'updated', error: null });
        expect(result.body.items[2].error).toMatch(/email/);
        const created = (await api('GET', `/v3/contacts/${result.body.items[0].id}`)).body;
        expect(created.timeZoneId).toBe('GMT Standard Time');
        expect(created.lists.map((l: Json) => l.listId)).toEqual([sandbox.workspace.lists[1]!.id]);
        const updated = (await api('GET', `/v3/contacts/${existing.id}`)).body;
        expect(updated.title).toBe('Overwritten title');
        expect(updated.lastName).toBe(before.lastName);
        expect(updated.customFields).toContainEqual({ key: 'Deal Size', value: 5000 });
    });

    it('fills only empty fields by default, skips with skipExisting, and caps at 1,000 items', async () => {
        await api('POST', '/v3/contacts', { firstName: 'Fill', email: 'fill@import.example', title: 'Kept' });
        const fill = await api('POST', '/v3/contacts/import', {
            items: [{ email: 'fill@import.example', firstName: 'Fill', title: 'Ignored', city: 'Oslo' }]
        });
        expect(fill.body.items[0].status).toBe('updated');
        const contact = (await api('GET', '/v3/contacts', undefined, { email: 'fill@import.example' })).body.items[0];
        expect(contact).toMatchObject({ title: 'Kept', city: 'Oslo' });
        const again = await api('POST', '/v3/contacts/import', {
            items: [{ email: 'fill@import.example', firstName: 'Fill', city: 'Bergen' }]
        });
        expect(again.body.items[0]).toMatchObject({ status: 'skipped', skipReason: 'noChanges' });
        const skip = await api('POST', '/v3/contacts/import', {
            items: [{ email: 'fill@import.example', firstName: 'Fill', title: 'X' }],
            options: { skipExisting: true }
        });
        expect(skip.body.items[0]).toMatchObject({ status: 'skipped', skipReason: 'alreadyExists' });
        const tooMany = await api('POST', '/v3/contacts/import', {
            items: Array.from({ length: 1001 }, (_, i) => ({ email: `x${i}@bulk.example`, firstName: 'X' }))
        });
        expect(tooMany.status).toBe(400);
        expect(tooMany.body.errors[0].pointer).toBe('/items');
    });
});

describe('custom fields (C8, C9)', () => {
    it('creates text and number fields, lists them, and writes values by name', async () => {
        const created = await api('POST', '/v3/custom-fields', { title: 'Renewal Month', fieldType: 'Text' });
        expect(created.status).toBe(201);
        expect(created.body).toMatchObject({ title: 'Renewal Month', fieldType: 'text', orgWide: false });
        expect((await api('POST', '/v3/custom-fields', { title: 'Date', fieldType: 'date' })).status).toBe(400);
        expect((await api('POST', '/v3/custom-fields', { title: 'renewal month', fieldType: 'text' })).body.code).toBe(
            'customField.alreadyExists'
        );
        const list = await api('GET', '/v3/custom-fields');
        expect(list.body.hasMore).toBe(false);
        expect(list.body.items.map((f: Json) => f.title)).toContain('Renewal Month');
        const person = sandbox.workspace.people[10]!;
        const patched = await api('PATCH', `/v3/contacts/${person.id}`, {
            customFields: [
                { name: 'renewal month', value: 'May' },
                { id: list.body.items.find((f: Json) => f.title === 'Employees').id, value: '120' }
            ]
        });
        expect(patched.body.customFields).toEqual(
            expect.arrayContaining([
                { key: 'Renewal Month', value: 'May' },
                { key: 'Employees', value: 120 }
            ])
        );
        const wrongType = await api('PATCH', `/v3/contacts/${person.id}`, {
            customFields: [{ name: 'Employees', value: 'many' }]
        });
        expect(wrongType.status).toBe(400);
        expect(wrongType.body.errors[0].pointer).toBe('/customFields/0/value');
    });
});

describe('notes (C18), statuses (C7, C20), lists (C10), timeline', () => {
    it('adds and lists notes; a note moves lastModifiedAt', async () => {
        const person = sandbox.workspace.people[11]!;
        clock.advance(5000);
        const note = await api('POST', `/v3/contacts/${person.id}/notes`, { notes: 'Called about renewal' });
        expect(note.status).toBe(201);
        expect(note.body).toMatchObject({
            text: 'Called about renewal',
            userId: sandbox.workspace.team.ownerUserId,
            createdAt: new Date(clock.now()).toISOString()
        });
        const notes = await api('GET', `/v3/contacts/${person.id}/notes`);
        expect(notes.body.items.at(-1)).toEqual(note.body);
        expect(`${(await api('GET', `/v3/contacts/${person.id}`)).body.lastModifiedAt}Z`).toBe(note.body.createdAt);
        expect((await api('POST', `/v3/contacts/${person.id}/notes`, { notes: '' })).status).toBe(400);
        sandbox.capabilities.set({ notesRead: false });
        try {
            const gone = await api('GET', `/v3/contacts/${person.id}/notes`);
            expect(gone.status).toBe(404);
            expect(gone.body.code).toBe('route.notFound');
        } finally {
            sandbox.capabilities.reset();
        }
    });

    it('sets and clears statuses with failure dictionaries', async () => {
        const [a, b] = [sandbox.workspace.people[12]!, sandbox.workspace.people[13]!];
        expect(
            (await api('POST', '/v3/contacts/set-status', { contactIds: [a.id, 1], status: 'ToCall' })).body
        ).toEqual({ 1: { error: 'contactNotFound', errorDetails: expect.any(String) } });
        expect(
            (await api('POST', '/v3/contacts/set-status', { contactIds: [a.id], status: 'meetingbooked' })).body
        ).toEqual({});
        const statuses = (await api('GET', `/v3/contacts/${a.id}/statuses`)).body;
        expect(statuses).toEqual({
            contactId: a.id,
            isOptedOut: false,
            callStatus: 'toCall',
            meetingStatus: 'meetingBooked',
            sequences: []
        });
        const notInSequence = await api('POST', '/v3/contacts/set-status', { contactIds: [a.id], status: 'Paused' });
        expect(notInSequence.body[a.id].error).toBe('notInSequence');
        expect((await api('POST', '/v3/contacts/set-status', { contactIds: [a.id], status: 'Sleeping' })).status).toBe(
            400
        );
        expect(
            (await api('POST', '/v3/contacts/clear-status', { contactIds: [a.id], statuses: ['ToCall'] })).body
        ).toEqual({});
        expect((await api('GET', `/v3/contacts/${a.id}/statuses`)).body).toMatchObject({
            callStatus: 'none',
            meetingStatus: 'meetingBooked'
        });
        expect(
            (await api('POST', '/v3/contacts/set-opted-out', { contactIds: [b.id, 2], isOptedOut: true })).body
        ).toEqual({ 2: { error: 'notFound', errorDetails: expect.any(String) } });
        expect((await api('GET', `/v3/contacts/${b.id}`)).body.isOptedOut).toBe(true);
        const timeline = (await api('GET', `/v3/contacts/${a.id}/activities`)).body.items;
        expect(timeline.map((t: Json) => t.summary)).toEqual(
            expect.arrayContaining(['Set status ToCall', 'Set status MeetingBooked', 'Cleared status ToCall'])
        );
        expect(timeline[0].summary).toBe('Cleared status ToCall');
    });

    it('manages lists and membership; joining a list is a change to the contact', async () => {
        const created = await api('POST', '/v3/contact-lists', { name: 'Sandbox VIPs', isShared: true });
        expect(created.status).toBe(201);
        expect(created.body).toEqual({
            id: expect.any(Number),
            name: 'Sandbox VIPs',
            isShared: true,
            contactsCount: 0
        });
        const person = sandbox.workspace.people[14]!;
        clock.advance(2000);
        expect(
            (await api('POST', `/v3/contact-lists/${created.body.id}/add-contacts`, { contactIds: [person.id, 3] }))
                .body
        ).toEqual({ 3: { error: 8, errorDetails: expect.any(String) } });
        const contact = (await api('GET', `/v3/contacts/${person.id}`)).body;
        expect(contact.lists).toContainEqual({ listId: created.body.id, listName: 'Sandbox VIPs', isShared: true });
        expect(`${contact.lastModifiedAt}Z`).toBe(new Date(clock.now()).toISOString());
        const lists = await api('GET', '/v3/contact-lists', undefined, { top: 100 });
        expect(lists.body.items.find((l: Json) => l.id === created.body.id).contactsCount).toBe(1);
        expect((await api('DELETE', `/v3/contact-lists/${created.body.id}`)).status).toBe(204);
        expect((await api('GET', `/v3/contacts/${person.id}`)).body.lists).toEqual([]);
    });
});

describe('in-process workspace API', () => {
    it('changes the workspace without API accounting, and the API sees the change', async () => {
        const before = sandbox.stats().total;
        const created = sandbox.workspace.createContact({ firstName: 'Direct', email: 'direct@inprocess.example' });
        sandbox.workspace.updateContact(created.id, { title: 'Set in process' });
        sandbox.workspace.addNote(created.id, 'A note from the test');
        expect(sandbox.stats().total).toBe(before);
        const seen = (await api('GET', `/v3/contacts/${created.id}`)).body;
        expect(seen).toMatchObject({ firstName: 'Direct', title: 'Set in process' });
        expect((await api('GET', `/v3/contacts/${created.id}/notes`)).body.items[0].text).toBe('A note from the test');
        expect(() => sandbox.workspace.createContact({ firstName: '', email: 'x@y.example' })).toThrow();
    });
});

describe('errors', () => {
    it('answers malformed JSON and unknown routes with problem+json', async () => {
        const malformed = await api('POST', '/v3/contacts', '{"firstName": ');
        expect(malformed.status).toBe(400);
        expect(malformed.body).toMatchObject({ status: 400, code: 'request.malformedJson' });
        const unknown = await api('GET', '/v3/unicorns');
        expect(unknown.status).toBe(404);
        expect(unknown.headers.get('content-type')).toContain('application/problem+json');
        expect(unknown.body.code).toBe('route.notFound');
    });
});
