import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReplySandbox, type ReplySandbox } from './index.ts';
import { client, control as controlOf, manualClock } from './test-helpers.ts';

const clock = manualClock();
let sandbox: ReplySandbox;

beforeAll(async () => {
    sandbox = await startReplySandbox({ port: 0, seed: { seed: 2, people: 20, enrolled: 0 }, now: clock.now });
});
afterAll(async () => {
    await sandbox.close();
});
afterEach(() => {
    sandbox.faults.clear();
});

describe("Reply's documented rate limits (per user)", () => {
    it('answers the 101st request in a minute with 429, Retry-After and problem+json, then recovers', async () => {
        const api = client(sandbox);
        clock.advance(3_600_000);
        for (let i = 0; i < 100; i++) {
            const response = await api('GET', '/v3/whoami');
            expect(response.status).toBe(200);
            if (i < 99) clock.advance(100);
        }
        const refused = await api('GET', '/v3/whoami');
        expect(refused.status).toBe(429);
        expect(refused.headers.get('content-type')).toContain('application/problem+json');
        expect(refused.body).toMatchObject({ status: 429, code: 'rateLimit.exceeded', title: 'Too Many Requests' });
        const retryAfter = Number(refused.headers.get('retry-after'));
        // The first request left the window 9.9 s of the minute ago: 50.1 s to wait, rounded up.
        expect(retryAfter).toBe(51);
        // Another user has a budget of their own; impersonating a user spends that user's budget.
        const [, member] = sandbox.workspace.users;
        expect((await client(sandbox, sandbox.personalKeys[member!.id])('GET', '/v3/whoami')).status).toBe(200);
        expect(
            (await client(sandbox, sandbox.apiKey, { 'X-User-Id': String(member!.id) })('GET', '/v3/whoami')).status
        ).toBe(200);
        expect(sandbox.rateLimitUsage(member!.id).minute).toBe(2);
        clock.advance((retryAfter - 1) * 1000);
        expect((await api('GET', '/v3/whoami')).status).toBe(429);
        clock.advance(1000);
        expect((await api('GET', '/v3/whoami')).status).toBe(200);
        expect(sandbox.stats().rateLimited).toBeGreaterThanOrEqual(2);
    });

    it('caps a user at 3,000 requests an hour and reporting lower (C14)', async () => {
        const small = await startReplySandbox({
            port: 0,
            seed: false,
            rateLimits: { perMinute: 5, perHour: 8, reportingPerHour: 3 },
            now: clock.now
        });
        try {
            const api = client(small);
            for (let i = 0; i < 3; i++) expect((await api('POST', '/v3/reporting/calls', {})).status).toBe(200);
            const reporting = await api('POST', '/v3/reporting/calls', {});
            expect(reporting.status).toBe(429);
            expect(Number(reporting.headers.get('retry-after'))).toBe(3600);
            expect((await api('GET', '/v3/whoami')).status).toBe(200);
            expect((await api('GET', '/v3/whoami')).status).toBe(200);
            expect((await api('GET', '/v3/whoami')).status).toBe(429);
            clock.advance(61_000);
            for (let i = 0; i < 3; i++) expect((await api('GET', '/v3/whoami')).status).toBe(200);
            const hourly = await api('GET', '/v3/whoami');
            expect(hourly.status).toBe(429);
            expect(hourly.body.detail).toMatch(/hour/);
            expect(Number(hourly.headers.get('retry-after'))).toBeGreaterThan(3000);
        } finally {
            await small.close();
        }
    });
});

describe('fault injection', () => {
    it('forces 429 with a given Retry-After for a number of requests', async () => {
        const api = client(sandbox);
        clock.advance(3_600_000);
        sandbox.faults.set({ force429: { retryAfterSeconds: 7, count: 2 } });
        for (let i = 0; i < 2; i++) {
            const response = await api('GET', '/v3/whoami');
            expect(response.status).toBe(429);
            expect(response.headers.get('retry-after')).toBe('7');
            expect(response.body.code).toBe('rateLimit.exceeded');
        }
        expect((await api('GET', '/v3/whoami')).status).toBe(200);
    });

    it('injects 5xx, invalid keys, malformed bodies, dropped connections and latency', async () => {
        const api = client(sandbox);
        clock.advance(3_600_000);
        sandbox.faults.set({ errorRate: 1, errorStatus: 502 });
        const failing = await api('GET', '/v3/contacts');
        expect(failing.status).toBe(502);
        expect(failing.body).toMatchObject({ status: 502, code: 'server.error' });
        sandbox.faults.set({ errorRate: 0, invalidKeys: true });
        const revoked = await api('GET', '/v3/whoami');
        expect([revoked.status, revoked.text]).toEqual([401, '']);
        sandbox.faults.set({ invalidKeys: false, malformedRate: 1 });
        const raw = await fetch(`${sandbox.url}/v3/contacts?top=3`, {
            headers: { authorization: `Bearer ${sandbox.apiKey}` }
        });
        expect(raw.status).toBe(200);
        await expect(raw.clone().json()).rejects.toThrow();
        sandbox.faults.set({ malformedRate: 0, dropRate: 1 });
        await expect(
            fetch(`${sandbox.url}/v3/whoami`, { headers: { authorization: `Bearer ${sandbox.apiKey}` } })
        ).rejects.toThrow();
        sandbox.faults.set({ dropRate: 0, latencyMs: 150 });
        const started = Date.now();
        expect((await api('GET', '/v3/whoami')).status).toBe(200);
        expect(Date.now() - started).toBeGreaterThanOrEqual(140);
        sandbox.faults.set({ latencyMs: 0, errorRate: 1, pathPrefix: '/v3/contacts' });
        expect((await api('GET', '/v3/whoami')).status).toBe(200);
        expect((await api('GET', '/v3/contacts')).status).toBe(502);
    });

    it('fails a number of requests, and loses answers of requests it carried out', async () => {
        const api = client(sandbox);
        clock.advance(3_600_000);
        sandbox.faults.set({ errorCount: 2, errorStatus: 500, pathPrefix: '/v3/whoami' });
        expect((await api('GET', '/v3/whoami')).status).toBe(500);
        expect((await api('GET', '/v3/contacts')).status).toBe(200);
        expect((await api('GET', '/v3/whoami')).status).toBe(500);
        expect((await api('GET', '/v3/whoami')).status).toBe(200);
        expect((await controlOf(sandbox)('GET', '/faults')).body.errorCount).toBeNull();

        sandbox.faults.set({ dropRate: 1, dropStage: 'after-processing', pathPrefix: '/v3/contacts/import' });
        const body = JSON.stringify({ items: [{ email: 'lost.answer@example.org', firstName: 'Lost' }] });
        await expect(
            fetch(`${sandbox.url}/v3/contacts/import`, {
                method: 'POST',
                headers: { authorization: `Bearer ${sandbox.apiKey}`, 'content-type': 'application/json' },
                body
            })
        ).rejects.toThrow();
        // The import happened all the same.
        expect(sandbox.workspace.personByEmail('lost.answer@example.org')?.firstName).toBe('Lost');
    });

    it('is driven over the control API too', async () => {
        const control = controlOf(sandbox);
        expect((await control('PUT', '/faults', { errorRate: 1 })).body.errorRate).toBe(1);
        expect((await client(sandbox)('GET', '/v3/whoami')).status).toBe(503);
        expect((await control('DELETE', '/faults')).body.errorRate).toBe(0);
        expect((await control('PUT', '/faults', { errorRate: 2 })).status).toBe(400);
    });
});

describe('stats', () => {
    it('counts calls by endpoint with ids folded, by status and by user, and resets', async () => {
        clock.advance(3_600_000);
        sandbox.resetStats();
        const api = client(sandbox);
        const [first, second] = sandbox.workspace.people;
        await api('GET', `/v3/contacts/${first!.id}`);
        await api('GET', `/v3/contacts/${second!.id}`);
        await api('GET', '/v3/contacts/1');
        await client(sandbox, 'wrong')('GET', '/v3/whoami');
        const stats = sandbox.stats();
        expect(stats.total).toBe(4);
        expect(stats.byEndpoint['GET /v3/contacts/{id}']).toBe(3);
        expect(stats.byStatus).toEqual({ 200: 2, 401: 1, 404: 1 });
        expect(stats.byUser).toEqual({ [sandbox.workspace.team.ownerUserId]: 3 });
        expect(stats.unauthorized).toBe(1);
        const control = await fetch(`${sandbox.url}/__sandbox/stats`).then((r) => r.json());
        expect(control.api.total).toBe(4);
        expect(control.workspace.people).toBe(sandbox.workspace.peopleCount);
        sandbox.resetStats();
        expect(sandbox.stats().total).toBe(0);
    });
});
