/**
 * The HTTP face of the org: OAuth endpoints, identity, the version list and `/services/data/vXX.X/...` with the
 * cross-cutting behaviour of every API call (session check, faults, the daily allowance and its header, call
 * statistics), plus the control API under `/__sandbox/`.
 */
import express from 'express';
import type { Request, Response } from 'express';
import type { ApiContext, ApiRequest, ApiResult, CallInfo } from './api-types.ts';
import { latencyControlRouter } from '../latency-routes.ts';
import { OAuthError } from './auth.ts';
import type { Session } from './auth.ts';
import { controlRouter } from './control.ts';
import {
    ApiError,
    jsonParserError,
    notFound,
    requestLimitExceeded,
    serverUnavailable,
    sessionInvalid
} from './errors.ts';
import { bulkControlRouter, dispatchBulk, isBulkPath } from './bulk2-routes.ts';
import { familyOf, recordsOf } from './latency.ts';
import { dispatch } from './rest.ts';
import type { SandboxRuntime } from './runtime.ts';

export const MIN_API_VERSION = 20;
export const MAX_API_VERSION = 66;
const JSON_TYPE = 'application/json;charset=UTF-8';

function releaseLabel(major: number): string {
    // v62.0 is Winter '25; three releases a year.
    const k = major - 62;
    const season = ['Winter', 'Spring', 'Summer'][((k % 3) + 3) % 3] as string;
    const year = 25 + Math.floor(k / 3);
    return `${season} '${String(year).padStart(2, '0')}`;
}

export function versions(): { label: string; url: string; version: string }[] {
    const out = [];
    for (let v = MIN_API_VERSION; v <= MAX_API_VERSION; v++) {
        out.push({ label: releaseLabel(v), url: `/services/data/v${v}.0`, version: `${v}.0` });
    }
    return out;
}

function bearer(req: Request): string | undefined {
    const header = req.headers.authorization;
    const m = header ? /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header) : null;
    return m?.[1]?.trim();
}

function send(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.status(status).set(headers);
    if (body === undefined) {
        res.end();
        return;
    }
    res.set('Content-Type', JSON_TYPE).send(JSON.stringify(body));
}

/** Cuts the connection (the "drop" fault): before any byte, or after the headers and half the body. */
function sendAndDrop(
    res: Response,
    stage: 'mid-body' | 'before-headers',
    status: number,
    headers: Record<string, string>,
    payload: Buffer
): void {
    if (stage === 'before-headers') {
        res.socket?.destroy();
        return;
    }
    res.writeHead(status, { ...headers, 'Content-Length': String(payload.length) });
    res.write(payload.subarray(0, Math.floor(payload.length / 2)));
    setImmediate(() => res.socket?.destroy());
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function headerMap(req: Request): Record<string, string | undefined> {
    const out: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers))
        out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    return out;
}

async function handleApi(runtime: SandboxRuntime, req: Request, res: Response): Promise<void> {
    const url = new URL(req.originalUrl, 'http://localhost');
    const m = /^\/services\/data\/v(\d+)\.0(\/.*)?$/.exec(url.pathname);
    const major = m ? Number(m[1]) : NaN;
    if (!m || major < MIN_API_VERSION || major > MAX_API_VERSION) {
        send(res, 404, notFound().toBody());
        return;
    }
    const session: Session | undefined = runtime.auth.authenticate(bearer(req));
    if (!session) {
        runtime.stats.reject('unauthorized');
        send(res, 401, sessionInvalid().toBody(), { 'WWW-Authenticate': 'Token' });
        return;
    }
    const { faults, allowance, stats } = runtime;
    if (faults.faults.latencyMs > 0) await sleep(faults.faults.latencyMs);
    if (faults.serviceUnavailable()) {
        stats.reject('serviceUnavailable');
        send(res, 503, serverUnavailable().toBody());
        return;
    }
    if (allowance.exhausted) {
        stats.reject('limitExceeded');
        send(res, 403, requestLimitExceeded().toBody(), { 'Sforce-Limit-Info': allowance.header() });
        return;
    }
    allowance.count();
    const info: CallInfo = { endpoint: 'unknown' };
    let result: ApiResult;
    try {
        const text = typeof req.body === 'string' ? req.body : '';
        const bulk = isBulkPath(m[2] ?? '');
        // Bulk API 2.0 reads its own bodies (JSON job definitions, CSV job data).
        let body: unknown = bulk ? text : undefined;
        if (!bulk && text.trim() !== '') {
            try {
                body = JSON.parse(text);
            } catch (error) {
                throw jsonParserError((error as Error).message);
            }
        }
        const apiRequest: ApiRequest = {
            method: req.method,
            path: m[2] ?? '',
            query: url.searchParams,
            headers: headerMap(req),
            body,
            apiVersion: `${major}.0`,
            userId: session.userId
        };
        const ctx: ApiContext = {
            org: runtime.org,
            stats,
            faults,
            allowance,
            instanceUrl: runtime.url,
            dispatch,
            bulkLimits: () => runtime.bulk.limitsResource()
        };
        result = bulk ? dispatchBulk(runtime.bulk, apiRequest, info) : dispatch(ctx, apiRequest, info);
    } catch (error) {
        result =
            error instanceof ApiError
                ? { status: error.httpStatus, body: error.toBody() }
                : { status: 500, body: [{ errorCode: 'UNKNOWN_EXCEPTION', message: (error as Error).message }] };
    }
    stats.call(info.endpoint, info.object);
    await runtime.latency.wait(familyOf(info.endpoint), recordsOf(result, info.records));
    const headers = { ...(result.headers ?? {}), 'Sforce-Limit-Info': allowance.header() };
    if (faults.takeDrop()) {
        stats.reject('dropped');
        const payload = result.raw
            ? result.raw.data
            : Buffer.from(result.body === undefined ? '' : JSON.stringify(result.body), 'utf8');
        sendAndDrop(
            res,
            faults.faults.dropStage,
            result.status,
            { ...headers, 'Content-Type': result.raw?.contentType ?? JSON_TYPE },
            payload
        );
        return;
    }
    if (result.raw) {
        res.status(result.status).set(headers).set('Content-Type', result.raw.contentType).send(result.raw.data);
        return;
    }
    send(res, result.status, result.body, headers);
}

function identity(runtime: SandboxRuntime, req: Request, res: Response): void {
    const token = bearer(req) ?? (typeof req.query.oauth_token === 'string' ? req.query.oauth_token : undefined);
    const session = runtime.auth.authenticate(token);
    if (!session) {
        send(res, 403, 'Bad_OAuth_Token');
        return;
    }
    const user = runtime.org.get(session.userId);
    if (!user || req.params.userId !== session.userId) {
        send(res, 404, 'Bad_Id');
        return;
    }
    const rest = `${runtime.url}/services/data/v{version}/`;
    send(res, 200, {
        id: `${runtime.url}/id/${runtime.org.orgId}/${session.userId}`,
        asserted_user: true,
        user_id: session.userId,
        organization_id: runtime.org.orgId,
        username: user.Username,
        nick_name: user.Alias,
        display_name: user.Name,
        email: user.Email,
        email_verified: true,
        first_name: user.FirstName,
        last_name: user.LastName,
        timezone: user.TimeZoneSidKey,
        active: user.IsActive,
        user_type: 'STANDARD',
        language: 'en_US',
        locale: 'en_US',
        utcOffset: 0,
        last_modified_date: user.LastModifiedDate,
        urls: {
            rest,
            sobjects: `${rest}sobjects/`,
            query: `${rest}query/`,
            recent: `${rest}recent/`,
            limits: `${rest}limits/`
        }
    });
}

export function createApp(runtime: SandboxRuntime): express.Express {
    const app = express();
    app.disable('x-powered-by');
    app.set('etag', false);
    app.use('/__sandbox/bulk', bulkControlRouter(runtime.bulk));
    app.use('/__sandbox/latency', latencyControlRouter(runtime.latency));
    app.use('/__sandbox', controlRouter(runtime));

    const form = express.urlencoded({ extended: false, limit: '1mb' });
    app.post('/services/oauth2/token', form, async (req, res) => {
        try {
            const params = (req.body ?? {}) as Record<string, string | undefined>;
            send(res, 200, await runtime.auth.token(params, runtime.url));
        } catch (error) {
            if (error instanceof OAuthError) send(res, error.httpStatus, error.toBody());
            else throw error;
        }
    });
    app.post('/services/oauth2/revoke', form, (req, res) => {
        const token = (req.body as Record<string, string | undefined> | undefined)?.token ?? '';
        runtime.auth.revoke(token);
        res.status(200).end();
    });
    app.get('/id/:orgId/:userId', (req, res) => identity(runtime, req, res));
    app.get(['/services/data', '/services/data/'], (_req, res) => send(res, 200, versions()));
    // 160 MB: room for a Bulk API 2.0 upload at its limit (150 MB once base64 encoded), which the job then checks.
    app.use('/services/data', express.text({ type: () => true, limit: '160mb' }), (req, res, next) => {
        handleApi(runtime, req, res).catch(next);
    });
    app.use((_req: Request, res: Response) => send(res, 404, notFound().toBody()));
    return app;
}
