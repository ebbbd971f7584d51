import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforceSandbox } from './index.ts';
import type { SalesforceSandbox } from './index.ts';
import { api, connect, firstError, jsforceError, leadFields } from './test-helpers.ts';

type Row = Record<string, unknown>;

describe('single-record resources', () => {
    let sandbox: SalesforceSandbox;
    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: { leads: 5, contacts: 5, accounts: 2 } });
    });
    afterAll(() => sandbox.close());

    it('creates with 201 {id, success, errors} and a Location header, and reads the record back', async () => {
        const created = await api(sandbox, 'POST', '/sobjects/Lead', {
            body: leadFields({ Email: 'ada@example.com' })
        });
        expect(created.status).toBe(201);
        const body = created.body as { id: string; success: boolean; errors: unknown[] };
        expect(body).toEqual({ id: expect.stringMatching(/^00Q/), success: true, errors: [] });
        expect(created.headers.get('location')).toBe(`/services/data/v62.0/sobjects/Lead/${body.id}`);
        const read = await api(sandbox, 'GET', `/sobjects/Lead/${body.id}`);
        expect(read.status).toBe(200);
        expect(read.body).toMatchObject({
            attributes: { type: 'Lead', url: `/services/data/v62.0/sobjects/Lead/${body.id}` },
            Id: body.id,
            Name: 'Ada Lovelace',
            Status: 'Open - Not Contacted',
            IsConverted: false,
            OwnerId: sandbox.org.integrationUserId,
            CreatedById: sandbox.org.integrationUserId
        });
        expect((read.body as Row).CreatedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
        const some = await api(sandbox, 'GET', `/sobjects/Lead/${body.id}?fields=Email,Company`);
        expect(some.body).toEqual({
            attributes: expect.any(Object),
            Email: 'ada@example.com',
            Company: 'Analytical Engines'
        });
    });

    it('updates with 204 and moves LastModifiedDate and SystemModstamp forward, never CreatedDate', async () => {
        const conn = connect(sandbox);
        const { id } = await conn.sobject('Lead').create(leadFields());
        const before = sandbox.org.get(id as string) as Row;
        const response = await api(sandbox, 'PATCH', `/sobjects/Lead/${id}`, { body: { Title: 'Countess' } });
        expect(response.status).toBe(204);
        expect(response.text).toBe('');
        const after = sandbox.org.get(id as string) as Row;
        expect(after.Title).toBe('Countess');
        expect(after.CreatedDate).toBe(before.CreatedDate);
        expect(Date.parse(String(after.SystemModstamp).replace('+0000', 'Z'))).toBeGreaterThan(
            Date.parse(String(before.SystemModstamp).replace('+0000', 'Z'))
        );
        expect(after.LastModifiedDate).toBe(after.SystemModstamp);
    });

    it('deletes with 204; the record is then ENTITY_IS_DELETED for writes and reads', async () => {
        const conn = connect(sandbox);
        const { id } = await conn.sobject('Lead').create(leadFields());
        expect((await api(sandbox, 'DELETE', `/sobjects/Lead/${id}`)).status).toBe(204);
        const again = await api(sandbox, 'DELETE', `/sobjects/Lead/${id}`);
        expect(again.status).toBe(404);
        expect(firstError(again)).toEqual({ errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted' });
        const [result] = await conn.sobject('Lead').update([{ Id: id as string, Title: 'x' }]);
        expect(result).toEqual({
            id,
            success: false,
            errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }]
        });
    });

    it('answers 404 NOT_FOUND for unknown objects, unknown ids and malformed ids', async () => {
        expect(firstError(await api(sandbox, 'GET', '/sobjects/Nope__c'))).toEqual({
            errorCode: 'NOT_FOUND',
            message: 'The requested resource does not exist'
        });
        const missing = await api(sandbox, 'GET', '/sobjects/Lead/00Q5g000000ZZZZEAA');
        expect(missing.status).toBe(404);
        expect(firstError(missing).errorCode).toBe('NOT_FOUND');
        const malformed = await api(sandbox, 'PATCH', '/sobjects/Lead/abc', { body: { Title: 'x' } });
        expect(malformed.status).toBe(404);
        expect(firstError(malformed).message).toBe(
            'Provided external ID field does not exist or is not accessible: abc'
        );
        expect((await api(sandbox, 'PUT', '/sobjects/Lead')).status).toBe(405);
    });

    it('refuses unknown fields and values of the wrong JSON type before saving anything', async () => {
        const unknown = await api(sandbox, 'POST', '/sobjects/Lead', { body: leadFields({ Shoe_Size__c: 9 }) });
        expect(unknown.status).toBe(400);
        expect(firstError(unknown)).toEqual({
            errorCode: 'INVALID_FIELD',
            message: "No such column 'Shoe_Size__c' on sobject of type Lead"
        });
        const wrongType = await api(sandbox, 'POST', '/sobjects/Lead', {
            body: leadFields({ HasOptedOutOfEmail: 'maybe' })
        });
        expect(firstError(wrongType).errorCode).toBe('JSON_PARSER_ERROR');
        const badJson = await api(sandbox, 'POST', '/sobjects/Lead', {
            body: undefined,
            headers: { 'Content-Type': 'application/json' }
        });
        expect(badJson.status).toBe(400);
        const garbage = await fetch(`${sandbox.url}/services/data/v62.0/sobjects/Lead`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${sandbox.developerToken}`, 'Content-Type': 'application/json' },
            body: '{"LastName": '
        });
        expect(garbage.status).toBe(400);
        expect(((await garbage.json()) as Row[])[0]?.errorCode).toBe('JSON_PARSER_ERROR');
    });

    it.each([
        [
            'a missing required field',
            { FirstName: 'x' },
            'REQUIRED_FIELD_MISSING',
            'Required fields are missing: [LastName, Company]',
            ['LastName', 'Company']
        ],
        [
            'a too long value',
            leadFields({ Company: 'c'.repeat(256) }),
            'STRING_TOO_LONG',
            `Company: data value too large: ${'c'.repeat(256)} (max length=255)`,
            ['Company']
        ],
        [
            'a malformed email',
            leadFields({ Email: 'ada@' }),
            'INVALID_EMAIL_ADDRESS',
            'Email: invalid email address: ada@',
            ['Email']
        ],
        [
            'a bad restricted picklist value',
            leadFields({ Status: 'Hot Prospect' }),
            'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            'Status: bad value for restricted picklist field: Hot Prospect',
            ['Status']
        ],
        [
            'a read-only field',
            leadFields({ IsConverted: true }),
            'INVALID_FIELD_FOR_INSERT_UPDATE',
            'Unable to create/update fields: IsConverted. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
            ['IsConverted']
        ],
        [
            'a malformed lookup',
            leadFields({ OwnerId: '005xyz' }),
            'MALFORMED_ID',
            'Owner ID: id value of incorrect type: 005xyz',
            ['OwnerId']
        ]
    ])('answers 400 for %s', async (_name, body, errorCode, message, fields) => {
        const response = await api(sandbox, 'POST', '/sobjects/Lead', { body });
        expect(response.status).toBe(400);
        expect(response.body).toEqual([{ message, errorCode, fields }]);
    });

    it('refuses updates of non-updateable fields and of read-only objects', async () => {
        const conn = connect(sandbox);
        const { id } = await conn.sobject('Lead').create(leadFields());
        const task = await conn.sobject('Task').create({ Subject: 'x', WhoId: id, TaskSubtype: 'Call' });
        const subtype = await api(sandbox, 'PATCH', `/sobjects/Task/${task.id}`, { body: { TaskSubtype: 'Email' } });
        expect(firstError(subtype).errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
        const status = await api(sandbox, 'POST', '/sobjects/LeadStatus', { body: { ApiName: 'x' } });
        expect(status.status).toBe(400);
        const mdt = await api(sandbox, 'POST', '/sobjects/Reply_Sync_Step__mdt', { body: {} });
        expect(firstError(mdt)).toMatchObject({
            errorCode: 'INVALID_TYPE_FOR_OPERATION',
            message: 'entity type cannot be inserted: Reply Sync Step'
        });
    });

    it('upserts by external id: 201 created, then 200 with created false, the same record', async () => {
        const first = await api(sandbox, 'PATCH', '/sobjects/Lead/Reply_Contact_Id__c/reply-42', {
            body: leadFields()
        });
        expect(first.status).toBe(201);
        const body = first.body as { id: string };
        expect(first.body).toEqual({ id: body.id, success: true, errors: [], created: true });
        const second = await api(sandbox, 'PATCH', '/sobjects/Lead/Reply_Contact_Id__c/REPLY-42', {
            body: { Title: 'Again' }
        });
        expect(second.status).toBe(200);
        expect(second.body).toEqual({ id: body.id, success: true, errors: [], created: false });
        expect(sandbox.org.count('Lead')).toBe(sandbox.org.query('SELECT Id FROM Lead').length);
        expect(sandbox.org.query("SELECT Id, Title FROM Lead WHERE Reply_Contact_Id__c = 'reply-42'")).toEqual([
            expect.objectContaining({ Id: body.id, Title: 'Again' })
        ]);
        const byField = await api(sandbox, 'GET', '/sobjects/Lead/Reply_Contact_Id__c/reply-42');
        expect((byField.body as Row).Id).toBe(body.id);
    });

    it('answers 300 with the matching URLs when an external id is not unique', async () => {
        sandbox.org.addField('Lead', {
            name: 'Legacy_Id__c',
            type: 'string',
            length: 20,
            externalId: true,
            label: 'Legacy Id'
        });
        const a = sandbox.org.insert('Lead', leadFields({ Legacy_Id__c: 'L-1' }));
        const b = sandbox.org.insert('Lead', leadFields({ Legacy_Id__c: 'L-1' }));
        const response = await api(sandbox, 'PATCH', '/sobjects/Lead/Legacy_Id__c/L-1', { body: { Title: 'x' } });
        expect(response.status).toBe(300);
        expect(response.body).toEqual([
            `/services/data/v62.0/sobjects/Lead/${a}`,
            `/services/data/v62.0/sobjects/Lead/${b}`
        ]);
        const error = await jsforceError(
            connect(sandbox).sobject('Lead').upsert({ Legacy_Id__c: 'L-1', Title: 'y' }, 'Legacy_Id__c')
        );
        expect(error.errorCode).toBe('MULTIPLE_CHOICES');
    });

    it('refuses DUPLICATE_VALUE on a unique external id, naming the record that holds it', async () => {
        const holder = sandbox.org.insert('Contact', { LastName: 'Holder', Reply_Contact_Id__c: 'dup-1' });
        const response = await api(sandbox, 'POST', '/sobjects/Contact', {
            body: { LastName: 'Other', Reply_Contact_Id__c: 'DUP-1' }
        });
        expect(response.body).toEqual([
            {
                errorCode: 'DUPLICATE_VALUE',
                message: `duplicate value found: Reply_Contact_Id__c duplicates value on record with id: ${holder}`,
                fields: []
            }
        ]);
    });

    it('describes an object and lists all objects', async () => {
        const conn = connect(sandbox);
        const global = await conn.describeGlobal();
        const names = global.sobjects.map((s) => s.name);
        expect(names).toEqual(
            expect.arrayContaining([
                'Lead',
                'Contact',
                'Task',
                'ContentNote',
                'Reply_Sync_Log__c',
                'Reply_Sync_Step__mdt'
            ])
        );
        expect(global.sobjects.find((s) => s.name === 'Lead')).toMatchObject({
            keyPrefix: '00Q',
            createable: true,
            queryable: true
        });
        const info = await api(sandbox, 'GET', '/sobjects/Task');
        expect(info.body).toMatchObject({ objectDescribe: { name: 'Task', keyPrefix: '00T' }, recentItems: [] });
    });

    it('serves getUpdated and getDeleted from SystemModstamp', async () => {
        const conn = connect(sandbox);
        const start = new Date(Date.now() - 60_000).toISOString();
        const { id } = await conn.sobject('Account').create({ Name: 'Updated Inc' });
        const gone = await conn.sobject('Account').create({ Name: 'Deleted Inc' });
        await conn.sobject('Account').destroy(gone.id as string);
        const end = new Date(Date.now() + 120_000).toISOString();
        const updated = await conn.sobject('Account').updated(start, end);
        expect(updated.ids).toContain(id);
        expect(updated.ids).not.toContain(gone.id);
        const deleted = await conn.sobject('Account').deleted(start, end);
        expect(deleted.deletedRecords.map((r) => r.id)).toEqual([gone.id]);
    });
});
