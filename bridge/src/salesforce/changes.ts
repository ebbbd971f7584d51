import { SalesforceApi } from './api.ts';
import type { SalesforceBulk } from './bulk.ts';
import type { SalesforceClient, SObjectRecord } from './client.ts';
import { soqlWhere, type FieldCondition } from './conditions.ts';
import { soqlDateTime, soqlString } from './soql.ts';

/** Everything up to (ts, id) in SystemModstamp-then-Id order was processed. */
export interface SalesforceCursor {
    ts: string;
    id: string;
}

/** Salesforce writes datetimes as 2026-11-28T16:00:00.000+0000; the bridge keeps ISO 8601 with Z. */
export function isoDateTime(value: unknown): string {
    const text = String(value).replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    return new Date(text).toISOString();
}

/** The WHERE condition that resumes after a cursor without losing rows that share its timestamp. Pure. */
export function afterCursor(cursor: SalesforceCursor | undefined): string | undefined {
    if (!cursor) return undefined;
    const ts = soqlDateTime(cursor.ts);
    return `(SystemModstamp > ${ts} OR (SystemModstamp = ${ts} AND Id > ${soqlString(cursor.id)}))`;
}

/** Bulk API 2.0 query jobs for reads of more than `threshold` records (SALESFORCE_BULK_QUERY_THRESHOLD). */
export interface BulkReads {
    bulk: SalesforceBulk;
    threshold: number;
}

/**
 * Records of `object` changed since the cursor, oldest first with an Id tie-break, only the given fields, page by
 * page. Each page comes with the cursor after it.
 *
 * The first page always comes from a REST query (2,000 records a call, following nextRecordsUrl). Its answer says
 * how many records the whole read matches (totalSize): when that is more than the Bulk query threshold and more
 * pages follow, the rest is read through one Bulk API 2.0 query job from the cursor after that first page, with the
 * same condition and order (ORDER BY SystemModstamp, Id), in pages of 10,000 rows shaped as REST's. So the step's
 * cursor and idempotency are the same whichever way the rows came, and deciding costs no call (a COUNT() query would
 * cost one on every run, and "the cursor is at its start" would miss a mass update in Salesforce and send a small
 * org's first read through a job that waits in Salesforce's queue). ORDER BY turns Salesforce's PK chunking off for
 * the job, which makes it slower on very large objects, but the keyset cursor needs the order.
 *
 * Calls per 1,000,000 records: REST 1,000,000 / 2,000 = 500; Bulk 1 (the first REST page) + create + status reads
 * (about 10) + 100 result pages = about 112. A crash while a query job runs loses nothing: the step resumes from its
 * cursor and reads the rest again (the abandoned job is deleted by Salesforce after seven days).
 */
export async function* readChanges(
    client: SalesforceClient,
    options: {
        object: string;
        fields: string[];
        conditions?: readonly FieldCondition[];
        cursor: SalesforceCursor | undefined;
        /** Defaults to the client's when it is a SalesforceApi. */
        bulk?: BulkReads;
    }
): AsyncGenerator<{ records: SObjectRecord[]; cursor: SalesforceCursor }> {
    const fields = [...new Set(['Id', 'SystemModstamp', 'LastModifiedById', ...options.fields])];
    const where = soqlWhere(options.conditions ?? []);
    const soqlAfter = (cursor: SalesforceCursor | undefined): string => {
        const conditions = [afterCursor(cursor), where ? `(${where})` : undefined].filter(Boolean);
        return (
            `SELECT ${fields.join(', ')} FROM ${options.object}` +
            (conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '') +
            ' ORDER BY SystemModstamp ASC, Id ASC'
        );
    };
    const bulk = options.bulk ?? (client instanceof SalesforceApi ? bulkReadsOf(client) : undefined);
    const what = `Reading ${options.object} changes`;
    let total = 0;
    let read = 0;
    let cursor = options.cursor;
    for await (const records of client.queryPages(soqlAfter(cursor), what, { onTotalSize: (n) => (total = n) })) {
        const last = records[records.length - 1];
        if (last) {
            read += records.length;
            cursor = { ts: isoDateTime(last.SystemModstamp), id: String(last.Id) };
            yield { records, cursor };
        }
        if (bulk && total > bulk.threshold && read < total) {
            yield* readThroughJob(client, bulk.bulk, options.object, soqlAfter(cursor));
            return;
        }
    }
}

function bulkReadsOf(client: SalesforceApi): BulkReads {
    return { bulk: client.bulk, threshold: client.bulkQueryThreshold };
}

async function* readThroughJob(
    client: SalesforceClient,
    bulk: SalesforceBulk,
    object: string,
    soql: string
): AsyncGenerator<{ records: SObjectRecord[]; cursor: SalesforceCursor }> {
    // The describe types the CSV's text as REST's JSON (booleans, numbers, datetimes); it is cached per client.
    const describe = await client.describe(object);
    for await (const records of bulk.queryPages(soql, { describe })) {
        const last = records[records.length - 1];
        if (!last) continue;
        yield { records, cursor: { ts: isoDateTime(last.SystemModstamp), id: String(last.Id) } };
    }
}
