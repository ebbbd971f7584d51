import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox } from './index.ts';
import type { SalesforceSandbox } from './index.ts';
import { VERSION, api, connect, leadFields } from './test-helpers.ts';

/** A Bulk API call with a raw (CSV) body. */
async function put(sandbox: SalesforceSandbox, path: string, csv: string, contentType = 'text/csv') {
    const response = await fetch(`${sandbox.url}/services/data/v${VERSION}${path}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${sandbox.developerToken}`, 'Content-Type': contentType },
        body: csv
    });
    return { status: response.status, text: await response.text() };
}

async function createJob(sandbox: SalesforceSandbox, body: Record<string, unknown>) {
    const response = await api(sandbox, 'POST', '/jobs/ingest', { body });
    expect(response.status).toBe(200);
    return response.body as { id: string; state: string; contentUrl: string };
}

/** Create, upload, close; then read the status until the job is over (the sandbox runs in 'poll' mode). */
async function runJob(sandbox: SalesforceSandbox, body: Record<string, unknown>, csv: string) {
    const job = await createJob(sandbox, body);
    expect((await put(sandbox, `/jobs/ingest/${job.id}/batches`, csv)).status).toBe(201);
    const closed = await api(sandbox, 'PATCH', `/jobs/ingest/${job.id}`, { body: { state: 'UploadComplete' } });
    expect(closed.status).toBe(200);
    const states: string[] = [(closed.body as { state: string }).state];
    let info: Record<string, unknown> = {};
    for (let i = 0; i < 5 && !['JobComplete', 'Failed', 'Aborted'].includes(states.at(-1) as string); i++) {
        info = (await api(sandbox, 'GET', `/jobs/ingest/${job.id}`)).body as Record<string, unknown>;
        states.push(info.state as string);
    }
    const results = async (kind: string) => (await api(sandbox, 'GET', `/jobs/ingest/${job.id}/${kind}/`)).text;
    return { id: job.id, states, info, results };
}

const LEAD_CSV =
    'FirstName,LastName,Company,Email\nAda,Lovelace,Engines,ada@example.com\nGrace,,Navy,grace@example.com\n';

describe('Bulk API 2.0', () => {
    let sandbox: SalesforceSandbox;
    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: false });
    });
    beforeEach(() => {
        sandbox.reset(false);
        sandbox.bulk.setProcessing('poll');
    });
    afterAll(() => sandbox.close());

    describe('ingest', () => {
        it('creates an Open job with its upload URL and Salesforce job info', async () => {
            const job = await createJob(sandbox, { object: 'Lead', operation: 'insert', lineEnding: 'LF' });
            expect(job).toMatchObject({
                id: expect.stringMatching(/^7505g/),
                operation: 'insert',
                object: 'Lead',
                state: 'Open',
                concurrencyMode: 'Parallel',
                contentType: 'CSV',
                apiVersion: 62,
                jobType: 'V2Ingest',
                lineEnding: 'LF',
                columnDelimiter: 'COMMA',
                contentUrl: `services/data/v62.0/jobs/ingest/${job.id}/batches`
            });
            const refused = await Promise.all([
                api(sandbox, 'POST', '/jobs/ingest', { body: { object: 'Lead', operation: 'merge' } }),
                api(sandbox, 'POST', '/jobs/ingest', { body: { object: 'Nope__c', operation: 'insert' } }),
                api(sandbox, 'POST', '/jobs/ingest', { body: { object: 'Lead', operation: 'upsert' } }),
                api(sandbox, 'POST', '/jobs/ingest', {
                    body: { object: 'Lead', operation: 'upsert', externalIdFieldName: 'Email' }
                }),
                api(sandbox, 'POST', '/jobs/ingest', {
                    body: { object: 'Lead', operation: 'insert', lineEnding: 'CR' }
                })
            ]);
            for (const r of refused) {
                expect(r.status).toBe(400);
                expect((r.body as { errorCode: string }[])[0]?.errorCode).toBe('INVALIDJOB');
            }
            expect((await api(sandbox, 'POST', '/services/data/v40.0/jobs/ingest', { body: {} })).status).toBe(404);
        });

        it('saves rows through the org, moving UploadComplete -> InProgress -> JobComplete, with CSV results', async () => {
            const run = await runJob(sandbox, { object: 'Lead', operation: 'insert' }, LEAD_CSV);
            expect(run.states).toEqual(['UploadComplete', 'InProgress', 'JobComplete']);
            expect(run.info).toMatchObject({ numberRecordsProcessed: 2, numberRecordsFailed: 1, retries: 0 });
            const [saved] = sandbox.org.query("SELECT Id, Email FROM Lead WHERE LastName = 'Lovelace'");
            expect(await run.results('successfulResults')).toBe(
                `"sf__Id","sf__Created",FirstName,LastName,Company,Email\n` +
                    `"${saved?.Id as string}","true","Ada","Lovelace","Engines","ada@example.com"\n`
            );
            expect(await run.results('failedResults')).toBe(
                `"sf__Id","sf__Error",FirstName,LastName,Company,Email\n` +
                    `"","REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --","Grace","","Navy","grace@example.com"\n`
            );
            expect(await run.results('unprocessedrecords')).toBe('FirstName,LastName,Company,Email\n');
            expect(sandbox.stats().records.Lead).toMatchObject({ created: 1, failed: 1 });
        });

        it('upserts on an external id: #N/A clears a field, an empty cell leaves it, repeated keys all fail', async () => {
            sandbox.org.insert(
                'Lead',
                leadFields({ Reply_Contact_Id__c: 'r1', Title: 'CTO', Email: 'old@example.com' })
            );
            const csv =
                'Reply_Contact_Id__c,LastName,Company,Title,Email\n' +
                'r1,Lovelace,Engines,#N/A,\n' +
                'r2,Hopper,Navy,Admiral,grace@example.com\n' +
                'r3,Twin,A,,\n' +
                'R3,Twin,B,,\n';
            const run = await runJob(
                sandbox,
                { object: 'Lead', operation: 'upsert', externalIdFieldName: 'Reply_Contact_Id__c' },
                csv
            );
            expect(run.states.at(-1)).toBe('JobComplete');
            const rows = sandbox.org.query(
                'SELECT Reply_Contact_Id__c, Title, Email FROM Lead ORDER BY Reply_Contact_Id__c'
            );
            expect(rows.map((r) => [r.Reply_Contact_Id__c, r.Title, r.Email])).toEqual([
                ['r1', null, 'old@example.com'],
                ['r2', 'Admiral', 'grace@example.com']
            ]);
            const success = await run.results('successfulResults');
            expect(success).toMatch(/"false","r1"/);
            expect(success).toMatch(/"true","r2"/);
            const failed = await run.results('failedResults');
            expect(failed).toContain(
                '"DUPLICATE_EXTERNAL_ID:Duplicate external id specified: r3:Reply_Contact_Id__c --"'
            );
            expect(failed).toContain(
                '"DUPLICATE_EXTERNAL_ID:Duplicate external id specified: R3:Reply_Contact_Id__c --"'
            );
        });

        it('refuses what collections refuse, with the same codes: converted leads, bad types, blocked duplicates', async () => {
            const lead = sandbox.org.insert('Lead', leadFields({ Email: 'ada@example.com' }));
            sandbox.org.convertLead(lead);
            sandbox.org.setDuplicateRule('Contact', 'block');
            sandbox.org.insert('Contact', { LastName: 'Taken', Email: 'taken@example.com' });
            const leads = await runJob(
                sandbox,
                { object: 'Lead', operation: 'update' },
                `Id,Title,NumberOfEmployees\n${lead},CEO,\n${lead},,many\n`
            );
            const leadErrors = await leads.results('failedResults');
            expect(leadErrors).toContain('CANNOT_UPDATE_CONVERTED_LEAD:cannot reference converted lead:--');
            expect(leadErrors).toContain(
                'INVALID_TYPE_ON_FIELD_IN_RECORD:Employees: value not of required type: many:NumberOfEmployees --'
            );
            const contacts = await runJob(
                sandbox,
                { object: 'Contact', operation: 'insert' },
                'LastName,Email\nCopy,taken@example.com\n'
            );
            expect(await contacts.results('failedResults')).toMatch(/"","DUPLICATES_DETECTED:/);
            const collection = await connect(sandbox)
                .sobject('Contact')
                .create([{ LastName: 'Copy', Email: 'taken@example.com' }]);
            expect((collection[0] as { errors: { statusCode: string }[] }).errors[0]?.statusCode).toBe(
                'DUPLICATES_DETECTED'
            );
        });

        it('allows one upload per job, text/csv only, and fails jobs whose data it cannot read', async () => {
            const job = await createJob(sandbox, { object: 'Lead', operation: 'insert' });
            expect((await put(sandbox, `/jobs/ingest/${job.id}/batches`, LEAD_CSV, 'application/json')).status).toBe(
                400
            );
            await put(sandbox, `/jobs/ingest/${job.id}/batches`, LEAD_CSV);
            await put(sandbox, `/jobs/ingest/${job.id}/batches`, LEAD_CSV);
            const close = await api(sandbox, 'PATCH', `/jobs/ingest/${job.id}`, { body: { state: 'UploadComplete' } });
            expect(close.status).toBe(400);
            expect((close.body as { errorCode: string; message: string }[])[0]).toMatchObject({
                errorCode: 'INVALIDJOB',
                message: expect.stringContaining('Found multipe contents for job')
            });
            const unknown = await runJob(
                sandbox,
                { object: 'Lead', operation: 'insert' },
                'LastName,Company,Shoe_Size__c\nA,B,9\n'
            );
            expect(unknown.states.at(-1)).toBe('Failed');
            expect(unknown.info.errorMessage).toBe('InvalidBatch : Field name not found : Shoe_Size__c');
            const crlf = await runJob(sandbox, { object: 'Lead', operation: 'insert' }, 'LastName,Company\r\nA,B\r\n');
            expect(crlf.info.errorMessage).toBe(
                'ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is LF'
            );
            const piped = await runJob(
                sandbox,
                { object: 'Lead', operation: 'insert', columnDelimiter: 'PIPE', lineEnding: 'CRLF' },
                'LastName|Company|Description\r\n"Pipe|Name"|B|"two\r\nlines, ""quoted"""\r\n'
            );
            expect(piped.states.at(-1)).toBe('JobComplete');
            expect(sandbox.org.query("SELECT Description FROM Lead WHERE LastName = 'Pipe|Name'")[0]?.Description).toBe(
                'two\r\nlines, "quoted"'
            );
            expect(await piped.results('successfulResults')).toMatch(
                /^"sf__Id"\|"sf__Created"\|LastName\|Company\|Description\r\n/
            );
        });

        it('aborts, deletes and lists jobs only in the states Salesforce allows', async () => {
            const open = await createJob(sandbox, { object: 'Lead', operation: 'insert' });
            expect((await api(sandbox, 'DELETE', `/jobs/ingest/${open.id}`)).status).toBe(400);
            const aborted = await api(sandbox, 'PATCH', `/jobs/ingest/${open.id}`, { body: { state: 'Aborted' } });
            expect((aborted.body as { state: string }).state).toBe('Aborted');
            const again = await api(sandbox, 'PATCH', `/jobs/ingest/${open.id}`, { body: { state: 'Aborted' } });
            expect((again.body as { errorCode: string }[])[0]?.errorCode).toBe('INVALIDJOBSTATE');
            const list = await api(sandbox, 'GET', '/jobs/ingest');
            expect(list.body).toMatchObject({
                done: true,
                nextRecordsUrl: null,
                records: [{ id: open.id, state: 'Aborted' }]
            });
            expect((await api(sandbox, 'DELETE', `/jobs/ingest/${open.id}`)).status).toBe(204);
            expect((await api(sandbox, 'GET', `/jobs/ingest/${open.id}`)).status).toBe(404);
        });

        it('fails jobs and rows on demand: a job that stops half-way, rows that meet lock contention', async () => {
            sandbox.bulk.setFaults({ failJobs: 1, failAfterRecords: 1, failMessage: 'InternalServerError : injected' });
            const csv = 'LastName,Company\nA,X\nB,X\nC,X\n';
            const failed = await runJob(sandbox, { object: 'Lead', operation: 'insert' }, csv);
            expect(failed.states.at(-1)).toBe('Failed');
            expect(failed.info).toMatchObject({
                errorMessage: 'InternalServerError : injected',
                numberRecordsProcessed: 1
            });
            expect(await failed.results('unprocessedrecords')).toBe('LastName,Company\n"B","X"\n"C","X"\n');
            expect(sandbox.org.count('Lead')).toBe(1);
            sandbox.bulk.setFaults({ lockRowRate: 1 });
            const locked = await runJob(sandbox, { object: 'Lead', operation: 'insert' }, csv);
            expect(locked.info).toMatchObject({ numberRecordsProcessed: 3, numberRecordsFailed: 3 });
            expect(await locked.results('failedResults')).toContain(
                '"UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record:--"'
            );
        });

        it('keeps the daily allowances: records, batches, and every Bulk call against the API allowance', async () => {
            sandbox.bulk.setLimits({ dailyRecords: 2 });
            const before = sandbox.stats().total;
            const run = await runJob(
                sandbox,
                { object: 'Lead', operation: 'insert' },
                'LastName,Company\nA,X\nB,X\nC,X\n'
            );
            expect(run.info.errorMessage).toMatch(/^ExceededQuota : /);
            expect(await run.results('unprocessedrecords')).toBe('LastName,Company\n"C","X"\n');
            // create, upload, close, one status read (the job failed while it processed), unprocessed results
            expect(sandbox.stats().total - before).toBe(5);
            sandbox.bulk.setLimits({ dailyRecords: 1000, dailyBatches: 1 });
            const limits = (await api(sandbox, 'GET', '/limits')).body as Record<
                string,
                { Max: number; Remaining: number }
            >;
            expect(limits.DailyBulkApiBatches).toEqual({ Max: 1, Remaining: 0 });
            const noBatch = await runJob(sandbox, { object: 'Lead', operation: 'insert' }, 'LastName,Company\nD,X\n');
            expect(noBatch.info.errorMessage).toMatch(/^ExceededQuota : .*batches/);
        });

        it('processes on its own in auto mode, and jsforce bulk2 loads through it unchanged', async () => {
            sandbox.bulk.setProcessing('auto');
            const result = await connect(sandbox).bulk2.loadAndWaitForResults({
                object: 'Lead',
                operation: 'insert',
                input: LEAD_CSV,
                pollInterval: 20,
                pollTimeout: 10_000
            });
            expect(result.successfulResults).toHaveLength(1);
            expect(result.successfulResults[0]).toMatchObject({ sf__Created: 'true', LastName: 'Lovelace' });
            expect(result.failedResults[0]).toMatchObject({
                LastName: '',
                sf__Error: expect.stringMatching(/^REQUIRED_FIELD_MISSING/)
            });
        });
    });

    describe('query', () => {
        async function completedQuery(query: string) {
            const created = await api(sandbox, 'POST', '/jobs/query', { body: { operation: 'query', query } });
            expect(created.status).toBe(200);
            const job = created.body as { id: string; state: string; jobType: string };
            expect(job).toMatchObject({ state: 'UploadComplete', jobType: 'V2Query' });
            const early = await api(sandbox, 'GET', `/jobs/query/${job.id}/results`);
            expect((early.body as { errorCode: string }[])[0]?.errorCode).toBe('JOB_NOT_COMPLETE');
            await api(sandbox, 'GET', `/jobs/query/${job.id}`);
            const done = await api(sandbox, 'GET', `/jobs/query/${job.id}`);
            expect((done.body as { state: string }).state).toBe('JobComplete');
            return job.id;
        }

        it('pages results by locator with Sforce-Locator and Sforce-NumberOfRecords, every value quoted', async () => {
            for (let i = 0; i < 5; i++)
                sandbox.org.insert('Lead', leadFields({ LastName: `L${i}`, Title: i === 0 ? 'say "hi", ok' : null }));
            const id = await completedQuery('SELECT LastName, Title, Owner.Name FROM Lead ORDER BY LastName');
            const pages: string[] = [];
            let locator: string | null = null;
            do {
                const response: Response = await fetch(
                    `${sandbox.url}/services/data/v${VERSION}/jobs/query/${id}/results?maxRecords=2${locator ? `&locator=${locator}` : ''}`,
                    { headers: { Authorization: `Bearer ${sandbox.developerToken}` } }
                );
                expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
                expect(Number(response.headers.get('sforce-numberofrecords'))).toBeLessThanOrEqual(2);
                pages.push(await response.text());
                locator = response.headers.get('sforce-locator');
            } while (locator && locator !== 'null');
            expect(pages).toHaveLength(3);
            expect(pages[0]).toBe(
                '"LastName","Title","Owner.Name"\n"L0","say ""hi"", ok","Reply Sync Integration"\n"L1","","Reply Sync Integration"\n'
            );
            expect(pages[2]).toBe('"LastName","Title","Owner.Name"\n"L4","","Reply Sync Integration"\n');
            const other = await api(sandbox, 'GET', `/services/data/v61.0/jobs/query/${id}/results`);
            expect(other.status).toBe(409);
        });

        it('refuses what Bulk queries cannot do, and counts query jobs against their daily allowance', async () => {
            const count = await api(sandbox, 'POST', '/jobs/query', {
                body: { operation: 'query', query: 'SELECT COUNT() FROM Lead' }
            });
            expect(count.status).toBe(400);
            const bad = await api(sandbox, 'POST', '/jobs/query', {
                body: { operation: 'query', query: 'SELECT Nope FROM Lead' }
            });
            expect((bad.body as { errorCode: string }[])[0]?.errorCode).toBe('INVALID_FIELD');
            sandbox.bulk.setLimits({ dailyQueryJobs: 1 });
            await completedQuery('SELECT Id FROM Lead');
            const over = await api(sandbox, 'POST', '/jobs/query', {
                body: { operation: 'query', query: 'SELECT Id FROM Lead' }
            });
            expect((over.body as { errorCode: string }[])[0]?.errorCode).toBe('EXCEEDEDQUOTA');
            const limits = (await api(sandbox, 'GET', '/limits')).body as Record<
                string,
                { Max: number; Remaining: number }
            >;
            expect(limits.DailyBulkV2QueryJobs).toEqual({ Max: 1, Remaining: 0 });
        });
    });
});
