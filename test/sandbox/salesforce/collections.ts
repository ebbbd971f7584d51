/**
 * sObject Collections: create, update, upsert and delete up to 200 records in one call, retrieve by ids. The
 * request is checked as a whole first (size, types, field names and JSON types fail it with HTTP 400); then every
 * record is saved in request order and answered with its own result, HTTP 200 even when records fail. With
 * allOrNone, one failure rolls every record back: the failing ones keep their errors, the others report
 * ALL_OR_NONE_OPERATION_ROLLED_BACK.
 */
import type { ApiContext, ApiRequest, Handler } from './api-types.ts';
import { json } from './api-types.ts';
import {
    ApiError,
    ItemError,
    exceededIdLimit,
    invalidType,
    jsonParserError,
    mustSendConcreteType,
    rolledBack
} from './errors.ts';
import { normalizeId } from './ids.ts';
import { MultipleMatchesError } from './org.ts';
import type { ObjectDef, Rec } from './schema.ts';
import { objectFromPath, withTransaction } from './records.ts';
import { saveOptions } from './save-options.ts';
import { indexKey } from './store.ts';
import type { Transaction } from './store.ts';
import { parseRecordInput, recordToApi } from './values.ts';

const MAX_RECORDS = 200;

interface Outcome {
    id?: string;
    created?: boolean;
    error?: ItemError;
}

type ResultItem = { id?: string; success: boolean; errors: unknown[]; created?: boolean };

export function toItemError(error: unknown, field?: string): ItemError {
    if (error instanceof ItemError) return error;
    if (error instanceof MultipleMatchesError) {
        return new ItemError(
            'DUPLICATE_EXTERNAL_ID',
            `${field ?? error.field}: more than one record found for external id field: [${error.ids.join(', ')}]`
        );
    }
    throw error;
}

/**
 * Saves items one by one, each undone on its own failure; with allOrNone a failure undoes them all. Records are
 * counted in the statistics by what finally happened to them.
 */
function saveAll<T>(
    ctx: ApiContext,
    allOrNone: boolean,
    items: T[],
    save: (item: T, txn: Transaction) => Outcome,
    failedId: (item: T) => string | undefined
): ResultItem[] {
    return withTransaction(ctx, (txn) => {
        const start = txn.mark();
        const outcomes: Outcome[] = items.map((item) => {
            const mark = txn.mark();
            try {
                return save(item, txn);
            } catch (error) {
                txn.rollback(mark);
                return { id: failedId(item), error: toItemError(error) };
            }
        });
        const failed = outcomes.some((o) => o.error);
        if (allOrNone && failed) txn.rollback(start);
        return outcomes.map((o): ResultItem => {
            if (o.error) return { ...(o.id ? { id: o.id } : {}), success: false, errors: [o.error.toBody()] };
            if (allOrNone && failed) {
                return { ...(o.created === true ? {} : { id: o.id }), success: false, errors: [rolledBack().toBody()] };
            }
            return { id: o.id, success: true, errors: [], ...(o.created === undefined ? {} : { created: o.created }) };
        });
    });
}

interface CollectionBody {
    allOrNone: boolean;
    records: Record<string, unknown>[];
}

function readBody(body: unknown): CollectionBody {
    if (!body || typeof body !== 'object' || !Array.isArray((body as { records?: unknown }).records)) {
        throw jsonParserError('Cannot deserialize instance of list from the request body: records is required');
    }
    const { allOrNone, records } = body as { allOrNone?: unknown; records: unknown[] };
    if (records.length > MAX_RECORDS) throw exceededIdLimit();
    if (records.some((r) => !r || typeof r !== 'object' || Array.isArray(r))) {
        throw jsonParserError('Cannot deserialize instance of SObject from a non-object value');
    }
    return { allOrNone: allOrNone === true || allOrNone === 'true', records: records as Record<string, unknown>[] };
}

/** Each record's type from `attributes.type`, checked before anything is saved. */
function typed(
    ctx: ApiContext,
    records: Record<string, unknown>[]
): { def: ObjectDef; raw: Record<string, unknown> }[] {
    return records.map((raw) => {
        const type = (raw.attributes as { type?: unknown } | undefined)?.type;
        if (typeof type !== 'string' || !type) throw mustSendConcreteType();
        const def = ctx.org.schema.get(type);
        if (!def) throw invalidType(type);
        return { def, raw };
    });
}

function countResults(
    ctx: ApiContext,
    defs: ObjectDef[],
    results: ResultItem[],
    outcome: 'created' | 'updated' | 'deleted'
): void {
    results.forEach((r, i) => {
        const name = defs[i]?.name ?? 'unknown';
        if (!r.success) ctx.stats.record(name, 'failed');
        else ctx.stats.record(name, r.created === false ? 'updated' : outcome);
    });
}

/** Collections retrieve (POST with `{ids, fields}` or GET with query parameters). */
function retrieve(ctx: ApiContext, req: ApiRequest, def: ObjectDef): unknown[] {
    const body = (req.body ?? {}) as { ids?: unknown; fields?: unknown };
    const ids = req.method === 'GET' ? (req.query.get('ids') ?? '').split(',').filter(Boolean) : body.ids;
    const fields = req.method === 'GET' ? (req.query.get('fields') ?? '').split(',').filter(Boolean) : body.fields;
    if (!Array.isArray(ids) || !Array.isArray(fields) || fields.length === 0) {
        throw new ApiError(400, 'INVALID_FIELD', 'ids and fields are required');
    }
    if (ids.length > 2000) throw exceededIdLimit();
    const selected = fields.map((name) => {
        const f = def.byName.get(String(name).toLowerCase());
        if (!f) throw new ApiError(400, 'INVALID_FIELD', `No such column '${String(name)}' on entity '${def.name}'`);
        return f;
    });
    return ids.map((raw) => {
        const id = normalizeId(String(raw));
        const found = id ? ctx.org.find(id) : undefined;
        if (!found || found.def.table !== def.table || found.rec.IsDeleted) return null;
        return recordToApi(def, found.rec, req.apiVersion, selected);
    });
}

export const collections: Handler = (ctx, req, _params, info) => {
    if (req.method === 'DELETE') {
        info.endpoint = 'collections.delete';
        const ids = (req.query.get('ids') ?? '').split(',').filter(Boolean);
        if (ids.length > MAX_RECORDS) throw exceededIdLimit();
        const allOrNone = req.query.get('allOrNone') === 'true';
        const defs = ids.map((id) => ctx.org.find(id)?.def);
        info.object = defs.find(Boolean)?.name;
        const results = saveAll(
            ctx,
            allOrNone,
            ids,
            (id, txn) => {
                ctx.org.delete(undefined, id, saveOptions(ctx, req, txn));
                return { id: normalizeId(id) };
            },
            (id) => normalizeId(id) ?? id
        );
        countResults(
            ctx,
            defs.map((d) => d as ObjectDef),
            results,
            'deleted'
        );
        return json(200, results);
    }
    const { allOrNone, records } = readBody(req.body);
    const items = typed(ctx, records).map(({ def, raw }) => ({ def, raw, fields: parseRecordInput(def, raw) }));
    info.object = items[0]?.def.name;
    const defs = items.map((item) => item.def);
    if (req.method === 'POST') {
        info.endpoint = 'collections.create';
        const results = saveAll(
            ctx,
            allOrNone,
            items,
            ({ def, fields }, txn) => ({ id: ctx.org.insert(def, fields, saveOptions(ctx, req, txn)), created: true }),
            () => undefined
        );
        const cleaned = results.map(({ created: _created, ...rest }) => rest);
        countResults(ctx, defs, cleaned, 'created');
        return json(200, cleaned);
    }
    info.endpoint = 'collections.update';
    const results = saveAll(
        ctx,
        allOrNone,
        items,
        ({ def, fields }, txn) => {
            const { Id: id, ...rest } = fields as Rec & { Id?: unknown };
            if (typeof id !== 'string' || !id) {
                throw new ItemError('MISSING_ARGUMENT', 'Id not specified in an update call', []);
            }
            ctx.org.update(def, id, rest, saveOptions(ctx, req, txn));
            return { id: normalizeId(id) ?? id };
        },
        ({ fields }) => (typeof fields.Id === 'string' ? (normalizeId(fields.Id) ?? fields.Id) : undefined)
    );
    countResults(ctx, defs, results, 'updated');
    return json(200, results);
};

export const collectionsOfType: Handler = (ctx, req, [type, fieldName], info) => {
    const def = objectFromPath(ctx, type);
    info.object = def.name;
    if (fieldName === undefined) {
        info.endpoint = 'collections.retrieve';
        return json(200, retrieve(ctx, req, def));
    }
    info.endpoint = 'collections.upsert';
    if (Number(req.apiVersion) < 46) throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const f = def.byName.get(fieldName.toLowerCase());
    if (!f)
        throw new ApiError(
            404,
            'NOT_FOUND',
            `Provided external ID field does not exist or is not accessible: ${fieldName}`
        );
    if (!f.externalId && f.name !== 'Id') {
        throw new ApiError(
            400,
            'INVALID_FIELD',
            `Field ${f.name} is not an External ID or indexed field for ${def.name}`
        );
    }
    const { allOrNone, records } = readBody(req.body);
    const items = typed(ctx, records).map(({ def: recordDef, raw }) => {
        if (recordDef.name !== def.name) {
            throw new ApiError(
                400,
                'INVALID_TYPE',
                `All records must be of type ${def.name} in an upsert on ${def.name}`
            );
        }
        return parseRecordInput(def, raw);
    });
    // Salesforce refuses every record of an upsert batch whose external id appears more than once in it.
    const keyCounts = new Map<string, number>();
    for (const fields of items) {
        const key = indexKey(f, fields[f.name] ?? null);
        if (key !== undefined) keyCounts.set(key, (keyCounts.get(key) ?? 0) + 1);
    }
    const results = saveAll(
        ctx,
        allOrNone,
        items,
        (fields, txn) => {
            const value = fields[f.name];
            if (value === undefined || value === null || value === '') {
                throw new ItemError('MISSING_ARGUMENT', `${f.name} not specified`, []);
            }
            if ((keyCounts.get(indexKey(f, value) ?? '') ?? 0) > 1) {
                throw new ItemError('DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${String(value)}`, [
                    f.name
                ]);
            }
            const { [f.name]: _value, ...rest } = fields;
            return ctx.org.upsert(def, f.name, String(value), rest, saveOptions(ctx, req, txn));
        },
        () => undefined
    );
    countResults(
        ctx,
        items.map(() => def),
        results,
        'created'
    );
    return json(200, results);
};
