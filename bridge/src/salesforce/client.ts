import type { Connection } from 'jsforce';
import type { Logger } from '../logging.ts';
import {
    SalesforceBudgetError,
    SalesforceError,
    SalesforceUnavailableError,
    isNoAnswerCode,
    isTransientCode,
    isUnreachableCode,
    toSalesforceError,
    type RecordIssue,
    type SalesforceCredentials
} from './errors.ts';
import type { SObjectDescribe } from './describe.ts';
import { DeadlineTransport, SALESFORCE_TIMEOUT_MS } from './transport.ts';
import { CallGate, groupRecords, takeCall } from './collection-plan.ts';
import { countCall } from '../call-tally.ts';

/** sObject Collections take at most 200 records a call; Composite at most 25 subrequests, 5 of them queries. */
export const COLLECTION_LIMIT = 200;
export const COMPOSITE_LIMIT = 25;
export const COMPOSITE_QUERY_LIMIT = 5;
/**
 * Collection calls one write keeps in flight by default (SALESFORCE_CALLS_IN_FLIGHT). Salesforce allows 25 concurrent
 * long-running requests per org, shared with every other integration and user: the bridge stays well below.
 */
export const DEFAULT_CALLS_IN_FLIGHT = 4;

export type SObjectRecord = Record<string, unknown> & { Id?: string };

interface QueryResult<T> {
    totalSize: number;
    done: boolean;
    nextRecordsUrl?: string;
    records: T[];
}

interface SaveResult {
    id?: string;
    success: boolean;
    created?: boolean;
    errors: { statusCode?: string; errorCode?: string; message: string; fields?: string[] }[];
}

/** The outcome for one record of a collection write, in request order. */
export type RecordOutcome = { ok: true; id: string; created: boolean } | { ok: false; issue: RecordIssue };

export interface CompositeSubrequest {
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
    url: string;
    referenceId: string;
    body?: unknown;
}

export interface CompositeSubresponse {
    referenceId: string;
    httpStatusCode: number;
    body: unknown;
}

export interface SalesforceClientOptions {
    logger: Logger;
    /** Pause when the org's used API allowance reaches this share of its daily limit. */
    budgetShare: number;
    /** Attempts for transient failures (503, lock contention, dropped connections); 1 = no retry. */
    attempts?: number;
    /** First back-off delay; doubles each attempt. */
    retryDelayMs?: number;
    /** A call without a complete answer by then is abandoned (headers and body; default 60 s). */
    timeoutMs?: number;
    /** How the connection logs in, so a refused session names the setting to fix (default jwt). */
    credentials?: SalesforceCredentials;
    /** Collection calls of one write in flight at once (default DEFAULT_CALLS_IN_FLIGHT; 1 = one after the other). */
    callsInFlight?: number;
    sleep?: (ms: number) => Promise<void>;
}

/** A call that got no answer at all is tried at most this many times: a silent or unreachable org is not asked 4 times. */
const NO_ANSWER_ATTEMPTS = 3;

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Builds one collection call's request from its records. */
type CollectionRequest = (batch: SObjectRecord[]) => {
    method: Method;
    url: string;
    body: unknown;
    headers?: Record<string, string> | undefined;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The bridge's one door to Salesforce's REST API, over a jsforce connection (which handles the session and its
 * refresh). It counts every call, tracks the org's API usage from `Sforce-Limit-Info` (jsforce's limitInfo) and
 * refuses to spend past the configured share, retries transient failures of idempotent requests with back-off, and
 * turns failures into SalesforceErrors with Salesforce's own codes.
 */
export class SalesforceClient {
    /** API calls this client has made (each one is one call against the org's daily allowance). */
    calls = 0;
    private readonly describes = new Map<string, Promise<SObjectDescribe>>();
    /** Attempts and back-off for transient failures: of whole calls, and of records (collections, Bulk jobs). */
    readonly attempts: number;
    readonly retryDelayMs: number;
    readonly sleep: (ms: number) => Promise<void>;
    /** The deadline transport every call goes through (JSON here, CSV in the Bulk client). */
    readonly transport: DeadlineTransport;
    /** Collection calls in flight at once, over every write this client makes. */
    readonly callsInFlight: number;
    /** Holds them to callsInFlight, and keeps calls touching one parent or key apart (collection-plan.ts). */
    private readonly gate: CallGate;

    constructor(
        readonly conn: Connection,
        private readonly options: SalesforceClientOptions
    ) {
        this.attempts = options.attempts ?? 4;
        this.retryDelayMs = options.retryDelayMs ?? 500;
        this.sleep = options.sleep ?? defaultSleep;
        this.transport = new DeadlineTransport(options.timeoutMs ?? SALESFORCE_TIMEOUT_MS);
        this.callsInFlight = Math.max(1, options.callsInFlight ?? DEFAULT_CALLS_IN_FLIGHT);
        this.gate = new CallGate(this.callsInFlight);
    }

    get instanceUrl(): string {
        return this.conn.instanceUrl;
    }

    get apiVersion(): string {
        return this.conn.version;
    }

    /** The org's API usage as of the last response, or undefined before the first call. */
    get apiUsage(): { used: number; limit: number } | undefined {
        return this.conn.limitInfo?.apiUsage;
    }

    /**
     * Forgets the usage the last answer reported: the allowance is a rolling 24 hours, and only an answer says whether
     * it recovered. A run starts with this, so its first call asks Salesforce (one call a run, even while paused).
     */
    forgetUsage(): void {
        this.conn.limitInfo = {};
    }

    /** Why Salesforce work is paused, or undefined when the allowance is not spent. */
    budgetExhausted(): string | undefined {
        const usage = this.apiUsage;
        if (!usage || usage.limit <= 0) return undefined;
        const ceiling = Math.floor(usage.limit * this.options.budgetShare);
        if (usage.used < ceiling) return undefined;
        const share = Math.round(this.options.budgetShare * 100);
        return (
            `the org has used ${usage.used} of its ${usage.limit} daily API requests, and the bridge stops at ${share}% ` +
            `(SALESFORCE_API_BUDGET_SHARE=${this.options.budgetShare}); Salesforce work resumes when the rolling 24-hour usage falls`
        );
    }

    /**
     * One REST call, with a deadline (the transport). `idempotent` requests (reads, updates and upserts by key) are
     * retried on transient failures; others only when Salesforce certainly did not process them. A call that got no
     * answer through its attempts throws SalesforceUnavailableError: the run stops instead of waiting again per step.
     */
    async request<T>(
        req: { method: Method; url: string; body?: unknown; headers?: Record<string, string> },
        what: string,
        idempotent = req.method !== 'POST'
    ): Promise<T> {
        return this.call(
            what,
            idempotent,
            async () =>
                (await this.conn.request<T>(
                    {
                        method: req.method,
                        url: req.url,
                        ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
                        headers: {
                            ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
                            ...req.headers
                        }
                    },
                    { transport: this.transport }
                )) as T
        );
    }

    /**
     * One API call made by `perform` (request() for JSON; the Bulk client for CSV), under the client's rules: the
     * budget check, the call count, retries with back-off of transient failures (of idempotent calls, or of calls
     * Salesforce certainly did not process) and Salesforce's codes on every failure.
     */
    async call<T>(what: string, idempotent: boolean, perform: () => Promise<T>): Promise<T> {
        for (let attempt = 1; ; attempt++) {
            const exhausted = this.budgetExhausted();
            if (exhausted) throw new SalesforceBudgetError('API_BUDGET_EXHAUSTED', `${what}: paused: ${exhausted}`);
            this.calls += 1;
            countCall('salesforce');
            try {
                return await perform();
            } catch (raw) {
                const error = toSalesforceError(raw, what, this.options.credentials);
                const retryable = error.transient && (idempotent || notProcessed(raw));
                const noAnswer = isNoAnswerCode(error.code);
                const last = attempt >= (noAnswer ? Math.min(this.attempts, NO_ANSWER_ATTEMPTS) : this.attempts);
                if (retryable && noAnswer && last) {
                    throw new SalesforceUnavailableError(
                        error.code,
                        `${error.message} (${attempt} attempts): the run stops here, and the next run resumes where each step stopped`,
                        { cause: raw }
                    );
                }
                if (!retryable || last) throw error;
                const delay = this.retryDelayMs * 2 ** (attempt - 1);
                this.options.logger.warn(
                    { code: error.code, attempt, delay, what },
                    'transient Salesforce failure, retrying'
                );
                await this.sleep(delay);
            }
        }
    }

    /**
     * Runs a query and yields its records batch by batch, following nextRecordsUrl. `onTotalSize` learns from the
     * first answer how many records the whole query matches (Salesforce's totalSize), before the first batch.
     */
    async *queryPages<T extends SObjectRecord>(
        soql: string,
        what: string,
        options: { onTotalSize?: (totalSize: number) => void } = {}
    ): AsyncGenerator<T[]> {
        let result = await this.request<QueryResult<T>>(
            { method: 'GET', url: `/query?q=${encodeURIComponent(soql)}` },
            what
        );
        options.onTotalSize?.(result.totalSize);
        yield result.records.map(stripAttributes);
        while (!result.done && result.nextRecordsUrl) {
            result = await this.request<QueryResult<T>>({ method: 'GET', url: result.nextRecordsUrl }, what);
            yield result.records.map(stripAttributes);
        }
    }

    async query<T extends SObjectRecord>(soql: string, what: string): Promise<T[]> {
        const records: T[] = [];
        for await (const page of this.queryPages<T>(soql, what)) records.push(...page);
        return records;
    }

    /**
     * Several independent reads in as few API calls as Composite allows (25 GETs a call, 5 of them queries, QueryAll
     * included), up to callsInFlight of those calls at once (reads change nothing, so they may overlap). Query results
     * that need more batches are completed with queryMore calls. A failed read throws, unless it is `optional`: then
     * it is missing from the answer.
     */
    async readMany(
        requests: { referenceId: string; url: string; optional?: boolean }[],
        what: string
    ): Promise<Map<string, unknown>> {
        const out = new Map<string, unknown>();
        const optional = new Set(requests.filter((r) => r.optional).map((r) => r.referenceId));
        const chunks: { referenceId: string; url: string }[][] = [];
        let chunk: { referenceId: string; url: string }[] = [];
        let queries = 0;
        for (const request of requests) {
            const isQuery = request.url.includes('/query');
            if (chunk.length === COMPOSITE_LIMIT || (isQuery && queries === COMPOSITE_QUERY_LIMIT)) {
                chunks.push(chunk);
                chunk = [];
                queries = 0;
            }
            chunk.push(request);
            if (isQuery) queries += 1;
        }
        if (chunk.length > 0) chunks.push(chunk);
        const answers: CompositeSubresponse[][] = [];
        for (let i = 0; i < chunks.length; i += this.callsInFlight) {
            const window = chunks.slice(i, i + this.callsInFlight).map((part) =>
                this.composite(
                    part.map((r) => ({ method: 'GET', url: this.versioned(r.url), referenceId: r.referenceId })),
                    what
                )
            );
            answers.push(...(await Promise.all(window)));
        }
        for (const responses of answers) {
            for (const response of responses) {
                if (response.httpStatusCode >= 300) {
                    const error = subrequestError(response, `${what} (${response.referenceId})`);
                    // An optional read that failed is left out of the answer; the others stand.
                    if (optional.has(response.referenceId)) {
                        this.options.logger.warn(
                            { what, referenceId: response.referenceId, err: error },
                            'optional read failed'
                        );
                        continue;
                    }
                    throw error;
                }
                let body = response.body as QueryResult<SObjectRecord> | unknown;
                if (isQueryResult(body) && !body.done) {
                    const records = [...body.records];
                    let next: QueryResult<SObjectRecord> = body;
                    while (!next.done && next.nextRecordsUrl) {
                        next = await this.request<QueryResult<SObjectRecord>>(
                            { method: 'GET', url: next.nextRecordsUrl },
                            what
                        );
                        records.push(...next.records);
                    }
                    body = { ...body, done: true, records };
                }
                out.set(response.referenceId, isQueryResult(body) ? body.records.map(stripAttributes) : body);
            }
        }
        return out;
    }

    /**
     * Composite: up to 25 subrequests in one call. Without allOrNone, subrequests that fail with a transient code
     * (lock contention) are sent again on their own, with back-off, together with those halted behind them (a
     * reference to a failed subrequest); references to subrequests that succeeded are replaced by their results, so
     * nothing is written twice. What still fails after the attempts is answered as it failed.
     */
    async composite(
        subrequests: CompositeSubrequest[],
        what: string,
        allOrNone = false
    ): Promise<CompositeSubresponse[]> {
        if (subrequests.length > COMPOSITE_LIMIT) {
            throw new SalesforceError(
                'COMPOSITE_TOO_LARGE',
                `${what}: ${subrequests.length} subrequests, Composite takes ${COMPOSITE_LIMIT}`
            );
        }
        const answers = new Map<string, CompositeSubresponse>();
        let pending = subrequests;
        for (let attempt = 1; pending.length > 0; attempt++) {
            const idempotent = pending.every((s) => s.method === 'GET' || s.method === 'PATCH');
            const result = await this.request<{ compositeResponse: CompositeSubresponse[] }>(
                {
                    method: 'POST',
                    url: '/composite',
                    body: { allOrNone, compositeRequest: pending.map((s) => withResults(s, answers)) }
                },
                what,
                idempotent
            );
            for (const response of result.compositeResponse) answers.set(response.referenceId, response);
            const again = allOrNone || attempt >= this.attempts ? [] : retryableSubrequests(pending, answers);
            if (again.length > 0) {
                this.options.logger.warn(
                    { what, attempt, subrequests: again.length },
                    'transient Salesforce failure, retrying'
                );
                await this.sleep(this.retryDelayMs * 2 ** (attempt - 1));
            }
            pending = again;
        }
        return subrequests.map((s) => answers.get(s.referenceId)!).filter(Boolean);
    }

    /** Describe of an object, fetched once per client. */
    describe(type: string): Promise<SObjectDescribe> {
        let cached = this.describes.get(type);
        if (!cached) {
            cached = this.request<SObjectDescribe>(
                { method: 'GET', url: `/sobjects/${type}/describe` },
                `Describe ${type}`
            );
            cached.catch(() => this.describes.delete(type));
            this.describes.set(type, cached);
        }
        return cached;
    }

    /** Seeds the describe cache (from a Composite read that fetched several at once). */
    rememberDescribe(describe: SObjectDescribe): void {
        this.describes.set(describe.name, Promise.resolve(describe));
    }

    /** Upserts on an external id, 200 records a call; outcomes in input order. */
    upsert(
        type: string,
        externalIdField: string,
        records: SObjectRecord[],
        headers?: Record<string, string>
    ): Promise<RecordOutcome[]> {
        return this.collection(
            records,
            (batch) => ({
                method: 'PATCH',
                url: `/composite/sobjects/${type}/${externalIdField}`,
                body: { allOrNone: false, records: batch.map((r) => ({ attributes: { type }, ...r })) },
                headers
            }),
            `Upsert ${type} on ${externalIdField}`,
            [externalIdField]
        );
    }

    /** Updates by Id, 200 records a call; every record carries its `Id` and `attributes.type` is set from `type`. */
    update(type: string, records: SObjectRecord[], headers?: Record<string, string>): Promise<RecordOutcome[]> {
        return this.collection(
            records,
            (batch) => ({
                method: 'PATCH',
                url: '/composite/sobjects',
                body: {
                    allOrNone: false,
                    records: batch.map(({ Id, ...rest }) => ({ attributes: { type }, id: Id, ...rest }))
                },
                headers
            }),
            `Update ${type}`,
            ['Id']
        );
    }

    /**
     * Writes records in collections of 200, up to `callsInFlight` calls at once (over every write in flight), records
     * under one parent or with one key never in two concurrent calls (they would contend for its lock:
     * UNABLE_TO_LOCK_ROW). Each call is made when a slot frees, of the records free then (collection-plan.ts): so
     * a page whose people overlap the page in flight still fills the free slots with its other people. Outcomes come
     * back in input order. Records that fail with a transient code (lock contention) are written again on their own,
     * with back-off; whole calls that fail transiently are retried by request(). A call that fails outright throws
     * once the calls in flight end; calls not started by then are not made.
     */
    private async collection(
        records: SObjectRecord[],
        build: CollectionRequest,
        what: string,
        keyFields: readonly string[]
    ): Promise<RecordOutcome[]> {
        const outcomes: RecordOutcome[] = new Array<RecordOutcome>(records.length);
        const pending = groupRecords(records, { limit: COLLECTION_LIMIT, keyFields });
        let failed = false;
        const pick = (held: (value: string) => boolean) => {
            const call = takeCall(pending, COLLECTION_LIMIT, held);
            if (call.length === 0) return undefined;
            return {
                touches: [...new Set(call.flatMap((piece) => piece.values))],
                call: call.flatMap((piece) => piece.members).sort((x, y) => x - y)
            };
        };
        // A call that fails stops the write: nothing more is sent, and the drain throws once the calls in flight end.
        const more = () => !failed && pending.length > 0;
        const send = async (indexes: number[]) => {
            try {
                await this.collectionCall(records, indexes, outcomes, build, what);
            } catch (error) {
                failed = true;
                throw error;
            }
        };
        await this.gate.drain(pick, more, send);
        return outcomes;
    }

    /** One collection call of the records at `indexes`, its transient record failures written again. */
    private async collectionCall(
        records: SObjectRecord[],
        indexes: number[],
        outcomes: RecordOutcome[],
        build: CollectionRequest,
        what: string
    ): Promise<void> {
        let pending = indexes.map((index) => ({ record: records[index]!, index }));
        for (let attempt = 1; pending.length > 0; attempt++) {
            const req = build(pending.map((p) => p.record));
            const results = await this.request<SaveResult[]>(
                {
                    method: req.method,
                    url: req.url,
                    body: req.body,
                    ...(req.headers ? { headers: req.headers } : {})
                },
                what
            );
            const retry: typeof pending = [];
            pending.forEach((p, i) => {
                const outcome = toOutcome(results[i]);
                if (!outcome.ok && isTransientCode(outcome.issue.code) && attempt < this.attempts) retry.push(p);
                else outcomes[p.index] = outcome;
            });
            if (retry.length > 0) await this.sleep(this.retryDelayMs * 2 ** (attempt - 1));
            pending = retry;
        }
    }

    /** /services/data/vXX.X + path, for Composite subrequests (which need full paths). */
    versioned(path: string): string {
        return path.startsWith('/services/') ? path : `/services/data/v${this.conn.version}${path}`;
    }
}

/** A record Salesforce answered nothing for (no item in a collection's answer, no row in a Bulk job's results). */
export const NO_RESULT: RecordIssue = {
    code: 'NO_RESULT',
    message: 'Salesforce returned no result for this record',
    fields: []
};

function toOutcome(result: SaveResult | undefined): RecordOutcome {
    if (!result) return { ok: false, issue: { ...NO_RESULT } };
    if (result.success && result.id) return { ok: true, id: result.id, created: Boolean(result.created) };
    const first = result.errors[0];
    return {
        ok: false,
        issue: {
            code: first?.statusCode ?? first?.errorCode ?? 'UNKNOWN',
            message: result.errors.map((e) => e.message).join('; ') || 'Salesforce did not say why',
            fields: first?.fields ?? []
        }
    };
}

function stripAttributes<T extends SObjectRecord>(record: T): T {
    const { attributes: _attributes, ...rest } = record as T & { attributes?: unknown };
    for (const [key, value] of Object.entries(rest)) {
        if (value && typeof value === 'object' && 'attributes' in (value as object)) {
            (rest as Record<string, unknown>)[key] = stripAttributes(value as SObjectRecord);
        }
    }
    return rest as T;
}

function isQueryResult(body: unknown): body is QueryResult<SObjectRecord> {
    return typeof body === 'object' && body !== null && Array.isArray((body as { records?: unknown }).records);
}

function errorCodeOf(response: CompositeSubresponse | undefined): string | undefined {
    if (!response || response.httpStatusCode < 300 || !Array.isArray(response.body)) return undefined;
    return (response.body[0] as { errorCode?: string } | undefined)?.errorCode;
}

const REFERENCE = /@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+)*)\}/g;

function referencesOf(sub: CompositeSubrequest): string[] {
    const text = `${sub.url} ${JSON.stringify(sub.body ?? null)}`;
    return [...text.matchAll(REFERENCE)].map((m) => m[1]!);
}

/**
 * The subrequests to send again: those that failed with a transient code, and those halted because they refer to
 * one of them (PROCESSING_HALTED). A subrequest that succeeded is never sent again.
 */
function retryableSubrequests(
    pending: CompositeSubrequest[],
    answers: Map<string, CompositeSubresponse>
): CompositeSubrequest[] {
    const again = new Set<string>();
    for (const sub of pending) {
        const code = errorCodeOf(answers.get(sub.referenceId));
        if (code && isTransientCode(code)) again.add(sub.referenceId);
    }
    for (const sub of pending) {
        if (errorCodeOf(answers.get(sub.referenceId)) !== 'PROCESSING_HALTED') continue;
        if (referencesOf(sub).some((ref) => again.has(ref))) again.add(sub.referenceId);
    }
    return pending.filter((sub) => again.has(sub.referenceId));
}

/** A subrequest with its references to subrequests that already succeeded replaced by their results (`@{note0.id}`). */
function withResults(sub: CompositeSubrequest, answers: Map<string, CompositeSubresponse>): CompositeSubrequest {
    if (answers.size === 0) return sub;
    const replace = (text: string): string =>
        text.replace(REFERENCE, (whole, ref: string, path: string) => {
            const answer = answers.get(ref);
            if (!answer || answer.httpStatusCode >= 300) return whole;
            let value: unknown = answer.body;
            for (const key of path.split('.').filter(Boolean)) value = (value as Record<string, unknown> | null)?.[key];
            return typeof value === 'string' || typeof value === 'number' ? String(value) : whole;
        });
    const walk = (value: unknown): unknown => {
        if (typeof value === 'string') return replace(value);
        if (Array.isArray(value)) return value.map(walk);
        if (value && typeof value === 'object')
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
        return value;
    };
    return { ...sub, url: replace(sub.url), ...(sub.body === undefined ? {} : { body: walk(sub.body) }) };
}

/** A Composite subrequest's error body is Salesforce's usual error array. */
export function subrequestError(response: CompositeSubresponse, what: string): SalesforceError {
    const first = Array.isArray(response.body)
        ? (response.body[0] as { errorCode?: string; message?: string })
        : undefined;
    const code = first?.errorCode ?? `ERROR_HTTP_${response.httpStatusCode}`;
    return toSalesforceError({ errorCode: code, message: first?.message ?? JSON.stringify(response.body) }, what);
}

/** A connection refused (or a name that does not resolve) never reached Salesforce; nor did a 503 "server unavailable". */
function notProcessed(error: unknown): boolean {
    const e = error as { code?: string; errorCode?: string };
    return isUnreachableCode(e.code ?? '') || e.errorCode === 'ERROR_HTTP_503' || e.errorCode === 'SERVER_UNAVAILABLE';
}
