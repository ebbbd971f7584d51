/**
 * Composite (`POST /composite`): up to 25 subrequests in one API call, run in order through the same dispatcher,
 * later ones reading earlier results with `@{referenceId.path}`. With allOrNone, the first failure rolls back
 * everything and every other subrequest answers PROCESSING_HALTED; without it, only subrequests that reference a
 * failed one are halted. Only the resources Salesforce lists for Composite are served inside it.
 */
import type { ApiContext, ApiRequest, ApiResult, CallInfo, Handler } from './api-types.ts';
import { json } from './api-types.ts';
import { ApiError, jsonParserError } from './errors.ts';
import { withTransaction } from './records.ts';

const MAX_SUBREQUESTS = 25;
const MAX_QUERY_OR_COLLECTION = 5;
const REFERENCE = /@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)\}/g;

interface Subrequest {
    method: string;
    url: string;
    referenceId: string;
    body?: unknown;
    httpHeaders?: Record<string, string>;
}

interface SubResponse {
    body: unknown;
    httpHeaders: Record<string, string>;
    httpStatusCode: number;
    referenceId: string;
}

const halted = (message: string): unknown[] => [{ errorCode: 'PROCESSING_HALTED', message }];

/** A blob field read (`/sobjects/T/{id}/{base64 field}`): binary, so neither Composite nor Batch serves it. */
export function isBlobRead(ctx: ApiContext, method: string, path: string): boolean {
    const blob = /^\/sobjects\/([^/]+)\/([^/]+)\/([^/]+)\/?$/.exec(path);
    if (!blob || method !== 'GET') return false;
    return ctx.org.schema.get(blob[1] as string)?.byName.get((blob[3] as string).toLowerCase())?.type === 'base64';
}

/**
 * The resources Composite runs: "All sObject resources (/services/data/vXX.X/sobjects/), including sObject Rows by
 * External ID and excluding sObject Blob Get", Query, QueryAll and sObject Collections (REST API Developer Guide,
 * "Send Multiple Requests Using Composite"). Limits, for one, is a Composite Batch resource only.
 */
function compositeServes(ctx: ApiContext, method: string, path: string): boolean {
    if (/^\/(query|queryAll)(\/|$)/.test(path) || /^\/composite\/sobjects(\/|$)/.test(path)) return true;
    return /^\/sobjects(\/|$)/.test(path) && !isBlobRead(ctx, method, path);
}

/**
 * What a subrequest to a resource outside the list answers. Salesforce documents the list, not the error: the
 * sandbox answers as for a resource it does not serve there (404 NOT_FOUND), for that subrequest only.
 */
export const notServedHere = (): ApiResult =>
    json(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);

const ROLLED_BACK = 'The transaction was rolled back since another operation in the same transaction failed.';

function parseBody(body: unknown): { allOrNone: boolean; subrequests: Subrequest[] } {
    const compositeRequest = (body as { compositeRequest?: unknown } | undefined)?.compositeRequest;
    if (!Array.isArray(compositeRequest)) throw jsonParserError('compositeRequest is required');
    if (compositeRequest.length > MAX_SUBREQUESTS) {
        throw new ApiError(400, 'LIMIT_EXCEEDED', `Composite subrequest limit exceeded: ${MAX_SUBREQUESTS}`);
    }
    const seen = new Set<string>();
    const subrequests = compositeRequest.map((raw: unknown): Subrequest => {
        const sub = raw as Partial<Subrequest>;
        if (typeof sub.method !== 'string' || typeof sub.url !== 'string' || typeof sub.referenceId !== 'string') {
            throw new ApiError(400, 'INVALID_FIELD', 'Each subrequest needs method, url and referenceId');
        }
        if (!/^[A-Za-z0-9_]+$/.test(sub.referenceId) || seen.has(sub.referenceId)) {
            throw new ApiError(400, 'INVALID_FIELD', `Invalid or duplicate referenceId: ${sub.referenceId}`);
        }
        seen.add(sub.referenceId);
        return sub as Subrequest;
    });
    const heavy = subrequests.filter((s) => /\/(query|queryAll|composite\/sobjects)\b/.test(s.url)).length;
    if (heavy > MAX_QUERY_OR_COLLECTION) {
        throw new ApiError(
            400,
            'LIMIT_EXCEEDED',
            `Composite query and sObject Collections subrequest limit exceeded: ${MAX_QUERY_OR_COLLECTION}`
        );
    }
    const allOrNone = (body as { allOrNone?: unknown }).allOrNone;
    return { allOrNone: allOrNone === true || allOrNone === 'true', subrequests };
}

class ReferenceFailure extends Error {}

/** Reads `records[0].Id`-style paths out of an earlier response body. */
function readReference(results: Map<string, SubResponse>, ref: string, path: string): unknown {
    const earlier = results.get(ref);
    if (!earlier)
        throw new ReferenceFailure(`Invalid reference specified. No value for ${ref}${path} found in ${ref}.`);
    if (earlier.httpStatusCode >= 400) {
        throw new ReferenceFailure(
            `Invalid reference specified. No value for ${ref}${path} found in ${ref}. Provided referenceId ('${ref}') ` +
                'refers to a failed subrequest.'
        );
    }
    let value: unknown = earlier.body;
    for (const part of path.match(/\.[A-Za-z0-9_]+|\[\d+\]/g) ?? []) {
        const key = part.startsWith('.') ? part.slice(1) : Number(part.slice(1, -1));
        value = value && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined;
    }
    if (value === undefined)
        throw new ReferenceFailure(`Invalid reference specified. No value for ${ref}${path} found in ${ref}.`);
    return value;
}

function substitute(value: unknown, results: Map<string, SubResponse>): unknown {
    if (typeof value === 'string') {
        const whole = /^@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)\}$/.exec(value);
        if (whole) return readReference(results, whole[1] as string, whole[2] ?? '');
        return value.replace(REFERENCE, (_m, ref: string, path: string) => String(readReference(results, ref, path)));
    }
    if (Array.isArray(value)) return value.map((v) => substitute(v, results));
    if (value && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, results)]));
    }
    return value;
}

function runSubrequest(
    ctx: ApiContext,
    parent: ApiRequest,
    sub: Subrequest,
    results: Map<string, SubResponse>
): ApiResult {
    const url = substitute(sub.url, results) as string;
    const match = /^\/services\/data\/v(\d+\.\d)(\/[^?]*)?(?:\?(.*))?$/.exec(url);
    if (!match) return notServedHere();
    if (!compositeServes(ctx, sub.method.toUpperCase(), match[2] ?? '')) {
        ctx.stats.subrequest('notServed');
        return notServedHere();
    }
    const headers: Record<string, string | undefined> = { ...parent.headers };
    for (const [name, value] of Object.entries(sub.httpHeaders ?? {})) headers[name.toLowerCase()] = value;
    const request: ApiRequest = {
        method: sub.method.toUpperCase(),
        path: match[2] ?? '',
        query: new URLSearchParams(match[3] ?? ''),
        headers,
        body: sub.body === undefined ? undefined : substitute(sub.body, results),
        apiVersion: match[1] as string,
        userId: parent.userId
    };
    const info: CallInfo = { endpoint: 'unknown' };
    const result = ctx.dispatch(ctx, request, info);
    ctx.stats.subrequest(info.endpoint);
    return result;
}

export const composite: Handler = (ctx, req, _params, info) => {
    info.endpoint = 'composite';
    const { allOrNone, subrequests } = parseBody(req.body);
    const results = new Map<string, SubResponse>();
    const answer = (
        sub: Subrequest,
        status: number,
        body: unknown,
        headers: Record<string, string> = {}
    ): SubResponse => {
        const response = {
            body: body ?? null,
            httpHeaders: headers,
            httpStatusCode: status,
            referenceId: sub.referenceId
        };
        results.set(sub.referenceId, response);
        return response;
    };
    const run = (sub: Subrequest, sharedTxn: ApiContext['txn']): SubResponse => {
        try {
            const result = runSubrequest({ ...ctx, inComposite: true, txn: sharedTxn }, req, sub, results);
            return answer(sub, result.status, result.body, result.headers);
        } catch (error) {
            if (error instanceof ReferenceFailure) return answer(sub, 400, halted(error.message));
            throw error;
        }
    };
    if (!allOrNone) {
        return json(200, { compositeResponse: subrequests.map((sub) => run(sub, undefined)) });
    }
    let failedAt = -1;
    try {
        withTransaction(ctx, (txn) => {
            for (let i = 0; i < subrequests.length; i++) {
                const response = run(subrequests[i] as Subrequest, txn);
                if (response.httpStatusCode >= 400) {
                    failedAt = i;
                    throw new ReferenceFailure('rolled back');
                }
            }
        });
    } catch (error) {
        if (!(error instanceof ReferenceFailure)) throw error;
    }
    const compositeResponse = subrequests.map((sub, i) => {
        const done = results.get(sub.referenceId);
        if (failedAt >= 0 && i !== failedAt) {
            return { body: halted(ROLLED_BACK), httpHeaders: {}, httpStatusCode: 400, referenceId: sub.referenceId };
        }
        return done as SubResponse;
    });
    return json(200, { compositeResponse });
};
