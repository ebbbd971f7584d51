import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import pRetry, { AbortError } from 'p-retry';
import type { Logger } from '../logging.ts';
import { ReplyApiError, ReplyAuthError, ReplyRateLimitError } from './errors.ts';
import { ReplyRateLimiter, type ReplyRateLimits, type RequestClass } from './rate-limiter.ts';

export interface ReplyHttpOptions {
    apiUrl: string;
    apiKey: string;
    limits: ReplyRateLimits;
    logger: Logger;
    /** Attempts for 429, 5xx and network failures. */
    attempts?: number;
    /** First back-off delay when Reply gives no Retry-After; doubles each attempt. */
    retryDelayMs?: number;
    /** Longest wait the rate limiter accepts inside a run. */
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
    readonly sleep: (ms: number) => Promise<void>;

    constructor(private readonly options: ReplyHttpOptions) {
        this.axios = axios.create({
            baseURL: options.apiUrl,
            timeout: options.timeoutMs ?? 30_000,
            headers: { Authorization: `Bearer ${options.apiKey}`, Accept: 'application/json' },
            validateStatus: () => true
        });
        this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
        this.limiter = new ReplyRateLimiter(options.limits, options.maxWaitMs, this.sleep, options.now);
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
        return pRetry(
            async () => {
                await this.limiter.acquire(kind);
                this.calls += 1;
                this.options.onCall?.(kind);
                let response: AxiosResponse;
                try {
                    response = await this.axios.request({ method, url: path, data: body, params });
                } catch (error) {
                    const code = (error as { code?: string }).code ?? 'NETWORK_ERROR';
                    throw new ReplyApiError(
                        code,
                        `${what}: no answer from Reply (${code}): check REPLY_API_URL and the network`,
                        {
                            transient: true,
                            cause: error
                        }
                    );
                }
                if (response.status < 300) {
                    const location = response.headers.location as unknown;
                    return {
                        status: response.status,
                        data: response.data as T,
                        location: typeof location === 'string' ? location : undefined
                    };
                }
                const failure = toReplyError(response, what);
                if (response.status === 429) {
                    const waitMs = retryAfterMs(response.headers['retry-after']) ?? this.retryDelayMs;
                    this.limiter.pause(waitMs);
                    if (waitMs > RETRY_AFTER_CAP_MS)
                        throw new AbortError(new ReplyRateLimitError(failure.message, waitMs));
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
                    if (error instanceof ReplyRateLimitError) return;
                    this.options.logger.warn(
                        { what, attempt: attemptNumber, retriesLeft, code: (error as ReplyApiError).code },
                        'Reply request failed, retrying'
                    );
                },
                shouldRetry: ({ error }) => !(error instanceof ReplyApiError) || error.transient
            }
        );
    }
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
