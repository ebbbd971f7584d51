import type { Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../bridge/src/logging.ts';
import { SalesforceClient, type SObjectRecord } from '../../bridge/src/salesforce/client.ts';
import { planCollection } from '../../bridge/src/salesforce/collection-plan.ts';

/** Collection writes: how records are grouped into calls, and how many calls are in flight at once. */

const logger = createLogger({ level: 'silent' });

function tasks(n: number, whoOf: (i: number) => string, prefix = 'a'): SObjectRecord[] {
    return Array.from({ length: n }, (_, i) => ({
        Reply_Activity_Id__c: `${prefix}${i}`,
        WhoId: whoOf(i),
        Subject: `t${i}`
    }));
}

/** The parents (WhoId, AccountId) each call touches. */
function parentsOfCalls(records: SObjectRecord[], calls: number[][]): Set<string>[] {
    return calls.map(
        (call) =>
            new Set(call.flatMap((i) => [records[i]!.WhoId, records[i]!.AccountId].filter((v): v is string => !!v)))
    );
}

describe('planCollection (pure)', () => {
    it('puts each record in exactly one call, wasting at most a group of room per call', () => {
        // 37 people with 27 Tasks each: 7 people fill 189 of a call's 200.
        const records = tasks(1000, (i) => `00Q${i % 37}`);
        const plan = planCollection(records, { limit: 200, keyFields: ['Reply_Activity_Id__c'] });
        expect(plan.calls).toHaveLength(Math.ceil(1000 / (200 - 27 + 1)));
        expect(plan.calls.every((c) => c.length <= 200)).toBe(true);
        expect(plan.calls.flat().sort((a, b) => a - b)).toEqual(records.map((_, i) => i));
    });

    it('puts records under one parent in one call, or in calls that wait for each other', () => {
        // 37 people with 27 Tasks each, interleaved as a time-ordered feed gives them, and one with 450.
        const records = [...tasks(1000, (i) => `00Q${i % 37}`), ...tasks(450, () => '00Qbig', 'b')];
        const plan = planCollection(records, { limit: 200, keyFields: ['Reply_Activity_Id__c'] });
        const parents = parentsOfCalls(records, plan.calls);
        for (let j = 0; j < plan.calls.length; j++) {
            for (let k = j + 1; k < plan.calls.length; k++) {
                const shared = [...parents[j]!].some((p) => parents[k]!.has(p));
                // Calls sharing a parent are ordered: the later one waits for the earlier (directly or through others).
                if (shared) expect(waitsFor(plan.after, k, j)).toBe(true);
            }
        }
        // Only the calls of the person with more Tasks than a call wait (for each other); the others share nothing.
        expect(plan.after.filter((a) => a.length > 0)).toHaveLength(2);
        expect(plan.calls.every((c) => c.length <= 200)).toBe(true);
    });

    it('groups through any shared value: Contacts of one Account, a Task naming a Lead and an Account', () => {
        const records: SObjectRecord[] = [
            { Id: 'c1', AccountId: 'A1' },
            { Id: 'c2', AccountId: 'A2' },
            { Id: 'c3', AccountId: 'A1' },
            { Id: 't1', WhoId: 'L1', WhatId: 'A2' },
            { Id: 't2', WhoId: 'L1' }
        ];
        const plan = planCollection(records, { limit: 2, keyFields: ['Id'] });
        // {c1, c3} one group; {c2, t1, t2} another (through A2 and L1), kept in the order of their first record.
        expect(plan.calls).toEqual([[0, 2], [1, 3], [4]]);
        expect(plan.after).toEqual([[], [], [1]]);
        const wide = planCollection(records, { limit: 3, keyFields: ['Id'] });
        expect(wide.calls).toEqual([
            [0, 2],
            [1, 3, 4]
        ]);
        expect(wide.after).toEqual([[], []]);
    });

    it('keeps input order where records share nothing', () => {
        const records = Array.from({ length: 450 }, (_, i) => ({ Id: `00Q${i}`, Status: 'Open' }));
        const plan = planCollection(records, { limit: 200, keyFields: ['Id'] });
        expect(plan.calls.flat()).toEqual(records.map((_, i) => i));
        expect(plan.after).toEqual([[], [], []]);
    });
});

function waitsFor(after: number[][], later: number, earlier: number): boolean {
    const stack = [...after[later]!];
    const seen = new Set<number>();
    while (stack.length > 0) {
        const j = stack.pop()!;
        if (j === earlier) return true;
        if (seen.has(j)) continue;
        seen.add(j);
        stack.push(...after[j]!);
    }
    return false;
}

/** A jsforce connection that answers collection calls after a delay, counting the calls in flight. */
function fakeConnection(options: {
    delayMs: number;
    fail?: (records: SObjectRecord[]) => boolean;
    /** A call's delay by its records (default delayMs). */
    delayOf?: (records: SObjectRecord[]) => number;
}) {
    const stats = {
        inFlight: 0,
        maxInFlight: 0,
        calls: [] as SObjectRecord[][],
        /** When each call started and ended (ms), in the order they started. */
        times: [] as { first: string; start: number; end?: number }[]
    };
    const parentsInFlight = new Map<string, number>();
    let contended = 0;
    const conn = {
        instanceUrl: 'https://fake.my.salesforce.com',
        version: '62.0',
        limitInfo: {},
        request: async (req: { body: string }) => {
            const records = (JSON.parse(req.body) as { records: SObjectRecord[] }).records;
            const parents = [...new Set(records.map((r) => r.WhoId as string))];
            if (parents.some((p) => (parentsInFlight.get(p) ?? 0) > 0)) contended += 1;
            for (const p of parents) parentsInFlight.set(p, (parentsInFlight.get(p) ?? 0) + 1);
            stats.inFlight += 1;
            stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
            stats.calls.push(records);
            const time: { first: string; start: number; end?: number } = {
                first: String(records[0]!.Reply_Activity_Id__c),
                start: performance.now()
            };
            stats.times.push(time);
            await new Promise((resolve) => setTimeout(resolve, options.delayOf?.(records) ?? options.delayMs));
            time.end = performance.now();
            stats.inFlight -= 1;
            for (const p of parents) parentsInFlight.set(p, parentsInFlight.get(p)! - 1);
            if (options.fail?.(records)) throw Object.assign(new Error('boom'), { errorCode: 'INVALID_TYPE' });
            return records.map((r) => ({
                id: `id-${String(r.Reply_Activity_Id__c)}`,
                success: true,
                created: true,
                errors: []
            }));
        }
    };
    return { conn: conn as unknown as Connection, stats, contended: () => contended };
}

describe('collection writes in flight', () => {
    it('keeps at most callsInFlight calls in flight, never two on one parent, outcomes in input order', async () => {
        const { conn, stats, contended } = fakeConnection({ delayMs: 20 });
        const client = new SalesforceClient(conn, { logger, budgetShare: 0.8, retryDelayMs: 1, callsInFlight: 3 });
        const records = tasks(2000, (i) => `00Q${i % 53}`);
        const outcomes = await client.upsert('Task', 'Reply_Activity_Id__c', records);
        // 53 people of 37-38 Tasks: five to a call.
        expect(stats.calls).toHaveLength(11);
        expect(stats.maxInFlight).toBe(3);
        expect(contended()).toBe(0);
        expect(outcomes.map((o) => (o.ok ? o.id : null))).toEqual(
            records.map((r) => `id-${String(r.Reply_Activity_Id__c)}`)
        );
    });

    it('two writes at once (pages written concurrently) share the bound and never put one parent in two calls', async () => {
        const { conn, stats, contended } = fakeConnection({ delayMs: 15 });
        const client = new SalesforceClient(conn, { logger, budgetShare: 0.8, retryDelayMs: 1, callsInFlight: 4 });
        // The same 40 people in both pages: without a gate shared by the client, both pages' calls would lock them.
        const [first, second] = await Promise.all([
            client.upsert(
                'Task',
                'Reply_Activity_Id__c',
                tasks(1000, (i) => `00Q${i % 40}`, 'a')
            ),
            client.upsert(
                'Task',
                'Reply_Activity_Id__c',
                tasks(1000, (i) => `00Q${i % 40}`, 'b')
            )
        ]);
        expect(stats.maxInFlight).toBe(4);
        expect(contended()).toBe(0);
        expect([...first, ...second].every((o) => o.ok)).toBe(true);
        expect(stats.calls.flat()).toHaveLength(2000);
    });

    it('a later write fills the free slots with its records that share nothing with the calls in flight', async () => {
        // The first page's calls are slow; the next page has every other Task on one of the first page's 800 people.
        const slow = (records: SObjectRecord[]) => (String(records[0]!.Reply_Activity_Id__c).startsWith('a') ? 150 : 5);
        const { conn, stats, contended } = fakeConnection({ delayMs: 5, delayOf: slow });
        const client = new SalesforceClient(conn, { logger, budgetShare: 0.8, retryDelayMs: 1, callsInFlight: 6 });
        const first = client.upsert(
            'Task',
            'Reply_Activity_Id__c',
            tasks(800, (i) => `00Q${i}`, 'a')
        );
        while (stats.inFlight < 4) await new Promise((resolve) => setTimeout(resolve, 1));
        const second = client.upsert(
            'Task',
            'Reply_Activity_Id__c',
            tasks(1000, (i) => (i % 2 === 0 ? `00Q${i / 2}` : `00Qfree${i}`), 'b')
        );
        const outcomes = [...(await first), ...(await second)];
        // A call packed in advance would hold people of the first page and wait for its calls; the free half goes now.
        const firstEnd = Math.min(...stats.times.filter((t) => t.first.startsWith('a')).map((t) => t.end!));
        const early = stats.times.filter((t) => t.first.startsWith('b') && t.start < firstEnd);
        expect(early.length).toBeGreaterThanOrEqual(2);
        expect(stats.maxInFlight).toBe(6);
        expect(contended()).toBe(0);
        expect(outcomes.every((o) => o.ok)).toBe(true);
        expect(stats.calls.flat()).toHaveLength(1800);
    });

    it('an earlier write keeps its turn: its last calls go before a later write takes the slots', async () => {
        // A page's commit waits for its last call; were that call queued behind the next page's, the commit would be
        // a round late on every page.
        const { conn, stats, contended } = fakeConnection({ delayMs: 5 });
        const client = new SalesforceClient(conn, { logger, budgetShare: 0.8, retryDelayMs: 1, callsInFlight: 2 });
        const outcomes = await Promise.all([
            client.upsert(
                'Task',
                'Reply_Activity_Id__c',
                tasks(600, (i) => `00Qa${i}`, 'a')
            ),
            client.upsert(
                'Task',
                'Reply_Activity_Id__c',
                tasks(600, (i) => `00Qb${i}`, 'b')
            )
        ]);
        expect(stats.times.map((t) => t.first[0]).join('')).toBe('aaabbb');
        expect(stats.maxInFlight).toBe(2);
        expect(contended()).toBe(0);
        expect(outcomes.flat().every((o) => o.ok)).toBe(true);
    });

    it('with callsInFlight 1, writes one call after the other', async () => {
        const { conn, stats } = fakeConnection({ delayMs: 5 });
        const client = new SalesforceClient(conn, { logger, budgetShare: 0.8, retryDelayMs: 1, callsInFlight: 1 });
        await client.upsert(
            'Task',
            'Reply_Activity_Id__c',
            tasks(1000, (i) => `00Q${i}`)
        );
        expect(stats.calls).toHaveLength(5);
        expect(stats.maxInFlight).toBe(1);
    });

    it('a call that fails throws once the calls in flight end, and no further call starts', async () => {
        const { conn, stats } = fakeConnection({
            delayMs: 10,
            fail: (records) => records.some((r) => r.Reply_Activity_Id__c === 'a0')
        });
        const client = new SalesforceClient(conn, { logger, budgetShare: 0.8, retryDelayMs: 1, callsInFlight: 2 });
        const error = await client
            .upsert(
                'Task',
                'Reply_Activity_Id__c',
                tasks(2000, (i) => `00Q${i}`)
            )
            .catch((e: unknown) => e);
        expect((error as { code?: string }).code).toBe('INVALID_TYPE');
        // The failing first call and the one beside it; the eight others never start.
        expect(stats.calls).toHaveLength(2);
        expect(stats.inFlight).toBe(0);
    });
});

describe('independent reads', () => {
    it('sends the Composite calls of one readMany at once, up to callsInFlight, answering every read', async () => {
        const stats = { inFlight: 0, maxInFlight: 0, calls: 0 };
        const conn = {
            instanceUrl: 'https://fake.my.salesforce.com',
            version: '62.0',
            limitInfo: {},
            request: async (req: { body: string }) => {
                const { compositeRequest } = JSON.parse(req.body) as { compositeRequest: { referenceId: string }[] };
                stats.calls += 1;
                stats.inFlight += 1;
                stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
                await new Promise((resolve) => setTimeout(resolve, 10));
                stats.inFlight -= 1;
                return {
                    compositeResponse: compositeRequest.map((r) => ({
                        referenceId: r.referenceId,
                        httpStatusCode: 200,
                        body: { done: true, totalSize: 1, records: [{ Id: `for-${r.referenceId}` }] }
                    }))
                };
            }
        } as unknown as Connection;
        // 22 queries: five to a Composite call, so five calls.
        const requests = Array.from({ length: 22 }, (_, i) => ({
            referenceId: `q${i}`,
            url: `/query?q=SELECT+Id+${i}`
        }));
        const client = new SalesforceClient(conn, { logger, budgetShare: 0.8, retryDelayMs: 1, callsInFlight: 4 });
        const answers = await client.readMany(requests, 'Reading');
        expect(stats).toMatchObject({ calls: 5, maxInFlight: 4 });
        expect([...answers]).toEqual(requests.map((r) => [r.referenceId, [{ Id: `for-${r.referenceId}` }]]));
        const oneAtATime = new SalesforceClient(conn, { logger, budgetShare: 0.8, retryDelayMs: 1, callsInFlight: 1 });
        stats.maxInFlight = 0;
        await oneAtATime.readMany(requests, 'Reading');
        expect(stats.maxInFlight).toBe(1);
    });
});
