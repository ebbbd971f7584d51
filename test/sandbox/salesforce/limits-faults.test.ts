import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox } from './index.ts';
import type { SalesforceSandbox } from './index.ts';
import { api, connect, firstError, jsforceError, leadFields } from './test-helpers.ts';

describe('API allowance and accounting', () => {
    let sandbox: SalesforceSandbox;
    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: false, dailyApiLimit: 50 });
    });
    beforeEach(async () => {
        await api(sandbox, 'PUT', '/__sandbox/allowance', { body: { used: 0, limit: 50 }, token: null });
        sandbox.resetStats();
    });
    afterAll(() => sandbox.close());

    it('sends Sforce-Limit-Info on every API response, errors included, and jsforce reads it', async () => {
        const ok = await api(sandbox, 'GET', '/limits');
        expect(ok.headers.get('sforce-limit-info')).toBe('api-usage=1/50');
        expect(ok.body).toMatchObject({ DailyApiRequests: { Max: 50, Remaining: 49 } });
        const bad = await api(sandbox, 'GET', '/query?q=SELECT');
        expect(bad.status).toBe(400);
        expect(bad.headers.get('sforce-limit-info')).toBe('api-usage=2/50');
        const missing = await api(sandbox, 'GET', '/sobjects/Lead/00Q5g000000ZZZZEAA');
        expect(missing.headers.get('sforce-limit-info')).toBe('api-usage=3/50');
        const conn = connect(sandbox);
        await conn.query('SELECT Id FROM Organization');
        expect(conn.limitInfo).toEqual({ apiUsage: { used: 4, limit: 50 } });
        expect((await conn.limits()).DailyApiRequests).toEqual({ Max: 50, Remaining: 45 });
    });

    it('answers 403 REQUEST_LIMIT_EXCEEDED once the allowance is spent', async () => {
        await api(sandbox, 'PUT', '/__sandbox/allowance', { body: { used: 49 }, token: null });
        expect((await api(sandbox, 'GET', '/limits')).status).toBe(200);
        const refused = await api(sandbox, 'GET', '/limits');
        expect(refused.status).toBe(403);
        expect(refused.body).toEqual([
            { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }
        ]);
        expect(refused.headers.get('sforce-limit-info')).toBe('api-usage=50/50');
        const error = await jsforceError(connect(sandbox).sobject('Lead').create(leadFields()));
        expect(error.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
        expect(sandbox.org.count('Lead')).toBe(0);
        expect(sandbox.stats().rejected.limitExceeded).toBe(2);
    });

    it('exhausts the allowance on demand', async () => {
        sandbox.faults.exhaustAllowance();
        expect(firstError(await api(sandbox, 'GET', '/limits')).errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
        await api(sandbox, 'POST', '/__sandbox/allowance/exhaust', { token: null });
        expect((await api(sandbox, 'GET', '/limits')).status).toBe(403);
    });

    it('counts calls by endpoint and object, composite as one call, and not the version list or control API', async () => {
        const conn = connect(sandbox);
        await conn.query('SELECT Id FROM Lead');
        await conn.sobject('Lead').create([leadFields(), leadFields({ LastName: 'x'.repeat(81) })]);
        await conn.describe('Contact');
        await api(sandbox, 'GET', '/services/data', { token: null });
        await api(sandbox, 'GET', '/__sandbox/stats', { token: null });
        await api(sandbox, 'GET', '/limits', { token: 'bogus' });
        const stats = (await api(sandbox, 'GET', '/__sandbox/stats', { token: null })).body as ReturnType<
            SalesforceSandbox['stats']
        >;
        expect(stats.total).toBe(3);
        expect(stats.byEndpoint).toEqual({ query: 1, 'collections.create': 1, 'sobject.describe': 1 });
        expect(stats.byObject).toEqual({
            Lead: { query: 1, 'collections.create': 1 },
            Contact: { 'sobject.describe': 1 }
        });
        expect(stats.records).toEqual({ Lead: { created: 1, updated: 0, deleted: 0, failed: 1 } });
        expect(stats.rejected.unauthorized).toBe(1);
        expect(stats.apiUsage).toEqual({ used: 3, limit: 50 });
        sandbox.resetStats();
        expect(sandbox.stats().total).toBe(0);
    });

    it('keeps state bounded by the data: counters and a capped number of query cursors', async () => {
        await api(sandbox, 'PUT', '/__sandbox/allowance', { body: { limit: 100_000 }, token: null });
        sandbox.org.reset();
        for (let i = 0; i < 2100; i++) sandbox.org.insert('Lead', leadFields({ LastName: `L${i}` }));
        const conn = connect(sandbox);
        for (let i = 0; i < 15; i++) await conn.query('SELECT Id FROM Lead');
        expect(sandbox.org.queries.openCursors).toBeLessThanOrEqual(10);
        const before = JSON.stringify(sandbox.stats()).length;
        for (let i = 0; i < 300; i++) await conn.query('SELECT Id FROM Lead LIMIT 1');
        expect(JSON.stringify(sandbox.stats()).length).toBeLessThanOrEqual(before + 10);
    });
});

describe('fault injection', () => {
    let sandbox: SalesforceSandbox;
    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: false });
    });
    beforeEach(() => {
        sandbox.faults.clear();
        sandbox.reset(false);
    });
    afterAll(() => sandbox.close());

    it('adds latency', async () => {
        sandbox.faults.set({ latencyMs: 150 });
        const started = Date.now();
        await api(sandbox, 'GET', '/limits');
        expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });

    it('answers a share of requests with 503, reproducibly for a seed', async () => {
        sandbox.faults.set({ serviceUnavailableRate: 1 });
        const down = await api(sandbox, 'GET', '/limits');
        expect(down.status).toBe(503);
        expect(firstError(down).errorCode).toBe('SERVER_UNAVAILABLE');
        const pattern = async (): Promise<number[]> => {
            sandbox.faults.set({ serviceUnavailableRate: 0.5, seed: 42 });
            const statuses: number[] = [];
            for (let i = 0; i < 20; i++) statuses.push((await api(sandbox, 'GET', '/limits')).status);
            return statuses;
        };
        const first = await pattern();
        expect(first.filter((s) => s === 503).length).toBeGreaterThan(3);
        expect(first.filter((s) => s === 200).length).toBeGreaterThan(3);
        expect(await pattern()).toEqual(first);
    });

    it('fails writes with UNABLE_TO_LOCK_ROW, per item in collections', async () => {
        const conn = connect(sandbox);
        const { id } = await conn.sobject('Lead').create(leadFields());
        sandbox.faults.set({ lockRowRate: 1 });
        const single = await api(sandbox, 'PATCH', `/sobjects/Lead/${id}`, { body: { Title: 'x' } });
        expect(single.status).toBe(400);
        expect(firstError(single)).toMatchObject({
            errorCode: 'UNABLE_TO_LOCK_ROW',
            message: `unable to obtain exclusive access to this record or 1 records: ${id}`
        });
        sandbox.faults.set({ lockRowRate: 0.5, seed: 7 });
        const results = await conn
            .sobject('Lead')
            .create(Array.from({ length: 40 }, (_, i) => leadFields({ LastName: `L${i}` })));
        const locked = results.filter((r) => !r.success);
        expect(locked.length).toBeGreaterThan(5);
        expect(locked.length).toBeLessThan(35);
        for (const r of locked)
            expect((r.errors[0] as unknown as { statusCode: string }).statusCode).toBe('UNABLE_TO_LOCK_ROW');
        expect(sandbox.org.count('Lead')).toBe(1 + results.filter((r) => r.success).length);
    });

    it('drops the connection mid-response for the next N requests, after doing the work', async () => {
        await api(sandbox, 'PUT', '/__sandbox/faults', { body: { dropConnections: 1 }, token: null });
        await expect(api(sandbox, 'POST', '/sobjects/Lead', { body: leadFields() })).rejects.toThrow();
        expect(sandbox.org.count('Lead')).toBe(1);
        expect((await api(sandbox, 'POST', '/sobjects/Lead', { body: leadFields() })).status).toBe(201);
        expect(sandbox.stats().rejected.dropped).toBe(1);
        const cleared = await api(sandbox, 'DELETE', '/__sandbox/faults', { token: null });
        expect(cleared.body).toMatchObject({
            latencyMs: 0,
            serviceUnavailableRate: 0,
            lockRowRate: 0,
            dropConnections: 0
        });
    });

    it('can drop before any response byte, which jsforce reports as an error on writes', async () => {
        sandbox.faults.set({ dropConnections: 1, dropStage: 'before-headers' });
        const error = await jsforceError(connect(sandbox).sobject('Lead').create(leadFields()));
        expect(String(error.message)).toMatch(/socket hang up|ECONNRESET/);
        expect(sandbox.org.count('Lead')).toBe(1);
    });

    it('refuses out-of-range fault settings', async () => {
        const response = await api(sandbox, 'PUT', '/__sandbox/faults', {
            body: { serviceUnavailableRate: 2 },
            token: null
        });
        expect(response.status).toBe(400);
        expect(response.body).toEqual({ error: 'serviceUnavailableRate must be between 0 and 1' });
    });
});
