import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../bridge/src/logging.ts';
import { SalesforceClient } from '../../bridge/src/salesforce/client.ts';
import { connectSalesforce } from '../../bridge/src/salesforce/connection.ts';
import { audienceFor } from '../../bridge/src/salesforce/jwt.ts';
import { readOrg } from '../../bridge/src/salesforce/org.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../sandbox/salesforce/index.ts';

const logger = createLogger({ level: 'silent' });

describe('the JWT audience', () => {
    it.each([
        ['https://login.salesforce.com', 'https://login.salesforce.com'],
        ['https://acme.my.salesforce.com', 'https://login.salesforce.com'],
        ['https://acme.my.salesforce.com/', 'https://login.salesforce.com'],
        ['http://127.0.0.1:4010', 'https://login.salesforce.com'],
        ['https://test.salesforce.com', 'https://test.salesforce.com'],
        ['https://acme--uat.sandbox.my.salesforce.com', 'https://test.salesforce.com'],
        ['https://acme--uat.my.salesforce.com', 'https://test.salesforce.com'],
        ['https://power-fun-1234.scratch.my.salesforce.com', 'https://test.salesforce.com'],
        ['https://cs42.salesforce.com', 'https://test.salesforce.com'],
        ['https://acme.my.site.com/customers/', 'https://acme.my.site.com/customers'],
        ['https://acme.force.com/partners', 'https://acme.force.com/partners']
    ])('for the login URL %s is %s', (loginUrl, audience) => {
        expect(audienceFor(loginUrl)).toBe(audience);
    });
});

describe('logging in and reading the org', () => {
    let sandbox: SalesforceSandbox;
    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: false });
    });
    afterAll(() => sandbox.close());

    it('logs in through a My Domain-style login URL, which Salesforce refuses as the audience itself', async () => {
        const { conn, userId } = await connectSalesforce(
            {
                kind: 'jwt',
                loginUrl: sandbox.url,
                clientId: sandbox.jwt.consumerKey,
                username: sandbox.jwt.username,
                privateKey: sandbox.jwt.privateKeyPem
            },
            '62.0'
        );
        expect(conn.instanceUrl).toBe(sandbox.url);
        expect(userId).toBe(sandbox.org.integrationUserId);
    });

    it('reads steps, setting, statuses, time zone, describes and the allowance in one API call', async () => {
        const { conn } = await connectSalesforce(
            { kind: 'token', instanceUrl: sandbox.url, accessToken: sandbox.developerToken },
            '62.0'
        );
        const client = new SalesforceClient(conn, { logger, budgetShare: 0.8, attempts: 1 });
        sandbox.resetStats();
        const org = await readOrg(client);
        const stats = sandbox.stats();
        expect(stats.total).toBe(1);
        expect(stats.byEndpoint).toEqual({ composite: 1 });
        expect(stats.compositeSubrequests.limits).toBeUndefined();
        expect(org.setting?.Enabled__c).toBeDefined();
        expect(org.leadStatuses.length).toBeGreaterThan(0);
        expect([...org.describes.keys()]).toEqual(['Lead', 'Contact', 'Task']);
        expect(org.describes.get('Task')?.fields.some((f) => f.name === 'Reply_Activity_Id__c')).toBe(true);
        expect(org.apiLimit).toEqual({ max: 100_000, remaining: 100_000 - sandbox.stats().apiUsage.used });
    });
});
