import { createHash } from 'node:crypto';
import type { Logger } from '../logging.ts';
import type { BulkIngestOptions, SalesforceBulk } from './bulk.ts';
import type { RecordOutcome, SObjectRecord } from './client.ts';
import { SalesforceError } from './errors.ts';

/**
 * Writes records to Salesforce by the path their number calls for, with the same per-record outcomes either way:
 * sObject Collections (200 records a call) up to SALESFORCE_BULK_THRESHOLD records (default 2,000, the point from
 * which Salesforce recommends Bulk API 2.0), Bulk API 2.0 ingest jobs above it (bulk.ts).
 *
 * Calls per 1,000,000 records (the API allowance counts every HTTP request):
 *   collections  1,000,000 / 200 = 5,000 calls;
 *   Bulk jobs    10 jobs of 100,000 records, each create + upload + close + successful + failed results = 5
 *                calls, plus its status reads (back-off 0.5 s x 1.5 up to 10 s: 12 for a job that takes a minute),
 *                so about 17 calls a job, 170 in all: some 30 times fewer. (The daily Bulk allowance is
 *                150,000,000 records and 15,000 batches of 10,000 records: a million records is 100 batches.)
 *
 * Crash recovery: every job is journalled (store/bulk-jobs.ts) before its data is uploaded, with a digest of the
 * records it writes, and the row is removed once its outcomes are read. A row left behind names a job a crashed or
 * failed write abandoned. The next write to the same object, through a job or a collection, looks at those first:
 *   - a Bulk write of the same operation on the very same records (same digest): the job is resumed (bulk.ts
 *     resumeJobId): one still Open (the crash came between upload and close) is aborted and written by a new job,
 *     one closed is polled to its end and its results read, nothing uploaded again;
 *   - anything else: the job is left to end (aborted if Open, else waited for) before anything is written, so it
 *     cannot overwrite newer values afterwards; its records are written again by whoever reads them again (the
 *     step's cursor did not move past them).
 * Writing a record twice is safe because ingest is only ever an upsert on an external id or an update by Id.
 */

/** The write side of the client: what sObject Collections (SalesforceClient) and this writer both offer. */
export interface RecordWrites {
    upsert(
        type: string,
        externalIdField: string,
        records: SObjectRecord[],
        headers?: Record<string, string>
    ): Promise<RecordOutcome[]>;
    update(type: string, records: SObjectRecord[], headers?: Record<string, string>): Promise<RecordOutcome[]>;
}

/** Where jobs are journalled (the store's BulkJobRepository). */
export interface BulkJobJournal {
    add(entry: { jobId: string; scope: string; digest: string }): Promise<void>;
    ofObject(object: string): Promise<{ jobId: string; scope: string; digest: string }[]>;
    remove(jobIds: readonly string[]): Promise<void>;
}

export interface RecordWriterDeps {
    collections: RecordWrites;
    bulk: SalesforceBulk;
    journal: BulkJobJournal;
    logger: Logger;
}

/**
 * Objects whose assignment rules a REST create or update runs unless told `Sforce-Auto-Assign: FALSE` (REST API
 * Developer Guide, Assignment Rule Header), and a Bulk job without an assignmentRuleId does not.
 */
const ASSIGNED_OBJECTS = new Set(['Lead', 'Case', 'Account']);

/**
 * The headers of every record write the bridge makes. The bridge either sets a record's owner itself (owner mappings)
 * or leaves it alone, so Salesforce's assignment rules never run on its writes: REST runs them on every create and
 * update of a Lead, Case or Account unless told `Sforce-Auto-Assign: FALSE` (REST API Developer Guide, Assignment
 * Rule Header: "If the header is not provided in the request, the default value is TRUE"); a status or Reply id
 * written onto a Lead would otherwise hand it to the rule's owner. Pure.
 */
export function saveHeaders(headers: Record<string, string> | undefined): Record<string, string> {
    const given = Object.keys(headers ?? {}).some((name) => name.toLowerCase() === 'sforce-auto-assign');
    return given ? { ...headers } : { 'Sforce-Auto-Assign': 'FALSE', ...headers };
}

/**
 * Whether a Bulk job saves these records exactly as a collection call with these headers would. Bulk API 2.0 takes
 * no REST headers: it runs no assignment rule unless given one, which is a collection's `Sforce-Auto-Assign: FALSE`;
 * any other header (a duplicate rule header, say) it cannot honour. Pure.
 */
export function bulkHonours(type: string, headers: Record<string, string> | undefined): boolean {
    let autoAssign = true;
    for (const [name, value] of Object.entries(headers ?? {})) {
        if (name.toLowerCase() !== 'sforce-auto-assign') return false;
        autoAssign = !/^\s*(false|0)\s*$/i.test(value);
    }
    return !autoAssign || !ASSIGNED_OBJECTS.has(type);
}

/** Identifies a write's records: JSON of the scope and the records in order. Pure. */
export function recordsDigest(scope: string, records: readonly SObjectRecord[]): string {
    const hash = createHash('sha256').update(scope);
    for (const record of records) hash.update('\n').update(JSON.stringify(record));
    return hash.digest('hex');
}

/** No two records name the same Id (15 or 18 characters). Pure. */
export function distinctIds(records: readonly SObjectRecord[]): boolean {
    const seen = new Set<string>();
    for (const record of records) {
        const id = String(record.Id ?? '').slice(0, 15);
        if (seen.has(id)) return false;
        seen.add(id);
    }
    return true;
}

/** Bulk jobs Salesforce ended on its own: nothing is left to resume. */
const ENDED = new Set(['BULK_JOB_FAILED', 'BULK_JOB_ABORTED']);

export class RecordWriter implements RecordWrites {
    /** Jobs this writer's own writes are running: never taken for another write's leftovers. */
    private readonly inFlight = new Set<string>();
    /** One recovery at a time per object, so two writes never both resume or wait out the same job. */
    private readonly recovering = new Map<string, Promise<unknown>>();

    constructor(private readonly deps: RecordWriterDeps) {}

    /** Upserts on an external id; outcomes in input order, as SalesforceClient.upsert gives them. */
    upsert(
        type: string,
        externalIdField: string,
        records: SObjectRecord[],
        given?: Record<string, string>
    ): Promise<RecordOutcome[]> {
        const headers = saveHeaders(given);
        if (!this.viaBulk(type, records.length, headers))
            return this.afterLeftovers(type, () =>
                this.deps.collections.upsert(type, externalIdField, records, headers)
            );
        return this.throughJobs(type, `${type}:upsert:${externalIdField}`, records, (options) =>
            this.deps.bulk.upsert(type, externalIdField, records, options)
        );
    }

    /**
     * Updates by Id; outcomes in input order, as SalesforceClient.update gives them. A batch that updates one record
     * twice goes through collections, which apply the two in order; a job's rows run in parallel, and its results,
     * matched by Id, could not tell the two apart.
     */
    update(type: string, records: SObjectRecord[], given?: Record<string, string>): Promise<RecordOutcome[]> {
        const headers = saveHeaders(given);
        if (!this.viaBulk(type, records.length, headers) || !distinctIds(records))
            return this.afterLeftovers(type, () => this.deps.collections.update(type, records, headers));
        return this.throughJobs(type, `${type}:update:Id`, records, (options) =>
            this.deps.bulk.update(type, records, options)
        );
    }

    private viaBulk(type: string, count: number, headers: Record<string, string> | undefined): boolean {
        return this.deps.bulk.worthBulk(count) && bulkHonours(type, headers);
    }

    /** A collection write, once the jobs left behind on its object have ended (they could overwrite it later). */
    private async afterLeftovers(object: string, write: () => Promise<RecordOutcome[]>): Promise<RecordOutcome[]> {
        await this.exclusive(object, () => this.recover(object));
        return write();
    }

    private async throughJobs(
        object: string,
        scope: string,
        records: SObjectRecord[],
        write: (options: BulkIngestOptions) => Promise<RecordOutcome[]>
    ): Promise<RecordOutcome[]> {
        const { journal } = this.deps;
        const digest = recordsDigest(scope, records);
        const resume = await this.exclusive(object, () => this.recover(object, scope, digest));
        const jobs = new Set<string>(resume ? [resume] : []);
        try {
            const outcomes = await write({
                ...(resume ? { resumeJobId: resume } : {}),
                onJob: async (job) => {
                    this.inFlight.add(job.id);
                    jobs.add(job.id);
                    await journal.add({ jobId: job.id, scope, digest });
                }
            });
            await journal.remove([...jobs]);
            return outcomes;
        } catch (error) {
            // A job still running (a timeout, a spent allowance, no answer) stays journalled for the next write.
            if (error instanceof SalesforceError && ENDED.has(error.code)) await journal.remove([...jobs]);
            throw error;
        } finally {
            for (const id of jobs) this.inFlight.delete(id);
        }
    }

    /**
     * Deals with the jobs on this object earlier writes left in the journal (whatever their operation: a record the
     * last run upserted may be updated by Id now); returns the one to resume for these records, if any.
     */
    private async recover(object: string, scope?: string, digest?: string): Promise<string | undefined> {
        const { journal, bulk, logger } = this.deps;
        const left = (await journal.ofObject(object)).filter((entry) => !this.inFlight.has(entry.jobId));
        let resume: string | undefined;
        for (const entry of left) {
            if (!resume && scope !== undefined && entry.scope === scope && entry.digest === digest) {
                resume = entry.jobId;
                this.inFlight.add(resume);
                continue;
            }
            logger.info({ job: entry.jobId, scope }, 'a Bulk job an earlier write left behind ends before writing on');
            await bulk.settle(entry.jobId);
            await journal.remove([entry.jobId]);
        }
        if (resume) logger.info({ job: resume, scope }, 'resuming the Bulk job an earlier write of these records left');
        return resume;
    }

    private async exclusive<T>(object: string, work: () => Promise<T>): Promise<T> {
        const before = this.recovering.get(object) ?? Promise.resolve();
        const mine = before.then(work, work);
        const settled = mine.catch(() => undefined);
        this.recovering.set(object, settled);
        try {
            return await mine;
        } finally {
            if (this.recovering.get(object) === settled) this.recovering.delete(object);
        }
    }
}
