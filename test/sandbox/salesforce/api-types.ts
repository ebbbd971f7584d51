/**
 * The REST API as plain functions: a request in, a status and body out. Express (server.ts) and Composite
 * subrequests (composite.ts) both go through the same dispatcher, so a subrequest behaves exactly like a call.
 */
import type { Allowance, Stats } from './accounting.ts';
import type { FaultInjector } from './faults.ts';
import type { SandboxOrg } from './org.ts';
import type { Transaction } from './store.ts';

export interface ApiRequest {
    method: string;
    /** Path below `/services/data/vXX.X`, e.g. `/sobjects/Lead/00Q...`. */
    path: string;
    query: URLSearchParams;
    /** Header names in lower case. */
    headers: Record<string, string | undefined>;
    body: unknown;
    apiVersion: string;
    userId: string;
}

export interface ApiResult {
    status: number;
    body?: unknown;
    headers?: Record<string, string>;
    /** A non-JSON body (blob fields). */
    raw?: { contentType: string; data: Buffer };
}

/** What the call was, for the statistics: filled in by the route and its handler. */
export interface CallInfo {
    endpoint: string;
    object?: string;
    /** Records the call carried, when its handler counts them (Bulk CSV rows), for the latency model. */
    records?: number;
}

export interface ApiContext {
    org: SandboxOrg;
    stats: Stats;
    faults: FaultInjector;
    allowance: Allowance;
    instanceUrl: string;
    /** The enclosing all-or-none transaction (Composite with allOrNone=true). */
    txn?: Transaction;
    /** Set inside a Composite request: subrequests are counted as such, not as API calls. */
    inComposite?: boolean;
    /** The daily Bulk API allowances as `/limits` reports them (DailyBulkApiBatches, DailyBulkV2QueryJobs). */
    bulkLimits?: () => Record<string, { Max: number; Remaining: number }>;
    dispatch(ctx: ApiContext, req: ApiRequest, info: CallInfo): ApiResult;
}

export type Handler = (ctx: ApiContext, req: ApiRequest, params: string[], info: CallInfo) => ApiResult;

export const json = (status: number, body: unknown, headers?: Record<string, string>): ApiResult => ({
    status,
    body,
    ...(headers ? { headers } : {})
});

export const noContent = (): ApiResult => ({ status: 204 });
