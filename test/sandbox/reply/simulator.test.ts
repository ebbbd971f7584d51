import { afterAll, describe, expect, it } from 'vitest';
import { startReplySandbox, type ReplySandbox } from './index.ts';
import { ReplyWorkspace } from './workspace.ts';
import { client, manualClock, type Json } from './test-helpers.ts';

const opened: ReplySandbox[] = [];
async function start(seed: number, people: number): Promise<ReplySandbox> {
    const clock = manualClock(Date.parse('2025-05-05T08:00:00.000Z'));
    const sandbox = await startReplySandbox({ port: 0, seed: { seed, people }, rateLimits: false, now: clock.now });
    opened.push(sandbox);
    return sandbox;
}
afterAll(async () => {
    await Promise.all(opened.map((sandbox) => sandbox.close()));
});

const control = (sandbox: ReplySandbox, method: string, path: string, body?: unknown) =>
    fetch(`${sandbox.url}/__sandbox${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
    }).then(async (r) => ({ status: r.status, body: await r.json() }));

/** Everything a client could read, in one comparable snapshot. */
async function snapshot(sandbox: ReplySandbox): Promise<Json> {
    const api = client(sandbox);
    // Reporting windows span at most a month: the last 30 days hold the whole simulated history here.
    const all = { filters: { from: new Date(sandbox.workspace.now() - 30 * 86_400_000).toISOString() } };
    return {
        contacts: (await api('GET', '/v3/contacts', undefined, { top: 1000 })).body,
        emails: (await api('POST', '/v3/reporting/emails', all, { top: 1000 })).body,
        calls: (await api('POST', '/v3/reporting/calls', all, { top: 1000 })).body,
        linkedIn: (await api('POST', '/v3/reporting/linkedin', all, { top: 1000 })).body,
        tasks: (await api('POST', '/v3/tasks/filter', {}, { top: 1000 })).body,
        threads: (await api('GET', '/v3/inbox/threads', undefined, { top: 1000 })).body
    };
}

describe('the simulated workspace', () => {
    it('gives the same workspace and the same events for the same seed, and different ones for another', async () => {
        const [a, b, c] = [await start(42, 150), await start(42, 150), await start(43, 150)];
        expect(await snapshot(a)).toEqual(await snapshot(b));
        const simulate = { enrol: 40, minutes: 7 * 24 * 60 };
        const [ra, rb] = [
            await control(a, 'POST', '/simulate', simulate),
            await control(b, 'POST', '/simulate', simulate)
        ];
        expect(ra.status).toBe(200);
        expect(ra.body).toEqual(rb.body);
        expect(ra.body.enrolled).toBe(40);
        expect(ra.body.events.email_sent).toBeGreaterThan(0);
        const [sa, sb] = [await snapshot(a), await snapshot(b)];
        expect(sa).toEqual(sb);
        expect(sa.emails.items.length).toBeGreaterThan(50);
        const sc = await snapshot(c);
        expect(sc.contacts.items.map((p: Json) => p.email)).not.toEqual(sa.contacts.items.map((p: Json) => p.email));
    });

    it('seeds a realistic team, sequences, lists, fields and people', () => {
        for (let seed = 1; seed <= 6; seed++) {
            const workspace = new ReplyWorkspace({
                seed: { seed, people: 60, enrolled: 10 },
                now: () => Date.parse('2025-01-01T00:00:00Z')
            });
            expect(workspace.users.length).toBeGreaterThanOrEqual(4);
            expect(workspace.users.length).toBeLessThanOrEqual(6);
            expect(workspace.sequences.length).toBeGreaterThanOrEqual(5);
            for (const sequence of workspace.sequences) {
                expect(sequence.steps.length).toBeGreaterThanOrEqual(3);
                expect(sequence.steps.length).toBeLessThanOrEqual(6);
                expect(sequence.stepOrder).toHaveLength(sequence.steps.length);
            }
            expect(workspace.lists.length).toBeGreaterThanOrEqual(3);
            expect(workspace.customFields.map((f) => f.fieldType).sort()).toEqual(['number', 'number', 'text', 'text']);
            expect(workspace.categories).toHaveLength(6);
            const people = workspace.people;
            expect(people).toHaveLength(60);
            expect(new Set(people.map((p) => p.email)).size).toBe(60);
            for (const person of people) {
                expect(person.email).toMatch(/^[a-z0-9.]+@[a-z0-9-]+\.example$/);
                expect(person.firstName && person.lastName && person.company && person.title).toBeTruthy();
            }
            expect(people.filter((p) => p.phone).length).toBeGreaterThan(30);
            expect(
                people.filter((p) => p.linkedInUrl?.startsWith('https://www.linkedin.com/in/')).length
            ).toBeGreaterThan(30);
            expect(workspace.counts().emailEvents).toBeGreaterThan(0);
        }
        const empty = new ReplyWorkspace({ seed: false });
        expect([empty.peopleCount, empty.sequences.length, empty.categories.length]).toEqual([0, 0, 6]);
        expect(empty.users.length).toBeGreaterThanOrEqual(4);
    });

    it('advances time over the control API, and resets and reseeds', async () => {
        const sandbox = await start(8, 80);
        const api = client(sandbox);
        const before = (await control(sandbox, 'GET', '/clock')).body.now;
        const advanced = await control(sandbox, 'POST', '/clock', { advanceMinutes: 90 });
        expect(Date.parse(advanced.body.now) - Date.parse(before)).toBe(90 * 60_000);
        expect((await api('POST', '/v3/contacts', { firstName: 'Temp', email: 'temp@reset.example' })).status).toBe(
            201
        );
        const hook = await api('POST', '/v3/webhooks', { eventType: 'email_sent', url: 'http://127.0.0.1:9/x' });
        expect(hook.status).toBe(201);
        expect((await control(sandbox, 'POST', '/reset')).body.workspace.people).toBe(80);
        expect((await api('GET', '/v3/contacts', undefined, { email: 'temp@reset.example' })).body.items).toEqual([]);
        expect((await api('GET', '/v3/webhooks')).body.items).toEqual([]);
        expect(sandbox.stats().total).toBe(2);
        const reseeded = await control(sandbox, 'POST', '/seed', { seed: 9, people: 12, enrolled: 0 });
        expect(reseeded.body.workspace).toMatchObject({ people: 12, emailEvents: 0 });
        expect((await api('GET', '/v3/contacts')).body.totalCount).toBe(12);
        const keys = (await control(sandbox, 'GET', '/keys')).body;
        expect(keys.teamKey).toBe(sandbox.apiKey);
        expect(Object.keys(keys.personalKeys).map(Number)).toEqual(sandbox.workspace.users.map((u) => u.id));
        expect((await control(sandbox, 'POST', '/simulate', { activities: -1 })).status).toBe(400);
    });

    it('holds 100,000 activities and pages through them quickly', async () => {
        const sandbox = await start(21, 25_000);
        const api = client(sandbox);
        const simulated = Date.now();
        const summary = sandbox.workspace.simulate({ activities: 100_000 });
        const simulateMs = Date.now() - simulated;
        expect(summary.activities).toBeGreaterThanOrEqual(100_000);
        const paging = Date.now();
        let count = 0;
        let requests = 0;
        // Windows of at most 30 days, as Reply allows, from the start of the simulation to now.
        const windowMs = 30 * 86_400_000;
        for (let from = Date.parse(summary.from); from <= sandbox.workspace.now(); from += windowMs + 1) {
            const filters = {
                from: new Date(from).toISOString(),
                to: new Date(Math.min(from + windowMs, sandbox.workspace.now())).toISOString()
            };
            for (let skip = 0; ; skip += 1000) {
                const page = await api('POST', '/v3/reporting/emails', { filters }, { top: 1000, skip });
                requests++;
                count += page.body.items.length;
                if (!page.body.hasMore) break;
            }
        }
        const pagingMs = Date.now() - paging;
        const contacts = Date.now();
        let changed = 0;
        for (let skip = 0; ; skip += 1000) {
            const page = await api(
                'POST',
                '/v3/contacts/filter',
                {
                    rules: [{ property: 'lastModifiedAt', condition: 'greaterThanOrEqual', value: summary.from }],
                    sortBy: 'lastModifiedAt',
                    sortDirection: 'asc'
                },
                { top: 1000, skip }
            );
            changed += page.body.items.length;
            if (!page.body.hasMore) break;
        }
        const contactsMs = Date.now() - contacts;
        const heapMb = Math.round(process.memoryUsage().heapUsed / 1e6);
        console.log(
            `[reply sandbox scale] simulate ${summary.activities} activities: ${simulateMs} ms; ${count} email events in ${requests} pages: ${pagingMs} ms; ${changed} changed contacts: ${contactsMs} ms; heap ${heapMb} MB`
        );
        const cutoff = Date.parse(summary.from);
        expect(count).toBe(sandbox.workspace.state.activity.emails.all().filter((e) => e.occurredAt >= cutoff).length);
        expect(pagingMs / requests).toBeLessThan(250);
        expect(changed).toBeGreaterThan(1000);
    });
});
