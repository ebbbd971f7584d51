import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../bridge/src/logging.ts';
import { ReplyClient } from '../../bridge/src/reply/client.ts';
import { createServer, type AddressInfo } from 'node:net';
import {
    ReplyApiError,
    ReplyAuthError,
    ReplyRateLimitError,
    ReplyUnavailableError
} from '../../bridge/src/reply/errors.ts';
import type { FeedCursor } from '../../bridge/src/reply/feed.ts';
import { startReplySandbox, type ReplySandbox } from '../sandbox/reply/index.ts';

const logger = createLogger({ level: 'silent' });
let sandbox: ReplySandbox;

function client(options: { apiKey?: string; perMinute?: number; apiUrl?: string } = {}): ReplyClient {
    return new ReplyClient({
        apiUrl: options.apiUrl ?? sandbox.url,
        apiKey: options.apiKey ?? sandbox.apiKey,
        limits: { perMinute: options.perMinute ?? 1000, perHour: 100_000, reportingPerHour: 100_000 },
        logger,
        retryDelayMs: 1,
        // Waits advance the sandbox's clock instead of the test's.
        sleep: async (ms) => void sandbox.workspace.advance(ms / 60_000),
        now: () => sandbox.workspace.now()
    });
}

beforeAll(async () => {
    sandbox = await startReplySandbox({ port: 0, seed: { seed: 7, people: 1200 } });
});
afterAll(async () => sandbox.close());

describe('Reply client against the Reply sandbox', () => {
    it('reads every contact changed since a cursor, page by page, and nothing new after', async () => {
        const reply = client();
        const seen = new Set<number>();
        let cursor: FeedCursor | undefined;
        for await (const page of reply.contacts.changedSince(undefined, { top: 500 })) {
            page.items.forEach((c) => seen.add(c.id));
            expect(page.invalid).toEqual([]);
            cursor = page.cursor;
        }
        expect(seen.size).toBe(sandbox.workspace.peopleCount);
        const again: number[] = [];
        for await (const page of reply.contacts.changedSince(cursor, { top: 500 }))
            again.push(...page.items.map((c) => c.id));
        // Only the tie margin at the cursor's timestamp is read again, never the whole workspace.
        expect(again.length).toBeLessThanOrEqual(25);
        expect(again.every((id) => seen.has(id))).toBe(true);
    });

    it('hands each person on once in one read, though each page re-reads the tie margin of the one before', async () => {
        const reply = client();
        const handed: number[] = [];
        let pages = 0;
        for await (const page of reply.contacts.changedSince(undefined, { top: 100 })) {
            handed.push(...page.items.map((c) => c.id));
            pages += 1;
        }
        expect(pages).toBeGreaterThan(10);
        // No person on two pages (so pages can be written concurrently), and nobody missed.
        expect(handed).toHaveLength(new Set(handed).size);
        expect(new Set(handed).size).toBe(sandbox.workspace.peopleCount);
    });

    it('sees a contact changed after the cursor', async () => {
        const reply = client();
        let cursor: FeedCursor | undefined;
        for await (const page of reply.contacts.changedSince(undefined, { top: 1000 })) cursor = page.cursor;
        sandbox.workspace.advance(1);
        const person = sandbox.workspace.people[10]!;
        sandbox.workspace.updateContact(person.id, { title: 'Chief Engine Officer' });
        const changed: { id: number; title: string | null }[] = [];
        for await (const page of reply.contacts.changedSince(cursor)) changed.push(...page.items);
        expect(changed.find((c) => c.id === person.id)?.title).toBe('Chief Engine Officer');
    });

    it('upserts people by email through import, in request order', async () => {
        const reply = client();
        const existing = sandbox.workspace.people[0]!;
        const outcomes = await reply.contacts.import([
            { email: 'new.person@example.org', firstName: 'New', lastName: 'Person', company: 'Acme' },
            { email: existing.email!.toUpperCase(), firstName: existing.firstName, title: 'Updated title' }
        ]);
        expect(outcomes.map((o) => o.status)).toEqual(['created', 'updated']);
        expect(outcomes[1]!.id).toBe(existing.id);
        expect(sandbox.workspace.person(existing.id)!.title).toBe('Updated title');
        expect(sandbox.workspace.personByEmail('new.person@example.org')!.company).toBe('Acme');
    });

    it('reads statuses from /statuses, reply and bounce flags included, and a deleted person as undefined', async () => {
        const reply = client();
        const person = sandbox.workspace.people[5]!;
        const sequence = sandbox.workspace.sequences.find((s) => s.status === 'active' && !s.isArchived)!;
        sandbox.workspace.addToSequence(sequence.id, [person.id]);
        sandbox.workspace.setStatus([person.id], 'Replied', sequence.id);
        const statuses = await reply.contacts.statuses(person.id);
        expect(statuses?.sequences.find((s) => s.sequenceId === sequence.id)).toMatchObject({
            statusInSequence: 'finished',
            emailDisposition: { isReplied: true, isBounced: false }
        });
        // The contact record carries no flags, and its lastModifiedAt (documented without an offset) reads as UTC.
        const contact = await reply.contacts.get(person.id);
        expect(contact.lastModifiedAt).toMatch(/Z$/);
        expect(Date.parse(contact.lastModifiedAt)).toBe(sandbox.workspace.person(person.id)!.lastModifiedAt);
        expect(await reply.contacts.statuses(987654321)).toBeUndefined();
    });

    it('follows an import answered with a background job, halving the batches after it', async () => {
        const reply = client();
        sandbox.capabilities.set({ backgroundImportsAbove: 3 });
        try {
            const items = Array.from({ length: 12 }, (_, i) => ({ email: `job${i}@import.example`, firstName: 'Job' }));
            const outcomes = await reply.contacts.import(items);
            expect(outcomes.map((o) => o.email)).toEqual(items.map((i) => i.email));
            for (const outcome of outcomes) {
                expect(outcome.id).toBe(sandbox.workspace.personByEmail(outcome.email)!.id);
            }
            expect(Object.keys(sandbox.stats().byEndpoint)).toContain('GET /v3/background-jobs/{id}');
        } finally {
            sandbox.capabilities.reset();
        }
    });

    it("lists team users from the team-users rows, once each, and falls back to the key's own user", async () => {
        const reply = client();
        const users = await reply.team.users();
        expect(users.map((u) => u.userId).sort()).toEqual(sandbox.workspace.users.map((u) => u.id).sort());
        expect(users.every((u) => u.name && u.email)).toBe(true);
        sandbox.capabilities.set({ teamUsers: false });
        try {
            expect(await reply.team.users()).toEqual([
                {
                    userId: sandbox.workspace.team.ownerUserId,
                    teamId: sandbox.workspace.team.id,
                    email: null,
                    name: null
                }
            ]);
        } finally {
            sandbox.capabilities.reset();
        }
    });

    it('pages on by the items received when Reply caps a page below top', async () => {
        const reply = client();
        for (let i = 0; i < 130; i++) sandbox.workspace.createList(`Capped list ${i}`);
        const lists = await reply.lists.list();
        expect(lists.length).toBe(sandbox.workspace.lists.length);
        expect(new Set(lists.map((l) => l.id)).size).toBe(lists.length);
    });

    it("skips a deleted person's inbox threads (null contact id) instead of reading them as contact 0", async () => {
        const reply = client();
        const thread = sandbox.workspace.threads[0]!;
        sandbox.workspace.deleteContact(thread.contactId);
        const seen = [];
        for await (const page of reply.inbox.threadsSince('2000-01-01T00:00:00.000Z')) seen.push(...page.items);
        const gone = seen.find((t) => t.id === String(thread.id));
        expect(gone).toBeDefined();
        expect(gone!.contact).toBeNull();
        expect(seen.some((t) => t.contact?.id === 0)).toBe(false);
    });

    it('subscribes webhooks with Team scope, and Personal where Reply refuses Team for a member of a private team', async () => {
        const owner = await client().webhooks.create('email_sent', 'https://bridge.example/v1/webhooks/reply?secret=x');
        expect(owner).toMatchObject({ scope: 'Team', teamRefused: false });
        const member = sandbox.workspace.users.find((u) => u.id !== sandbox.workspace.team.ownerUserId)!;
        const personal = await client({ apiKey: sandbox.personalKeys[member.id] }).webhooks.create(
            'email_replied',
            'https://bridge.example/v1/webhooks/reply?secret=x'
        );
        expect(personal).toMatchObject({ scope: 'Personal', teamRefused: true });
    });

    it('backs off on 429 for Retry-After, then succeeds', async () => {
        const reply = client();
        const before = sandbox.stats();
        sandbox.faults.set({ force429: { count: 2, retryAfterSeconds: 7 } });
        const started = sandbox.workspace.now();
        const me = await reply.team.whoami();
        expect(me.userId).toBeGreaterThan(0);
        expect(sandbox.workspace.now() - started).toBeGreaterThanOrEqual(7_000);
        expect(reply.calls).toBe(3);
        expect(sandbox.stats().total - before.total).toBe(3);
    });

    it('ends a call at once when Reply asks for a wait longer than a run waits, and asks Reply nothing more', async () => {
        const reply = client();
        sandbox.faults.set({ force429: { count: 2, retryAfterSeconds: 200 } });
        try {
            const started = sandbox.workspace.now();
            const error = await reply.team.whoami().catch((e: unknown) => e);
            expect(error).toBeInstanceOf(ReplyRateLimitError);
            expect((error as Error).message).toContain('Reply asks the bridge to wait 200 s');
            expect(reply.calls).toBe(1);
            // The next call knows the wait already: refused without a request, and without sleeping through it.
            await expect(reply.team.whoami()).rejects.toBeInstanceOf(ReplyRateLimitError);
            expect(reply.calls).toBe(1);
            expect(sandbox.workspace.now() - started).toBeLessThan(60_000);
        } finally {
            sandbox.faults.clear();
        }
    });

    it('asks again when an answer is JSON cut short, instead of failing on its shape', async () => {
        const reply = client();
        sandbox.faults.set({ malformedRate: 1, pathPrefix: '/v3/whoami' });
        try {
            const error = await reply.team.whoami().catch((e: unknown) => e);
            expect((error as ReplyApiError).code).toBe('REPLY_MALFORMED_ANSWER');
            expect((error as ReplyApiError).transient).toBe(true);
            expect(reply.calls).toBe(5);
            sandbox.faults.set({ malformedRate: 0.5 });
            for (let i = 0; i < 5; i++) expect((await reply.team.whoami()).userId).toBeGreaterThan(0);
        } finally {
            sandbox.faults.clear();
        }
    });

    it('gives up on an unreachable REPLY_API_URL after three quick attempts, naming it', async () => {
        const closed = createServer();
        await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
        const { port } = closed.address() as AddressInfo;
        await new Promise<void>((resolve) => closed.close(() => resolve()));
        const reply = client({ apiUrl: `http://127.0.0.1:${port}` });
        const error = await reply.team.whoami().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ReplyUnavailableError);
        expect((error as Error).message).toContain(`check REPLY_API_URL (http://127.0.0.1:${port})`);
        expect(reply.calls).toBe(3);
    });

    it('names the fix when the key is wrong, without retrying', async () => {
        const reply = client({ apiKey: 'wrong-key' });
        const error = await reply.team.whoami().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ReplyAuthError);
        expect((error as Error).message).toContain('set REPLY_API_KEY to a valid, active key');
        expect(reply.calls).toBe(1);
    });

    it("turns Reply's problem+json into an error with its code", async () => {
        const reply = client();
        const error = await reply.contacts.get(987654321).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ReplyApiError);
        expect((error as ReplyApiError).status).toBe(404);
        expect((error as Error).message).toMatch(/Reply GET \/v3\/contacts\/987654321: Reply answered 404/);
    });
});
