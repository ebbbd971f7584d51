import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LatencyModel, latencyFromEnv } from './latency.ts';
import { startReplySandbox, type ReplySandbox } from './reply/index.ts';
import { familyOf as replyFamily } from './reply/latency.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from './salesforce/index.ts';
import { REALISTIC_SALESFORCE_LATENCY, familyOf as salesforceFamily } from './salesforce/latency.ts';

describe('latency model', () => {
    const model = () =>
        new LatencyModel(['a', 'b'] as const, {
            a: { perCallMs: 10, perRecordMs: 1 },
            b: { perCallMs: 5, perRecordMs: 0 }
        });

    it('waits per call plus per record, off by default, realistic or per family on demand', () => {
        const m = model();
        expect(m.delayMs('a', 200)).toBe(0);
        m.set('realistic');
        expect(m.delayMs('a', 200)).toBe(210);
        m.set({ b: { perRecordMs: 0.5 } });
        expect(m.current.b).toEqual({ perCallMs: 5, perRecordMs: 0.5 });
        expect(m.delayMs('b', 10)).toBe(10);
        m.set('off');
        expect(m.delayMs('b', 10)).toBe(0);
    });

    it('refuses unknown families, keys and bad figures with a message naming them', () => {
        const m = model();
        expect(() => m.set({ c: { perCallMs: 1 } } as never)).toThrow("unknown latency family 'c': use a, b");
        expect(() => m.set({ a: { perCall: 1 } } as never)).toThrow('latency.a.perCall is not a latency figure');
        expect(() => m.set({ a: { perCallMs: -1 } })).toThrow('latency.a.perCallMs must be a number');
        expect(() => m.set({ a: { perRecordMs: 'x' as never } })).toThrow('latency.a.perRecordMs must be a number');
        expect(latencyFromEnv('X', { X: 'realistic' })).toBe('realistic');
        expect(latencyFromEnv('X', { X: '{"a":{"perCallMs":3}}' })).toEqual({ a: { perCallMs: 3 } });
        expect(latencyFromEnv('X', {})).toBeUndefined();
        expect(() => latencyFromEnv('X', { X: 'fast' })).toThrow(
            "X must be off, realistic or a JSON latency profile, got 'fast'"
        );
    });

    it('puts each endpoint in its family', () => {
        expect(
            ['query', 'queryMore', 'collections.upsert', 'composite', 'bulk.ingest.upload', 'limits'].map(
                salesforceFamily
            )
        ).toEqual(['query', 'query', 'collections', 'composite', 'bulk', 'other']);
        expect(
            [
                ['GET', '/v3/contacts?top=1000'],
                ['POST', '/v3/contacts/filter?top=10'],
                ['POST', '/v3/contacts/import'],
                ['POST', '/v3/reporting/emails/list'],
                ['PATCH', '/v3/contacts/5']
            ].map(([m, p]) => replyFamily(m as string, p as string))
        ).toEqual(['reads', 'reads', 'import', 'reporting', 'writes']);
        expect(REALISTIC_SALESFORCE_LATENCY.collections.perCallMs).toBeGreaterThan(0);
    });
});

describe('latency in the sandboxes', () => {
    let salesforce: SalesforceSandbox;
    let reply: ReplySandbox;
    beforeAll(async () => {
        salesforce = await startSalesforceSandbox({ port: 0, seed: false, latency: { query: { perCallMs: 60 } } });
        reply = await startReplySandbox({ port: 0, seed: { seed: 1, people: 30 }, rateLimits: false });
    });
    afterAll(async () => {
        await Promise.all([salesforce.close(), reply.close()]);
    });

    const timed = async (work: () => Promise<Response>) => {
        const started = performance.now();
        const response = await work();
        await response.text();
        return { ms: performance.now() - started, status: response.status };
    };

    it('holds Salesforce answers back by the profile set at start and through the control API', async () => {
        const query = () =>
            fetch(`${salesforce.url}/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id FROM Lead')}`, {
                headers: { Authorization: `Bearer ${salesforce.developerToken}` }
            });
        expect((await timed(query)).ms).toBeGreaterThanOrEqual(58);
        const set = await fetch(`${salesforce.url}/__sandbox/latency`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ profile: 'off' })
        });
        expect(((await set.json()) as { profile: { query: unknown } }).profile.query).toEqual({
            perCallMs: 0,
            perRecordMs: 0
        });
        expect(salesforce.latency.delayMs('query', 1)).toBe(0);
        const bad = await fetch(`${salesforce.url}/__sandbox/latency`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ quary: { perCallMs: 1 } })
        });
        expect(bad.status).toBe(400);
    });

    it('holds Reply answers back per call and per record of its family', async () => {
        reply.latency.set({ reads: { perCallMs: 20, perRecordMs: 2 } });
        const contacts = () =>
            fetch(`${reply.url}/v3/contacts?top=25`, { headers: { Authorization: `Bearer ${reply.apiKey}` } });
        const slow = await timed(contacts);
        expect(slow.status).toBe(200);
        expect(slow.ms).toBeGreaterThanOrEqual(20 + 2 * 25 - 2);
        const off = await fetch(`${reply.url}/__sandbox/latency`, { method: 'DELETE' });
        expect(((await off.json()) as { profile: { reads: unknown } }).profile.reads).toEqual({
            perCallMs: 0,
            perRecordMs: 0
        });
    });
});
