import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforceSandbox } from './index.ts';
import type { SalesforceSandbox } from './index.ts';
import { api, connect, firstError } from './test-helpers.ts';

type Row = Record<string, unknown>;

describe('seed data', () => {
    const sandboxes: SalesforceSandbox[] = [];
    afterAll(() => Promise.all(sandboxes.map((s) => s.close())));
    const start = async (seed: { seed: number; leads: number; contacts: number; accounts: number }) => {
        const sandbox = await startSalesforceSandbox({ port: 0, seed });
        sandboxes.push(sandbox);
        return sandbox;
    };
    const snapshot = (sandbox: SalesforceSandbox): Row[] =>
        sandbox.org.query('SELECT Id, Name, Email, Company, Status, OwnerId, CreatedDate FROM Lead ORDER BY Id');

    it('refuses a port that is taken instead of starting without one', async () => {
        const first = await start({ seed: 1, leads: 0, contacts: 0, accounts: 0 });
        const port = Number(new URL(first.url).port);
        await expect(startSalesforceSandbox({ port, seed: false })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    });

    it('is deterministic for a seed and different for another', async () => {
        const a = await start({ seed: 3, leads: 40, contacts: 20, accounts: 5 });
        const b = await start({ seed: 3, leads: 40, contacts: 20, accounts: 5 });
        const c = await start({ seed: 4, leads: 40, contacts: 20, accounts: 5 });
        expect(snapshot(a)).toEqual(snapshot(b));
        expect(a.org.query('SELECT Id, Name, AccountId FROM Contact ORDER BY Id')).toEqual(
            b.org.query('SELECT Id, Name, AccountId FROM Contact ORDER BY Id')
        );
        expect(snapshot(a).map((r) => r.Name)).not.toEqual(snapshot(c).map((r) => r.Name));
    });

    it('seeds the requested sizes with users, statuses and realistic, valid records', async () => {
        const sandbox = await start({ seed: 1, leads: 25, contacts: 12, accounts: 4 });
        const { org } = sandbox;
        expect([org.count('Lead'), org.count('Contact'), org.count('Account')]).toEqual([25, 12, 4]);
        const users = org.users();
        expect(users).toHaveLength(7);
        expect(users[0]).toMatchObject({ Username: 'integration@reply-sync.sandbox', IsActive: true });
        expect(users.filter((u) => u.IsActive === false)).toHaveLength(1);
        const leads = org.query('SELECT Email, Status, Owner.IsActive, Company FROM Lead');
        for (const lead of leads) {
            expect(lead.Email).toMatch(/^[a-z0-9.]+@[a-z0-9.]+$/);
            expect(['Open - Not Contacted', 'Working - Contacted', 'Closed - Not Converted']).toContain(lead.Status);
            expect((lead.Owner as Row).IsActive).toBe(true);
        }
        expect(new Set(leads.map((l) => l.Email)).size).toBe(25);
        expect(org.query('SELECT ApiName FROM LeadStatus WHERE IsConverted = true')).toEqual([
            expect.objectContaining({ ApiName: 'Closed - Converted' })
        ]);
        expect(org.query('SELECT ApiName FROM TaskStatus WHERE IsDefault = true')).toEqual([
            expect.objectContaining({ ApiName: 'Not Started' })
        ]);
        const contacts = org.query('SELECT Account.Name FROM Contact');
        expect(contacts.every((c) => typeof (c.Account as Row | null)?.Name === 'string')).toBe(true);
    });
});

describe('control API', () => {
    let sandbox: SalesforceSandbox;
    const control = (method: string, path: string, body?: unknown) =>
        api(sandbox, method, `/__sandbox${path}`, { body, token: null });

    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: { leads: 3, contacts: 2, accounts: 1 } });
    });
    afterAll(() => sandbox.close());

    it('describes the running org with its credentials', async () => {
        const info = (await control('GET', '/info')).body as Row;
        expect(info).toMatchObject({
            url: sandbox.url,
            instanceUrl: sandbox.url,
            developerToken: sandbox.developerToken,
            apiVersion: '62.0',
            jwt: {
                consumerKey: sandbox.jwt.consumerKey,
                username: 'integration@reply-sync.sandbox',
                audience: 'https://login.salesforce.com'
            }
        });
        expect(String((info.jwt as Row).privateKeyPem)).toContain('BEGIN PRIVATE KEY');
    });

    it('deploys Custom Metadata records: create, then replace, readable through SOQL and refused through DML', async () => {
        const created = await control('PUT', '/custom-metadata/Reply_Sync_Step/Custom_Calls', {
            label: 'Custom calls',
            values: {
                Step_Kind__c: 'Calls_To_Lead_Tasks',
                Profile__c: 'Custom',
                Active__c: true,
                Sort_Order__c: 200,
                Filter__c: '{"version":1,"filter":null}'
            }
        });
        expect(created.status).toBe(200);
        const id = (created.body as Row).Id as string;
        expect(id).toMatch(/^m0/);
        const conn = connect(sandbox);
        const read = await conn.query<Row>(
            "SELECT Id, DeveloperName, MasterLabel, Profile__c, Active__c, Sort_Order__c FROM Reply_Sync_Step__mdt WHERE DeveloperName = 'Custom_Calls'"
        );
        expect(read.records).toEqual([
            expect.objectContaining({
                Id: id,
                MasterLabel: 'Custom calls',
                Profile__c: 'Custom',
                Active__c: true,
                Sort_Order__c: 200
            })
        ]);
        await control('PUT', '/custom-metadata/Reply_Sync_Step__mdt/Custom_Calls', {
            label: 'Custom calls',
            values: { Step_Kind__c: 'Calls_To_Lead_Tasks', Active__c: false }
        });
        const replaced = sandbox.org.query(
            "SELECT Id, Active__c, Profile__c, Filter__c FROM Reply_Sync_Step__mdt WHERE DeveloperName = 'Custom_Calls'"
        );
        expect(replaced).toEqual([
            expect.objectContaining({ Id: id, Active__c: false, Profile__c: null, Filter__c: null })
        ]);
        const viaDml = await api(sandbox, 'PATCH', `/sobjects/Reply_Sync_Step__mdt/${id}`, {
            body: { Active__c: true }
        });
        expect(firstError(viaDml)).toMatchObject({
            errorCode: 'INVALID_TYPE_FOR_OPERATION',
            message: 'entity type cannot be updated: Reply Sync Step'
        });
        const badField = await control('PUT', '/custom-metadata/Reply_Sync_Step/Other', {
            label: 'x',
            values: { Nope__c: 1 }
        });
        expect(badField.status).toBe(400);
        const badPicklist = await control('PUT', '/custom-metadata/Reply_Sync_Step/Other', {
            label: 'x',
            values: { Profile__c: 'Weird' }
        });
        expect((badPicklist.body as Row).error).toContain('bad value for restricted picklist');
        const listed = (await control('GET', '/custom-metadata/Reply_Sync_Setting')).body as Row[];
        expect(listed.map((r) => r.DeveloperName)).toEqual(['Org_Default']);
        sandbox.org.setCustomMetadata('Reply_Sync_Setting', 'Org_Default', 'Org Default', {
            Enabled__c: true,
            Connected__c: true,
            Profile__c: 'Custom'
        });
        expect(sandbox.org.query('SELECT Connected__c, Profile__c FROM Reply_Sync_Setting__mdt')).toEqual([
            expect.objectContaining({ Connected__c: true, Profile__c: 'Custom' })
        ]);
    });

    it("sets the org's time zone, used for today's date literals", async () => {
        const response = await control('PUT', '/org', { timeZone: 'Pacific/Kiritimati' });
        expect(response.body).toMatchObject({ TimeZoneSidKey: 'Pacific/Kiritimati' });
        const org = await connect(sandbox).query<Row>('SELECT TimeZoneSidKey FROM Organization');
        expect(org.records[0]?.TimeZoneSidKey).toBe('Pacific/Kiritimati');
        expect((await control('PUT', '/org', { timeZone: 'Mars/Olympus' })).status).toBe(400);
        await control('PUT', '/org', { timeZone: 'America/Los_Angeles' });
    });

    it('resets and reseeds data, and issues refresh tokens', async () => {
        sandbox.org.insert('Account', { Name: 'Extra' });
        const reset = await control('POST', '/reset', { seed: { seed: 9, leads: 7, contacts: 0, accounts: 0 } });
        expect((reset.body as { counts: Record<string, number> }).counts).toMatchObject({ Lead: 7 });
        expect(sandbox.org.count('Account')).toBe(0);
        const empty = await control('POST', '/reset', { seed: false });
        expect((empty.body as { counts: Record<string, number> }).counts.Lead).toBeUndefined();
        const seeded = await control('POST', '/seed', { seed: 2, leads: 4, contacts: 1, accounts: 1 });
        expect((seeded.body as { counts: Record<string, number> }).counts).toMatchObject({
            Lead: 4,
            Contact: 1,
            Account: 1
        });
        const token = await control('POST', '/refresh-tokens', { username: 'integration@reply-sync.sandbox' });
        expect((token.body as Row).refresh_token).toMatch(/^5Aep861/);
        expect((await control('POST', '/refresh-tokens', { username: 'nobody@x.y' })).status).toBe(400);
        expect((await control('GET', '/nope')).status).toBe(404);
    });

    it('runs queries without accounting and resets statistics', async () => {
        sandbox.resetStats();
        const rows = (await control('GET', `/query?q=${encodeURIComponent('SELECT Id FROM Lead')}`)).body as Row[];
        expect(rows.length).toBe(sandbox.org.count('Lead'));
        await connect(sandbox).query('SELECT Id FROM Lead');
        expect(((await control('GET', '/stats')).body as Row).total).toBe(1);
        await control('POST', '/stats/reset');
        expect(sandbox.stats().total).toBe(0);
    });
});
