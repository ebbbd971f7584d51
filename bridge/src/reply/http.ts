import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import pRetry, { AbortError } from 'p-retry';
import type { Logger } from '../logging.ts';
import { ReplyApiError, ReplyAuthError, ReplyRateLimitError, ReplyUnavailableError } from './errors.ts';
import { ReplyRateLimiter, type ReplyRateLimits, type RequestClass } from './rate-limiter.ts';
import { countCall } from '../call-tally.ts';

export interface ReplyHttpOptions {
    apiUrl: string;
    apiKey: string;
    limits: ReplyRateLimits;
    logger: Logger;
    /** Attempts for 429, 5xx and network failures. */
    attempts?: number;
    /** First back-off delay when Reply gives no Retry-After; doubles each attempt. */
    retryDelayMs?: number;
    /** Longest wait for Reply's rate limit one call accepts (the limiter's and Retry-After's together; 2 minutes). */
    maxWaitMs?: number;
    timeoutMs?: number;
    /** Injectable time, for tests that must not wait for real: sleep and now go together. */
    sleep?: (ms: number) => Promise<void>;
    now?: () => number;
    /** Told of every request sent (the call budget counts them). */
    onCall?: (kind: RequestClass) => void;
}

/** A 2xx answer with what a caller may need beyond the body (202's Location). */
export interface ReplyAnswer<T> {
    status: number;
    data: T;
    location: string | undefined;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Longest Retry-After the client sleeps through before handing the wait to the rate limiter's next acquire. */
const RETRY_AFTER_CAP_MS = 60_000;

interface Problem {
    title?: string;
    detail?: string;
    code?: string;
    errors?: { pointer?: string; detail?: string; message?: string }[];
}

/**
 * HTTP to Reply's API v3: Bearer auth, the rate limiter, retries with back-off for 429/5xx/network failures
 * (Retry-After honoured), and problem+json turned into ReplyApiErrors that say what to fix.
 * Every Reply request the bridge makes is safe to repeat (reads, upserts by email, forward-only sequence pushes).
 */
export class ReplyHttp {
    /** Requests sent (each one counts against Reply's per-user limits). */
    calls = 0;
    private readonly axios: AxiosInstance;
    private readonly limiter: ReplyRateLimiter;
    private readonly attempts: number;
    private readonly retryDelayMs: number;
    private readonly maxWaitMs: number;
    readonly sleep: (ms: number) => Promise<void>;

    constructor(private readonly options: ReplyHttpOptions) {
        this.axios = axios.create({
            baseURL: options.apiUrl,
            timeout: options.timeoutMs ?? 30_000,
            headers: { Authorization: `Bearer ${options.apiKey}`, Accept: 'application/json' },
            validateStatus: () => true,
            // The body as sent: answerBody parses it, so that JSON cut short is seen (axios would hand back the text).
            responseType: 'text',
            transformResponse: [(data: unknown) => data]
        });
        this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
        this.maxWaitMs = options.maxWaitMs ?? 120_000;
        this.limiter = new ReplyRateLimiter(options.limits, this.maxWaitMs, this.sleep, options.now);
        this.attempts = options.attempts ?? 5;
        this.retryDelayMs = options.retryDelayMs ?? 500;
    }

    get<T>(path: string, params?: Record<string, unknown>): Promise<T> {
        return this.send<T>('GET', path, undefined, params);
    }

    post<T>(path: string, body?: unknown, params?: Record<string, unknown>): Promise<T> {
        return this.send<T>('POST', path, body, params);
    }

    patch<T>(path: string, body: unknown): Promise<T> {
        return this.send<T>('PATCH', path, body);
    }

    put<T>(path: string, body: unknown): Promise<T> {
        return this.send<T>('PUT', path, body);
    }

    delete<T>(path: string): Promise<T> {
        return this.send<T>('DELETE', path);
    }

    /**
     * The body of a 2xx answer. A 202 (Reply moved the work to a background job, documented for long operations) is
     * refused here with REPLY_BACKGROUND_JOB: only callers that expect one use `answer` and follow the job.
     */
    async send<T>(method: Method, path: string, body?: unknown, params?: Record<string, unknown>): Promise<T> {
        const answer = await this.answer<T>(method, path, body, params);
        if (answer.status === 202) {
            throw new ReplyApiError(
                'REPLY_BACKGROUND_JOB',
                `Reply ${method} ${path}: Reply answered 202 Accepted (background job ${answer.location ?? '?'}) where the bridge expects the result`,
                { status: 202, details: { location: answer.location } }
            );
        }
        return answer.data;
    }

    async answer<T>(
        method: Method,
        path: string,
        body?: unknown,
        params?: Record<string, unknown>
    ): Promise<ReplyAnswer<T>> {
        const kind: RequestClass = path.startsWith('/v3/reporting/') ? 'reporting' : 'general';
        const what = `Reply ${method} ${path}`;
        // Waits for Reply's rate limit within this call (Retry-After): past maxWaitMs the call gives up, so no call,
        // and no run, waits without bound.
        let waited = 0;
        try {
            return await pRetry(
                async () => {
                    try {
                        await this.limiter.acquire(kind);
                    } catch (error) {
                        // The limiter refuses a wait longer than maxWaitMs: asking again would only wait longer.
                        throw new AbortError(error as Error);
                    }
                    this.calls += 1;
                    countCall('reply');
                    this.options.onCall?.(kind);
                    let response: AxiosResponse<string>;
                    try {
                        response = await this.axios.request<string>({ method, url: path, data: body, params });
                    } catch (error) {
                        const code = (error as { code?: string }).code ?? 'NETWORK_ERROR';
                        throw new ReplyApiError(code, `${what}: no answer from Reply (${code})`, {
                            transient: true,
                            cause: error,
                            details: { noAnswer: true }
                        });
                    }
                    if (response.status < 300) {
                        const location = response.headers.location as unknown;
                        return {
                            status: response.status,
                            data: answerBody(response.data, what) as T,
                            location: typeof location === 'string' ? location : undefined
                        };
                    }
                    const failure = toReplyError({ ...response, data: problemBody(response.data) }, what);
                    if (response.status === 429) {
                        const waitMs = retryAfterMs(response.headers['retry-after']) ?? this.retryDelayMs;
                        this.limiter.pause(waitMs);
                        waited += waitMs;
                        if (waitMs > RETRY_AFTER_CAP_MS || waited > this.maxWaitMs)
                            throw new AbortError(new ReplyRateLimitError(rateLimitMessage(failure, waitMs), waitMs));
                    }
                    if (!failure.transient) throw new AbortError(failure);
                    throw failure;
                },
                {
                    retries: this.attempts - 1,
                    minTimeout: this.retryDelayMs,
                    factor: 2,
                    randomize: true,
                    onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
                        this.options.logger.warn(
                            { what, attempt: attemptNumber, retriesLeft, code: (error as ReplyApiError).code },
                            'Reply request failed, retrying'
                        );
                    },
                    shouldRetry: ({ error, attemptNumber }) =>
                        !(error instanceof ReplyApiError) ||
                        (error.transient && !(isNoAnswer(error) && attemptNumber >= NO_ANSWER_ATTEMPTS))
                }
            );
        } catch (error) {
            if (error instanceof ReplyApiError && isNoAnswer(error)) {
                throw new ReplyUnavailableError(
                    error.code,
                    `${error.message} through every attempt: check REPLY_API_URL (${this.options.apiUrl}) and the network; ` +
                        'the run stops here, and the next run resumes where each step stopped',
                    { transient: true, cause: error }
                );
            }
            throw error;
        }
    }
}

/** A call that got no answer at all is tried at most this many times: an unreachable Reply is not asked five times. */
const NO_ANSWER_ATTEMPTS = 3;

function isNoAnswer(error: ReplyApiError): boolean {
    return error.details?.noAnswer === true;
}

/**
 * A 2xx body: JSON as Reply sends it, parsed here so that a body cut short is a transient failure (asked again)
 * rather than a shape the bridge does not understand.
 */
function answerBody(text: string | undefined, what: string): unknown {
    if (text === undefined || text.trim() === '') return undefined;
    try {
        return JSON.parse(text);
    } catch {
        throw new ReplyApiError('REPLY_MALFORMED_ANSWER', `${what}: Reply's answer is not complete JSON`, {
            transient: true
        });
    }
}

/** An error body: problem+json when Reply sends one, nothing otherwise (an empty 401, a proxy's HTML page). */
function problemBody(text: string | undefined): unknown {
    try {
        return text ? JSON.parse(text) : {};
    } catch {
        return {};
    }
}

function rateLimitMessage(failure: ReplyApiError, waitMs: number): string {
    return (
        `${failure.message}: Reply asks the bridge to wait ${Math.ceil(waitMs / 1000)} s, longer than a run waits; ` +
        'the run stops here and the next run resumes where each step stopped'
    );
}

function retryAfterMs(header: unknown): number | undefined {
    if (typeof header !== 'string' || header.trim() === '') return undefined;
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(header);
    return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Reply's problem+json (or an empty 401) as an error that names the cause and the fix. */
export function toReplyError(response: AxiosResponse, what: string): ReplyApiError {
    const status = response.status;
    const problem = (typeof response.data === 'object' && response.data !== null ? response.data : {}) as Problem;
    const code = problem.code ?? `HTTP_${status}`;
    const detail = [problem.title, problem.detail].filter(Boolean).join(': ');
    const fieldErrors = (problem.errors ?? []).map((e) => `${e.pointer ?? '?'} ${e.detail ?? e.message ?? ''}`.trim());
    const said = [detail, ...fieldErrors].filter(Boolean).join('; ');
    if (status === 401) {
        return new ReplyAuthError(
            'REPLY_UNAUTHORIZED',
            `${what}: Reply rejected the API key (401): set REPLY_API_KEY to a valid, active key`,
            {
                status
            }
        );
    }
    if (status === 403) {
        const scope =
            code === 'insufficient_scope'
                ? 'the API key lacks a permission this needs (insufficient_scope): grant it in Reply'
                : said;
        return new ReplyAuthError(
            'REPLY_FORBIDDEN',
            `${what}: Reply refused (403 ${code}): ${scope || 'your plan or role may not include this feature'}`,
            {
                status,
                details: { replyCode: code }
            }
        );
    }
    const transient = status === 429 || status >= 500;
    return new ReplyApiError(code, `${what}: Reply answered ${status}${said ? `: ${said}` : ''}`, {
        status,
        transient,
        details: { replyCode: code }
    });
}
