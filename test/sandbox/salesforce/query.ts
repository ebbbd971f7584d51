/**
 * Runs compiled queries against the store and pages the results the way the REST API does: the first batch in the
 * response, the rest behind `nextRecordsUrl` query locators. Locators hold only the matching ids; they are capped
 * per user and expire when idle (Salesforce: 10 open cursors per user, 15 minutes), so memory follows the data,
 * never the number of calls.
 */
import { ApiError } from './errors.ts';
import { fixedId } from './ids.ts';
import type { ObjectDef, Rec, Value } from './schema.ts';
import { compileQuery, compareValues, orderComparator, orderedByModstamp, readPath } from './soql.ts';
import type { CompiledQuery, FieldPath, SoqlEnv } from './soql.ts';
import type { Table } from './store.ts';
import { recordUrl, toApiValue } from './values.ts';

export const DEFAULT_BATCH_SIZE = 2000;
const MIN_BATCH_SIZE = 200;
const CURSORS_PER_USER = 10;
const CURSOR_IDLE_MS = 15 * 60_000;

export interface QueryResponse {
    totalSize: number;
    done: boolean;
    nextRecordsUrl?: string;
    records: Record<string, unknown>[];
}

export interface QueryEnv extends SoqlEnv {
    table(def: ObjectDef): Table;
}

interface Cursor {
    id: string;
    userId: string;
    compiled: CompiledQuery;
    ids: string[];
    apiVersion: string;
    batchSize: number;
    lastUsed: number;
}

/** `Sforce-Query-Options: batchSize=N`, kept within Salesforce's 200..2000. */
export function batchSizeFrom(header: string | undefined): number {
    const m = header ? /batchSize\s*=\s*(\d+)/i.exec(header) : null;
    if (!m) return DEFAULT_BATCH_SIZE;
    return Math.min(DEFAULT_BATCH_SIZE, Math.max(MIN_BATCH_SIZE, Number(m[1])));
}

/**
 * Candidate records for the WHERE clause, narrowed by an index where one applies, and whether they arrive in
 * SystemModstamp order (so a cursor-style `ORDER BY SystemModstamp` query can stop at its LIMIT).
 */
function candidates(compiled: CompiledQuery, table: Table): { rows: Iterable<Rec>; modstampOrder: boolean } {
    let best: string[] | undefined;
    for (const hint of compiled.hints) {
        if (hint.kind !== 'equals') continue;
        let ids: string[] | undefined;
        if (hint.field.name === 'Id') ids = hint.values.filter((v): v is string => typeof v === 'string');
        else if (table.hasIndex(hint.field.name)) ids = hint.values.flatMap((v) => table.lookup(hint.field, v));
        if (ids && (!best || ids.length < best.length)) best = ids;
    }
    if (best) {
        const rows = [...new Set(best)].map((id) => table.get(id)).filter((r): r is Rec => r !== undefined);
        return { rows, modstampOrder: false };
    }
    const range = compiled.hints.find((h) => h.kind === 'modstamp');
    if (range?.kind === 'modstamp') {
        // Stamps are whole milliseconds: "> t" starts at t + 1.
        const from = range.from === undefined ? undefined : range.inclusive ? range.from : range.from + 1;
        return { rows: table.byModstamp(from), modstampOrder: true };
    }
    if (orderedByModstamp(compiled.orderBy)) return { rows: table.byModstamp(), modstampOrder: true };
    return { rows: table.values(), modstampOrder: false };
}

function aggregate(env: QueryEnv, compiled: CompiledQuery, rows: Rec[]): Record<string, unknown> {
    const out: Record<string, unknown> = { attributes: { type: 'AggregateResult' } };
    for (const agg of compiled.aggregates) {
        const path = agg.path as FieldPath;
        const values = rows.map((r) => readPath(env, r, path)).filter((v): v is Exclude<Value, null> => v !== null);
        let result: Value = null;
        switch (agg.fn) {
            case 'COUNT':
                result = values.length;
                break;
            case 'COUNT_DISTINCT':
                result = new Set(values.map((v) => (typeof v === 'string' ? v.toLowerCase() : v))).size;
                break;
            case 'SUM':
                result = values.length ? values.reduce<number>((s, v) => s + Number(v), 0) : null;
                break;
            case 'AVG':
                result = values.length ? values.reduce<number>((s, v) => s + Number(v), 0) / values.length : null;
                break;
            case 'MIN':
            case 'MAX': {
                const sign = agg.fn === 'MIN' ? -1 : 1;
                result = values.reduce<Value>(
                    (best, v) => (best === null || sign * compareValues(path.leaf, v, best) > 0 ? v : best),
                    null
                );
                result = toApiValue(path.leaf, result);
                break;
            }
        }
        out[agg.alias] = result;
    }
    return out;
}

/** One result row: attributes, then the selected fields in order, parents as nested objects. */
export function projectRow(
    env: QueryEnv,
    compiled: CompiledQuery,
    rec: Rec,
    apiVersion: string
): Record<string, unknown> {
    const def = compiled.object;
    const row: Record<string, unknown> = {
        attributes: { type: def.name, url: recordUrl(apiVersion, def.name, rec.Id as string) }
    };
    for (const { path } of compiled.fields) {
        if (path.steps.length === 0) {
            row[path.leaf.name] =
                path.leaf.type === 'base64' && rec[path.leaf.name]
                    ? `${recordUrl(apiVersion, def.name, rec.Id as string)}/${path.leaf.name}`
                    : toApiValue(path.leaf, rec[path.leaf.name]);
            continue;
        }
        let target = row;
        let current: Rec | undefined = rec;
        let currentDef: ObjectDef | undefined;
        for (const step of path.steps) {
            const key = step.relationshipName as string;
            const id: Value | undefined = current?.[step.name];
            const found: { def: ObjectDef; rec: Rec } | undefined = typeof id === 'string' ? env.find(id) : undefined;
            if (!found || found.rec.IsDeleted) {
                if (!(key in target)) target[key] = null;
                current = undefined;
                break;
            }
            current = found.rec;
            currentDef = found.def;
            let nested = target[key] as Record<string, unknown> | null | undefined;
            if (!nested) {
                // A polymorphic relationship (Who, What, Owner on Lead/Task) answers as the Name pseudo-object.
                // ContentDocumentId reads ContentDocument, though the row is stored with ContentNote.
                const objectName = step.referenceTo.length === 1 ? (step.referenceTo[0] as string) : found.def.name;
                const type = step.referenceTo.length > 1 ? 'Name' : objectName;
                nested = { attributes: { type, url: recordUrl(apiVersion, objectName, found.rec.Id as string) } };
                target[key] = nested;
            }
            target = nested;
        }
        if (!current) continue;
        if (path.polymorphic && path.leaf.name === 'Type') target.Type = currentDef?.name ?? null;
        else if (path.polymorphic && !currentDef?.byName.has(path.leaf.name.toLowerCase()))
            target[path.leaf.name] = null;
        else target[path.leaf.name] = toApiValue(path.leaf, current[path.leaf.name]);
    }
    return row;
}

export class QueryEngine {
    private readonly cursors = new Map<string, Cursor>();
    private counter = 0;

    constructor(private readonly env: () => QueryEnv) {}

    /** Matching records for a compiled query (all of them, ordered and limited). */
    run(compiled: CompiledQuery, includeDeleted: boolean): Rec[] {
        const env = this.env();
        const where = compiled.where;
        const { rows: source, modstampOrder } = candidates(compiled, env.table(compiled.object));
        const presorted = compiled.orderBy.length === 0 || (modstampOrder && orderedByModstamp(compiled.orderBy));
        const canStop = presorted && compiled.aggregates.length === 0 && !compiled.countOnly;
        const wanted = compiled.limit === undefined ? Infinity : compiled.offset + compiled.limit;
        const rows: Rec[] = [];
        for (const rec of source) {
            if (!includeDeleted && rec.IsDeleted) continue;
            if (where && !where(rec)) continue;
            rows.push(rec);
            if (canStop && rows.length >= wanted) break;
        }
        if (!presorted) rows.sort(orderComparator(env, compiled.orderBy));
        if (compiled.offset === 0 && compiled.limit === undefined) return rows;
        return rows.slice(compiled.offset, compiled.limit === undefined ? undefined : compiled.offset + compiled.limit);
    }

    /** `GET /query?q=` and `/queryAll?q=`. */
    query(
        soql: string,
        options: { userId: string; apiVersion: string; batchSize: number; includeDeleted: boolean }
    ): QueryResponse {
        const env = this.env();
        const compiled = compileQuery(env, soql);
        const rows = this.run(compiled, options.includeDeleted);
        if (compiled.countOnly) return { totalSize: rows.length, done: true, records: [] };
        if (compiled.aggregates.length > 0) {
            return { totalSize: 1, done: true, records: [aggregate(env, compiled, rows)] };
        }
        const first = rows.slice(0, options.batchSize).map((r) => projectRow(env, compiled, r, options.apiVersion));
        if (rows.length <= options.batchSize) return { totalSize: rows.length, done: true, records: first };
        const cursor = this.open(options.userId, compiled, rows, options.apiVersion, options.batchSize);
        return {
            totalSize: rows.length,
            done: false,
            nextRecordsUrl: this.locatorUrl(cursor, options.batchSize),
            records: first
        };
    }

    /** `GET /query/{locator}-{position}`. */
    more(locator: string, userId: string): QueryResponse {
        const env = this.env();
        const m = /^(.+)-(\d+)$/.exec(locator);
        const cursor = m ? this.cursors.get(m[1] as string) : undefined;
        if (!m || !cursor || cursor.userId !== userId || Date.now() - cursor.lastUsed > CURSOR_IDLE_MS) {
            throw new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
        }
        cursor.lastUsed = Date.now();
        const position = Number(m[2]);
        const end = position + cursor.batchSize;
        const ids = cursor.ids.slice(position, end);
        const records: Record<string, unknown>[] = [];
        const table = env.table(cursor.compiled.object);
        for (const id of ids) {
            const rec = table.get(id);
            if (rec) records.push(projectRow(env, cursor.compiled, rec, cursor.apiVersion));
        }
        const done = end >= cursor.ids.length;
        return {
            totalSize: cursor.ids.length,
            done,
            ...(done ? {} : { nextRecordsUrl: this.locatorUrl(cursor, end) }),
            records
        };
    }

    /** The values of a semi-join subquery's single selected field. */
    semiJoin(parsedSubquery: Parameters<typeof compileQuery>[2], soql: string): Set<string> {
        const compiled = compileQuery(this.env(), soql, parsedSubquery);
        const only = compiled.fields[0];
        if (compiled.fields.length !== 1 || !only || !['id', 'reference'].includes(only.path.leaf.type)) {
            throw new ApiError(400, 'MALFORMED_QUERY', 'semi join sub-selects must select exactly one Id field');
        }
        const out = new Set<string>();
        for (const rec of this.run(compiled, false)) {
            const value = readPath(this.env(), rec, only.path);
            if (typeof value === 'string') out.add(value);
        }
        return out;
    }

    clear(): void {
        this.cursors.clear();
    }

    get openCursors(): number {
        return this.cursors.size;
    }

    private open(userId: string, compiled: CompiledQuery, rows: Rec[], apiVersion: string, batchSize: number): Cursor {
        const now = Date.now();
        const mine = [...this.cursors.values()].filter((c) => c.userId === userId);
        for (const cursor of this.cursors.values()) {
            if (now - cursor.lastUsed > CURSOR_IDLE_MS) this.cursors.delete(cursor.id);
        }
        // Salesforce closes the oldest cursor when a user opens more than its limit.
        while (mine.length >= CURSORS_PER_USER) {
            const oldest = mine.shift() as Cursor;
            this.cursors.delete(oldest.id);
        }
        const id = fixedId('01g', ++this.counter);
        const cursor: Cursor = {
            id,
            userId,
            compiled,
            ids: rows.map((r) => r.Id as string),
            apiVersion,
            batchSize,
            lastUsed: now
        };
        this.cursors.set(id, cursor);
        return cursor;
    }

    private locatorUrl(cursor: Cursor, position: number): string {
        return `/services/data/v${cursor.apiVersion}/query/${cursor.id}-${position}`;
    }
}
