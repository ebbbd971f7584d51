import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkSalesforceOrg } from '../../bridge/src/cli/doctor-salesforce.ts';
import type { Finding } from '../../bridge/src/cli/doctor.ts';
import { createLogger } from '../../bridge/src/logging.ts';
import { SalesforceClient } from '../../bridge/src/salesforce/client.ts';
import { connectSalesforce } from '../../bridge/src/salesforce/connection.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../sandbox/salesforce/index.ts';

const logger = createLogger({ level: 'silent' });
const INTEGRATION = 'integration@reply-sync.sandbox';

/** doctor's org checks against the sandbox org, set up as an admin would (or would forget to). */
describe("doctor's Salesforce org checks", () => {
    let sandbox: SalesforceSandbox;
    let client: SalesforceClient;
    const control = (method: string, path: string, body?: unknown) =>
        fetch(`${sandbox.url}/__sandbox${path}`, {
            method,
            headers: { 'content-type': 'application/json' },
            ...(body === undefined ? {} : { body: JSON.stringify(body) })
        });
    const check = async (options: { publicUrl?: string } = {}): Promise<Map<string, Finding>> =>
        new Map((await checkSalesforceOrg(client, options)).map((f) => [f.check, f]));
    const aRep = () =>
        String(
            sandbox.org.query(
                `SELECT Username FROM User WHERE Profile.Name = 'Standard User' AND IsActive = true ORDER BY Username LIMIT 1`
            )[0]?.Username
        );
    /** A Salesforce admin (System Administrator) holds Reply_Sync_Admin; the Named Credential points at the bridge. */
    const deployedAsTheReadmeSays = async () => {
        const admin = aRep();
        await control('PUT', `/users/${admin}`, { profile: 'System Administrator' });
        await control('PUT', `/users/${admin}/permission-sets/Reply_Sync_Admin`);
        await control('PUT', '/named-credentials/Reply_Bridge', { url: 'https://bridge.acme.com' });
    };

    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: { leads: 1, contacts: 1, accounts: 1 } });
        const { conn } = await connectSalesforce(
            { kind: 'token', instanceUrl: sandbox.url, accessToken: sandbox.developerToken },
            '62.0'
        );
        client = new SalesforceClient(conn, { logger, budgetShare: 0.8, attempts: 1 });
    });
    beforeEach(() => sandbox.reset());
    afterAll(() => sandbox.close());

    it('pass on an org deployed and set up as the README says, in two API calls', async () => {
        await deployedAsTheReadmeSays();
        sandbox.resetStats();
        const findings = await check({ publicUrl: 'https://bridge.acme.com/' });
        expect([...findings.values()].filter((f) => !f.ok)).toEqual([]);
        expect(findings.get('Salesforce access: Task')?.detail).toBe('create and update, 1 fields');
        expect(findings.get('Integration permission set')?.detail).toBe(
            `Reply_Sync_Integration is assigned to ${INTEGRATION}`
        );
        expect(findings.get('Named Credential Reply_Bridge')?.detail).toContain('https://bridge.acme.com');
        // Who-am-I (2 calls with a plain access token), the Composite of describes and queries, the admins' check.
        expect(sandbox.stats().total).toBeLessThanOrEqual(4);
    });

    it('say the Named Credential is still the placeholder, or points elsewhere than BRIDGE_PUBLIC_URL', async () => {
        await control('PUT', `/users/${INTEGRATION}/permission-sets/Reply_Sync_Admin`);
        const placeholder = (await check()).get('Named Credential Reply_Bridge');
        expect(placeholder).toMatchObject({ ok: false, detail: expect.stringContaining('still the placeholder') });
        expect(placeholder?.fix).toContain('Setup > Named Credentials > Reply_Bridge, set URL to');
        await control('PUT', '/named-credentials/Reply_Bridge', { url: 'http://bridge.acme.com' });
        expect((await check()).get('Named Credential Reply_Bridge')?.detail).toContain('is not HTTPS');
        await control('PUT', '/named-credentials/Reply_Bridge', { url: 'https://old.acme.com' });
        const elsewhere = (await check({ publicUrl: 'https://bridge.acme.com' })).get('Named Credential Reply_Bridge');
        expect(elsewhere).toMatchObject({
            ok: false,
            fix: expect.stringContaining('set URL to https://bridge.acme.com')
        });
    });

    it('say nobody can configure, and which admins cannot save without Customize Application', async () => {
        expect((await check()).get('Admins who configure')).toMatchObject({
            ok: false,
            detail: expect.stringContaining('no active user holds Reply_Sync_Admin'),
            fix: 'sf org assign permset --name Reply_Sync_Admin --on-behalf-of <admin username>'
        });
        const rep = String(
            sandbox.org.query(
                `SELECT Username FROM User WHERE Profile.Name = 'Standard User' AND IsActive = true LIMIT 1`
            )[0]?.Username
        );
        await control('PUT', `/users/${rep}/permission-sets/Reply_Sync_Admin`);
        expect((await check()).get('Admins who configure')).toMatchObject({
            ok: false,
            detail: `${rep} holds Reply_Sync_Admin without Customize Application: they can run Sync now but not save changes (saving deploys Custom Metadata)`
        });
        await control('PUT', `/users/${INTEGRATION}/permission-sets/Reply_Sync_Admin`);
        expect((await check()).get('Admins who configure')?.ok).toBe(true);
    });

    it('say exactly what an integration user on the minimum-access profile lacks without its permission set', async () => {
        await deployedAsTheReadmeSays();
        await control('PUT', `/users/${INTEGRATION}`, { profile: 'Minimum Access - API Only Integrations' });
        expect([...(await check()).values()].filter((f) => !f.ok)).toEqual([]);

        await control('DELETE', `/users/${INTEGRATION}/permission-sets/Reply_Sync_Integration`);
        const findings = await check();
        expect(findings.get('Salesforce access: Lead')).toMatchObject({
            ok: false,
            detail: expect.stringMatching(
                /^the integration user cannot create or update Lead records; missing or read-only fields: Reply_Contact_Id__c/
            ),
            fix: expect.stringContaining('sf org assign permset --name Reply_Sync_Integration --on-behalf-of')
        });
        expect(findings.get('Salesforce access: Task')).toMatchObject({
            ok: false,
            detail: 'the integration user cannot create or update Task records; missing or read-only fields: Reply_Activity_Id__c',
            fix: expect.stringContaining('Reply_Sync_Integration grants Edit Tasks')
        });
        expect(findings.get('Salesforce access: Reply_Sync_Log__c')?.detail).toContain('Run_Step_Key__c');
        expect(findings.get('Salesforce access: ContentNote')?.ok).toBe(true);
        // Without View Setup and Configuration (which Reply_Sync_Integration grants) assignments cannot be read.
        expect(findings.get('Integration permission set')).toMatchObject({
            ok: false,
            detail: expect.stringContaining("the integration user's permission sets cannot be read: INVALID_TYPE"),
            fix: expect.stringContaining('sf org assign permset --name Reply_Sync_Integration')
        });
        expect(findings.get('Named Credential Reply_Bridge')).toMatchObject({
            ok: false,
            detail: expect.stringContaining('INVALID_TYPE'),
            fix: expect.stringContaining('View Setup and Configuration')
        });
    });

    it('say the integration permission set is missing when the user can still read assignments', async () => {
        await deployedAsTheReadmeSays();
        await control('DELETE', `/users/${INTEGRATION}/permission-sets/Reply_Sync_Integration`);
        expect((await check()).get('Integration permission set')).toMatchObject({
            ok: false,
            detail: `Reply_Sync_Integration is not assigned to ${INTEGRATION}`,
            fix: `sf org assign permset --name Reply_Sync_Integration --on-behalf-of ${INTEGRATION}`
        });
    });
});
