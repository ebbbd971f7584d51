/**
 * The org's latency profile (the model is ../latency.ts): which endpoint family a call belongs to, how many records
 * it carries, and the realistic figures. README.md ("Latency") says where each figure comes from.
 */
import { LatencyModel, type LatencyProfile, type LatencySetting } from '../latency.ts';
import type { ApiResult } from './api-types.ts';

export const SALESFORCE_LATENCY_FAMILIES = [
    'query',
    'collections',
    'composite',
    'bulk',
    'bulkProcessing',
    'other'
] as const;
export type SalesforceLatencyFamily = (typeof SALESFORCE_LATENCY_FAMILIES)[number];
export type SalesforceLatencySetting = LatencySetting<SalesforceLatencyFamily>;

/**
 * Estimates for a production org reached over the internet, with a little automation on the objects (sources and
 * reasoning in README.md). `bulkProcessing` is not an HTTP call: perCallMs is the queue time before a closed job
 * starts, perRecordMs the time Salesforce spends on each record of it.
 */
export const REALISTIC_SALESFORCE_LATENCY: LatencyProfile<SalesforceLatencyFamily> = {
    query: { perCallMs: 120, perRecordMs: 0.05 },
    collections: { perCallMs: 200, perRecordMs: 4 },
    composite: { perCallMs: 200, perRecordMs: 30 },
    bulk: { perCallMs: 150, perRecordMs: 0.01 },
    bulkProcessing: { perCallMs: 2000, perRecordMs: 0.5 },
    other: { perCallMs: 100, perRecordMs: 0 }
};

export function salesforceLatency(setting?: SalesforceLatencySetting): LatencyModel<SalesforceLatencyFamily> {
    return new LatencyModel(SALESFORCE_LATENCY_FAMILIES, REALISTIC_SALESFORCE_LATENCY, setting ?? 'off');
}

/** The family of a call, from the endpoint name the route table gave it. */
export function familyOf(endpoint: string): SalesforceLatencyFamily {
    if (endpoint === 'query' || endpoint === 'queryAll' || endpoint === 'queryMore') return 'query';
    if (endpoint.startsWith('collections')) return 'collections';
    if (endpoint === 'composite') return 'composite';
    if (endpoint.startsWith('bulk')) return 'bulk';
    return 'other';
}

/**
 * Records a call carried: those a handler counted (Bulk CSV rows), else the rows of a query page, the items of a
 * collection or the subrequests of a Composite call; 0 for the rest.
 */
export function recordsOf(result: ApiResult, counted: number | undefined): number {
    if (counted !== undefined) return counted;
    const body = result.body as { records?: unknown; compositeResponse?: unknown } | unknown[] | undefined;
    if (Array.isArray(body)) return body.length;
    if (body && typeof body === 'object') {
        if (Array.isArray(body.records)) return body.records.length;
        if (Array.isArray(body.compositeResponse)) return body.compositeResponse.length;
    }
    return 0;
}
