import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startReplySandbox, type ReplySandbox } from './index.ts';
import { client, control as controlOf, manualClock, type Json } from './test-helpers.ts';

/**
 * Behaviours the sandbox takes from Reply's documentation that the bridge once got wrong, and the switches for the
 * behaviours Reply does not publish (capabilities.ts), each checked over plain HTTP.
 */

const clock = manualClock();
let sandbox: ReplySandbox;
let api: ReturnType<typeof client>;

beforeAll(async () => {
    sandbox = await startReplySandbox({ port: 0, seed: { seed: 9, people: 60, enrolled: 20 }, now: clock.now });
    api = client(sandbox);
});
afterAll(async () => sandbox.close());
beforeEach(() => sandbox.capabilities.reset());

const control = (method: string, path: string, body?: unknown) => controlOf(sandbox)(method, path, body);

describe('large imports (docs: introduction, background-jobs)', () => {
    it('answers 202 with a Location to a background job, which reports Processing, then Done with an opaque result', async () => {
        const items = Array.from({ length: 251 }, (_, i) => ({ email: `bulk${i}@jobs.example`, firstName: 'Bulk' }));
        const response = await fetch(`${sandbox.url}/v3/contacts/import`, {
            method: 'POST',
            headers: { authorization: `Bearer ${sandbox.apiKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ items })
        });
        expect(response.status).toBe(202);
        const location = response.headers.get('location')!;
        expect(location).toMatch(/^\/v3\/background-jobs\/[0-9a-f-]{36}$/);
        const first = await api('GET', location);
        expect(first.body).toMatchObject({
            status: 'Processing',
            finishedAt: null,
            jsonDataResult: expect.any(String)
        });
        const done = await api('GET', location);
        expect(done.body.status).toBe('Done');
        expect(JSON.parse(done.body.jsonDataResult)).toMatchObject({ added: 251 });
        expect(sandbox.workspace.personByEmail('bulk250@jobs.example')).toBeDefined();
        expect((await api('GET', '/v3/background-jobs/not-a-guid')).status).toBe(400);
        expect((await api('GET', '/v3/background-jobs/3c90c3cc-0d44-4b50-8888-8dd25736052a')).status).toBe(404);
        const list = await api('GET', '/v3/background-jobs', undefined, { category: 'contacts-import' });
        expect(list.body.items.map((j: Json) => j.jobId)).toContain(location.split('/').pop());
    });

    it('answers a small import at once, per item {id, status, error} in input order', async () => {
        const result = await api('POST', '/v3/contacts/import', {
            items: [{ email: 'small@jobs.example', firstName: 'Small' }, { firstName: 'No email' }]
        });
        expect(result.status).toBe(200);
        expect(result.body.items[0]).toEqual({ id: expect.any(Number), status: 'created', error: null });
        expect(result.body.items[1]).toMatchObject({ id: null, status: 'failed' });
    });
});

describe('scopes (reply-skills reply-auth, fulfilment.yaml)', () => {
    it('needs sequences:operate to add contacts to a sequence; sequences:write is not enough', async () => {
        const sequence = sandbox.workspace.sequences.find((s) => s.status === 'active' && !s.isArchived)!;
        const contact = sandbox.workspace.people.find((p) => !p.isOptedOut)!;
        const minted = await control('POST', '/keys', {
            kind: 'personal',
            userId: sandbox.workspace.team.ownerUserId,
            scopes: ['sequences:write', 'contacts:read']
        });
        const writer = client(sandbox, minted.body.key);
        const refused = await writer('POST', `/v3/sequences/${sequence.id}/contact-links/bulk`, {
            contactIds: [contact.id]
        });
        expect(refused.status).toBe(403);
        expect(refused.body.code).toBe('insufficient_scope');
        const operator = await control('POST', '/keys', {
            kind: 'personal',
            userId: sandbox.workspace.team.ownerUserId,
            scopes: ['sequences:operate']
        });
        const added = await client(sandbox, operator.body.key)(
            'POST',
            `/v3/sequences/${sequence.id}/contact-links/bulk`,
            { contactIds: [contact.id], removeFromExisting: true }
        );
        expect(added.status).toBe(200);
    });
});

describe('inbox threads (docs: list-inbox-threads)', () => {
    it("answers status ok, and a deleted person's threads with a null contact id", async () => {
        const thread = sandbox.workspace.threads[0]!;
        const before = (await api('GET', `/v3/inbox/threads/${thread.id}`)).body;
        expect(before.status).toEqual({ state: 'ok' });
        sandbox.workspace.deleteContact(thread.contactId);
        const after = (await api('GET', `/v3/inbox/threads/${thread.id}`)).body;
        expect(after.contact).toMatchObject({ id: null, isDeleted: true });
    });
});

describe('membership (docs: get-a-contact-in-a-sequence)', () => {
    it('carries currentStep as {stepId, displayName}, and "Finished" with a null step when done', async () => {
        const membership = sandbox.workspace.people
            .flatMap((p) => sandbox.workspace.state.memberships.forContact(p.id))
            .find((m) => m.status === 'active')!;
        const view = (await api('GET', `/v3/sequences/${membership.sequenceId}/contacts/${membership.contactId}`)).body;
        expect(Object.keys(view.currentStep).sort()).toEqual(['displayName', 'stepId']);
        expect(
            view.emailDisposition === null || Object.keys(view.emailDisposition).sort().join() === 'isBounced,isReplied'
        ).toBe(true);
        sandbox.workspace.setStatus([membership.contactId], 'Finished', membership.sequenceId);
        const finished = (await api('GET', `/v3/sequences/${membership.sequenceId}/contacts/${membership.contactId}`))
            .body;
        expect(finished.currentStep).toEqual({ stepId: null, displayName: 'Finished' });
    });
});

describe('page caps', () => {
    it('answers at most 100 contact lists a page whatever top asks, with hasMore', async () => {
        for (let i = 0; i < 110; i++) sandbox.workspace.createList(`Cap ${i}`);
        const page = await api('GET', '/v3/contact-lists', undefined, { top: 1000 });
        expect(page.body.items).toHaveLength(100);
        expect(page.body.hasMore).toBe(true);
    });
});

describe('capability switches (control API)', () => {
    it('are read, changed and reset over /__sandbox/capabilities, and refuse unknown switches', async () => {
        expect((await control('GET', '/capabilities')).body).toMatchObject({ emailActivity: true, notesRead: true });
        expect((await control('PATCH', '/capabilities', { emailActivity: false })).body.emailActivity).toBe(false);
        expect((await control('PATCH', '/capabilities', { nonsense: true })).status).toBe(400);
        expect((await control('DELETE', '/capabilities')).body.emailActivity).toBe(true);
    });

    it('turn each report off (404 route.notFound), leaving the others', async () => {
        const filters = { from: new Date(clock.now() - 86_400_000).toISOString() };
        sandbox.capabilities.set({ callActivity: false });
        const calls = await api('POST', '/v3/reporting/calls', { filters });
        expect(calls.status).toBe(404);
        expect(calls.body.code).toBe('route.notFound');
        expect((await api('POST', '/v3/reporting/emails', { filters })).status).toBe(200);
    });

    it('make the contacts filter ignore or refuse its rules, or ignore its sort', async () => {
        const body = {
            rules: [
                {
                    property: 'lastModifiedAt',
                    condition: 'greaterThanOrEqual',
                    value: new Date(clock.now()).toISOString()
                }
            ],
            sortBy: 'lastModifiedAt',
            sortDirection: 'desc'
        };
        const honoured = await api('POST', '/v3/contacts/filter', body, { top: 1000 });
        sandbox.capabilities.set({ contactFilterRules: 'ignored' });
        const ignored = await api('POST', '/v3/contacts/filter', body, { top: 1000 });
        expect(ignored.body.totalCount).toBeGreaterThan(honoured.body.totalCount);
        sandbox.capabilities.set({ contactFilterRules: 'rejected' });
        const rejected = await api('POST', '/v3/contacts/filter', body);
        expect(rejected.status).toBe(400);
        expect(rejected.body.errors[0].pointer).toBe('/rules/0/property');
        sandbox.capabilities.set({ contactFilterRules: 'honoured', contactFilterSort: 'ignored' });
        const unsorted = await api(
            'POST',
            '/v3/contacts/filter',
            { sortBy: 'lastModifiedAt', sortDirection: 'desc' },
            {
                top: 1000
            }
        );
        const ids = unsorted.body.items.map((c: Json) => c.id);
        expect(ids).toEqual([...ids].sort((a: number, b: number) => a - b));
    });

    it("leave lastModifiedAt alone on status changes, and a thread's lastActivityDate on categorising", async () => {
        sandbox.capabilities.set({ statusChangesMoveLastModified: false, categoryMovesLastActivity: false });
        const person = sandbox.workspace.people.find((p) => !p.isOptedOut)!;
        const before = (await api('GET', `/v3/contacts/${person.id}`)).body.lastModifiedAt;
        clock.advance(60_000);
        sandbox.workspace.setOptedOut([person.id]);
        const after = (await api('GET', `/v3/contacts/${person.id}`)).body;
        expect(after.isOptedOut).toBe(true);
        expect(after.lastModifiedAt).toBe(before);
        // A profile change still moves it.
        clock.advance(60_000);
        sandbox.workspace.updateContact(person.id, { title: 'Moved' });
        expect((await api('GET', `/v3/contacts/${person.id}`)).body.lastModifiedAt).not.toBe(before);
        const thread = sandbox.workspace.threads.find((t) => sandbox.workspace.person(t.contactId))!;
        const was = (await api('GET', `/v3/inbox/threads/${thread.id}`)).body.lastActivityDate;
        clock.advance(60_000);
        sandbox.workspace.assignCategory(thread.id, sandbox.workspace.categories[0]!.id);
        const now = (await api('GET', `/v3/inbox/threads/${thread.id}`)).body;
        expect(now.category.id).toBe(sandbox.workspace.categories[0]!.id);
        expect(now.lastActivityDate).toBe(was);
    });
});
