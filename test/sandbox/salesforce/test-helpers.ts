/**
 * Shared helpers for the sandbox's tests: a jsforce connection on the developer token and raw HTTP calls for
 * what jsforce hides (status codes, headers, error bodies).
 */
import jsforce from 'jsforce';
import type { Connection } from 'jsforce';
import type { SalesforceSandbox } from './index.ts';
import type { Rec } from './schema.ts';

export const VERSION = '62.0';

export function connect(sandbox: SalesforceSandbox, accessToken = sandbox.developerToken): Connection {
    return new jsforce.Connection({ instanceUrl: sandbox.url, accessToken, version: VERSION });
}

export interface RawResponse {
    status: number;
    headers: Headers;
    body: unknown;
    text: string;
}

/** A REST call below /services/data/v62.0 (or an absolute path) with the developer token unless told otherwise. */
export async function api(
    sandbox: SalesforceSandbox,
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; token?: string | null } = {}
): Promise<RawResponse> {
    const url =
        path.startsWith('/services/') || path.startsWith('/id/') || path.startsWith('/__sandbox')
            ? `${sandbox.url}${path}`
            : `${sandbox.url}/services/data/v${VERSION}${path}`;
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    const token = options.token === undefined ? sandbox.developerToken : options.token;
    if (token) headers.Authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body)
    });
    const text = await response.text();
    let body: unknown = text;
    try {
        body = text ? JSON.parse(text) : undefined;
    } catch {
        // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body, text };
}

/** The `[{message, errorCode}]` body of a failed call, first element. */
export function firstError(response: RawResponse): { message: string; errorCode: string; fields?: string[] } {
    const body = response.body as { message: string; errorCode: string; fields?: string[] }[];
    if (!Array.isArray(body) || !body[0]) throw new Error(`Not an error array: ${response.text}`);
    return body[0];
}

/** The jsforce error thrown by a call, for asserting errorCode and message. */
export async function jsforceError(
    promise: PromiseLike<unknown>
): Promise<{ errorCode: string; message: string; data?: unknown }> {
    try {
        await promise;
    } catch (error) {
        return error as { errorCode: string; message: string };
    }
    throw new Error('Expected the call to fail');
}

export function leadFields(overrides: Rec = {}): Rec {
    return { LastName: 'Lovelace', FirstName: 'Ada', Company: 'Analytical Engines', ...overrides };
}
