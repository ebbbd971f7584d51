/**
 * Bulk API 2.0 jobs (Salesforce's "Bulk API 2.0 and Bulk API Developer Guide"; README "Bulk API 2.0" cites each
 * rule): ingest jobs that take one CSV upload and save its rows through the org's own record engine (the same rules,
 * duplicates, converted-lead refusals and external-id upserts as sObject Collections), and query jobs that run SOQL
 * and serve the rows as CSV pages behind locators. Jobs are processed asynchronously: on their own after the latency
 * profile's queue and per-record times ('auto'), or one step per status read ('poll'). The daily allowances (records,
 * batches, query jobs) roll over 24 hours; faults fail jobs or rows on demand.
 */
import { Allowance } from './accounting.ts';
import type { Stats } from './accounting.ts';
import { parseJobData, writeCsv, BulkDataError, CSV_LIMITS, COLUMN_DELIMITERS, LINE_ENDINGS } from './bulk2-csv.ts';
import type { ColumnDelimiter, CsvDialect, JobData, LineEnding } from './bulk2-csv.ts';
import { toItemError } from './collections.ts';
import { ApiError, ItemError } from './errors.ts';
import { FaultInjector } from './faults.ts';
import { normalizeId } from './ids.ts';
import type { SalesforceLatencyFamily } from './latency.ts';
import type { LatencyModel } from '../latency.ts';
import type { SandboxOrg, SaveOptions } from './org.ts';
import type { FieldDef, ObjectDef, Rec, Value } from './schema.ts';
import { compileQuery, readPath } from './soql.ts';
import type { CompiledQuery } from './soql.ts';
import { indexKey } from './store.ts';
import { formatDateTime } from './time.ts';
import { coerceInput } from './values.ts';

export const INGEST_OPERATIONS = ['insert', 'update', 'upsert', 'delete', 'hardDelete'] as const;
export type IngestOperation = (typeof INGEST_OPERATIONS)[number];
export type QueryOperation = 'query' | 'queryAll';
export type JobState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
export type ResultKind = 'successfulResults' | 'failedResults' | 'unprocessedrecords';

/** Documented limits (Limits and Allocations; Upload Job Data; Understanding Bulk API 2.0 Ingest). */
export interface BulkLimits {
    /** Records uploaded per rolling 24 hours (ingest). */
    dailyRecords: number;
    /** Batches per rolling 24 hours, shared with Bulk API 1.0; ingest jobs use one per 10,000 records. */
    dailyBatches: number;
    /** Query jobs per rolling 24 hours. */
    dailyQueryJobs: number;
    /** One upload, measured after base64 encoding. */
    maxUploadBase64Bytes: number;
}

export const BULK_LIMITS: BulkLimits = {
    dailyRecords: 150_000_000,
    dailyBatches: 15_000,
    dailyQueryJobs: 10_000,
    maxUploadBase64Bytes: 150 * 1024 * 1024
};

/** Salesforce splits an ingest job's data into batches of this many records. */
export const RECORDS_PER_BATCH = 10_000;
/** Query results without maxRecords: the sandbox's page (Salesforce sizes it by volume; see README). */
export const DEFAULT_QUERY_PAGE = 10_000;
const LIFESPAN_MS = 7 * 24 * 3_600_000;
const LIST_PAGE = 1_000;

/** 'auto': jobs run on their own (timed by the latency profile); 'poll': each status read advances a job one step. */
export type BulkProcessing = 'auto' | 'poll';

export interface BulkFaults {
    /** The next N closed jobs (ingest or query) fail. */
    failJobs: number;
    /** A failing ingest job first processes this many records (the rest stay unprocessed). */
    failAfterRecords: number;
    /** The failed job's errorMessage. */
    failMessage: string;
    /** Share (0..1) of ingest rows failing UNABLE_TO_LOCK_ROW. */
    lockRowRate: number;
    seed: number;
}

export const NO_BULK_FAULTS: BulkFaults = {
    failJobs: 0,
    failAfterRecords: 0,
    failMessage: 'InternalServerError : Retried more than 10 times',
    lockRowRate: 0,
    seed: 1
};

interface JobBase {
    id: string;
    object: string;
    createdById: string;
    createdAt: number;
    modifiedAt: number;
    state: JobState;
    apiVersion: number;
    dialect: CsvDialect;
    errorMessage?: string;
    startedAt?: number;
    finishedAt?: number;
}

interface SavedRow {
    row: string[];
    id: string;
    created: boolean;
}

interface FailedRow {
    row: string[];
    id: string;
    error: ItemError;
}

interface IngestJob extends JobBase {
    kind: 'ingest';
    operation: IngestOperation;
    externalIdFieldName?: string;
    assignmentRuleId?: string;
    uploads: string[];
    data?: JobData;
    /** Index of the next row to process. */
    next: number;
    /** Picked by the "fail the next N jobs" fault when processing started. */
    failing?: boolean;
    successful: SavedRow[];
    failed: FailedRow[];
}

interface QueryJob extends JobBase {
    kind: 'query';
    operation: QueryOperation;
    query: string;
    compiled: CompiledQuery;
    ids: string[];
}

type Job = IngestJob | QueryJob;

export interface BulkDeps {
    org: SandboxOrg;
    stats: Stats;
    /** The org's faults: their lockRowRate applies to Bulk rows too. */
    faults: FaultInjector;
    latency: LatencyModel<SalesforceLatencyFamily>;
}

export interface CsvAnswer {
    csv: string;
    records: number;
    headers?: Record<string, string>;
}

const invalidJob = (message: string): ApiError => new ApiError(400, 'INVALIDJOB', `InvalidJob : ${message}`);
const invalidState = (message: string): ApiError => new ApiError(400, 'INVALIDJOBSTATE', message);
const jobNotFound = (): ApiError => new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
const clientInput = (message: string): ApiError => new ApiError(400, 'CLIENTINPUTERROR', message);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** Read through a function: processing changes a job's state behind the compiler's narrowing. */
const inProgress = (job: { state: JobState }): boolean => job.state === 'InProgress';
const TERMINAL: ReadonlySet<JobState> = new Set(['JobComplete', 'Failed', 'Aborted']);
const STATUS_WORD: Record<JobState, string> = {
    Open: 'OPEN',
    UploadComplete: 'UPLOAD_COMPLETE',
    InProgress: 'IN_PROGRESS',
    JobComplete: 'JOB_COMPLETE',
    Failed: 'FAILED',
    Aborted: 'ABORTED'
};

function enumValue<T extends string>(value: unknown, allowed: readonly T[], name: string, fallback?: T): T {
    if (value === undefined || value === null) {
        if (fallback !== undefined) return fallback;
        throw invalidJob(`${name} is required`);
    }
    if (typeof value !== 'string' || !allowed.includes(value as T)) {
        throw invalidJob(`${name} '${String(value)}' is not valid: use ${allowed.join(', ')}`);
    }
    return value as T;
}

function dialectFrom(body: Record<string, unknown>): CsvDialect {
    return {
        columnDelimiter: enumValue(
            body.columnDelimiter,
            Object.keys(COLUMN_DELIMITERS) as ColumnDelimiter[],
            'columnDelimiter',
            'COMMA'
        ),
        lineEnding: enumValue(body.lineEnding, Object.keys(LINE_ENDINGS) as LineEnding[], 'lineEnding', 'LF')
    };
}

/** One CSV cell as the stored value; throws the row's error when the text is not of the field's type. */
function cellValue(f: FieldDef, text: string): Value {
    if (text === '#N/A') return null;
    const input = f.type === 'boolean' ? text.toLowerCase() : text;
    try {
        return coerceInput(f, input);
    } catch {
        throw new ItemError('INVALID_TYPE_ON_FIELD_IN_RECORD', `${f.label}: value not of required type: ${text}`, [
            f.name
        ]);
    }
}

/** The text a stored value is written as in query results. */
function cellText(f: FieldDef, value: Value): string {
    if (value === null || value === undefined) return '';
    if (f.type === 'datetime' && typeof value === 'number') return formatDateTime(value);
    return String(value);
}

/** A result locator: the offset, base64 without padding, as Salesforce's look. */
function locatorFor(offset: number): string {
    return Buffer.from(String(offset)).toString('base64').replace(/=+$/, '');
}

function offsetOf(locator: string): number | undefined {
    const text = Buffer.from(locator, 'base64').toString('utf8');
    return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** Any save failure as a row error (a rule's ItemError, a multiple-match upsert, or anything unexpected). */
function asItemError(error: unknown, field: string | undefined): ItemError {
    try {
        return toItemError(error, field);
    } catch {
        return new ItemError('UNKNOWN_EXCEPTION', (error as Error).message ?? String(error));
    }
}

/** `sf__Error` cell: code, message and fields as Salesforce writes them (`CODE:message:Field --`). */
export function errorCell(error: ItemError): string {
    return `${error.statusCode}:${error.message}:${error.fields.length > 0 ? `${error.fields.join(',')} ` : ''}--`;
}

export class BulkEngine {
    private readonly jobs = new Map<string, Job>();
    private counter = 0;
    /** Bumped by reset: processing loops of an earlier generation stop. */
    private generation = 0;
    private processing: BulkProcessing = 'auto';
    private faults: BulkFaults = { ...NO_BULK_FAULTS };
    private rowFaults = new FaultInjector();
    limits: BulkLimits = { ...BULK_LIMITS };
    private records = new Allowance(BULK_LIMITS.dailyRecords);
    private batches = new Allowance(BULK_LIMITS.dailyBatches);
    private queryJobs = new Allowance(BULK_LIMITS.dailyQueryJobs);

    constructor(private readonly deps: BulkDeps) {}

    // ------------------------------------------------------------ control

    reset(): void {
        this.generation++;
        this.jobs.clear();
        this.counter = 0;
        this.processing = 'auto';
        this.faults = { ...NO_BULK_FAULTS };
        this.rowFaults = new FaultInjector();
        this.setLimits(BULK_LIMITS);
        this.records.setUsed(0);
        this.batches.setUsed(0);
        this.queryJobs.setUsed(0);
    }

    get mode(): BulkProcessing {
        return this.processing;
    }

    setProcessing(mode: BulkProcessing): void {
        if (mode !== 'auto' && mode !== 'poll') throw new Error("processing must be 'auto' or 'poll'");
        this.processing = mode;
    }

    get currentFaults(): BulkFaults {
        return { ...this.faults };
    }

    setFaults(partial: Partial<BulkFaults>): BulkFaults {
        const next = { ...this.faults };
        for (const key of ['failJobs', 'failAfterRecords'] as const) {
            if (partial[key] === undefined) continue;
            const n = Number(partial[key]);
            if (!Number.isInteger(n) || n < 0) throw new Error(`${key} must be a whole number >= 0`);
            next[key] = n;
        }
        if (partial.failMessage !== undefined) next.failMessage = String(partial.failMessage);
        if (partial.lockRowRate !== undefined || partial.seed !== undefined) {
            this.rowFaults.set({
                ...(partial.lockRowRate === undefined ? {} : { lockRowRate: partial.lockRowRate }),
                ...(partial.seed === undefined ? {} : { seed: partial.seed })
            });
            next.lockRowRate = this.rowFaults.faults.lockRowRate;
            next.seed = this.rowFaults.faults.seed;
        }
        this.faults = next;
        return this.currentFaults;
    }

    clearFaults(): void {
        this.faults = { ...NO_BULK_FAULTS };
        this.rowFaults = new FaultInjector();
    }

    setLimits(partial: Partial<BulkLimits>): BulkLimits {
        const next = { ...this.limits };
        for (const key of Object.keys(BULK_LIMITS) as (keyof BulkLimits)[]) {
            if (partial[key] === undefined) continue;
            const n = Number(partial[key]);
            if (!Number.isInteger(n) || n < 0) throw new Error(`${key} must be a whole number >= 0`);
            next[key] = n;
        }
        this.limits = next;
        this.records.limit = next.dailyRecords;
        this.batches.limit = next.dailyBatches;
        this.queryJobs.limit = next.dailyQueryJobs;
        return { ...next };
    }

    /** Usage of the daily allowances, for `/limits` and the control API. */
    usage(): { records: number; batches: number; queryJobs: number } {
        return { records: this.records.used, batches: this.batches.used, queryJobs: this.queryJobs.used };
    }

    /** The daily allowances as the REST `/limits` resource reports them. */
    limitsResource(): Record<string, { Max: number; Remaining: number }> {
        const pair = (a: Allowance) => ({ Max: a.limit, Remaining: Math.max(0, a.limit - a.used) });
        return { DailyBulkApiBatches: pair(this.batches), DailyBulkV2QueryJobs: pair(this.queryJobs) };
    }

    /** Runs a job to its end now (the control API's "process"), whatever the processing mode. */
    async finish(id: string): Promise<Record<string, unknown>> {
        const job = this.job(id, undefined);
        while (job.state === 'UploadComplete' || inProgress(job)) this.step(job);
        return this.info(job);
    }

    // ------------------------------------------------------------ ingest

    createIngest(body: unknown, userId: string, apiVersion: string): Record<string, unknown> {
        const input = this.jsonBody(body);
        const object = input.object;
        if (typeof object !== 'string' || object === '') throw invalidJob('object is required');
        const def = this.deps.org.schema.get(object);
        if (!def) throw invalidJob(`Object ${object} is not found or not supported by the Bulk API`);
        const operation = enumValue(input.operation, INGEST_OPERATIONS, 'operation');
        if (input.contentType !== undefined && input.contentType !== 'CSV') {
            throw invalidJob(`contentType '${String(input.contentType)}' is not valid: use CSV`);
        }
        const dialect = dialectFrom(input);
        let externalIdFieldName: string | undefined;
        if (operation === 'upsert') {
            const name = input.externalIdFieldName;
            if (typeof name !== 'string' || name === '') {
                throw invalidJob('externalIdFieldName is required for upsert operations');
            }
            const f = def.byName.get(name.toLowerCase());
            if (!f || (!f.externalId && f.name !== 'Id')) {
                throw invalidJob(`${name} is not an External ID field of ${def.name}`);
            }
            externalIdFieldName = f.name;
        }
        const assignmentRuleId =
            typeof input.assignmentRuleId === 'string' && input.assignmentRuleId !== ''
                ? input.assignmentRuleId
                : undefined;
        const now = Date.now();
        const job: IngestJob = {
            kind: 'ingest',
            id: this.nextId(),
            object: def.name,
            operation,
            ...(externalIdFieldName ? { externalIdFieldName } : {}),
            ...(assignmentRuleId ? { assignmentRuleId } : {}),
            createdById: userId,
            createdAt: now,
            modifiedAt: now,
            state: 'Open',
            apiVersion: Number(apiVersion),
            dialect,
            uploads: [],
            next: 0,
            successful: [],
            failed: []
        };
        this.jobs.set(job.id, job);
        return this.info(job);
    }

    upload(id: string, text: string, contentType: string | undefined): void {
        const job = this.job(id, 'ingest');
        if (!contentType || !/^text\/csv\b/i.test(contentType)) {
            throw clientInput('Job data must be sent with Content-Type: text/csv');
        }
        if (job.state !== 'Open')
            throw invalidState(`Job ${job.id} is not Open: data can only be uploaded to an open job`);
        const bytes = Buffer.byteLength(text, 'utf8');
        if (Math.ceil(bytes / 3) * 4 > this.limits.maxUploadBase64Bytes) {
            throw clientInput(
                `The upload is ${bytes} bytes, over ${this.limits.maxUploadBase64Bytes} bytes once base64 encoded: ` +
                    'upload at most 100 MB of CSV per job'
            );
        }
        job.uploads.push(text);
        job.modifiedAt = Date.now();
    }

    patchIngest(id: string, body: unknown): Record<string, unknown> {
        const job = this.job(id, 'ingest');
        const state = this.jsonBody(body).state;
        if (state === 'UploadComplete') {
            if (job.state !== 'Open')
                throw invalidState(`Job ${job.id} is ${job.state}: only an Open job can be closed`);
            if (job.uploads.length > 1) {
                throw invalidJob(
                    `Found multipe contents for job: <${job.id}>, please 'Close' / 'Abort' / 'Delete' the current Job ` +
                        "then create a new Job and make sure you only do 'PUT' once on a given Job."
                );
            }
            if (job.uploads.length === 0) {
                throw invalidJob(`Job ${job.id} has no data: upload its CSV (PUT .../batches) before closing it`);
            }
            this.transition(job, 'UploadComplete');
            this.schedule(job);
            return this.info(job);
        }
        if (state === 'Aborted') return this.abort(job);
        throw invalidState(`state '${String(state)}' is not valid here: use UploadComplete or Aborted`);
    }

    ingestResults(id: string, kind: ResultKind): CsvAnswer {
        const job = this.job(id, 'ingest');
        if (!TERMINAL.has(job.state)) {
            throw invalidState(
                `Job ${job.id} is ${job.state}: results are available once it is JobComplete, Failed or Aborted`
            );
        }
        const header = job.data?.header ?? [];
        const plain = (offset: number) => new Set(header.map((_, i) => i + offset));
        if (kind === 'successfulResults') {
            const rows = job.successful.map((r) => [r.id, String(r.created), ...r.row]);
            return {
                csv: writeCsv(['sf__Id', 'sf__Created', ...header], rows, job.dialect, plain(2)),
                records: rows.length
            };
        }
        if (kind === 'failedResults') {
            const rows = job.failed.map((r) => [r.id, errorCell(r.error), ...r.row]);
            return {
                csv: writeCsv(['sf__Id', 'sf__Error', ...header], rows, job.dialect, plain(2)),
                records: rows.length
            };
        }
        const rows = job.data ? job.data.rows.slice(job.next) : [];
        return { csv: writeCsv(header, rows, job.dialect, plain(0)), records: rows.length };
    }

    // ------------------------------------------------------------ query

    createQuery(body: unknown, userId: string, apiVersion: string): Record<string, unknown> {
        const input = this.jsonBody(body);
        const operation = enumValue<QueryOperation>(input.operation, ['query', 'queryAll'], 'operation');
        const query = input.query;
        if (typeof query !== 'string' || query.trim() === '') throw invalidJob('query is required');
        if (input.contentType !== undefined && input.contentType !== 'CSV') {
            throw invalidJob(`contentType '${String(input.contentType)}' is not valid: use CSV`);
        }
        const dialect = dialectFrom(input);
        // Salesforce's own SOQL errors (MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE) answer the create call.
        const compiled = compileQuery(this.deps.org.queryEnv(), query);
        if (compiled.countOnly || compiled.aggregates.length > 0) {
            throw new ApiError(
                400,
                'API_ERROR',
                'Aggregate queries (COUNT(), SUM(), ...) are not supported by Bulk API 2.0 query jobs'
            );
        }
        if (compiled.offset > 0) {
            throw new ApiError(400, 'API_ERROR', 'OFFSET is not supported by Bulk API 2.0 query jobs');
        }
        this.prune();
        if (this.queryJobs.exhausted) {
            throw new ApiError(
                400,
                'EXCEEDEDQUOTA',
                `ExceededQuota : the org has used its ${this.limits.dailyQueryJobs} Bulk API 2.0 query jobs of the last 24 hours`
            );
        }
        this.queryJobs.count();
        const now = Date.now();
        const job: QueryJob = {
            kind: 'query',
            id: this.nextId(),
            object: compiled.object.name,
            operation,
            query,
            compiled,
            ids: [],
            createdById: userId,
            createdAt: now,
            modifiedAt: now,
            state: 'UploadComplete',
            apiVersion: Number(apiVersion),
            dialect
        };
        this.jobs.set(job.id, job);
        this.schedule(job);
        return this.info(job);
    }

    patchQuery(id: string, body: unknown): Record<string, unknown> {
        const job = this.job(id, 'query');
        const state = this.jsonBody(body).state;
        if (state !== 'Aborted') throw invalidState(`state '${String(state)}' is not valid here: use Aborted`);
        return this.abort(job);
    }

    queryResults(id: string, apiVersion: string, locator: string | null, maxRecords: string | null): CsvAnswer {
        const job = this.job(id, 'query');
        if (job.state !== 'JobComplete') {
            throw new ApiError(
                400,
                'JOB_NOT_COMPLETE',
                `can only download query results of successfully completed bulk job with status: JOB_COMPLETE. Current status: ${STATUS_WORD[job.state]}`
            );
        }
        if (Number(apiVersion) !== job.apiVersion) {
            throw new ApiError(
                409,
                'API_ERROR',
                `Results of job ${job.id} must be read with the API version it was created in (v${job.apiVersion.toFixed(1)})`
            );
        }
        let size = DEFAULT_QUERY_PAGE;
        if (maxRecords !== null) {
            if (!/^\d+$/.test(maxRecords) || Number(maxRecords) < 1) {
                throw clientInput(`maxRecords must be a whole number of at least 1, got '${maxRecords}'`);
            }
            size = Number(maxRecords);
        }
        let start = 0;
        if (locator !== null && locator !== '') {
            const offset = offsetOf(locator);
            if (offset === undefined) throw clientInput(`Invalid locator: ${locator}`);
            start = offset;
        }
        const { compiled } = job;
        const env = this.deps.org.queryEnv();
        const table = env.table(compiled.object);
        const rows: string[][] = [];
        const end = Math.min(job.ids.length, start + size);
        for (let i = start; i < end; i++) {
            const rec = table.get(job.ids[i] as string);
            if (!rec) continue;
            rows.push(compiled.fields.map(({ path }) => cellText(path.leaf, readPath(env, rec, path))));
        }
        const header = compiled.fields.map(({ path }) =>
            [...path.steps.map((s) => s.relationshipName as string), path.leaf.name].join('.')
        );
        return {
            csv: writeCsv(header, rows, job.dialect),
            records: rows.length,
            headers: {
                'Sforce-NumberOfRecords': String(rows.length),
                'Sforce-Locator': end < job.ids.length ? locatorFor(end) : 'null'
            }
        };
    }

    // ------------------------------------------------------------ both kinds

    jobInfo(id: string, kind: Job['kind']): Record<string, unknown> {
        const job = this.job(id, kind);
        if (this.processing === 'poll') this.step(job);
        return this.info(job);
    }

    deleteJob(id: string, kind: Job['kind']): void {
        const job = this.job(id, kind);
        if (job.state === 'Open' || inProgress(job) || (kind === 'query' && job.state === 'UploadComplete')) {
            throw invalidState(
                `Job ${job.id} is ${job.state}: a job can be deleted once it is UploadComplete, JobComplete, Aborted or Failed`
            );
        }
        this.jobs.delete(job.id);
    }

    list(kind: Job['kind'], apiVersion: string, locator: string | null): Record<string, unknown> {
        this.prune();
        const all = [...this.jobs.values()].filter((j) => j.kind === kind);
        const start = locator ? (offsetOf(locator) ?? 0) : 0;
        const page = all.slice(start, start + LIST_PAGE);
        const more = start + LIST_PAGE < all.length;
        return {
            done: !more,
            records: page.map((j) => this.info(j, false)),
            nextRecordsUrl: more
                ? `/services/data/v${apiVersion}/jobs/${kind}?queryLocator=${locatorFor(start + LIST_PAGE)}`
                : null
        };
    }

    // ------------------------------------------------------------ internals

    private jsonBody(body: unknown): Record<string, unknown> {
        if (typeof body !== 'string' || body.trim() === '') throw invalidJob('a JSON request body is required');
        let parsed: unknown;
        try {
            parsed = JSON.parse(body);
        } catch (error) {
            throw new ApiError(400, 'JSON_PARSER_ERROR', (error as Error).message);
        }
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
            throw new ApiError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
        }
        return parsed as Record<string, unknown>;
    }

    private nextId(): string {
        return this.deps.org.ids.next('750');
    }

    private job<K extends Job['kind']>(id: string, kind: K | undefined): Extract<Job, { kind: K }> {
        this.prune();
        const normalized = normalizeId(id);
        const job = normalized ? this.jobs.get(normalized) : undefined;
        if (!job || (kind !== undefined && job.kind !== kind)) throw jobNotFound();
        return job as Extract<Job, { kind: K }>;
    }

    /** Jobs older than seven days are deleted (Limits: job lifespan). */
    private prune(): void {
        const now = Date.now();
        for (const [id, job] of this.jobs) if (now - job.createdAt > LIFESPAN_MS) this.jobs.delete(id);
    }

    private transition(job: Job, state: JobState): void {
        job.state = state;
        job.modifiedAt = Date.now();
        if (state === 'InProgress') job.startedAt = job.modifiedAt;
        if (TERMINAL.has(state)) job.finishedAt = job.modifiedAt;
    }

    private abort(job: Job): Record<string, unknown> {
        if (TERMINAL.has(job.state)) {
            throw invalidState(
                `Aborting already ${job.state === 'JobComplete' ? 'Completed' : job.state} Job not allowed`
            );
        }
        this.transition(job, 'Aborted');
        return this.info(job);
    }

    private fail(job: Job, message: string): void {
        job.errorMessage = message;
        this.transition(job, 'Failed');
    }

    /** Counts a job against the "fail the next N jobs" fault. */
    private takeFailure(): boolean {
        if (this.faults.failJobs <= 0) return false;
        this.faults.failJobs--;
        return true;
    }

    /** Starts a closed job: on its own in 'auto' mode; in 'poll' mode the status reads move it. */
    private schedule(job: Job): void {
        if (this.processing !== 'auto') return;
        const generation = this.generation;
        void this.runAuto(job, generation);
    }

    private async runAuto(job: Job, generation: number): Promise<void> {
        const { latency } = this.deps;
        try {
            await sleep(latency.delayMs('bulkProcessing', 0));
            if (generation !== this.generation || job.state !== 'UploadComplete') return;
            this.start(job);
            const perRecordMs = latency.current.bulkProcessing.perRecordMs;
            if (job.kind === 'query') {
                if (perRecordMs > 0) await sleep(perRecordMs * job.ids.length);
            } else {
                while (inProgress(job) && generation === this.generation && this.rowsLeft(job) > 0) {
                    const done = this.processBatch(job);
                    if (perRecordMs > 0) await sleep(perRecordMs * done);
                    else await new Promise((resolve) => setImmediate(resolve));
                }
            }
            if (generation === this.generation && inProgress(job)) this.complete(job);
        } catch (error) {
            if (!TERMINAL.has(job.state)) this.fail(job, `InternalServerError : ${(error as Error).message}`);
        }
    }

    /** 'poll' mode and the control API's finish: UploadComplete -> InProgress (all rows saved) -> outcome. */
    private step(job: Job): void {
        if (job.state === 'UploadComplete') {
            this.start(job);
            if (job.kind === 'ingest') while (inProgress(job) && this.rowsLeft(job) > 0) this.processBatch(job);
            return;
        }
        if (job.state !== 'InProgress') return;
        if (job.kind === 'ingest') while (inProgress(job) && this.rowsLeft(job) > 0) this.processBatch(job);
        if (inProgress(job)) this.complete(job);
    }

    /** Moves a closed job to InProgress: a query runs (its rows are fixed now), ingest data is parsed and checked. */
    private start(job: Job): void {
        this.transition(job, 'InProgress');
        if (job.kind === 'query') {
            const rows = this.deps.org.queries.run(job.compiled, job.operation === 'queryAll');
            job.ids = rows.map((r) => r.Id as string);
            return;
        }
        job.failing = this.takeFailure();
        this.loadData(job);
    }

    private rowsLeft(job: IngestJob): number {
        return job.data ? job.data.rows.length - job.next : 0;
    }

    private complete(job: Job): void {
        const failing = job.kind === 'query' ? this.takeFailure() : job.failing === true;
        if (failing) this.fail(job, this.faults.failMessage);
        else this.transition(job, 'JobComplete');
    }

    /** Parses the uploaded CSV and checks its header against the object; a failure fails the job. */
    private loadData(job: IngestJob): boolean {
        try {
            const data = parseJobData(job.uploads[0] ?? '', job.dialect);
            job.uploads = [];
            const def = this.deps.org.schema.get(job.object) as ObjectDef;
            for (const name of data.header) {
                if (!def.byName.has(name.toLowerCase()))
                    throw new BulkDataError(`InvalidBatch : Field name not found : ${name}`);
            }
            const names = data.header.map((n) => (def.byName.get(n.toLowerCase()) as FieldDef).name);
            const required =
                job.operation === 'upsert' ? job.externalIdFieldName : job.operation === 'insert' ? undefined : 'Id';
            if (required && !names.includes(required)) {
                throw new BulkDataError(`InvalidBatch : Field name not found : ${required} (the ${job.operation} key)`);
            }
            job.data = data;
            return true;
        } catch (error) {
            if (!(error instanceof BulkDataError)) throw error;
            this.fail(job, error.message);
            return false;
        }
    }

    /** Processes the next batch of rows (10,000); returns how many rows it handled. */
    private processBatch(job: IngestJob): number {
        const data = job.data as JobData;
        const start = job.next;
        if (this.batches.exhausted) {
            this.fail(
                job,
                `ExceededQuota : the org has used its ${this.limits.dailyBatches} Bulk API batches of the last 24 hours`
            );
            return 0;
        }
        this.batches.count();
        const end = Math.min(data.rows.length, start + RECORDS_PER_BATCH);
        const def = this.deps.org.schema.get(job.object) as ObjectDef;
        const fields = data.header.map((n) => def.byName.get(n.toLowerCase()) as FieldDef);
        const keyField =
            job.operation === 'upsert'
                ? (def.byName.get((job.externalIdFieldName as string).toLowerCase()) as FieldDef)
                : undefined;
        const keyCounts = keyField ? this.keyCounts(job, fields, keyField) : undefined;
        for (let i = start; i < end; i++) {
            if (job.failing && job.successful.length + job.failed.length >= this.faults.failAfterRecords) {
                job.next = i;
                this.fail(job, this.faults.failMessage);
                return i - start;
            }
            if (this.records.exhausted) {
                job.next = i;
                this.fail(
                    job,
                    `ExceededQuota : the org has used its ${this.limits.dailyRecords} Bulk API records of the last 24 hours`
                );
                return i - start;
            }
            this.records.count();
            this.saveRow(job, def, fields, data.rows[i] as string[], keyField, keyCounts);
        }
        job.next = end;
        return end - start;
    }

    /** External-id values that appear more than once in the job: every such row fails, as in collections. */
    private keyCounts(job: IngestJob, fields: FieldDef[], keyField: FieldDef): Map<string, number> {
        const column = fields.indexOf(keyField);
        const counts = new Map<string, number>();
        for (const row of (job.data as JobData).rows) {
            const key = indexKey(keyField, row[column] ?? null);
            if (key !== undefined && row[column] !== '') counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        return counts;
    }

    private saveRow(
        job: IngestJob,
        def: ObjectDef,
        fields: FieldDef[],
        row: string[],
        keyField: FieldDef | undefined,
        keyCounts: Map<string, number> | undefined
    ): void {
        const { org, stats, faults } = this.deps;
        const options: SaveOptions = {
            userId: job.createdById,
            allowSave: false,
            autoAssign: job.assignmentRuleId !== undefined,
            lockFault: () => faults.lockRow() || this.rowFaults.lockRow()
        };
        const idColumn = fields.findIndex((f) => f.name === 'Id');
        const rowId = idColumn >= 0 ? (row[idColumn] ?? '') : '';
        try {
            if (row.reduce((n, cell) => n + cell.length, 0) > CSV_LIMITS.recordChars) {
                throw new ItemError(
                    'STRING_TOO_LONG',
                    `The record exceeds the Bulk API limit of ${CSV_LIMITS.recordChars} characters`
                );
            }
            const values: Rec = {};
            row.forEach((text, i) => {
                const f = fields[i] as FieldDef;
                if (text === '') return; // empty cells are ignored; #N/A sets null (Valid CSV Record Rows)
                if (text.length > CSV_LIMITS.fieldChars) {
                    throw new ItemError(
                        'STRING_TOO_LONG',
                        `${f.label}: the value exceeds the Bulk API limit of ${CSV_LIMITS.fieldChars} characters`,
                        [f.name]
                    );
                }
                values[f.name] = cellValue(f, text);
            });
            let saved: { id: string; created: boolean };
            switch (job.operation) {
                case 'insert':
                    saved = { id: org.insert(def, values, options), created: true };
                    break;
                case 'upsert': {
                    const key = keyField as FieldDef;
                    const value = values[key.name];
                    if (value === undefined || value === null || value === '') {
                        throw new ItemError('MISSING_ARGUMENT', `${key.name} not specified`, []);
                    }
                    if ((keyCounts?.get(indexKey(key, value) ?? '') ?? 0) > 1) {
                        throw new ItemError(
                            'DUPLICATE_EXTERNAL_ID',
                            `Duplicate external id specified: ${String(value)}`,
                            [key.name]
                        );
                    }
                    const { [key.name]: _key, ...rest } = values;
                    saved = org.upsert(def, key.name, String(value), rest, options);
                    break;
                }
                default: {
                    const { Id: id, ...rest } = values;
                    if (typeof id !== 'string' || id === '') {
                        throw new ItemError('MISSING_ARGUMENT', `Id not specified in an ${job.operation} call`, []);
                    }
                    if (job.operation === 'update') org.update(def, id, rest, options);
                    else org.delete(def, id, options);
                    saved = { id: normalizeId(id) ?? id, created: false };
                }
            }
            job.successful.push({ row, ...saved });
            stats.record(
                def.name,
                saved.created
                    ? 'created'
                    : job.operation === 'update' || job.operation === 'upsert'
                      ? 'updated'
                      : 'deleted'
            );
        } catch (error) {
            const itemError = asItemError(error, keyField?.name);
            job.failed.push({ row, id: rowId ? (normalizeId(rowId) ?? '') : '', error: itemError });
            stats.record(def.name, 'failed');
        }
    }

    /** Job info as Get Job Info answers it (`full` false: the fields Get All Jobs lists). */
    private info(job: Job, full = true): Record<string, unknown> {
        const base: Record<string, unknown> = {
            id: job.id,
            operation: job.operation,
            object: job.object,
            createdById: job.createdById,
            createdDate: formatDateTime(job.createdAt),
            systemModstamp: formatDateTime(job.modifiedAt),
            state: job.state,
            ...(job.kind === 'ingest' && job.externalIdFieldName
                ? { externalIdFieldName: job.externalIdFieldName }
                : {}),
            ...(job.kind === 'ingest' && job.assignmentRuleId ? { assignmentRuleId: job.assignmentRuleId } : {}),
            concurrencyMode: 'Parallel',
            contentType: 'CSV',
            apiVersion: job.apiVersion,
            ...(job.kind === 'ingest' && job.state === 'Open'
                ? { contentUrl: `services/data/v${job.apiVersion.toFixed(1)}/jobs/ingest/${job.id}/batches` }
                : {}),
            jobType: job.kind === 'ingest' ? 'V2Ingest' : 'V2Query',
            lineEnding: job.dialect.lineEnding,
            columnDelimiter: job.dialect.columnDelimiter
        };
        if (!full) return base;
        const elapsed = job.startedAt === undefined ? 0 : (job.finishedAt ?? Date.now()) - job.startedAt;
        if (job.kind === 'query') {
            return {
                ...base,
                numberRecordsProcessed: job.ids.length,
                retries: 0,
                totalProcessingTime: elapsed,
                ...(job.errorMessage ? { errorMessage: job.errorMessage } : {})
            };
        }
        return {
            ...base,
            numberRecordsProcessed: job.successful.length + job.failed.length,
            numberRecordsFailed: job.failed.length,
            retries: 0,
            totalProcessingTime: elapsed,
            apiActiveProcessingTime: elapsed,
            apexProcessingTime: 0,
            ...(job.errorMessage ? { errorMessage: job.errorMessage } : {})
        };
    }
}
