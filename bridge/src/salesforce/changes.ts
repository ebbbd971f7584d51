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

/**
 * Records of `object` changed since the cursor, oldest first with an Id tie-break, only the given fields, page by
 * page (Salesforce's query batches, following nextRecordsUrl). Each page comes with the cursor after it.
 */
export async function* readChanges(
    client: SalesforceClient,
    options: {
        object: string;
        fields: string[];
        conditions?: readonly FieldCondition[];
        cursor: SalesforceCursor | undefined;
    }
): AsyncGenerator<{ records: SObjectRecord[]; cursor: SalesforceCursor }> {
    const fields = [...new Set(['Id', 'SystemModstamp', 'LastModifiedById', ...options.fields])];
    const where = soqlWhere(options.conditions ?? []);
    const conditions = [afterCursor(options.cursor), where ? `(${where})` : undefined].filter(Boolean);
    const soql =
        `SELECT ${fields.join(', ')} FROM ${options.object}` +
        (conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '') +
        ' ORDER BY SystemModstamp ASC, Id ASC';
    for await (const records of client.queryPages(soql, `Reading ${options.object} changes`)) {
        const last = records[records.length - 1];
        if (!last) continue;
        yield { records, cursor: { ts: isoDateTime(last.SystemModstamp), id: String(last.Id) } };
    }
}
