import { PassThrough, type Duplex } from 'node:stream';

/**
 * HTTP for jsforce with a deadline. jsforce 3.10.16's own transport (node-fetch 2) pipes a response body without
 * forwarding its error, so an answer cut mid-body never settles (test/sandbox/salesforce/README.md, "Findings for the
 * bridge"), and it caps nothing but the wait for headers (30 minutes). This one uses Node's fetch: a cut body rejects
 * at once, and the whole exchange, headers and body, has `timeoutMs`. It only moves bytes: session refresh, error
 * parsing and the limit header stay jsforce's (HttpApi), and retries are the SalesforceClient's alone.
 */

/** The deadline of one Salesforce call, headers and body, unless the bridge is told otherwise. */
export const SALESFORCE_TIMEOUT_MS = 60_000;

interface HttpRequest {
    url: string;
    method: string;
    headers?: Record<string, string>;
    body?: unknown;
}

interface HttpResponse {
    statusCode: number;
    headers: Record<string, string>;
    body: string;
}

/** A request that got no (complete) answer: `code` says how (ETIMEDOUT, ECONNREFUSED, UND_ERR_SOCKET, ...). */
export class NoAnswerError extends Error {
    constructor(
        readonly code: string,
        message: string,
        options?: { cause?: unknown }
    ) {
        super(message, options);
        this.name = 'NoAnswerError';
    }
}

/** fetch with a deadline over the whole exchange, failures as NoAnswerErrors with a code. The body is read whole. */
export async function fetchWithDeadline(
    url: string,
    init: { method: string; headers?: Record<string, string>; body?: string },
    timeoutMs: number
): Promise<{ status: number; headers: Headers; text: string }> {
    try {
        const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
        return { status: response.status, headers: response.headers, text: await response.text() };
    } catch (error) {
        throw noAnswer(error, url, timeoutMs);
    }
}

function noAnswer(error: unknown, url: string, timeoutMs: number): NoAnswerError {
    const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError')
        return new NoAnswerError('ETIMEDOUT', `no answer from ${origin(url)} within ${timeoutMs / 1000} s`, {
            cause: error
        });
    const code = e.cause?.code;
    if (code)
        return new NoAnswerError(code, `${e.message ?? 'fetch failed'} (${e.cause?.message ?? code})`, {
            cause: error
        });
    // Node's fetch refuses some ports outright (the "bad ports" of the Fetch standard, 9 among them) and other URLs it
    // cannot use; it says only "fetch failed" with a cause that has no code.
    const why = e.cause?.message ?? e.message ?? String(error);
    return new NoAnswerError(
        /bad port/i.test(why) ? 'BAD_PORT' : 'FETCH_REFUSED',
        `Node refuses to fetch ${origin(url)} (${why})`,
        { cause: error }
    );
}

function origin(url: string): string {
    try {
        return new URL(url).origin;
    } catch {
        return url;
    }
}

/**
 * The transport jsforce's HttpApi calls, passed per request through jsforce's `transport` option. HttpApi awaits what
 * `httpRequest` returns and pipes through its `stream()` (jsforce's StreamPromise shape); the bridge reads no streams.
 */
export class DeadlineTransport {
    constructor(private readonly timeoutMs: number) {}

    httpRequest(req: HttpRequest): Promise<HttpResponse> & { stream: () => Duplex } {
        return Object.assign(this.send(req), { stream: () => new PassThrough() });
    }

    private async send(req: HttpRequest): Promise<HttpResponse> {
        const body = typeof req.body === 'string' ? req.body : req.body === undefined ? undefined : String(req.body);
        const answer = await fetchWithDeadline(
            req.url,
            {
                method: req.method,
                ...(req.headers ? { headers: req.headers } : {}),
                ...(body === undefined ? {} : { body })
            },
            this.timeoutMs
        );
        const headers: Record<string, string> = {};
        answer.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
        return { statusCode: answer.status, headers, body: answer.text };
    }
}
