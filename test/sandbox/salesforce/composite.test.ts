import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox } from './index.ts';
import type { SalesforceSandbox } from './index.ts';
import { api, connect, firstError, leadFields } from './test-helpers.ts';

const BASE = '/services/data/v62.0';

interface SubResponse {
    body: unknown;
    httpHeaders: Record<string, string>;
    httpStatusCode: number;
    referenceId: string;
}

const noteBody = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

describe('Composite', () => {
    let sandbox: SalesforceSandbox;
    const composite = async (compositeRequest: unknown[], allOrNone = false) => {
        const response = await api(sandbox, 'POST', '/composite', { body: { allOrNone, compositeRequest } });
        return {
            status: response.status,
            results: (response.body as { compositeResponse: SubResponse[] }).compositeResponse,
            response
        };
    };

    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: false });
    });
    beforeEach(() => {
        sandbox.reset(false);
        sandbox.resetStats();
    });
    afterAll(() => sandbox.close());

    it('creates a note and links it to a lead in one API call with @{ref.id}', async () => {
        const leadId = sandbox.org.insert('Lead', leadFields());
        const { status, results } = await composite([
            {
                method: 'POST',
                url: `${BASE}/sobjects/ContentNote`,
                referenceId: 'note',
                body: { Title: 'Reply note', Content: noteBody('<p>Hello</p>') }
            },
            {
                method: 'POST',
                url: `${BASE}/sobjects/ContentDocumentLink`,
                referenceId: 'link',
                body: { ContentDocumentId: '@{note.id}', LinkedEntityId: leadId, ShareType: 'V' }
            },
            {
                method: 'GET',
                url: `${BASE}/sobjects/ContentNote/@{note.id}?fields=Title,TextPreview`,
                referenceId: 'read'
            }
        ]);
        expect(status).toBe(200);
        expect(results.map((r) => [r.referenceId, r.httpStatusCode])).toEqual([
            ['note', 201],
            ['link', 201],
            ['read', 200]
        ]);
        const noteId = (results[0]?.body as { id: string }).id;
        expect(results[0]?.httpHeaders).toEqual({ Location: `${BASE}/sobjects/ContentNote/${noteId}` });
        expect(results[2]?.body).toMatchObject({ Title: 'Reply note', TextPreview: 'Hello' });
        expect(
            sandbox.org.query(`SELECT ContentDocumentId FROM ContentDocumentLink WHERE LinkedEntityId = '${leadId}'`)
        ).toEqual([expect.objectContaining({ ContentDocumentId: noteId })]);
        const stats = sandbox.stats();
        expect(stats.total).toBe(1);
        expect(stats.byEndpoint).toEqual({ composite: 1 });
        expect(stats.compositeSubrequests).toEqual({ 'sobject.create': 2, 'sobject.retrieve': 1 });
    });

    it('references query results by path and substitutes inside strings', async () => {
        sandbox.org.insert('Lead', leadFields({ Reply_Contact_Id__c: 'r-7' }));
        const { results } = await composite([
            {
                method: 'GET',
                url: `${BASE}/query?q=${encodeURIComponent("SELECT Id, Company FROM Lead WHERE Reply_Contact_Id__c = 'r-7'")}`,
                referenceId: 'q'
            },
            {
                method: 'PATCH',
                url: `${BASE}/sobjects/Lead/@{q.records[0].Id}`,
                referenceId: 'upd',
                body: { Title: 'At @{q.records[0].Company}' }
            }
        ]);
        expect(results.map((r) => r.httpStatusCode)).toEqual([200, 204]);
        expect(sandbox.org.query("SELECT Title FROM Lead WHERE Reply_Contact_Id__c = 'r-7'")[0]?.Title).toBe(
            'At Analytical Engines'
        );
    });

    it('without allOrNone keeps what succeeded and halts only subrequests that reference a failure', async () => {
        const { results } = await composite([
            { method: 'POST', url: `${BASE}/sobjects/Lead`, referenceId: 'bad', body: { FirstName: 'x' } },
            {
                method: 'POST',
                url: `${BASE}/sobjects/Task`,
                referenceId: 'dependent',
                body: { Subject: 'x', WhoId: '@{bad.id}' }
            },
            { method: 'POST', url: `${BASE}/sobjects/Lead`, referenceId: 'good', body: leadFields() }
        ]);
        expect(results.map((r) => r.httpStatusCode)).toEqual([400, 400, 201]);
        expect(results[0]?.body).toEqual([
            {
                message: 'Required fields are missing: [LastName, Company]',
                errorCode: 'REQUIRED_FIELD_MISSING',
                fields: ['LastName', 'Company']
            }
        ]);
        expect((results[1]?.body as { errorCode: string; message: string }[])[0]).toMatchObject({
            errorCode: 'PROCESSING_HALTED'
        });
        expect((results[1]?.body as { message: string }[])[0]?.message).toContain(
            "Provided referenceId ('bad') refers to a failed subrequest"
        );
        expect(sandbox.org.count('Lead')).toBe(1);
    });

    it('with allOrNone rolls everything back and halts every other subrequest', async () => {
        const { status, results } = await composite(
            [
                { method: 'POST', url: `${BASE}/sobjects/Account`, referenceId: 'acct', body: { Name: 'Kept?' } },
                {
                    method: 'POST',
                    url: `${BASE}/sobjects/Contact`,
                    referenceId: 'contact',
                    body: { LastName: 'C', AccountId: '@{acct.id}' }
                },
                {
                    method: 'POST',
                    url: `${BASE}/sobjects/Lead`,
                    referenceId: 'bad',
                    body: leadFields({ Email: 'nope' })
                },
                { method: 'POST', url: `${BASE}/sobjects/Lead`, referenceId: 'after', body: leadFields() }
            ],
            true
        );
        expect(status).toBe(200);
        expect(results.map((r) => r.httpStatusCode)).toEqual([400, 400, 400, 400]);
        expect(results[2]?.body).toEqual([
            { message: 'Email: invalid email address: nope', errorCode: 'INVALID_EMAIL_ADDRESS', fields: ['Email'] }
        ]);
        for (const i of [0, 1, 3]) {
            expect(results[i]?.body).toEqual([
                {
                    errorCode: 'PROCESSING_HALTED',
                    message: 'The transaction was rolled back since another operation in the same transaction failed.'
                }
            ]);
        }
        expect(sandbox.org.count('Account') + sandbox.org.count('Contact') + sandbox.org.count('Lead')).toBe(0);
    });

    it('runs sObject Collections as subrequests inside the all-or-none transaction', async () => {
        const { results } = await composite(
            [
                {
                    method: 'POST',
                    url: `${BASE}/composite/sobjects`,
                    referenceId: 'many',
                    body: { allOrNone: false, records: [{ attributes: { type: 'Lead' }, ...leadFields() }] }
                },
                { method: 'DELETE', url: `${BASE}/sobjects/Lead/@{many[0].id}`, referenceId: 'del' }
            ],
            true
        );
        expect(results.map((r) => r.httpStatusCode)).toEqual([200, 204]);
        expect(sandbox.org.count('Lead')).toBe(0);
    });

    it('refuses more than 25 subrequests and more than 5 queries or collections', async () => {
        const many = Array.from({ length: 26 }, (_, i) => ({
            method: 'GET',
            url: `${BASE}/limits`,
            referenceId: `r${i}`
        }));
        const tooMany = await api(sandbox, 'POST', '/composite', { body: { compositeRequest: many } });
        expect(tooMany.status).toBe(400);
        expect(firstError(tooMany).message).toContain('25');
        const queries = Array.from({ length: 6 }, (_, i) => ({
            method: 'GET',
            url: `${BASE}/query?q=SELECT+Id+FROM+Lead`,
            referenceId: `q${i}`
        }));
        const heavy = await api(sandbox, 'POST', '/composite', { body: { compositeRequest: queries } });
        expect(heavy.status).toBe(400);
        expect(sandbox.org.count('Lead')).toBe(0);
        const ok = await connect(sandbox).requestPost('/composite', {
            compositeRequest: many.slice(0, 25)
        });
        expect((ok as { compositeResponse: unknown[] }).compositeResponse).toHaveLength(25);
    });
});
