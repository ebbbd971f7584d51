import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../bridge/src/logging.ts';
import { SalesforceClient } from '../../bridge/src/salesforce/client.ts';
import { connectSalesforce } from '../../bridge/src/salesforce/connection.ts';
import { SalesforceUnavailableError } from '../../bridge/src/salesforce/errors.ts';
import { readOrg } from '../../bridge/src/salesforce/org.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../sandbox/salesforce/index.ts';

/** The Salesforce client's bounds and retries against the sandbox org's faults. */

const logger = createLogger({ level: 'silent' });
let sandbox: SalesforceSandbox;

async function client(options: { timeoutMs?: number } = {}): Promise<SalesforceClient> {
    const { conn } = await connectSalesforce(
        { kind: 'token', instanceUrl: sandbox.url, accessToken: sandbox.developerToken },
        '62.0'
    );
    return new SalesforceClient(conn, { logger, budgetShare: 0.8, retryDelayMs: 1, ...options });
}

beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ port: 0, seed: { seed: 5, leads: 5, contacts: 2, accounts: 1 } });
});
beforeEach(() => sandbox.faults.clear());
afterAll(() => sandbox.close());

describe('the Salesforce client', () => {
    it('sees an answer cut mid-body at once and asks again (jsforce alone would wait forever)', async () => {
        const salesforce = await client({ timeoutMs: 60_000 });
        sandbox.faults.set({ dropConnections: 1, dropStage: 'mid-body' });
        const leads = await salesforce.query('SELECT Id FROM Lead', 'Reading Leads');
        expect(leads).toHaveLength(5);
        expect(salesforce.calls).toBe(2);
    });

    it('gives up on a call with no answer after three attempts, and says the run stops', async () => {
        const salesforce = await client({ timeoutMs: 200 });
        sandbox.faults.set({ latencyMs: 1000 });
        const error = await salesforce.query('SELECT Id FROM Lead', 'Reading Leads').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SalesforceUnavailableError);
        expect((error as Error).message).toContain('no answer from');
        expect((error as Error).message).toContain('within 0.2 s');
        expect((error as Error).message).toContain('(3 attempts): the run stops here');
        expect(salesforce.calls).toBe(3);
    });

    it('does not send again a write whose answer was cut: it may have been carried out', async () => {
        const salesforce = await client();
        sandbox.faults.set({ dropConnections: 1, dropStage: 'mid-body' });
        const before = sandbox.org.count('ContentNote');
        const error = await salesforce
            .composite(
                [
                    {
                        method: 'POST',
                        url: salesforce.versioned('/sobjects/ContentNote'),
                        referenceId: 'note',
                        body: { Title: 'Once', Content: Buffer.from('<p>once</p>').toString('base64') }
                    }
                ],
                'Writing a note'
            )
            .catch((e: unknown) => e);
        expect((error as { code?: string }).code).toBe('UND_ERR_SOCKET');
        expect(salesforce.calls).toBe(1);
        expect(sandbox.org.count('ContentNote')).toBe(before + 1);
    });

    it('sends again, on their own, Composite subrequests that met lock contention, and what was halted behind them', async () => {
        const salesforce = await client();
        const lead = String(sandbox.org.query('SELECT Id FROM Lead LIMIT 1')[0]!.Id);
        sandbox.faults.set({ lockRowRate: 0.25, seed: 11 });
        const subrequests = [0, 1, 2, 3, 4, 5].flatMap((k) => [
            {
                method: 'POST' as const,
                url: salesforce.versioned('/sobjects/ContentNote'),
                referenceId: `note${k}`,
                body: { Title: `Lock ${k}`, Content: Buffer.from(`<p>${k}</p>`).toString('base64') }
            },
            {
                method: 'POST' as const,
                url: salesforce.versioned('/sobjects/ContentDocumentLink'),
                referenceId: `link${k}`,
                body: { ContentDocumentId: `@{note${k}.id}`, LinkedEntityId: lead, ShareType: 'V' }
            }
        ]);
        const answers = await salesforce.composite(subrequests, 'Writing notes');
        expect(answers.map((a) => a.referenceId)).toEqual(subrequests.map((s) => s.referenceId));
        expect(answers.every((a) => a.httpStatusCode < 300)).toBe(true);
        expect(salesforce.calls).toBeGreaterThan(1);
        // Each note once, each attached once.
        const notes = sandbox.org.query("SELECT Id, Title FROM ContentNote WHERE Title LIKE 'Lock %'");
        expect(notes.map((n) => n.Title).sort()).toEqual(['Lock 0', 'Lock 1', 'Lock 2', 'Lock 3', 'Lock 4', 'Lock 5']);
        for (const note of notes) {
            const links = sandbox.org.query(
                `SELECT Id FROM ContentDocumentLink WHERE ContentDocumentId = '${String(note.Id)}'`
            );
            expect(links, String(note.Title)).toHaveLength(1);
        }
    });

    it('reads the deletions of a time window in the run\u2019s first call, at no extra call', async () => {
        const salesforce = await client();
        const lead = String(sandbox.org.query('SELECT Id FROM Lead LIMIT 1')[0]!.Id);
        sandbox.org.delete('Lead', lead);
        sandbox.resetStats();
        const now = Date.now();
        const org = await readOrg(salesforce, undefined, {
            start: new Date(now - 3_600_000).toISOString(),
            end: new Date(now + 60_000).toISOString()
        });
        expect(org.deleted?.ids).toContain(lead);
        expect(sandbox.stats().total).toBe(1);
        // A window Salesforce refuses costs nothing either: the rest of the read stands.
        const refused = await readOrg(salesforce, undefined, {
            start: new Date(now).toISOString(),
            end: new Date(now - 3_600_000).toISOString()
        });
        expect(refused.deleted).toBeUndefined();
        expect(refused.steps.length).toBeGreaterThan(0);
    });
});
