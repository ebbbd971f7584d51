import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox } from './index.ts';
import type { SalesforceSandbox } from './index.ts';
import { ItemError } from './errors.ts';
import { api, connect, firstError, leadFields } from './test-helpers.ts';

type Row = Record<string, unknown>;

/**
 * Merge, delete, the recycle bin and undelete, as the SOAP API Developer Guide describes merge(), undelete() and
 * getDeleted() and the REST API Developer Guide describes queryAll and sObject Get Deleted. REST has no merge or
 * undelete resource, so tests reach them through the control API (`/__sandbox/records/...`).
 */
describe('merge, delete and undelete', () => {
    let sandbox: SalesforceSandbox;
    const control = async (path: string, body: unknown) => api(sandbox, 'POST', `/__sandbox/records${path}`, { body });
    const queryAll = async (soql: string) =>
        ((await api(sandbox, 'GET', `/queryAll?q=${encodeURIComponent(soql)}`)).body as { records: Row[] }).records;
    const query = async (soql: string) =>
        ((await api(sandbox, 'GET', `/query?q=${encodeURIComponent(soql)}`)).body as { records: Row[] }).records;

    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: false });
    });
    beforeEach(() => sandbox.reset(false));
    afterAll(() => sandbox.close());

    function leadWithHistory(email: string, replyId: string) {
        const leadId = sandbox.org.insert('Lead', leadFields({ Email: email, Reply_Contact_Id__c: replyId }));
        const taskId = sandbox.org.insert('Task', {
            WhoId: leadId,
            Subject: 'Email',
            Reply_Activity_Id__c: `t-${replyId}`
        });
        const noteId = sandbox.org.insert('ContentNote', {
            Title: 'Note',
            Content: Buffer.from('Hi').toString('base64')
        });
        const linkId = sandbox.org.insert('ContentDocumentLink', {
            ContentDocumentId: noteId,
            LinkedEntityId: leadId,
            ShareType: 'V'
        });
        return { leadId, taskId, noteId, linkId };
    }

    it('merges Leads: the merged record goes to the recycle bin with MasterRecordId, its children to the master', async () => {
        const master = leadWithHistory('ada@example.com', 'reply-1');
        const victim = leadWithHistory('ada.l@example.com', 'reply-2');
        const response = await control('/merge', {
            masterId: master.leadId,
            mergedIds: [victim.leadId],
            fields: { Title: 'Countess' }
        });
        expect(response.status).toBe(200);
        expect(response.body).toEqual({
            id: master.leadId,
            mergedRecordIds: [victim.leadId],
            updatedRelatedIds: expect.arrayContaining([victim.taskId, victim.linkId])
        });
        expect(await query(`SELECT Id FROM Lead`)).toEqual([expect.objectContaining({ Id: master.leadId })]);
        expect(
            await queryAll(`SELECT Id, IsDeleted, MasterRecordId, Title FROM Lead WHERE MasterRecordId != null`)
        ).toEqual([expect.objectContaining({ Id: victim.leadId, IsDeleted: true, MasterRecordId: master.leadId })]);
        expect(sandbox.org.get(master.leadId)?.Title).toBe('Countess');
        const tasks = await query(`SELECT Id, WhoId FROM Task ORDER BY Reply_Activity_Id__c`);
        expect(tasks.map((t) => t.WhoId)).toEqual([master.leadId, master.leadId]);
        const links = await query(
            `SELECT ContentDocumentId FROM ContentDocumentLink WHERE LinkedEntityId = '${master.leadId}'`
        );
        expect(links.map((l) => l.ContentDocumentId).sort()).toEqual([master.noteId, victim.noteId].sort());
        // The merged record is gone for writes and reads by id, as any deleted record.
        const patch = await api(sandbox, 'PATCH', `/sobjects/Lead/${victim.leadId}`, { body: { Title: 'x' } });
        expect(patch.status).toBe(404);
        expect(firstError(patch)).toEqual({ errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted' });
    });

    it('merges Contacts, and refuses what merge() refuses', async () => {
        const accountId = sandbox.org.insert('Account', { Name: 'Engines' });
        const a = sandbox.org.insert('Contact', { LastName: 'A', AccountId: accountId });
        const b = sandbox.org.insert('Contact', { LastName: 'B' });
        const c = sandbox.org.insert('Contact', { LastName: 'C' });
        const d = sandbox.org.insert('Contact', { LastName: 'D' });
        const leadId = sandbox.org.insert('Lead', leadFields());
        const refusals: [unknown, string][] = [
            [{ masterId: a, mergedIds: [b, c, d] }, 'INVALID_OPERATION'],
            [{ masterId: a, mergedIds: [a] }, 'INVALID_OPERATION'],
            [{ masterId: a, mergedIds: [leadId] }, 'MALFORMED_ID'],
            [{ masterId: accountId, mergedIds: [a] }, 'MALFORMED_ID']
        ];
        for (const [body, statusCode] of refusals) {
            const response = await control('/merge', body);
            expect(response.status, JSON.stringify(body)).toBe(400);
            expect((response.body as Row).statusCode).toBe(statusCode);
        }
        const taskId = sandbox.org.insert('Task', { WhoId: b, Subject: 'Call' });
        expect((await control('/merge', { masterId: a, mergedIds: [b, c] })).status).toBe(200);
        expect(sandbox.org.get(taskId)?.WhoId).toBe(a);
        expect(sandbox.org.get(b)).toMatchObject({ IsDeleted: true, MasterRecordId: a });
        expect(sandbox.org.get(c)).toMatchObject({ IsDeleted: true, MasterRecordId: a });
        expect((await control('/merge', { masterId: d, mergedIds: [b] })).body).toMatchObject({
            statusCode: 'ENTITY_IS_DELETED'
        });
        const converted = sandbox.org.convertLead(sandbox.org.insert('Lead', leadFields({ LastName: 'Old' })));
        const other = sandbox.org.insert('Lead', leadFields({ LastName: 'New' }));
        expect((await control('/merge', { masterId: other, mergedIds: [converted.leadId] })).body).toMatchObject({
            statusCode: 'CANNOT_UPDATE_CONVERTED_LEAD'
        });
    });

    it('deletes to the recycle bin: gone from query, in queryAll and getDeleted, refused for every write', async () => {
        const conn = connect(sandbox);
        const { leadId, taskId } = leadWithHistory('grace@example.com', 'reply-3');
        const start = new Date(Date.now() - 120_000);
        expect((await api(sandbox, 'DELETE', `/sobjects/Lead/${leadId}`)).status).toBe(204);
        expect(await query('SELECT Id FROM Lead')).toEqual([]);
        expect(await query('SELECT Id FROM Task')).toEqual([]);
        expect(await queryAll(`SELECT Id, IsDeleted FROM Lead`)).toEqual([
            expect.objectContaining({ Id: leadId, IsDeleted: true })
        ]);
        const deleted = await conn.sobject('Lead').deleted(start, new Date(Date.now() + 120_000));
        expect(deleted.deletedRecords).toEqual([{ id: leadId, deletedDate: expect.any(String) }]);
        const writes = [
            await api(sandbox, 'PATCH', `/sobjects/Lead/${leadId}`, { body: { Title: 'x' } }),
            await api(sandbox, 'PATCH', `/sobjects/Lead/Id/${leadId}`, { body: { Title: 'x' } }),
            await api(sandbox, 'DELETE', `/sobjects/Lead/${leadId}`)
        ];
        for (const write of writes) expect(write.text).toContain('ENTITY_IS_DELETED');
        const collection = await api(sandbox, 'PATCH', '/composite/sobjects', {
            body: { records: [{ attributes: { type: 'Lead' }, id: leadId, Title: 'x' }] }
        });
        expect(collection.body).toEqual([
            {
                id: leadId,
                success: false,
                errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }]
            }
        ]);
        const task = await api(sandbox, 'POST', '/sobjects/Task', { body: { WhoId: leadId, Subject: 'x' } });
        expect(firstError(task).errorCode).toBe('ENTITY_IS_DELETED');
        expect(sandbox.org.get(taskId)?.IsDeleted).toBe(true);
    });

    it('undeletes a record with what its delete took along, and refuses what it cannot', async () => {
        const { leadId, taskId } = leadWithHistory('hopper@example.com', 'reply-4');
        const other = sandbox.org.insert('Lead', leadFields({ LastName: 'Live' }));
        sandbox.org.delete('Lead', leadId);
        const childFirst = (await control('/undelete', { ids: [taskId] })).body as Row[];
        expect(childFirst[0]).toMatchObject({
            success: false,
            errors: [expect.objectContaining({ statusCode: 'UNDELETE_FAILED' })]
        });
        const response = await control('/undelete', { ids: [leadId, other] });
        expect(response.body).toEqual([
            { id: leadId, success: true, errors: [] },
            { id: other, success: false, errors: [expect.objectContaining({ statusCode: 'UNDELETE_FAILED' })] }
        ]);
        expect(sandbox.org.get(leadId)?.IsDeleted).toBe(false);
        expect(sandbox.org.get(taskId)?.IsDeleted).toBe(false);
        expect((await query('SELECT Id FROM Task')).map((t) => t.Id)).toEqual([taskId]);
    });

    it('undeletes a merged record without its children, and refuses one whose unique value is taken', async () => {
        const master = leadWithHistory('m@example.com', 'reply-5');
        const victim = leadWithHistory('v@example.com', 'reply-6');
        await control('/merge', { masterId: master.leadId, mergedIds: [victim.leadId] });
        expect((await control('/undelete', { ids: [victim.leadId] })).body).toEqual([
            { id: victim.leadId, success: true, errors: [] }
        ]);
        expect(sandbox.org.get(victim.taskId)?.WhoId).toBe(master.leadId);

        sandbox.org.delete('Lead', victim.leadId);
        sandbox.org.insert('Lead', leadFields({ Reply_Contact_Id__c: 'reply-6' }));
        const [result] = (await control('/undelete', { ids: [victim.leadId] })).body as Row[];
        expect(result).toMatchObject({
            success: false,
            errors: [expect.objectContaining({ statusCode: 'DUPLICATE_VALUE' })]
        });
        expect(() => sandbox.org.merge(master.leadId, [])).toThrow(ItemError);
    });

    it('deletes through the control API with one result per id', async () => {
        const leadId = sandbox.org.insert('Lead', leadFields());
        const response = await control('/delete', { ids: [leadId, leadId] });
        expect(response.body).toEqual([
            { id: leadId, success: true, errors: [] },
            {
                id: leadId,
                success: false,
                errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }]
            }
        ]);
        expect((await control('/delete', { ids: 'nope' })).status).toBe(400);
    });
});
