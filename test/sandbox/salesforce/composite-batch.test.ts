import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox } from './index.ts';
import type { SalesforceSandbox } from './index.ts';
import { api, leadFields } from './test-helpers.ts';

const BASE = '/services/data/v62.0';

interface SubResponse {
    body: unknown;
    httpStatusCode: number;
    referenceId: string;
}

interface BatchResponse {
    hasErrors: boolean;
    results: { statusCode: number; result: unknown }[];
}

/**
 * What Composite and Composite Batch each serve (REST API Developer Guide: "Send Multiple Requests Using Composite"
 * lists sObject resources without blobs, Query, QueryAll and sObject Collections; "Composite Batch" lists Limits,
 * sObject resources without blobs, Query, QueryAll, Search, Connect, Chatter and Actions).
 */
describe('Composite and Composite Batch serve only their own resources', () => {
    let sandbox: SalesforceSandbox;
    const composite = async (compositeRequest: unknown[]) => {
        const response = await api(sandbox, 'POST', '/composite', { body: { compositeRequest } });
        expect(response.status).toBe(200);
        return (response.body as { compositeResponse: SubResponse[] }).compositeResponse;
    };
    const batch = async (body: unknown) => api(sandbox, 'POST', '/composite/batch', { body });

    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: false });
    });
    beforeEach(() => {
        sandbox.reset(false);
        sandbox.resetStats();
    });
    afterAll(() => sandbox.close());

    it('Composite refuses /limits, which only Composite Batch lists, and still runs the other subrequests', async () => {
        const results = await composite([
            { method: 'GET', url: `${BASE}/limits`, referenceId: 'limits' },
            { method: 'GET', url: `${BASE}/query?q=SELECT+Id+FROM+Lead`, referenceId: 'leads' },
            { method: 'GET', url: `${BASE}/sobjects/Lead/describe`, referenceId: 'describe' },
            { method: 'GET', url: `${BASE}/sobjects`, referenceId: 'global' }
        ]);
        expect(results.map((r) => [r.referenceId, r.httpStatusCode])).toEqual([
            ['limits', 404],
            ['leads', 200],
            ['describe', 200],
            ['global', 200]
        ]);
        expect(results[0]?.body).toEqual([
            { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }
        ]);
    });

    it('Composite serves sObject rows by external id, QueryAll and sObject Collections, but no blob reads', async () => {
        const leadId = sandbox.org.insert('Lead', leadFields({ Reply_Contact_Id__c: 'reply-7' }));
        const noteId = sandbox.org.insert('ContentNote', {
            Title: 'Hello',
            Content: Buffer.from('Hi', 'utf8').toString('base64')
        });
        const results = await composite([
            { method: 'GET', url: `${BASE}/sobjects/Lead/Reply_Contact_Id__c/reply-7`, referenceId: 'byKey' },
            { method: 'GET', url: `${BASE}/queryAll?q=SELECT+Id+FROM+Lead`, referenceId: 'all' },
            {
                method: 'PATCH',
                url: `${BASE}/composite/sobjects`,
                referenceId: 'collections',
                body: { records: [{ attributes: { type: 'Lead' }, id: leadId, Title: 'CTO' }] }
            },
            { method: 'GET', url: `${BASE}/sobjects/ContentNote/${noteId}/Content`, referenceId: 'blob' },
            { method: 'GET', url: `${BASE}/search?q=FIND+%7BAda%7D`, referenceId: 'search' }
        ]);
        expect(results.map((r) => r.httpStatusCode)).toEqual([200, 200, 200, 404, 404]);
        expect(sandbox.org.get(leadId)?.Title).toBe('CTO');
        // The blob itself is served outside Composite.
        expect((await api(sandbox, 'GET', `/sobjects/ContentNote/${noteId}/Content`)).text).toBe('Hi');
    });

    it('Composite Batch serves /limits and queries, each subrequest on its own and counted against the allowance', async () => {
        const used = sandbox.stats().apiUsage.used;
        const response = await batch({
            batchRequests: [
                { method: 'GET', url: 'v62.0/limits' },
                { method: 'GET', url: 'v62.0/query?q=SELECT+Id+FROM+Lead' },
                { method: 'POST', url: 'v62.0/sobjects/Lead', richInput: leadFields() },
                { method: 'POST', url: 'v62.0/sobjects/Lead', richInput: { FirstName: 'No last name' } }
            ]
        });
        expect(response.status).toBe(200);
        const body = response.body as BatchResponse;
        expect(body.hasErrors).toBe(true);
        expect(body.results.map((r) => r.statusCode)).toEqual([200, 200, 201, 400]);
        expect((body.results[0]?.result as { DailyApiRequests: { Max: number } }).DailyApiRequests.Max).toBe(100_000);
        expect(body.results[3]?.result).toEqual([
            expect.objectContaining({ errorCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName', 'Company'] })
        ]);
        // No rollback: the Lead of the third subrequest stays.
        expect(sandbox.org.count('Lead')).toBe(1);
        expect(sandbox.stats().apiUsage.used - used).toBe(4);
    });

    it('Composite Batch halts on error when asked, answering the rest 412 BATCH_PROCESSING_HALTED', async () => {
        const response = await batch({
            haltOnError: true,
            batchRequests: [
                { method: 'GET', url: 'v62.0/sobjects/Lead/00Q5g00000ZZZZZZZZ' },
                { method: 'POST', url: 'v62.0/sobjects/Lead', richInput: leadFields() }
            ]
        });
        const body = response.body as BatchResponse;
        expect(response.status).toBe(200);
        expect(body.hasErrors).toBe(true);
        expect(body.results[0]?.statusCode).toBe(404);
        expect(body.results[1]).toEqual({
            statusCode: 412,
            result: [{ errorCode: 'BATCH_PROCESSING_HALTED', message: 'Batch processing halted per request' }]
        });
        expect(sandbox.org.count('Lead')).toBe(0);
    });

    it('Composite Batch refuses what it does not list, and a malformed body as a whole', async () => {
        const listed = (
            await batch({
                batchRequests: [
                    { method: 'PATCH', url: 'v62.0/composite/sobjects', richInput: { records: [] } },
                    { method: 'POST', url: 'v62.0/composite', richInput: { compositeRequest: [] } }
                ]
            })
        ).body as BatchResponse;
        expect(listed.results.map((r) => r.statusCode)).toEqual([404, 404]);
        for (const bad of [
            {},
            { batchRequests: [{ method: 'FETCH', url: 'v62.0/limits' }] },
            { batchRequests: [{ method: 'GET', url: '/limits' }] },
            { batchRequests: [{ method: 'GET', url: 'v33.0/limits' }] },
            { batchRequests: Array.from({ length: 26 }, () => ({ method: 'GET', url: 'v62.0/limits' })) }
        ]) {
            const response = await batch(bad);
            expect(response.status, JSON.stringify(bad).slice(0, 80)).toBe(400);
        }
    });
});
