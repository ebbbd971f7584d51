import jsforce from 'jsforce';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bridge/src/config/env.ts';
import { createLogger } from '../../bridge/src/logging.ts';
import { SalesforceApi } from '../../bridge/src/salesforce/api.ts';
import { readChanges, type SalesforceCursor } from '../../bridge/src/salesforce/changes.ts';
import { SalesforceClient, type RecordOutcome, type SObjectRecord } from '../../bridge/src/salesforce/client.ts';
import { bulkHonours, saveHeaders, distinctIds } from '../../bridge/src/salesforce/record-writer.ts';
import { openStore, type Store } from '../../bridge/src/store/store.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../sandbox/salesforce/index.ts';
import { sqliteUrl } from './databases.ts';
import { KEY, keyCounts, prepareFailingLeads } from './failing-leads.ts';

/**
 * The product's Salesforce writes and change reads (SalesforceApi: the RecordWriter and readChanges) against the
 * sandbox over HTTP: a batch above the threshold goes through Bulk API 2.0 jobs and gives the very outcomes a
 * collection gives; a crash of the bridge mid-job loses and duplicates nothing; a large read through a Bulk query job
 * yields the same records and cursors as REST.
 */

const logger = createLogger({ level: 'silent' });
/** What People -> Leads sends: Bulk jobs run no assignment rule, exactly like this header. */
const NO_AUTO_ASSIGN = { 'Sforce-Auto-Assign': 'FALSE' };
/** The lowest threshold SALESFORCE_BULK_THRESHOLD allows: one collection call. */
const THRESHOLD = 200;
const fastPolling = { initialMs: 1, factor: 2, maxMs: 5, timeoutMs: 5_000 };

function connection(sandbox: SalesforceSandbox) {
    return new jsforce.Connection({ instanceUrl: sandbox.url, accessToken: sandbox.developerToken, version: '62.0' });
}

/** The client the bridge runs on, journalling Bulk jobs in `store`. */
function apiFor(sandbox: SalesforceSandbox, store: Store, queryThreshold = 1_000_000): SalesforceApi {
    return new SalesforceApi(connection(sandbox), {
        logger,
        budgetShare: 1,
        retryDelayMs: 1,
        bulk: { threshold: THRESHOLD, queryThreshold, polling: fastPolling, journal: store.bulkJobs }
    });
}

/** sObject Collections only, as the bridge wrote before Bulk. */
function collectionsFor(sandbox: SalesforceSandbox): SalesforceClient {
    return new SalesforceClient(connection(sandbox), { logger, budgetShare: 1, retryDelayMs: 1 });
}

/** A "crash": the bridge process dies just before the call `dies` picks would be sent; nothing after it happens. */
class Crash extends Error {}
function crashing(api: SalesforceApi, dies: (req: { method: string; url: string }) => boolean): SalesforceApi {
    const request = api.request.bind(api);
    api.request = ((req, what, idempotent) => {
        if (dies(req)) throw new Crash(`crashed before ${req.method} ${req.url}`);
        return request(req, what, idempotent);
    }) as SalesforceApi['request'];
    return api;
}

const leads = (n: number, from = 0, title = 'Engineer'): Record<string, string>[] =>
    Array.from({ length: n }, (_, i) => ({
        [KEY]: `r${from + i}`,
        LastName: `Person ${from + i}`,
        Company: 'Acme',
        Email: `p${from + i}@example.com`,
        Title: title
    }));

const uploads = (sandbox: SalesforceSandbox) => sandbox.stats().byEndpoint['bulk.ingest.upload'] ?? 0;
const collectionCalls = (sandbox: SalesforceSandbox) =>
    Object.entries(sandbox.stats().byEndpoint)
        .filter(([name]) => name.startsWith('collections.'))
        .reduce((sum, [, n]) => sum + n, 0);

describe('the record writer: the same outcomes through Bulk jobs as through collections', () => {
    let sandbox: SalesforceSandbox;
    let store: Store;
    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: false });
        store = await openStore(sqliteUrl());
    });
    afterAll(async () => {
        await store.close();
        await sandbox.close();
    });

    const prepare = () => prepareFailingLeads(sandbox);

    const bad: SObjectRecord[] = [
        { [KEY]: 'exists', Title: 'Updated', Email: '' },
        { [KEY]: 'no-name', Company: 'Acme' },
        { [KEY]: 'bad-email', LastName: 'X', Company: 'Acme', Email: 'not-an-email' },
        { [KEY]: 'bad-status', LastName: 'X', Company: 'Acme', Status: 'Nope' },
        { [KEY]: 'converted', Title: 'Again' },
        { [KEY]: 'long', LastName: 'L'.repeat(81), Company: 'Acme' },
        { [KEY]: 'dupe', LastName: 'Dupe', Company: 'Acme', Email: 'taken@example.com' },
        { [KEY]: 'twice', LastName: 'A', Company: 'Acme' },
        { [KEY]: 'twice', LastName: 'B', Company: 'Acme' }
    ];
    // Enough good records around the bad ones to go over the threshold.
    const batch = [...leads(120), ...bad, ...leads(120, 120)];

    const errors = (outcomes: RecordOutcome[]) =>
        outcomes.flatMap((o, i) => (o.ok ? [] : [{ record: batch[i]?.[KEY], ...o.issue }]));

    it('upserts above the threshold go through a Bulk job; each failed row is the collection record error, code, message and fields', async () => {
        prepare();
        const viaCollections = await collectionsFor(sandbox).upsert('Lead', KEY, batch, NO_AUTO_ASSIGN);
        const savedByCollections = sandbox.org.query(`SELECT ${KEY}, LastName, Title, Email FROM Lead ORDER BY ${KEY}`);

        prepare();
        const api = apiFor(sandbox, store);
        const [uploadsBefore, collectionsBefore] = [uploads(sandbox), collectionCalls(sandbox)];
        const viaWriter = await api.upsert('Lead', KEY, batch, NO_AUTO_ASSIGN);
        expect(uploads(sandbox) - uploadsBefore).toBe(1);
        expect(collectionCalls(sandbox) - collectionsBefore).toBe(0);

        expect(errors(viaWriter)).toEqual(errors(viaCollections));
        expect(errors(viaWriter).map((e) => e.code)).toEqual([
            'REQUIRED_FIELD_MISSING',
            'INVALID_EMAIL_ADDRESS',
            'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            'CANNOT_UPDATE_CONVERTED_LEAD',
            'STRING_TOO_LONG',
            'DUPLICATES_DETECTED',
            'DUPLICATE_EXTERNAL_ID',
            'DUPLICATE_EXTERNAL_ID'
        ]);
        expect(errors(viaWriter)[0]).toMatchObject({ record: 'no-name', fields: ['LastName'] });
        expect(viaWriter.map((o) => o.ok && o.created)).toEqual(viaCollections.map((o) => o.ok && o.created));
        expect(sandbox.org.query(`SELECT ${KEY}, LastName, Title, Email FROM Lead ORDER BY ${KEY}`)).toEqual(
            savedByCollections
        );
        expect(await store.bulkJobs.ofObject('Lead')).toEqual([]);
    });

    it('updates by Id above the threshold: the same outcomes as a collection update', async () => {
        const { existing, converted } = prepare();
        const updates: SObjectRecord[] = [
            { Id: existing, Title: 'CEO' },
            { Id: converted, Title: 'CEO' },
            { Id: '00Q5g0000000zzzEAA', Title: 'x' },
            { Id: sandbox.org.insert('Lead', { LastName: 'Bad', Company: 'Acme' }), Email: 'bad' }
        ];
        // Over the threshold with more updates of other Leads.
        for (let i = 0; i < THRESHOLD; i++) {
            updates.push({ Id: sandbox.org.insert('Lead', { LastName: `U${i}`, Company: 'Acme' }), Title: 'x' });
        }
        const viaCollections = await collectionsFor(sandbox).update('Lead', updates, NO_AUTO_ASSIGN);
        const uploadsBefore = uploads(sandbox);
        const viaWriter = await apiFor(sandbox, store).update('Lead', updates, NO_AUTO_ASSIGN);
        expect(uploads(sandbox) - uploadsBefore).toBeGreaterThanOrEqual(1);
        expect(viaWriter).toEqual(viaCollections);
        expect(viaWriter.slice(0, 4).map((o) => (o.ok ? 'ok' : o.issue.code))).toEqual([
            'ok',
            'CANNOT_UPDATE_CONVERTED_LEAD',
            'INVALID_CROSS_REFERENCE_KEY',
            'INVALID_EMAIL_ADDRESS'
        ]);
    });

    it('an update that names one record twice goes through collections, which apply the two in order', async () => {
        const { existing } = prepare();
        const updates: SObjectRecord[] = [{ Id: existing, Title: 'First' }];
        for (let i = 0; i < THRESHOLD; i++) {
            updates.push({ Id: sandbox.org.insert('Lead', { LastName: `U${i}`, Company: 'Acme' }), Title: 'x' });
        }
        updates.push({ Id: existing.slice(0, 15), Title: 'Second' });
        const uploadsBefore = uploads(sandbox);
        const outcomes = await apiFor(sandbox, store).update('Lead', updates, NO_AUTO_ASSIGN);
        expect(uploads(sandbox)).toBe(uploadsBefore);
        expect(outcomes.every((o) => o.ok)).toBe(true);
        expect(sandbox.org.get(existing)).toMatchObject({ Title: 'Second' });
    });

    it('at or below the threshold, and where a Bulk job would save differently, writes through collections', async () => {
        prepare();
        const api = apiFor(sandbox, store);
        const [uploadsBefore, collectionsBefore] = [uploads(sandbox), collectionCalls(sandbox)];
        await api.upsert('Lead', KEY, leads(THRESHOLD), NO_AUTO_ASSIGN);
        expect(uploads(sandbox) - uploadsBefore).toBe(0);
        // A Lead upsert that asks for the assignment rule (Sforce-Auto-Assign: TRUE) runs it; a Bulk job would not.
        await api.upsert('Lead', KEY, leads(THRESHOLD + 1, 1000), { 'Sforce-Auto-Assign': 'TRUE' });
        expect(uploads(sandbox) - uploadsBefore).toBe(0);
        expect(collectionCalls(sandbox) - collectionsBefore).toBe(3);
        // Without headers the bridge's writes run no assignment rule, so Bulk saves a Lead as a collection would.
        await api.upsert('Lead', KEY, leads(THRESHOLD + 1, 3000));
        expect(uploads(sandbox) - uploadsBefore).toBe(1);
        // A Contact has no assignment rule: Bulk saves it as a collection would.
        await api.upsert(
            'Contact',
            KEY,
            leads(THRESHOLD + 1, 2000).map(({ Company: _c, ...rest }) => rest)
        );
        expect(uploads(sandbox) - uploadsBefore).toBe(2);
    });

    it('never lets an assignment rule run on its writes unless the caller asks for it', () => {
        expect(saveHeaders(undefined)).toEqual({ 'Sforce-Auto-Assign': 'FALSE' });
        expect(saveHeaders({ 'Sforce-Duplicate-Rule-Header': 'allowSave=true' })).toEqual({
            'Sforce-Auto-Assign': 'FALSE',
            'Sforce-Duplicate-Rule-Header': 'allowSave=true'
        });
        expect(saveHeaders({ 'sforce-auto-assign': 'TRUE' })).toEqual({ 'sforce-auto-assign': 'TRUE' });
    });

    it('decides which writes a Bulk job saves exactly as a collection would', () => {
        expect(bulkHonours('Lead', NO_AUTO_ASSIGN)).toBe(true);
        expect(bulkHonours('Lead', { 'sforce-auto-assign': 'false' })).toBe(true);
        expect(bulkHonours('Lead', undefined)).toBe(false);
        expect(bulkHonours('Lead', { 'Sforce-Auto-Assign': 'TRUE' })).toBe(false);
        expect(bulkHonours('Case', undefined)).toBe(false);
        expect(bulkHonours('Account', undefined)).toBe(false);
        expect(bulkHonours('Task', undefined)).toBe(true);
        expect(bulkHonours('Contact', { 'Sforce-Duplicate-Rule-Header': 'allowSave=true' })).toBe(false);
        expect(distinctIds([{ Id: '00Q5g0000000001EAA' }, { Id: '00Q5g0000000002EAA' }])).toBe(true);
        expect(distinctIds([{ Id: '00Q5g0000000001EAA' }, { Id: '00Q5g0000000001' }])).toBe(false);
    });
});

describe('the record writer after a crash: nothing lost, nothing written twice', () => {
    let sandbox: SalesforceSandbox;
    let url: string;
    let store: Store;
    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: false });
    });
    beforeEach(async () => {
        url = sqliteUrl();
        store = await openStore(url);
        sandbox.reset(false);
        // Jobs move one step per status read, so the crash can come while one is InProgress.
        sandbox.bulk.setProcessing('poll');
        // Half the records exist already: the write both creates and updates.
        for (const record of leads(150)) sandbox.org.insert('Lead', record);
    });
    afterEach(async () => store.close());
    afterAll(() => sandbox.close());

    const records = leads(300);

    /** The first bridge dies at `dies`; a new one (a new process: a new client, the store opened again) writes on. */
    async function crashThenWrite(dies: (req: { method: string; url: string }) => boolean, again = records) {
        const first = crashing(apiFor(sandbox, store), dies);
        await expect(first.upsert('Lead', KEY, records, NO_AUTO_ASSIGN)).rejects.toBeInstanceOf(Crash);
        const [left] = await store.bulkJobs.ofObject('Lead');
        expect(left, 'the job is journalled before its data goes up').toBeDefined();
        await store.close();
        store = await openStore(url);
        const uploadsBefore = uploads(sandbox);
        const outcomes = await apiFor(sandbox, store).upsert('Lead', KEY, again, NO_AUTO_ASSIGN);
        const counts = keyCounts(sandbox);
        expect(counts.size).toBe(300);
        expect([...counts.values()].every((n) => n === 1)).toBe(true);
        expect(outcomes.every((o) => o.ok)).toBe(true);
        expect(await store.bulkJobs.ofObject('Lead'), 'the journal row goes once outcomes are read').toEqual([]);
        return { outcomes, newUploads: uploads(sandbox) - uploadsBefore, job: left!.jobId };
    }

    const jobState = (id: string) =>
        collectionsFor(sandbox).request<{ state: string }>({ method: 'GET', url: `/jobs/ingest/${id}` }, 'read');

    it('between upload and close: the open job is aborted and a new one writes every record once', async () => {
        const { newUploads, job, outcomes } = await crashThenWrite(
            (req) => req.method === 'PATCH' && req.url.includes('/jobs/ingest/')
        );
        expect(newUploads).toBe(1);
        expect((await jobState(job)).state).toBe('Aborted');
        expect(outcomes.filter((o) => o.ok && o.created)).toHaveLength(150);
    });

    it('during polling: the closed job is polled to its end and its results read, nothing uploaded again', async () => {
        const { newUploads, job, outcomes } = await crashThenWrite(
            (req) => req.method === 'GET' && /\/jobs\/ingest\/\w+$/.test(req.url)
        );
        expect(newUploads).toBe(0);
        expect((await jobState(job)).state).toBe('JobComplete');
        expect(outcomes.filter((o) => o.ok && o.created)).toHaveLength(150);
    });

    it('during polling, then other values for the records: the old job ends first, the new values are what stays', async () => {
        const changed = leads(300, 0, 'Director');
        const { newUploads, job } = await crashThenWrite(
            (req) => req.method === 'GET' && /\/jobs\/ingest\/\w+$/.test(req.url),
            changed
        );
        expect(newUploads).toBe(1);
        expect((await jobState(job)).state).toBe('JobComplete');
        const titles = new Set(sandbox.org.query('SELECT Title FROM Lead').map((r) => r.Title));
        expect([...titles]).toEqual(['Director']);
    });

    it('during polling, then a small write to the same Leads (collections) or an update by Id: the old job ends first', async () => {
        const first = crashing(
            apiFor(sandbox, store),
            (req) => req.method === 'GET' && /\/jobs\/ingest\/\w+$/.test(req.url)
        );
        await expect(first.upsert('Lead', KEY, records, NO_AUTO_ASSIGN)).rejects.toBeInstanceOf(Crash);
        const [left] = await store.bulkJobs.ofObject('Lead');
        const api = apiFor(sandbox, store);
        const some = leads(100, 0, 'Director');
        expect((await api.upsert('Lead', KEY, some, NO_AUTO_ASSIGN)).every((o) => o.ok)).toBe(true);
        expect((await jobState(left!.jobId)).state).toBe('JobComplete');
        expect(await store.bulkJobs.ofObject('Lead')).toEqual([]);
        // The old job's values did not come after the new ones.
        const byKey = new Map(sandbox.org.query(`SELECT ${KEY}, Title FROM Lead`).map((r) => [r[KEY], r.Title]));
        expect(byKey.get('r0')).toBe('Director');
        expect(byKey.get('r99')).toBe('Director');
        expect(byKey.get('r100')).toBe('Engineer');
        expect([...keyCounts(sandbox).values()].every((n) => n === 1)).toBe(true);
    });
});

describe('reading changes through a Bulk query job', () => {
    let sandbox: SalesforceSandbox;
    let store: Store;
    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({
            port: 0,
            seed: { seed: 3, leads: 4500, contacts: 2100, accounts: 5 }
        });
        store = await openStore(sqliteUrl());
        // Contacts without an Account: REST answers Account: null, and so must the Bulk rows.
        for (let i = 0; i < 5; i++) sandbox.org.insert('Contact', { LastName: `Alone ${i}`, Email: `a${i}@x.example` });
    });
    afterAll(async () => {
        await store.close();
        await sandbox.close();
    });

    async function read(api: SalesforceApi, object: string, fields: string[], cursor?: SalesforceCursor) {
        const pages: { records: SObjectRecord[]; cursor: SalesforceCursor }[] = [];
        for await (const page of readChanges(api, { object, fields, cursor })) pages.push(page);
        return { records: pages.flatMap((p) => p.records), cursors: pages.map((p) => p.cursor), pages };
    }

    const leadFields = ['Email', 'FirstName', 'LastName', 'Company', 'Status', 'OwnerId', 'Owner.Name', 'IsConverted'];
    const leadFieldsTyped = [...leadFields, 'NumberOfEmployees', 'AnnualRevenue', 'HasOptedOutOfEmail', 'CreatedDate'];

    it('a backlog above the threshold: the first REST page, then one Bulk job; the same records, in order, and the same cursor', async () => {
        const rest = await read(apiFor(sandbox, store), 'Lead', leadFieldsTyped);
        const jobsBefore = sandbox.stats().byEndpoint['bulk.query'] ?? 0;
        const viaBulk = await read(apiFor(sandbox, store, 2000), 'Lead', leadFieldsTyped);
        expect((sandbox.stats().byEndpoint['bulk.query'] ?? 0) - jobsBefore).toBe(1);
        expect(rest.records).toHaveLength(4500);
        expect(viaBulk.records).toEqual(rest.records);
        expect(viaBulk.cursors.at(-1)).toEqual(rest.cursors.at(-1));
        // One REST page of 2,000, then the job's rows: every page ends at its last row's position.
        expect(viaBulk.pages.map((p) => p.records.length)).toEqual([2000, 2500]);
        for (const page of viaBulk.pages) {
            const last = page.records.at(-1)!;
            expect(page.cursor.id).toBe(last.Id);
        }
    });

    it('from a cursor in the middle, and with parents that are missing: the same rows as REST', async () => {
        const first = await read(apiFor(sandbox, store), 'Lead', leadFields);
        const middle = first.cursors[0];
        const rest = await read(apiFor(sandbox, store), 'Lead', leadFields, middle);
        const viaBulk = await read(apiFor(sandbox, store, 2000), 'Lead', leadFields, middle);
        expect(rest.records).toHaveLength(2500);
        expect(viaBulk.records).toEqual(rest.records);

        const contactFields = ['Email', 'LastName', 'AccountId', 'Account.Name'];
        const contactsRest = await read(apiFor(sandbox, store), 'Contact', contactFields);
        const jobsBefore = sandbox.stats().byEndpoint['bulk.query'] ?? 0;
        const contactsBulk = await read(apiFor(sandbox, store, 2000), 'Contact', contactFields);
        expect((sandbox.stats().byEndpoint['bulk.query'] ?? 0) - jobsBefore).toBe(1);
        expect(contactsBulk.records).toEqual(contactsRest.records);
        // The Contacts without an Account are among the rows the job read (the last ones changed).
        expect(contactsBulk.pages[1]!.records.filter((r) => r.Account === null)).toHaveLength(5);
    });
});

describe('the thresholds', () => {
    it('reads SALESFORCE_BULK_QUERY_THRESHOLD: default 50,000, at least one REST query batch of 2,000', () => {
        const env = {
            SALESFORCE_INSTANCE_URL: 'https://acme.my.salesforce.com',
            SALESFORCE_ACCESS_TOKEN: '00D!token',
            REPLY_API_KEY: 'k'
        };
        expect(loadConfig(env).salesforce.bulkQueryThreshold).toBe(50_000);
        expect(loadConfig({ ...env, SALESFORCE_BULK_QUERY_THRESHOLD: '2000' }).salesforce.bulkQueryThreshold).toBe(
            2000
        );
        expect(() => loadConfig({ ...env, SALESFORCE_BULK_QUERY_THRESHOLD: '1999' })).toThrow(
            'SALESFORCE_BULK_QUERY_THRESHOLD=1999: must be at least 2000 (one REST query batch)'
        );
    });
});
