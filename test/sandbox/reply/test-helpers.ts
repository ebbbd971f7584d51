/** Helpers for the sandbox's own tests: plain fetch calls with a key, and a settable clock. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReplySandbox } from './index.ts';

/** Parsed JSON in tests: asserted field by field, so a loose type keeps them readable. */

export type Json = any;

export interface ApiResponse<T = Json> {
    status: number;
    headers: Headers;
    body: T;
    text: string;
}

/** A tiny client: `call('GET', '/v3/contacts', undefined, {top: 5})`; the body is parsed when it is JSON. */
export function client(sandbox: ReplySandbox, key: string = sandbox.apiKey, extraHeaders: Record<string, string> = {}) {
    return async function call<T = Json>(
        method: string,
        path: string,
        body?: unknown,
        query?: Record<string, string | number | boolean>
    ): Promise<ApiResponse<T>> {
        const url = new URL(sandbox.url + path);
        for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, String(value));
        const response = await fetch(url, {
            method,
            headers: {
                ...(key ? { authorization: `Bearer ${key}` } : {}),
                ...(body === undefined ? {} : { 'content-type': 'application/json' }),
                ...extraHeaders
            },
            ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) })
        });
        const text = await response.text();
        let parsed: unknown = text;
        if (/json/.test(response.headers.get('content-type') ?? '') && text) parsed = JSON.parse(text);
        return { status: response.status, headers: response.headers, body: parsed as T, text };
    };
}

/** A clock tests move by hand. */
export function manualClock(start = Date.parse('2025-03-03T09:00:00.000Z')) {
    let t = start;
    return {
        now: () => t,
        set: (value: number) => {
            t = value;
        },
        advance: (ms: number) => {
            t += ms;
        }
    };
}

export interface Receiver {
    url: string;
    /** every request, with the status it was answered */
    received: { body: Json; headers: IncomingMessage['headers']; at: number; status: number }[];
    /** status to answer for the nth request (0-based); default 200 */
    respond: (index: number) => number;
    /** forgets what was received and starts counting requests from 0 again */
    reset(respond?: (index: number) => number): void;
    close(): Promise<void>;
}

/** A webhook receiver on an ephemeral port that records every POST and answers `respond(n)` to the nth. */
export async function startReceiver(respond: (index: number) => number = () => 200): Promise<Receiver> {
    const received: Receiver['received'] = [];
    let count = 0;
    const receiver: Receiver = {
        url: '',
        received,
        respond,
        reset: (next = () => 200) => {
            received.length = 0;
            count = 0;
            receiver.respond = next;
        },
        close: async () => undefined
    };
    const server: Server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
            const index = count++;
            const status = receiver.respond(index);
            received.push({
                body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
                headers: req.headers,
                at: Date.now(),
                status
            });
            res.statusCode = status;
            res.end();
        });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/secret-token`;
    receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
    return receiver;
}

/** A call to the control API (`/__sandbox`, no auth), answered as `{status, body}`. */
export function control(sandbox: ReplySandbox) {
    return (method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> =>
        fetch(`${sandbox.url}/__sandbox${path}`, {
            method,
            headers: { 'content-type': 'application/json' },
            ...(body === undefined ? {} : { body: JSON.stringify(body) })
        }).then(async (r) => ({ status: r.status, body: await r.json() }));
}
