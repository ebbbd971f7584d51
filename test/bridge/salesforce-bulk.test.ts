import jsforce from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bridge/src/config/env.ts';
import { createLogger } from '../../bridge/src/logging.ts';
import {
    QUERY_PAGE_SIZE,
    SalesforceBulk,
    pagesByLocator,
    parseErrorCell,
    toCsv,
    type BulkJobRef
} from '../../bridge/src/salesforce/bulk.ts';
import { SalesforceClient, type RecordOutcome, type SObjectRecord } from '../../bridge/src/salesforce/client.ts';
import { SalesforceError } from '../../bridge/src/salesforce/errors.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../sandbox/salesforce/index.ts';
import { KEY, keyCounts, prepareFailingLeads } from './failing-leads.ts';

const logger = createLogger({ level: 'silent' });

function clientFor(sandbox: SalesforceSandbox): SalesforceClient {
    const conn = new jsforce.Connection({
        instanceUrl: sandbox.url,
        accessToken: sandbox.developerToken,
        version: '62.0'
    });
    return new SalesforceClient(conn, { logger, budgetShare: 1, retryDelayMs: 1 });
}

const fastPolling = { initialMs: 1, factor: 2, maxMs: 5, timeoutMs: 5_000 };

function bulkFor(client: SalesforceClient): SalesforceBulk {
    return new SalesforceBulk(client, { logger, threshold: 2000, polling: fastPolling });
}

/** A "crash": the bridge process stops at a chosen call; nothing after it happens. */
class Crash extends Error {}

/** A client whose process dies just before the call `dies(req)` picks would be sent. */
function crashingClient(
    sandbox: SalesforceSandbox,
    dies: (req: { method: string; url: string; body?: unknown }) => boolean
) {
    const client = clientFor(sandbox);
    const request = client.request.bind(client);
    client.request = ((req, what, idempotent) => {
        if (dies(req)) throw new Crash(`crashed before ${req.method} ${req.url}`);
        return request(req, what, idempotent);
    }) as SalesforceClient['request'];
    return client;
}

const leads = (n: number, from = 0): Record<string, string>[] =>
    Array.from({ length: n }, (_, i) => ({
        [KEY]: `r${from + i}`,
        LastName: `Person ${from + i}`,
        Company: 'Acme',
        Email: `p${from + i}@example.com`
    }));

const shape = (outcomes: RecordOutcome[]) => outcomes.map((o) => (o.ok ? { ok: true, created: o.created } : o));

describe('Bulk API 2.0 client: the same per-record outcomes as sObject Collections', () => {
    let sandbox: SalesforceSandbox;
    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: false });
    });
    afterAll(() => sandbox.close());

    const prepare = () => prepareFailingLeads(sandbox);

    const upserts: SObjectRecord[] = [
        { [KEY]: 'new', LastName: 'New', Company: 'Acme', Email: 'new@example.com' },
        { [KEY]: 'exists', Title: 'Updated', Email: '' },
        { [KEY]: 'no-name', Company: 'Acme' },
        { [KEY]: 'bad-email', LastName: 'X', Company: 'Acme', Email: 'not-an-email' },
        { [KEY]: 'bad-status', LastName: 'X', Company: 'Acme', Status: 'Nope' },
        { [KEY]: 'converted', Title: 'Again' },
        { [KEY]: 'long', LastName: 'L'.repeat(81), Company: 'Acme' },
        { [KEY]: 'dupe', LastName: 'Dupe', Company: 'Acme', Email: 'taken@example.com' },
        { [KEY]: 'twice', LastName: 'A', Company: 'Acme' },
        { [KEY]: 'twice', LastName: 'B', Company: 'Acme' },
        { [KEY]: 'sets-converted', LastName: 'X', Company: 'Acme', IsConverted: true }
    ];

    it('upserts: every failed row carries the code, message and fields the collection gives', async () => {
        prepare();
        const viaCollections = await clientFor(sandbox).upsert('Lead', KEY, upserts);
        const collectionRows = sandbox.org.query(`SELECT ${KEY}, LastName, Title, Email FROM Lead ORDER BY ${KEY}`);
        prepare();
        const viaBulk = await bulkFor(clientFor(sandbox)).upsert('Lead', KEY, upserts);
        expect(shape(viaBulk)).toEqual(shape(viaCollections));
        expect(viaBulk.filter((o) => !o.ok).map((o) => (o.ok ? '' : o.issue.code))).toEqual([
            'REQUIRED_FIELD_MISSING',
            'INVALID_EMAIL_ADDRESS',
            'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            'CANNOT_UPDATE_CONVERTED_LEAD',
            'STRING_TOO_LONG',
            'DUPLICATES_DETECTED',
            'DUPLICATE_EXTERNAL_ID',
            'DUPLICATE_EXTERNAL_ID',
            'INVALID_FIELD_FOR_INSERT_UPDATE'
        ]);
        // Same records saved, '' cleared a field exactly as the collection did.
        expect(sandbox.org.query(`SELECT ${KEY}, LastName, Title, Email FROM Lead ORDER BY ${KEY}`)).toEqual(
            collectionRows
        );
    });

    it('updates by Id: the same outcomes as a collection update, ids included', async () => {
        const { converted, existing } = prepare();
        const updates = [
            { Id: existing, Title: 'CEO' },
            { Id: converted, Title: 'CEO' },
            { Id: existing.slice(0, 15), Email: 'bad' },
            { Id: '00Q5g0000000zzzEAA', Title: 'x' }
        ];
        const viaCollections = await clientFor(sandbox).update('Lead', updates);
        prepare();
        const viaBulk = await bulkFor(clientFor(sandbox)).update('Lead', updates);
        expect(viaBulk).toEqual(viaCollections);
        expect(viaBulk[0]).toEqual({ ok: true, id: existing, created: false });
    });

    it('writes rows that met lock contention again in a new job, as collections retry them', async () => {
        prepare();
        sandbox.bulk.setFaults({ lockRowRate: 0.5, seed: 7 });
        const outcomes = await bulkFor(clientFor(sandbox)).upsert('Lead', KEY, leads(40));
        expect(outcomes.every((o) => o.ok)).toBe(true);
        expect(sandbox.stats().byEndpoint['bulk.ingest']).toBeGreaterThan(1);
        expect([...keyCounts(sandbox).values()].every((n) => n === 1)).toBe(true);
    });
});

describe('Bulk API 2.0 client: crashes lose and duplicate nothing', () => {
    let sandbox: SalesforceSandbox;
    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: false });
    });
    beforeEach(() => {
        sandbox.reset(false);
        // Jobs move one step per status read, so a crash can be placed while one is InProgress.
        sandbox.bulk.setProcessing('poll');
        // Half the records already exist: the run both creates and updates.
        for (const record of leads(25)) sandbox.org.insert('Lead', record);
    });
    afterAll(() => sandbox.close());

    const records = leads(50);

    async function crashThenResume(dies: Parameters<typeof crashingClient>[1]) {
        const reported: BulkJobRef[] = [];
        const first = new SalesforceBulk(crashingClient(sandbox, dies), {
            logger,
            threshold: 2000,
            polling: fastPolling
        });
        await expect(
            first.upsert('Lead', KEY, records, { onJob: (job) => void reported.push(job) })
        ).rejects.toBeInstanceOf(Crash);
        expect(reported).toHaveLength(1);
        const jobsBefore = sandbox.stats().byEndpoint['bulk.ingest'] ?? 0;
        const outcomes = await bulkFor(clientFor(sandbox)).upsert('Lead', KEY, records, {
            resumeJobId: reported[0]?.id
        });
        const counts = keyCounts(sandbox);
        expect(counts.size).toBe(50);
        expect([...counts.values()].every((n) => n === 1)).toBe(true);
        expect(outcomes.every((o) => o.ok)).toBe(true);
        return {
            outcomes,
            newJobs: (sandbox.stats().byEndpoint['bulk.ingest'] ?? 0) - jobsBefore,
            job: reported[0] as BulkJobRef
        };
    }

    it('between upload and close: the open job is aborted and a new one writes every record once', async () => {
        const { newJobs, job } = await crashThenResume((req) => req.method === 'PATCH');
        expect(newJobs).toBe(1);
        const old = await clientFor(sandbox).request<{ state: string }>(
            { method: 'GET', url: `/jobs/ingest/${job.id}` },
            'read'
        );
        expect(old.state).toBe('Aborted');
    });

    it('during polling: the closed job is polled to its end and its results read, nothing uploaded again', async () => {
        const { outcomes, newJobs } = await crashThenResume(
            (req) => req.method === 'GET' && /\/jobs\/ingest\/\w+$/.test(req.url)
        );
        expect(newJobs).toBe(0);
        expect(outcomes.filter((o) => o.ok && o.created)).toHaveLength(25);
    });

    it('before the hook reported anything there is no job to resume; the next attempt writes all once', async () => {
        const first = new SalesforceBulk(
            crashingClient(sandbox, (req) => req.method === 'POST'),
            { logger, threshold: 2000, polling: fastPolling }
        );
        await expect(first.upsert('Lead', KEY, records)).rejects.toBeInstanceOf(Crash);
        expect((await bulkFor(clientFor(sandbox)).upsert('Lead', KEY, records)).every((o) => o.ok)).toBe(true);
        expect([...keyCounts(sandbox).values()].every((n) => n === 1)).toBe(true);
    });

    it('creates a job again when the answer to its creation was lost, and writes every record once', async () => {
        const jobsBefore = sandbox.stats().byEndpoint['bulk.ingest'] ?? 0;
        // Salesforce creates the job, then the connection drops before the answer (as when a kept-alive connection
        // the server just closed is reused).
        sandbox.faults.set({ dropConnections: 1, dropStage: 'before-headers' });
        const reported: BulkJobRef[] = [];
        const outcomes = await bulkFor(clientFor(sandbox)).upsert('Lead', KEY, records, {
            onJob: (job) => void reported.push(job)
        });
        expect(outcomes.every((o) => o.ok)).toBe(true);
        expect(outcomes.filter((o) => o.ok && o.created)).toHaveLength(25);
        expect([...keyCounts(sandbox).values()].every((n) => n === 1)).toBe(true);
        // Two jobs created, one used (and reported); the first got no data and stays Open.
        expect((sandbox.stats().byEndpoint['bulk.ingest'] ?? 0) - jobsBefore).toBe(2);
        expect(reported).toHaveLength(1);
    });

    it('creates a query job again when the answer to its creation was lost, and reads every row once', async () => {
        sandbox.faults.set({ dropConnections: 1, dropStage: 'before-headers' });
        const rows: SObjectRecord[] = [];
        for await (const page of bulkFor(clientFor(sandbox)).queryPages(`SELECT ${KEY} FROM Lead`)) rows.push(...page);
        expect(rows.map((r) => r[KEY]).sort()).toEqual(
            leads(25)
                .map((r) => r[KEY])
                .sort()
        );
    });

    it('a job Salesforce fails is a failed write that names the job; writing again completes it, once', async () => {
        sandbox.bulk.setFaults({ failJobs: 1, failAfterRecords: 10 });
        const bulk = bulkFor(clientFor(sandbox));
        const failure = await bulk.upsert('Lead', KEY, records).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(SalesforceError);
        expect((failure as SalesforceError).code).toBe('BULK_JOB_FAILED');
        expect((failure as SalesforceError).message).toMatch(
            /Bulk ingest job 750\w+ of Lead ended Failed: .*10 records processed/
        );
        expect((await bulk.upsert('Lead', KEY, records)).every((o) => o.ok)).toBe(true);
        expect([...keyCounts(sandbox).values()].every((n) => n === 1)).toBe(true);
    });

    it('refuses to resume a job of another object or operation', async () => {
        const job = await bulkFor(clientFor(sandbox)).update('Lead', [], {});
        expect(job).toEqual([]);
        const reported: BulkJobRef[] = [];
        await bulkFor(clientFor(sandbox)).update(
            'Lead',
            [{ Id: sandbox.org.query('SELECT Id FROM Lead LIMIT 1')[0]?.Id as string, Title: 'x' }],
            {
                onJob: (j) => void reported.push(j)
            }
        );
        const error = await bulkFor(clientFor(sandbox))
            .upsert('Lead', KEY, records, { resumeJobId: reported[0]?.id })
            .catch((e: unknown) => e);
        expect((error as SalesforceError).code).toBe('BULK_RESUME_MISMATCH');
    });
});

describe('Bulk API 2.0 query pages', () => {
    let sandbox: SalesforceSandbox;
    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: { seed: 1, leads: 2500, contacts: 0, accounts: 5 } });
    });
    afterAll(() => sandbox.close());

    it('streams a query job page by page, each at most pageSize rows, shaped like REST rows', async () => {
        const client = clientFor(sandbox);
        const describe = await client.describe('Lead');
        const sizes: number[] = [];
        const names = new Set<string>();
        let first: SObjectRecord | undefined;
        for await (const page of bulkFor(client).queryPages(
            'SELECT Id, LastName, Owner.Name, IsConverted, NumberOfEmployees FROM Lead',
            {
                pageSize: 1000,
                describe
            }
        )) {
            sizes.push(page.length);
            first ??= page[0];
            for (const row of page) names.add(row.Id as string);
        }
        expect(sizes).toEqual([1000, 1000, 500]);
        expect(names.size).toBe(2500);
        expect(first).toMatchObject({ Owner: { Name: expect.any(String) }, IsConverted: false });
        expect(first?.NumberOfEmployees === null || typeof first?.NumberOfEmployees === 'number').toBe(true);
        expect(sandbox.stats().byEndpoint['bulk.query.results']).toBe(3);
    });

    it('holds at most the page being read and one page ahead, whatever the number of pages', async () => {
        let fetched = 0;
        let consumed = 0;
        let mostHeld = 0;
        const pages = 50;
        const fetchPage = async (locator: string | undefined) => {
            fetched++;
            mostHeld = Math.max(mostHeld, fetched - consumed);
            await new Promise((resolve) => setImmediate(resolve));
            const n = locator === undefined ? 0 : Number(locator);
            return {
                page: Array.from({ length: QUERY_PAGE_SIZE }, (_, i) => n * QUERY_PAGE_SIZE + i),
                next: n + 1 < pages ? String(n + 1) : undefined
            };
        };
        let total = 0;
        for await (const page of pagesByLocator(fetchPage, 1)) {
            expect(page.length).toBeLessThanOrEqual(QUERY_PAGE_SIZE);
            total += page.length;
            await new Promise((resolve) => setTimeout(resolve, 1));
            consumed++;
        }
        expect(total).toBe(pages * QUERY_PAGE_SIZE);
        expect(mostHeld).toBe(2);
        fetched = consumed = mostHeld = 0;
        for await (const _page of pagesByLocator(fetchPage, 0)) consumed++;
        expect(mostHeld).toBe(1);
    });

    it('stops cleanly when the consumer stops early, even if the page read ahead fails', async () => {
        const fetchPage = async (locator: string | undefined) => {
            if (locator !== undefined) throw new Error('page 2 failed');
            return { page: [1], next: 'x' };
        };
        for await (const page of pagesByLocator(fetchPage, 1)) {
            expect(page).toEqual([1]);
            break;
        }
        await expect(async () => {
            for await (const _page of pagesByLocator(fetchPage, 1)) {
                // keep reading: the failure of page 2 reaches the consumer
            }
        }).rejects.toThrow('page 2 failed');
    });
});

describe('Bulk API 2.0 client: CSV, errors and the threshold', () => {
    it('writes missing fields as empty cells (left alone) and null or empty values as #N/A (cleared)', () => {
        expect(
            toCsv(
                [
                    { [KEY]: 'a', Title: null, Email: '' },
                    { [KEY]: 'b, "c"', Company: 'X' }
                ],
                KEY
            )
        ).toBe(`${KEY},Title,Email,Company\na,#N/A,#N/A,\n"b, ""c""",,,X\n`);
    });

    it('reads sf__Error cells into code, message and fields', () => {
        expect(parseErrorCell('REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --')).toEqual({
            code: 'REQUIRED_FIELD_MISSING',
            message: 'Required fields are missing: [LastName]',
            fields: ['LastName']
        });
        expect(parseErrorCell('INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--')).toEqual({
            code: 'INVALID_CROSS_REFERENCE_KEY',
            message: 'invalid cross reference id',
            fields: []
        });
        expect(parseErrorCell('something odd')).toEqual({ code: 'UNKNOWN', message: 'something odd', fields: [] });
    });

    it('reads SALESFORCE_BULK_THRESHOLD (default 2,000, at least 200) and decides by it', () => {
        const env = {
            SALESFORCE_INSTANCE_URL: 'https://acme.my.salesforce.com',
            SALESFORCE_ACCESS_TOKEN: '00D!token',
            REPLY_API_KEY: 'k'
        };
        expect(loadConfig(env).salesforce.bulkThreshold).toBe(2000);
        expect(loadConfig({ ...env, SALESFORCE_BULK_THRESHOLD: '50000' }).salesforce.bulkThreshold).toBe(50_000);
        expect(() => loadConfig({ ...env, SALESFORCE_BULK_THRESHOLD: '100' })).toThrow(
            'SALESFORCE_BULK_THRESHOLD=100: must be at least 200 (one sObject Collections call)'
        );
        const bulk = new SalesforceBulk({} as SalesforceClient, { logger, threshold: 2000 });
        expect([bulk.worthBulk(2000), bulk.worthBulk(2001)]).toEqual([false, true]);
    });
});
