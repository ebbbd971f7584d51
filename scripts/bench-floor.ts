/**
 * The floor a backfill cannot beat, set by the services' limits and the latency profile, for the benchmark to put
 * the bridge's time next to (bench.ts). Counted: only the calls that move the data (the source read at its
 * largest page, the target written at its largest batch); the run's fixed reads (steps, describes) are left out.
 *   Reply: 100 requests a minute and 3,000 an hour per user, reporting endpoints 300 an hour (reply-api.md §2);
 *          Reply asks clients to serialize bulk work, so its calls are taken one at a time; an activity report read
 *          spans at most a month (the Reply sandbox's window rule, ASSUMPTIONS.md C38), so a backfill costs at least
 *          one call per month-long window, however few activities it holds, and a page per 1,000 in each.
 *   Salesforce: 200 records per sObject Collections call, 2,000 rows per query batch; no per-minute limit, so its
 *          calls are taken `salesforceInFlight` at a time (the bound a pipelined bridge would keep).
 * The floor is the slower side's time, both sides overlapping perfectly.
 */
import type { FamilyLatency } from '../test/sandbox/latency.ts';
import { DEFAULT_CAPABILITIES } from '../test/sandbox/reply/capabilities.ts';

export const REPLY_PAGE = 1000;
/**
 * The largest import Reply answers at once, in the modelled workspace (Reply publishes no size: larger ones go to a
 * background job whose result names nobody, so they cost more calls, not fewer).
 */
export const REPLY_IMPORT_BATCH = DEFAULT_CAPABILITIES.backgroundImportsAbove;
export const COLLECTION_BATCH = 200;
export const QUERY_BATCH = 2000;
export const REPLY_LIMITS = { perMinute: 100, perHour: 3000, reportingPerHour: 300 };

export interface CallPlan {
    side: 'reply' | 'salesforce';
    family: string;
    calls: number;
    records: number;
    /** Counts against Reply's lower reporting cap. */
    reporting?: boolean;
}

export interface FloorInputs {
    plan: CallPlan[];
    latency: Record<string, FamilyLatency>;
    salesforceInFlight: number;
}

export interface Floor {
    seconds: number;
    reply: { seconds: number; calls: number; byLimit: number; byLatency: number };
    salesforce: { seconds: number; calls: number };
    slower: 'reply' | 'salesforce';
}

const pages = (records: number, size: number) => (records > 0 ? Math.ceil(records / size) : 0);

/** Seconds Reply's rate limits impose on this many calls (a window's allowance may be used at once). */
export function replyLimitSeconds(calls: number, reportingCalls: number, limits = REPLY_LIMITS): number {
    const waits = (n: number, perWindow: number, windowSeconds: number) =>
        n > perWindow ? (Math.ceil(n / perWindow) - 1) * windowSeconds : 0;
    return Math.max(
        waits(calls, limits.perMinute, 60),
        waits(calls, limits.perHour, 3600),
        waits(reportingCalls, limits.reportingPerHour, 3600)
    );
}

function latencySeconds(items: CallPlan[], latency: Record<string, FamilyLatency>): number {
    return (
        items.reduce((ms, item) => {
            const figures = latency[item.family] ?? { perCallMs: 0, perRecordMs: 0 };
            return ms + item.calls * figures.perCallMs + item.records * figures.perRecordMs;
        }, 0) / 1000
    );
}

export function floorOf({ plan, latency, salesforceInFlight }: FloorInputs): Floor {
    const reply = plan.filter((p) => p.side === 'reply');
    const salesforce = plan.filter((p) => p.side === 'salesforce');
    const replyCalls = reply.reduce((n, p) => n + p.calls, 0);
    const reportingCalls = reply.filter((p) => p.reporting).reduce((n, p) => n + p.calls, 0);
    const byLimit = replyLimitSeconds(replyCalls, reportingCalls);
    const byLatency = latencySeconds(reply, latency);
    const replySeconds = Math.max(byLimit, byLatency);
    const salesforceSeconds = latencySeconds(salesforce, latency) / Math.max(1, salesforceInFlight);
    return {
        seconds: Math.max(replySeconds, salesforceSeconds),
        reply: { seconds: replySeconds, calls: replyCalls, byLimit, byLatency },
        salesforce: { seconds: salesforceSeconds, calls: salesforce.reduce((n, p) => n + p.calls, 0) },
        slower: replySeconds >= salesforceSeconds ? 'reply' : 'salesforce'
    };
}

/** New Reply people -> Leads: read Reply's contacts 1,000 a page, upsert Leads 200 a call. */
export function peopleInPlan(records: number): CallPlan[] {
    return [
        { side: 'reply', family: 'reads', calls: pages(records, REPLY_PAGE), records },
        { side: 'salesforce', family: 'collections', calls: pages(records, COLLECTION_BATCH), records }
    ];
}

/** Leads -> Reply people: read Leads 2,000 a batch, import into Reply REPLY_IMPORT_BATCH a call, write the ids back. */
export function peopleOutPlan(records: number): CallPlan[] {
    return [
        { side: 'salesforce', family: 'query', calls: pages(records, QUERY_BATCH), records },
        { side: 'reply', family: 'import', calls: pages(records, REPLY_IMPORT_BATCH), records },
        // The Reply ids written back to the Leads: what links them, and what a crash after the import finds again.
        { side: 'salesforce', family: 'collections', calls: pages(records, COLLECTION_BATCH), records }
    ];
}

/**
 * Reply activities -> Tasks: each feed read 1,000 a page, the three reporting lists in month-long windows (`windows`:
 * each report's items per window, from the Reply sandbox), Tasks upserted 200 a call.
 */
export function activitiesPlan(
    feeds: { emails: number; calls: number; linkedIn: number; tasks: number },
    windows: { emails: number[]; calls: number[]; linkedIn: number[] }
): CallPlan[] {
    const total = feeds.emails + feeds.calls + feeds.linkedIn + feeds.tasks;
    return [
        ...(['emails', 'calls', 'linkedIn'] as const).map((feed): CallPlan => ({
            side: 'reply',
            family: 'reporting',
            calls: windows[feed].reduce((calls, items) => calls + Math.max(1, pages(items, REPLY_PAGE)), 0),
            records: feeds[feed],
            reporting: true
        })),
        { side: 'reply', family: 'reads', calls: pages(feeds.tasks, REPLY_PAGE), records: feeds.tasks },
        { side: 'salesforce', family: 'collections', calls: pages(total, COLLECTION_BATCH), records: total }
    ];
}
