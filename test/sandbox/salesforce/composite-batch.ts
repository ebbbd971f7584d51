/**
 * Composite Batch (`POST /composite/batch`), as the REST API Developer Guide describes it ("Composite Batch",
 * "Batch Request Body", "Batch Response Body"): up to 25 independent subrequests, run in order, each committing on
 * its own (a failure rolls nothing back), no references between them. `haltOnError` stops at the first 4xx/5xx and
 * answers every later subrequest 412 BATCH_PROCESSING_HALTED; the call itself answers 200 with `hasErrors`. A
 * malformed body, or a subrequest without a valid method or url, fails the whole call with 400 before anything runs.
 * Unlike Composite, each subrequest counts against the API allowance.
 */
import type { ApiRequest, ApiResult, CallInfo, Handler } from './api-types.ts';
import { json } from './api-types.ts';
import { isBlobRead, notServedHere } from './composite.ts';
import { ApiError } from './errors.ts';

const MAX_SUBREQUESTS = 25;
const METHODS = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD']);

interface BatchSubrequest {
    method: string;
    version: number;
    path: string;
    query: string;
    richInput?: unknown;
}

/** Batch's own list (API 34.0+; Actions 35.0+): Limits, sObject resources but blobs, Query, QueryAll, Search, Connect, Chatter. */
function batchServes(path: string, version: number): boolean {
    if (/^\/actions(\/|$)/.test(path)) return version >= 35;
    return /^\/(limits|sobjects|query|queryAll|search|connect|chatter)(\/|\?|$)/.test(path);
}

function parse(body: unknown, batchVersion: number): { subrequests: BatchSubrequest[]; haltOnError: boolean } {
    const input = body as { batchRequests?: unknown; haltOnError?: unknown } | undefined;
    if (!Array.isArray(input?.batchRequests)) {
        throw new ApiError(400, 'JSON_PARSER_ERROR', 'batchRequests is required');
    }
    if (input.batchRequests.length > MAX_SUBREQUESTS) {
        throw new ApiError(400, 'LIMIT_EXCEEDED', `Composite Batch subrequest limit exceeded: ${MAX_SUBREQUESTS}`);
    }
    const subrequests = input.batchRequests.map((raw: unknown, i): BatchSubrequest => {
        const sub = raw as { method?: unknown; url?: unknown; richInput?: unknown };
        const method = typeof sub.method === 'string' ? sub.method.toUpperCase() : '';
        const match =
            typeof sub.url === 'string'
                ? /^(?:\/services\/data\/)?\/?v(\d+)\.0(\/[^?]*)?(?:\?(.*))?$/.exec(sub.url)
                : null;
        if (!METHODS.has(method) || !match) {
            throw new ApiError(400, 'INVALID_BATCH_REQUEST', `Subrequest ${i}: a valid method and url are required`);
        }
        const version = Number(match[1]);
        if (version < 34 || version > batchVersion) {
            throw new ApiError(
                400,
                'INVALID_BATCH_REQUEST',
                `Subrequest ${i}: the API version must be between 34.0 and the batch's ${batchVersion}.0`
            );
        }
        return {
            method,
            version,
            path: match[2] ?? '',
            query: match[3] ?? '',
            ...(sub.richInput === undefined ? {} : { richInput: sub.richInput })
        };
    });
    return { subrequests, haltOnError: input.haltOnError === true };
}

export const compositeBatch: Handler = (ctx, req, _params, info) => {
    info.endpoint = 'composite.batch';
    const batchVersion = Number(req.apiVersion.split('.')[0]);
    const { subrequests, haltOnError } = parse(req.body, batchVersion);
    const results: { statusCode: number; result: unknown }[] = [];
    let halted = false;
    for (const [i, sub] of subrequests.entries()) {
        if (i > 0) ctx.allowance.count();
        if (halted) {
            results.push({
                statusCode: 412,
                result: [{ errorCode: 'BATCH_PROCESSING_HALTED', message: 'Batch processing halted per request' }]
            });
            continue;
        }
        let answer: ApiResult;
        if (!batchServes(sub.path, sub.version) || isBlobRead(ctx, sub.method, sub.path)) answer = notServedHere();
        else {
            const request: ApiRequest = {
                method: sub.method,
                path: sub.path,
                query: new URLSearchParams(sub.query),
                headers: req.headers,
                body: sub.richInput,
                apiVersion: `${sub.version}.0`,
                userId: req.userId
            };
            const subInfo: CallInfo = { endpoint: 'unknown' };
            answer = ctx.dispatch({ ...ctx, inComposite: true }, request, subInfo);
            ctx.stats.subrequest(subInfo.endpoint);
        }
        results.push({ statusCode: answer.status, result: answer.body ?? null });
        if (haltOnError && answer.status >= 400) halted = true;
    }
    return json(200, { hasErrors: results.some((r) => r.statusCode >= 400), results });
};
