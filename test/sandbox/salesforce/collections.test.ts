import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox } from './index.ts';
import type { SalesforceSandbox } from './index.ts';
import { api, connect, firstError, jsforceError, leadFields } from './test-helpers.ts';

const leads = (n: number, prefix: string): Record<string, unknown>[] =>
    Array.from({ length: n }, (_, i) => ({
        attributes: { type: 'Lead' },
        ...leadFields({ LastName: `${prefix}${i}` })
    }));

describe('sObject Collections', () => {
    let sandbox: SalesforceSandbox;
    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: false });
    });
    beforeEach(() => {
        sandbox.reset(false);
    });
    afterAll(() => sandbox.close());

    it('creates 200 records in one call, results in request order', async () => {
        const results = await connect(sandbox)
            .sobject('Lead')
            .create(leads(200, 'L').map(({ attributes: _a, ...r }) => r));
        expect(results).toHaveLength(200);
        expect(results.every((r) => r.success)).toBe(true);
        const names = sandbox.org.query('SELECT Id, LastName FROM Lead');
        const byId = new Map(names.map((r) => [r.Id, r.LastName]));
        results.forEach((r, i) => expect(byId.get(r.id)).toBe(`L${i}`));
        expect(sandbox.stats().byEndpoint['collections.create']).toBe(1);
    });

    it('refuses 201 records with EXCEEDED_ID_LIMIT and saves none', async () => {
        const response = await api(sandbox, 'POST', '/composite/sobjects', {
            body: { allOrNone: false, records: leads(201, 'X') }
        });
        expect(response.status).toBe(400);
        expect(firstError(response)).toEqual({
            errorCode: 'EXCEEDED_ID_LIMIT',
            message: 'record limit reached. cannot submit more than 200 records into this call'
        });
        expect(sandbox.org.count('Lead')).toBe(0);
        const del = await api(
            sandbox,
            'DELETE',
            `/composite/sobjects?ids=${Array.from({ length: 201 }, () => '00Q5g0000000001EAA').join(',')}`
        );
        expect(firstError(del).errorCode).toBe('EXCEEDED_ID_LIMIT');
    });

    it('saves the good records and reports the bad ones with HTTP 200 when allOrNone is false', async () => {
        const records = [
            { attributes: { type: 'Lead' }, ...leadFields({ LastName: 'Good1' }) },
            { attributes: { type: 'Lead' }, FirstName: 'NoLastName', Company: 'x' },
            { attributes: { type: 'Contact' }, LastName: 'Mixed types are fine' },
            { attributes: { type: 'Lead' }, ...leadFields({ Email: 'not-an-email' }) }
        ];
        const response = await api(sandbox, 'POST', '/composite/sobjects', { body: { allOrNone: false, records } });
        expect(response.status).toBe(200);
        const results = response.body as { id?: string; success: boolean; errors: unknown[] }[];
        expect(results.map((r) => r.success)).toEqual([true, false, true, false]);
        expect(results[1]).toEqual({
            success: false,
            errors: [
                {
                    statusCode: 'REQUIRED_FIELD_MISSING',
                    message: 'Required fields are missing: [LastName]',
                    fields: ['LastName']
                }
            ]
        });
        expect(results[3]?.errors).toEqual([
            {
                statusCode: 'INVALID_EMAIL_ADDRESS',
                message: 'Email: invalid email address: not-an-email',
                fields: ['Email']
            }
        ]);
        expect(sandbox.org.count('Lead')).toBe(1);
        expect(sandbox.org.count('Contact')).toBe(1);
    });

    it('rolls every record back when allOrNone is true, reporting ALL_OR_NONE_OPERATION_ROLLED_BACK', async () => {
        const records = [...leads(3, 'A'), { attributes: { type: 'Lead' }, ...leadFields({ Status: 'Nope' }) }];
        const results = await connect(sandbox)
            .sobject('Lead')
            .create(
                records.map(({ attributes: _a, ...r }) => r),
                { allOrNone: true }
            );
        expect(results.map((r) => r.success)).toEqual([false, false, false, false]);
        expect(results[0]).toEqual({
            success: false,
            errors: [
                {
                    statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
                    message:
                        'Record rolled back because not all records were valid and the request was using AllOrNone header',
                    fields: []
                }
            ]
        });
        expect((results[3]?.errors[0] as unknown as { statusCode: string }).statusCode).toBe(
            'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'
        );
        expect(sandbox.org.count('Lead')).toBe(0);
    });

    it('updates records, keeps ids in the failed results, and rolls updates back with allOrNone', async () => {
        const conn = connect(sandbox);
        const created = await conn.sobject('Lead').create(leads(3, 'U').map(({ attributes: _a, ...r }) => r));
        const ids = created.map((r) => r.id as string);
        const results = await conn.sobject('Lead').update([
            { Id: ids[0] as string, Title: 'One' },
            { Id: ids[1] as string, Email: 'bad' },
            { Id: '00Q5g0000000ZZZEAA', Title: 'missing' }
        ]);
        expect(results[0]).toEqual({ id: ids[0], success: true, errors: [] });
        expect(results[1]).toMatchObject({ id: ids[1], success: false });
        expect(results[2]).toMatchObject({
            success: false,
            errors: [expect.objectContaining({ statusCode: 'INVALID_CROSS_REFERENCE_KEY' })]
        });
        const allOrNone = await conn.sobject('Lead').update(
            [
                { Id: ids[0] as string, Title: 'Two' },
                { Id: ids[2] as string, Status: 'Nope' }
            ],
            { allOrNone: true }
        );
        expect(allOrNone[0]).toMatchObject({
            id: ids[0],
            success: false,
            errors: [expect.objectContaining({ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK' })]
        });
        expect(sandbox.org.get(ids[0] as string)?.Title).toBe('One');
        sandbox.org.update('Lead', ids[1] as string, { Reply_Contact_Id__c: 'key-1' });
        await conn.sobject('Lead').update(
            [
                { Id: ids[1] as string, Reply_Contact_Id__c: 'key-2' },
                { Id: ids[2] as string, Status: 'Nope' }
            ],
            { allOrNone: true }
        );
        expect(sandbox.org.query("SELECT Id FROM Lead WHERE Reply_Contact_Id__c = 'key-1'")).toEqual([
            expect.objectContaining({ Id: ids[1] })
        ]);
        expect(sandbox.org.query("SELECT Id FROM Lead WHERE Reply_Contact_Id__c = 'key-2'")).toEqual([]);
        const malformed = await conn.sobject('Lead').update([{ Id: 'bogus', Title: 'x' }]);
        expect(malformed[0]).toMatchObject({
            success: false,
            errors: [expect.objectContaining({ statusCode: 'MALFORMED_ID', fields: ['Id'] })]
        });
    });

    it('upserts on an external id: idempotent, created true then false, results in order', async () => {
        const conn = connect(sandbox);
        const batch = [
            { Reply_Activity_Id__c: 'act-1', Subject: 'Email sent', Status: 'Completed', TaskSubtype: 'Email' },
            {
                Reply_Activity_Id__c: 'act-2',
                Subject: 'Call',
                Status: 'Completed',
                TaskSubtype: 'Call',
                CallType: 'Outbound',
                CallDurationInSeconds: 42
            }
        ];
        const first = await conn.sobject('Task').upsert(batch, 'Reply_Activity_Id__c');
        expect(first.map((r) => [r.success, (r as { created?: boolean }).created])).toEqual([
            [true, true],
            [true, true]
        ]);
        const second = await conn.sobject('Task').upsert(
            batch.map(({ TaskSubtype: _t, ...rest }) => ({ ...rest, Subject: `${rest.Subject} (again)` })),
            'Reply_Activity_Id__c'
        );
        expect(second.map((r) => [r.id, (r as { created?: boolean }).created])).toEqual([
            [first[0]?.id, false],
            [first[1]?.id, false]
        ]);
        expect(sandbox.org.count('Task')).toBe(2);
        expect(sandbox.org.query("SELECT Subject, IsClosed FROM Task WHERE Reply_Activity_Id__c = 'act-1'")).toEqual([
            expect.objectContaining({ Subject: 'Email sent (again)', IsClosed: true })
        ]);
        const raw = await api(sandbox, 'PATCH', '/composite/sobjects/Task/Reply_Activity_Id__c', {
            body: { allOrNone: false, records: [{ attributes: { type: 'Task' }, Subject: 'no key' }] }
        });
        expect(raw.body).toEqual([
            {
                success: false,
                errors: [{ statusCode: 'MISSING_ARGUMENT', message: 'Reply_Activity_Id__c not specified', fields: [] }]
            }
        ]);
        const twice = await conn.sobject('Task').upsert(
            [
                { Reply_Activity_Id__c: 'act-3', Subject: 'a' },
                { Reply_Activity_Id__c: 'ACT-3', Subject: 'b' },
                { Reply_Activity_Id__c: 'act-4', Subject: 'c' }
            ],
            'Reply_Activity_Id__c'
        );
        expect(twice.map((r) => r.success)).toEqual([false, false, true]);
        expect(twice[0]?.errors[0]).toMatchObject({
            statusCode: 'DUPLICATE_EXTERNAL_ID',
            message: 'Duplicate external id specified: act-3'
        });
        const notExternal = await api(sandbox, 'PATCH', '/composite/sobjects/Task/Subject', { body: { records: [] } });
        expect(notExternal.status).toBe(400);
    });

    it('refuses records without attributes.type and unknown fields for the whole request', async () => {
        const untyped = await api(sandbox, 'POST', '/composite/sobjects', { body: { records: [{ LastName: 'x' }] } });
        expect(firstError(untyped)).toEqual({
            errorCode: 'INVALID_TYPE',
            message: 'Must send a concrete entity type.'
        });
        const unknownField = await jsforceError(
            connect(sandbox)
                .sobject('Lead')
                .create([leadFields(), leadFields({ Nope__c: 1 })])
        );
        expect(unknownField.errorCode).toBe('INVALID_FIELD');
        expect(sandbox.org.count('Lead')).toBe(0);
    });

    it('deletes by ids with per-record results and retrieves by ids', async () => {
        const conn = connect(sandbox);
        const created = await conn.sobject('Lead').create(leads(2, 'D').map(({ attributes: _a, ...r }) => r));
        const ids = created.map((r) => r.id as string);
        const fetched = await conn.sobject('Lead').retrieve(ids, { fields: ['LastName'] });
        expect(fetched.map((r) => r?.LastName)).toEqual(['D0', 'D1']);
        const results = await conn.sobject('Lead').destroy([...ids, ids[0] as string]);
        expect(results.map((r) => r.success)).toEqual([true, true, false]);
        expect(results[2]).toMatchObject({
            id: ids[0],
            errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }]
        });
        expect(sandbox.org.count('Lead')).toBe(0);
    });
});
