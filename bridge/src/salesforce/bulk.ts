import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { HttpApi } from 'jsforce/lib/http-api.js';
import type { Logger } from '../logging.ts';
import { NO_RESULT, type RecordOutcome, type SalesforceClient, type SObjectRecord } from './client.ts';
import type { SObjectDescribe } from './describe.ts';
import { SalesforceError, isTransientCode, type RecordIssue } from './errors.ts';

/**
 * Salesforce's Bulk API 2.0 for the bridge: ingest jobs that upsert or update many records at once, answering with
 * exactly the per-record outcomes sObject Collections give (client.ts), and query jobs read as a stream of pages.
 *
 * Recoverability: a job is reported to the caller's `onJob` hook before any data is uploaded, so a caller that
 * stores it can pass it back (`resumeJobId`) after a crash. Resuming polls a job that was closed and reads its
 * results; a job still Open (the crash came between upload and close), aborted, failed or gone is abandoned and the
 * records are written by a new job. That re-run is safe because ingest here is only ever an upsert on an external id
 * or an update by Id: writing a record twice leaves it as writing it once (no insert, which would duplicate).
 */

/** Records per ingest job: keeps one upload far below the 100 MB of CSV a job takes, and memory bounded. */
export const INGEST_RECORDS_PER_JOB = 100_000;
/** CSV bytes per upload: 100 MB, which Salesforce's 150 MB limit allows after base64 encoding. */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
/** Rows per page of a query job's results (maxRecords) and pages read ahead of the consumer. */
export const QUERY_PAGE_SIZE = 10_000;
export const QUERY_PREFETCH: 0 | 1 = 1;

export interface BulkPolling {
    /** First wait between two status reads; it grows by `factor` up to `maxMs`. */
    initialMs: number;
    factor: number;
    maxMs: number;
    /** A job not finished by then is left to resume (BULK_JOB_TIMEOUT, with its id). */
    timeoutMs: number;
}

export const DEFAULT_POLLING: BulkPolling = { initialMs: 500, factor: 1.5, maxMs: 10_000, timeoutMs: 30 * 60_000 };

export type BulkJobKind = 'ingest' | 'query';

export interface BulkJobRef {
    kind: BulkJobKind;
    id: string;
    object: string;
    operation: string;
}

export interface BulkJobOptions {
    /** Told about each job before data is uploaded to it (ingest) or its results are read (query). */
    onJob?: (job: BulkJobRef) => void | Promise<void>;
    /** A job an earlier attempt started and reported through onJob: resume it rather than start over. */
    resumeJobId?: string;
}

export interface BulkIngestOptions extends BulkJobOptions {
    /** Lead (and Case) assignment rule to run; without one, none runs (Bulk API 2.0 `assignmentRuleId`). */
    assignmentRuleId?: string;
}

export interface BulkQueryOptions extends BulkJobOptions {
    /** queryAll also returns deleted and archived records. */
    operation?: 'query' | 'queryAll';
    pageSize?: number;
    /** Types the text of the CSV cells by the object's describe: booleans and numbers become JSON values. */
    describe?: SObjectDescribe;
}

export interface SalesforceBulkOptions {
    logger: Logger;
    /** Writes of more records than this go through Bulk jobs (SALESFORCE_BULK_THRESHOLD). */
    threshold: number;
    polling?: Partial<BulkPolling>;
    recordsPerJob?: number;
    maxUploadBytes?: number;
    /** Query result pages read ahead of the consumer: 1 (default) or 0. */
    prefetch?: 0 | 1;
}

interface JobInfo {
    id: string;
    state: 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
    object: string;
    operation: string;
    externalIdFieldName?: string;
    numberRecordsProcessed?: number;
    numberRecordsFailed?: number;
    errorMessage?: string;
}

interface IngestSpec {
    object: string;
    operation: 'upsert' | 'update';
    /** The column that identifies a record in the results: the external id, or Id. */
    keyField: string;
}

type Row = Record<string, string>;

const TERMINAL = new Set(['JobComplete', 'Failed', 'Aborted']);

/** `CODE:message:Field1,Field2 --` (fields empty: `CODE:message:--`), as Salesforce writes sf__Error. */
export function parseErrorCell(cell: string): RecordIssue {
    const m = /^([A-Z][A-Z0-9_]*):([\s\S]*):([^:]*?)\s*--\s*$/.exec(cell);
    if (!m) {
        const code = /^([A-Z][A-Z0-9_]*):/.exec(cell)?.[1] ?? 'UNKNOWN';
        return { code, message: cell.slice(code === 'UNKNOWN' ? 0 : code.length + 1) || cell, fields: [] };
    }
    const fields = (m[3] ?? '')
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean);
    return { code: m[1] as string, message: m[2] as string, fields };
}

/**
 * A record value as a CSV cell: missing is an empty cell (Salesforce leaves the field as it is), null and '' are
 * `#N/A` (the field is cleared, as sObject Collections store '' as null).
 */
function cell(value: unknown): string {
    if (value === undefined) return '';
    if (value === null || value === '') return '#N/A';
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'object') {
        throw new SalesforceError('BULK_VALUE_UNSUPPORTED', 'Bulk API 2.0 takes flat records: a value is an object');
    }
    return String(value);
}

/** The records as job data: a header of every field any record sets (the key first), one row per record. */
export function toCsv(records: readonly SObjectRecord[], keyField: string): string {
    const names = new Set<string>([keyField]);
    for (const record of records) for (const name of Object.keys(record)) if (name !== 'attributes') names.add(name);
    const columns = [...names];
    const rows = records.map((record) => columns.map((name) => cell(record[name])));
    return stringify([columns, ...rows], { record_delimiter: '\n', eof: true });
}

function parseRows(text: string): Row[] {
    if (text.trim() === '') return [];
    return parse(text, { columns: true, record_delimiter: '\n', relax_quotes: false, skip_empty_lines: true }) as Row[];
}

/**
 * A query result row as REST returns it: dotted columns nested (`Owner.Name` -> {Owner: {Name}}), a parent whose
 * every column is empty as null (REST's answer when there is no parent; a parent that exists has non-null values in
 * the columns the bridge reads, such as Name), '' as null, datetimes as REST writes them (`...000+0000`).
 */
function toRecord(row: Row, describe: SObjectDescribe | undefined): SObjectRecord {
    const out = nested(row, describe) as Record<string, unknown>;
    for (const [name, value] of Object.entries(out)) {
        if (isObject(value) && Object.values(value).every((v) => v === null)) out[name] = null;
    }
    return out as SObjectRecord;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null;
}

function nested(row: Row, describe: SObjectDescribe | undefined): SObjectRecord {
    const types = describe ? new Map(describe.fields.map((f) => [f.name, f.type])) : undefined;
    const out: Record<string, unknown> = {};
    for (const [column, text] of Object.entries(row)) {
        const path = column.split('.');
        let target = out;
        for (const step of path.slice(0, -1)) {
            if (target[step] === null) break;
            target = (target[step] ??= {}) as Record<string, unknown>;
        }
        const leaf = path.at(-1) as string;
        const type = path.length === 1 ? types?.get(leaf) : undefined;
        let value: unknown = text === '' ? null : text;
        if (value !== null && type === 'boolean') value = text === 'true';
        else if (value !== null && (type === 'int' || type === 'double' || type === 'currency' || type === 'percent'))
            value = Number(text);
        else if (value !== null && type === 'datetime') value = text.replace(/(?:Z|\+00:?00)$/, '+0000');
        target[leaf] = value;
    }
    return out as SObjectRecord;
}

/**
 * Pages behind locators, the next one read while the consumer works on the current one (`prefetch` 1) or only when
 * it asks (0): at most `prefetch + 1` pages are held at any time, whatever the size of the result.
 */
export async function* pagesByLocator<P>(
    fetchPage: (locator: string | undefined) => Promise<{ page: P; next: string | undefined }>,
    prefetch: 0 | 1 = QUERY_PREFETCH
): AsyncGenerator<P> {
    type Fetched = { page: P; next: string | undefined };
    const start = (locator: string | undefined): Promise<Fetched> => {
        const promise = fetchPage(locator);
        // Awaited below; marked handled so a consumer that stops early leaves no unhandled rejection behind.
        promise.catch(() => undefined);
        return promise;
    };
    let pending: Promise<Fetched> | undefined = start(undefined);
    while (pending) {
        const { page, next }: Fetched = await pending;
        pending = next !== undefined && prefetch === 1 ? start(next) : undefined;
        yield page;
        if (next !== undefined && prefetch === 0) pending = start(next);
    }
}

/** The Bulk API 2.0 side of the bridge's Salesforce client: every call goes through the client's rules. */
export class SalesforceBulk {
    private readonly polling: BulkPolling;
    private readonly recordsPerJob: number;
    private readonly maxUploadBytes: number;
    private readonly prefetch: 0 | 1;

    constructor(
        private readonly client: SalesforceClient,
        private readonly options: SalesforceBulkOptions
    ) {
        this.polling = { ...DEFAULT_POLLING, ...options.polling };
        this.recordsPerJob = options.recordsPerJob ?? INGEST_RECORDS_PER_JOB;
        this.maxUploadBytes = options.maxUploadBytes ?? MAX_UPLOAD_BYTES;
        this.prefetch = options.prefetch ?? QUERY_PREFETCH;
    }

    /** Whether a write of this many records goes through a Bulk job rather than sObject Collections. */
    worthBulk(records: number): boolean {
        return records > this.options.threshold;
    }

    /** Upserts on an external id through Bulk jobs; outcomes in input order, as client.upsert gives them. */
    upsert(
        type: string,
        externalIdField: string,
        records: SObjectRecord[],
        options: BulkIngestOptions = {}
    ): Promise<RecordOutcome[]> {
        return this.ingest({ object: type, operation: 'upsert', keyField: externalIdField }, records, options);
    }

    /** Updates by Id through Bulk jobs; outcomes in input order, as client.update gives them. */
    update(type: string, records: SObjectRecord[], options: BulkIngestOptions = {}): Promise<RecordOutcome[]> {
        return this.ingest({ object: type, operation: 'update', keyField: 'Id' }, records, options);
    }

    /**
     * A query job's rows, page by page (pageSize rows at most each), following Sforce-Locator; never the whole result
     * in memory. Rows look like REST query rows (no `attributes`; values are text unless `describe` types them).
     */
    async *queryPages(soql: string, options: BulkQueryOptions = {}): AsyncGenerator<SObjectRecord[]> {
        const pageSize = options.pageSize ?? QUERY_PAGE_SIZE;
        const operation = options.operation ?? 'query';
        let job = options.resumeJobId ? await this.info('query', options.resumeJobId).catch(gone) : undefined;
        if (!job || job.state === 'Failed' || job.state === 'Aborted') {
            job = await this.createJob(
                'query',
                { operation, query: soql, contentType: 'CSV', lineEnding: 'LF' },
                'Bulk query job'
            );
        }
        await options.onJob?.({ kind: 'query', id: job.id, object: job.object, operation: job.operation });
        job = await this.waitFor('query', job);
        if (job.state !== 'JobComplete') throw jobError(job, 'query');
        const id = job.id;
        yield* pagesByLocator(async (locator) => {
            const query = new URLSearchParams({ maxRecords: String(pageSize), ...(locator ? { locator } : {}) });
            const answer = await this.text(
                'GET',
                `/jobs/query/${id}/results?${query.toString()}`,
                `Bulk query ${id} results`
            );
            const next = answer.headers['sforce-locator'];
            return {
                page: parseRows(answer.body).map((row) => toRecord(row, options.describe)),
                next: next && next !== 'null' ? next : undefined
            };
        }, this.prefetch);
    }

    // ------------------------------------------------------------ ingest

    private async ingest(
        spec: IngestSpec,
        records: SObjectRecord[],
        options: BulkIngestOptions
    ): Promise<RecordOutcome[]> {
        const outcomes = new Array<RecordOutcome>(records.length);
        type Item = { record: SObjectRecord; index: number };
        /** Keeps final outcomes; returns the records to write again (transient failure or no result). */
        const settle = (items: Item[], results: (RecordOutcome | undefined)[], attempt: number): Item[] => {
            const again: Item[] = [];
            items.forEach((item, i) => {
                const outcome = results[i];
                const retry = !outcome || (!outcome.ok && isTransientCode(outcome.issue.code));
                if (retry && attempt < this.client.attempts) again.push(item);
                else outcomes[item.index] = outcome ?? { ok: false, issue: { ...NO_RESULT } };
            });
            return again;
        };
        let pending: Item[] = records.map((record, index) => ({ record, index }));
        let attempt = 1;
        if (options.resumeJobId) {
            const job = await this.resumable(spec, options.resumeJobId);
            if (job) {
                const results = await this.finish(spec, job, records);
                pending = settle(pending, results, attempt++);
            }
        }
        for (; pending.length > 0; attempt++) {
            if (attempt > 1) {
                this.options.logger.warn(
                    { object: spec.object, records: pending.length, attempt },
                    'Bulk rows failed transiently or got no result; writing them again in a new job'
                );
                await this.client.sleep(this.client.retryDelayMs * 2 ** (attempt - 2));
            }
            const again: Item[] = [];
            for (const part of this.parts(pending, spec.keyField)) {
                const job = await this.startJob(spec, part.csv, part.items.length, options);
                const results = await this.finish(
                    spec,
                    job,
                    part.items.map((item) => item.record)
                );
                again.push(...settle(part.items, results, attempt));
            }
            pending = again;
        }
        return outcomes;
    }

    /**
     * Splits records into jobs of at most recordsPerJob records and maxUploadBytes of CSV, with their CSV, one job at a
     * time: a job's CSV is built when its job is about to start, so memory holds one job's upload, not every job's.
     */
    private *parts<T extends { record: SObjectRecord }>(
        items: T[],
        keyField: string
    ): Generator<{ items: T[]; csv: string }> {
        for (let start = 0; start < items.length; start += this.recordsPerJob) {
            yield* this.fitted(items.slice(start, start + this.recordsPerJob), keyField);
        }
    }

    /** A chunk's CSV, halved until each half fits maxUploadBytes (a single record is sent as it is). */
    private *fitted<T extends { record: SObjectRecord }>(
        chunk: T[],
        keyField: string
    ): Generator<{ items: T[]; csv: string }> {
        const csv = toCsv(
            chunk.map((c) => c.record),
            keyField
        );
        if (Buffer.byteLength(csv) <= this.maxUploadBytes || chunk.length === 1) {
            yield { items: chunk, csv };
            return;
        }
        const half = Math.ceil(chunk.length / 2);
        yield* this.fitted(chunk.slice(0, half), keyField);
        yield* this.fitted(chunk.slice(half), keyField);
    }

    /** Waits for a closed job; a job that did not complete fails the write as a failed call would. */
    private async finish(
        spec: IngestSpec,
        started: JobInfo,
        records: SObjectRecord[]
    ): Promise<(RecordOutcome | undefined)[]> {
        const job = await this.waitFor('ingest', started);
        if (job.state !== 'JobComplete') throw jobError(job, 'ingest');
        return this.outcomes(spec, job.id, records);
    }

    /** The job to resume, or undefined when it must be started over (still Open, aborted, failed, gone). */
    private async resumable(spec: IngestSpec, id: string): Promise<JobInfo | undefined> {
        const job = await this.info('ingest', id).catch(gone);
        if (!job) return undefined;
        if (job.object !== spec.object || job.operation !== spec.operation) {
            throw new SalesforceError(
                'BULK_RESUME_MISMATCH',
                `Bulk job ${id} is a ${job.operation} of ${job.object}, not a ${spec.operation} of ${spec.object}: it cannot be resumed for these records`
            );
        }
        if (job.state === 'Open') {
            // Whether its upload arrived is unknown: abandon it, a new job writes the same records (idempotent).
            await this.abort(id);
            return undefined;
        }
        return job.state === 'Failed' || job.state === 'Aborted' ? undefined : job;
    }

    /**
     * Lets an ingest job an earlier attempt left behind end before other values of its records are written, so it
     * cannot overwrite them later: a job still Open is aborted (Salesforce never processes it), a closed one is
     * waited for. Its results are not read. A job that no longer exists is fine.
     */
    async settle(id: string): Promise<void> {
        const job = await this.info('ingest', id).catch(gone);
        if (!job || TERMINAL.has(job.state)) return;
        if (job.state === 'Open') await this.abort(id);
        else await this.waitFor('ingest', job);
    }

    private async abort(id: string): Promise<void> {
        await this.client.request(
            { method: 'PATCH', url: `/jobs/ingest/${id}`, body: { state: 'Aborted' } },
            `Abort Bulk job ${id}`
        );
    }

    private async startJob(spec: IngestSpec, csv: string, count: number, options: BulkIngestOptions): Promise<JobInfo> {
        const what = `Bulk ${spec.operation} of ${count} ${spec.object}`;
        const job = await this.createJob(
            'ingest',
            {
                object: spec.object,
                operation: spec.operation,
                ...(spec.operation === 'upsert' ? { externalIdFieldName: spec.keyField } : {}),
                ...(options.assignmentRuleId ? { assignmentRuleId: options.assignmentRuleId } : {}),
                contentType: 'CSV',
                columnDelimiter: 'COMMA',
                lineEnding: 'LF'
            },
            what
        );
        await options.onJob?.({ kind: 'ingest', id: job.id, object: spec.object, operation: spec.operation });
        await this.text('PUT', `/jobs/ingest/${job.id}/batches`, `${what}: upload`, csv);
        return this.client.request<JobInfo>(
            { method: 'PATCH', url: `/jobs/ingest/${job.id}`, body: { state: 'UploadComplete' } },
            `${what}: close`
        );
    }

    /** Each record's outcome from the job's successful and failed results, matched on the key column. */
    private async outcomes(
        spec: IngestSpec,
        id: string,
        records: SObjectRecord[]
    ): Promise<(RecordOutcome | undefined)[]> {
        const byKey = new Map<string, RecordOutcome>();
        const successful = await this.text('GET', `/jobs/ingest/${id}/successfulResults/`, `Bulk job ${id} results`);
        for (const row of parseRows(successful.body)) {
            byKey.set(row[spec.keyField] ?? '', {
                ok: true,
                id: row.sf__Id ?? '',
                created: row.sf__Created === 'true'
            });
        }
        const failed = await this.text('GET', `/jobs/ingest/${id}/failedResults/`, `Bulk job ${id} results`);
        for (const row of parseRows(failed.body)) {
            byKey.set(row[spec.keyField] ?? '', { ok: false, issue: parseErrorCell(row.sf__Error ?? '') });
        }
        return records.map((record) => byKey.get(cell(record[spec.keyField])));
    }

    // ------------------------------------------------------------ jobs

    /**
     * Creates a job, retried on transient failures as an idempotent call is: creating one again is harmless. A job
     * whose answer was lost is never used: an ingest job gets no data and stays Open, saving nothing; a query job's
     * results are never read. Without the retry, one lost answer (a kept-alive connection the server had just closed,
     * which a busy event loop makes likely) stopped the step.
     * Sources: Bulk API 2.0 Developer Guide, "Job States" (an ingest job is processed only once closed to
     * UploadComplete; Open means "open for data uploads"); Salesforce Help 000386004 ("Until the client sends this Close
     * request, the job remains in Open state and its batches are not processed"); Bulk API "Job and Batch Lifespan"
     * (jobs older than seven days are deleted regardless of state). An unused query job costs one of the day's query
     * jobs and nothing else.
     */
    private createJob(kind: BulkJobKind, body: Record<string, unknown>, what: string): Promise<JobInfo> {
        return this.client.request<JobInfo>({ method: 'POST', url: `/jobs/${kind}`, body }, what, true);
    }

    private info(kind: BulkJobKind, id: string): Promise<JobInfo> {
        return this.client.request<JobInfo>({ method: 'GET', url: `/jobs/${kind}/${id}` }, `Bulk ${kind} job ${id}`);
    }

    /** Reads the job's status with a bounded back-off until it is over or `timeoutMs` has passed. */
    private async waitFor(kind: BulkJobKind, job: JobInfo): Promise<JobInfo> {
        let current = job;
        let delay = this.polling.initialMs;
        let waited = 0;
        while (!TERMINAL.has(current.state)) {
            if (waited >= this.polling.timeoutMs) {
                throw new SalesforceError(
                    'BULK_JOB_TIMEOUT',
                    `Bulk ${kind} job ${current.id} is still ${current.state} after ${Math.round(waited / 1000)} s: ` +
                        'it keeps running in Salesforce; the next attempt resumes it'
                );
            }
            await this.client.sleep(delay);
            waited += delay;
            delay = Math.min(this.polling.maxMs, delay * this.polling.factor);
            current = await this.info(kind, current.id);
        }
        return current;
    }

    /** A CSV call (upload or results) through the client's rules, with the response headers. */
    private text(
        method: 'GET' | 'PUT',
        path: string,
        what: string,
        body?: string
    ): Promise<{ body: string; headers: Record<string, string> }> {
        const conn = this.client.conn;
        return this.client.call(what, true, async () => {
            const api = new HttpApi(conn, {
                responseType: 'text/plain',
                noContentResponse: '',
                transport: this.client.transport
            });
            let headers: Record<string, string> = {};
            api.on('response', (response: { headers?: Record<string, string> }) => {
                headers = response.headers ?? {};
                const usage = /api-usage=(\d+)\/(\d+)/.exec(headers['sforce-limit-info'] ?? '');
                if (usage) conn.limitInfo = { apiUsage: { used: Number(usage[1]), limit: Number(usage[2]) } };
            });
            try {
                const text = await api.request<string>({
                    method,
                    url: `${conn.instanceUrl}/services/data/v${conn.version}${path}`,
                    headers:
                        body === undefined
                            ? { accept: 'text/csv' }
                            : { 'content-type': 'text/csv', accept: 'application/json' },
                    ...(body === undefined ? {} : { body })
                });
                return { body: typeof text === 'string' ? text : '', headers };
            } catch (error) {
                throw salesforceCode(error);
            }
        });
    }
}

/** A job that no longer exists is one to start over; any other failure stands. */
function gone(error: unknown): undefined {
    if (error instanceof SalesforceError && (error.code === 'NOT_FOUND' || error.status === 404)) return undefined;
    throw error;
}

function jobError(job: JobInfo, kind: BulkJobKind): SalesforceError {
    const message = job.errorMessage ?? 'no reason given';
    return new SalesforceError(
        job.state === 'Aborted' ? 'BULK_JOB_ABORTED' : 'BULK_JOB_FAILED',
        `Bulk ${kind} job ${job.id} of ${job.object} ended ${job.state}: ${message}` +
            (kind === 'ingest'
                ? ` (${job.numberRecordsProcessed ?? 0} records processed); writing the records again is safe, they are upserts on keys`
                : '')
    );
}

/**
 * jsforce reads an error answer of a text call as text: recover Salesforce's `[{errorCode, message}]` from it so the
 * error carries Salesforce's code (and the client's transient rules apply).
 */
function salesforceCode(error: unknown): unknown {
    const e = error as { errorCode?: string; message?: string; data?: { message?: unknown } };
    const text = typeof e.data?.message === 'string' ? e.data.message : e.message;
    if (!e.errorCode?.startsWith('ERROR_HTTP_') || typeof text !== 'string') return error;
    try {
        const body = JSON.parse(text) as { errorCode?: string; message?: string }[];
        const first = Array.isArray(body) ? body[0] : undefined;
        if (first?.errorCode) return { errorCode: first.errorCode, message: first.message ?? text };
    } catch {
        // not JSON: keep jsforce's error
    }
    return error;
}
