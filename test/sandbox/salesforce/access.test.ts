import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox } from './index.ts';
import type { SalesforceSandbox } from './index.ts';
import { api, firstError, leadFields } from './test-helpers.ts';

type Row = Record<string, unknown>;
interface Describe {
    createable: boolean;
    updateable: boolean;
    queryable: boolean;
    fields: { name: string; createable: boolean; updateable: boolean }[];
}

/** Profiles and permission sets, and what they let the calling user do through the API. */
describe('access: profiles and permission sets', () => {
    let sandbox: SalesforceSandbox;
    const integration = 'integration@reply-sync.sandbox';
    const control = (method: string, path: string, body?: unknown) =>
        api(sandbox, method, `/__sandbox${path}`, body === undefined ? {} : { body });
    const query = async (soql: string) => api(sandbox, 'GET', `/query?q=${encodeURIComponent(soql)}`);
    const rows = async (soql: string) => ((await query(soql)).body as { records: Row[] }).records;
    const describeOf = async (object: string) =>
        (await api(sandbox, 'GET', `/sobjects/${object}/describe`)).body as Describe;

    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: { leads: 2, contacts: 1, accounts: 1 } });
    });
    beforeEach(() => sandbox.reset());
    afterAll(() => sandbox.close());

    it('shows profiles, permission sets and assignments as Salesforce does, queryable by parent fields', async () => {
        const me = sandbox.org.integrationUserId;
        const assigned = await rows(
            `SELECT PermissionSet.Name, PermissionSet.IsOwnedByProfile FROM PermissionSetAssignment WHERE AssigneeId = '${me}'`
        );
        expect(assigned.map((r) => (r.PermissionSet as Row).Name)).toEqual(
            expect.arrayContaining(['Reply_Sync_Integration'])
        );
        expect((await rows(`SELECT Profile.Name FROM User WHERE Id = '${me}'`))[0]?.Profile).toMatchObject({
            Name: 'System Administrator'
        });
        const customizers = await rows(
            `SELECT AssigneeId FROM PermissionSetAssignment WHERE AssigneeId = '${me}' AND PermissionSet.PermissionsCustomizeApplication = true`
        );
        expect(customizers).toHaveLength(1);
        const sets = await rows(
            `SELECT Name, PermissionsEditTask, PermissionsViewSetup FROM PermissionSet WHERE IsOwnedByProfile = false ORDER BY Name`
        );
        expect(sets).toEqual([
            expect.objectContaining({ Name: 'Reply_Sync_Admin', PermissionsEditTask: false }),
            expect.objectContaining({
                Name: 'Reply_Sync_Integration',
                PermissionsEditTask: true,
                PermissionsViewSetup: true
            }),
            expect.objectContaining({ Name: 'Reply_Sync_User' })
        ]);
        const reps = await rows(`SELECT Profile.Name FROM User WHERE Id != '${me}'`);
        expect(new Set(reps.map((r) => (r.Profile as Row).Name))).toEqual(new Set(['Standard User']));
    });

    it('gives an integration user on the minimum-access profile exactly what Reply_Sync_Integration grants', async () => {
        await control('PUT', `/users/${integration}`, { profile: 'Minimum Access - API Only Integrations' });
        const lead = await describeOf('Lead');
        expect([lead.createable, lead.updateable]).toEqual([true, true]);
        expect(lead.fields.find((f) => f.name === 'Reply_Contact_Id__c')).toMatchObject({
            createable: true,
            updateable: true
        });
        expect((await describeOf('Account')).createable).toBe(false);
        expect((await describeOf('Task')).createable).toBe(true);
        expect((await describeOf('Reply_Sync_Deployment__c')).queryable).toBe(false);
        expect(firstError(await query('SELECT Id FROM Reply_Sync_Deployment__c')).errorCode).toBe('INVALID_TYPE');
        expect(
            (await api(sandbox, 'POST', '/sobjects/Lead', { body: leadFields({ Reply_Contact_Id__c: 'r-1' }) })).status
        ).toBe(201);
        const account = await api(sandbox, 'POST', '/sobjects/Account', { body: { Name: 'Engines' } });
        expect(firstError(account)).toMatchObject({
            errorCode: 'INVALID_TYPE_FOR_OPERATION',
            message: 'entity type cannot be inserted: Account'
        });
    });

    it('takes the access away with the permission set, in describe and on every write', async () => {
        const leadId = sandbox.org.insert('Lead', leadFields());
        await control('PUT', `/users/${integration}`, { profile: 'Minimum Access - API Only Integrations' });
        await control('DELETE', `/users/${integration}/permission-sets/Reply_Sync_Integration`);
        const lead = await describeOf('Lead');
        expect([lead.createable, lead.updateable, lead.queryable]).toEqual([false, false, false]);
        expect(lead.fields.some((f) => f.name === 'Reply_Contact_Id__c')).toBe(false);
        expect((await describeOf('Task')).createable).toBe(false);
        expect(firstError(await api(sandbox, 'POST', '/sobjects/Lead', { body: leadFields() }))).toMatchObject({
            errorCode: 'INVALID_TYPE_FOR_OPERATION'
        });
        expect(firstError(await api(sandbox, 'POST', '/sobjects/Task', { body: { Subject: 'x' } })).errorCode).toBe(
            'INVALID_TYPE_FOR_OPERATION'
        );
        // With the object but not the field: the field is refused as Salesforce refuses one without edit access.
        await control('PUT', `/users/${integration}`, { profile: 'Standard User' });
        const update = await api(sandbox, 'PATCH', `/sobjects/Lead/${leadId}`, {
            body: { Reply_Status__c: 'Replied' }
        });
        expect(firstError(update)).toMatchObject({
            errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
            fields: ['Reply_Status__c']
        });
        expect((await api(sandbox, 'PATCH', `/sobjects/Lead/${leadId}`, { body: { Title: 'CTO' } })).status).toBe(204);
    });

    it('assigns permission sets through the API, once', async () => {
        const rep = sandbox.org.query(
            `SELECT Id FROM User WHERE Profile.Name = 'Standard User' AND IsActive = true LIMIT 1`
        )[0];
        const setId = sandbox.org.permissionSetId('Reply_Sync_Admin');
        const first = await api(sandbox, 'POST', '/sobjects/PermissionSetAssignment', {
            body: { AssigneeId: rep?.Id, PermissionSetId: setId }
        });
        expect(first.status).toBe(201);
        const again = await api(sandbox, 'POST', '/sobjects/PermissionSetAssignment', {
            body: { AssigneeId: rep?.Id, PermissionSetId: setId }
        });
        expect(firstError(again).errorCode).toBe('DUPLICATE_VALUE');
    });

    it('shows the Named Credential only to users with View Setup and Configuration', async () => {
        const soql = `SELECT DeveloperName, Endpoint FROM NamedCredential WHERE DeveloperName = 'Reply_Bridge'`;
        expect(await rows(soql)).toEqual([
            expect.objectContaining({
                DeveloperName: 'Reply_Bridge',
                Endpoint: 'https://reply-sync-bridge.example.com'
            })
        ]);
        await control('PUT', '/named-credentials/Reply_Bridge', { url: 'https://bridge.acme.com' });
        expect((await rows(soql))[0]?.Endpoint).toBe('https://bridge.acme.com');
        await control('PUT', `/users/${integration}`, { profile: 'Standard User' });
        await control('DELETE', `/users/${integration}/permission-sets/Reply_Sync_Integration`);
        expect(firstError(await query(soql)).errorCode).toBe('INVALID_TYPE');
    });
});
