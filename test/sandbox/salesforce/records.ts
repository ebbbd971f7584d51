/**
 * Single-record resources: `/sobjects/T` (info, create), `/sobjects/T/describe`, `/sobjects/T/{id}` (get, update,
 * delete), `/sobjects/T/{field}/{value}` (get and upsert by external id), blob fields, getUpdated and getDeleted.
 */
import type { ApiContext, ApiRequest, ApiResult, CallInfo, Handler } from './api-types.ts';
import { json, noContent } from './api-types.ts';
import { describeSObject, sobjectInfo } from './describe.ts';
import { ApiError, ItemError, notFound } from './errors.ts';
import { normalizeId } from './ids.ts';
import { MultipleMatchesError } from './org.ts';
import type { FieldDef, ObjectDef, Rec } from './schema.ts';
import { saveOptions } from './save-options.ts';
import { Transaction } from './store.ts';
import { formatDateTime, parseDateTime } from './time.ts';
import { parseRecordInput, recordToApi, recordUrl } from './values.ts';

export function objectFromPath(ctx: ApiContext, name: string | undefined): ObjectDef {
    const def = name ? ctx.org.schema.get(name) : undefined;
    if (!def) throw notFound();
    return def;
}

/** Runs work in the enclosing Composite transaction or in a new one committed at the end. */
export function withTransaction<T>(ctx: ApiContext, work: (txn: Transaction) => T): T {
    const own = !ctx.txn;
    const txn = ctx.txn ?? new Transaction();
    try {
        const result = work(txn);
        if (own) txn.commit();
        return result;
    } catch (error) {
        if (own) txn.rollback();
        throw error;
    }
}

/** A record error answered for a single-record request. */
function asApiError(error: unknown): unknown {
    return error instanceof ItemError ? error.toApiError() : error;
}

const externalIdMissing = (field: string): ApiError =>
    new ApiError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${field}`);

/** The live record an id in the URL names, with Salesforce's 404 answers. */
function recordFromPath(ctx: ApiContext, def: ObjectDef, rawId: string): Rec {
    const id = normalizeId(rawId);
    if (!id) throw externalIdMissing(rawId);
    const found = ctx.org.find(id);
    if (!found || found.def.table !== def.table) throw notFound();
    if (found.rec.IsDeleted) throw new ApiError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
    return found.rec;
}

function selectedFields(def: ObjectDef, fieldsParam: string | null): FieldDef[] | undefined {
    if (!fieldsParam) return undefined;
    return fieldsParam.split(',').map((name) => {
        const f = def.byName.get(name.trim().toLowerCase());
        if (!f) {
            throw new ApiError(
                400,
                'INVALID_FIELD',
                `No such column '${name.trim()}' on entity '${def.name}'. If you are attempting to use a custom field, ` +
                    "be sure to append the '__c' after the custom field name. Please reference your WSDL or the " +
                    'describe call for the appropriate names.'
            );
        }
        return f;
    });
}

export const sobjectRoot: Handler = (ctx, req, [type], info) => {
    const def = objectFromPath(ctx, type);
    info.object = def.name;
    if (req.method === 'GET') {
        info.endpoint = 'sobject.info';
        return json(200, sobjectInfo(def, req.apiVersion, ctx.org.accessOf(req.userId)));
    }
    info.endpoint = 'sobject.create';
    const fields = parseRecordInput(def, req.body);
    try {
        const id = withTransaction(ctx, (txn) => ctx.org.insert(def, fields, saveOptions(ctx, req, txn)));
        ctx.stats.record(def.name, 'created');
        return json(201, { id, success: true, errors: [] }, { Location: recordUrl(req.apiVersion, def.name, id) });
    } catch (error) {
        ctx.stats.record(def.name, 'failed');
        throw asApiError(error);
    }
};

export const describe: Handler = (ctx, req, [type], info) => {
    const def = objectFromPath(ctx, type);
    info.object = def.name;
    return json(200, describeSObject(ctx.org, def, req.apiVersion, ctx.org.accessOf(req.userId)));
};

export const recordById: Handler = (ctx, req, [type, rawId], info) => {
    const def = objectFromPath(ctx, type);
    info.object = def.name;
    const rec = recordFromPath(ctx, def, rawId as string);
    const id = rec.Id as string;
    if (req.method === 'GET') {
        info.endpoint = 'sobject.retrieve';
        return json(200, recordToApi(def, rec, req.apiVersion, selectedFields(def, req.query.get('fields'))));
    }
    if (req.method === 'PATCH') {
        info.endpoint = 'sobject.update';
        const fields = parseRecordInput(def, req.body);
        try {
            withTransaction(ctx, (txn) => ctx.org.update(def, id, fields, saveOptions(ctx, req, txn)));
            ctx.stats.record(def.name, 'updated');
            return noContent();
        } catch (error) {
            ctx.stats.record(def.name, 'failed');
            throw asApiError(error);
        }
    }
    info.endpoint = 'sobject.delete';
    try {
        withTransaction(ctx, (txn) => ctx.org.delete(def, id, saveOptions(ctx, req, txn)));
        ctx.stats.record(def.name, 'deleted');
        return noContent();
    } catch (error) {
        ctx.stats.record(def.name, 'failed');
        throw asApiError(error);
    }
};

function blob(ctx: ApiContext, req: ApiRequest, def: ObjectDef, rawId: string, f: FieldDef, info: CallInfo): ApiResult {
    info.endpoint = 'sobject.blob';
    const rec = recordFromPath(ctx, def, rawId);
    const content = rec[f.name];
    if (typeof content !== 'string') throw notFound();
    const contentType = def.table === 'ContentNote' ? 'text/plain' : 'application/octetstream';
    return { status: 200, raw: { contentType, data: Buffer.from(content, 'base64') } };
}

export const recordByField: Handler = (ctx, req, [type, fieldName, value], info) => {
    const def = objectFromPath(ctx, type);
    info.object = def.name;
    const f = def.byName.get((fieldName as string).toLowerCase());
    if (f?.type === 'base64' && normalizeId(value as string) && req.method === 'GET') {
        return blob(ctx, req, def, value as string, f, info);
    }
    if (normalizeId(fieldName as string) && req.method === 'GET') {
        const field = def.byName.get((value as string).toLowerCase());
        if (field?.type === 'base64') return blob(ctx, req, def, fieldName as string, field, info);
    }
    if (!f) throw externalIdMissing(fieldName as string);
    if (!f.externalId && !f.idLookup) {
        throw new ApiError(
            400,
            'INVALID_FIELD',
            `Field ${f.name} is not an External ID or indexed field for ${def.name}`
        );
    }
    const extValue = value as string;
    if (req.method === 'GET' || req.method === 'DELETE') {
        const ids =
            f.name === 'Id'
                ? [normalizeId(extValue)].filter((id): id is string => !!id)
                : ctx.org.table(def).lookup(f, extValue);
        if (ids.length > 1) return multipleChoices(req, def, ids);
        if (ids.length === 0) throw notFound();
        return recordById(ctx, req, [def.name, ids[0] as string], info);
    }
    info.endpoint = 'sobject.upsert';
    const fields = parseRecordInput(def, req.body);
    try {
        const result = withTransaction(ctx, (txn) =>
            ctx.org.upsert(def, f.name, extValue, fields, saveOptions(ctx, req, txn))
        );
        ctx.stats.record(def.name, result.created ? 'created' : 'updated');
        const body = { id: result.id, success: true, errors: [], created: result.created };
        return result.created
            ? json(201, body, { Location: recordUrl(req.apiVersion, def.name, result.id) })
            : json(200, body);
    } catch (error) {
        ctx.stats.record(def.name, 'failed');
        if (error instanceof MultipleMatchesError) return multipleChoices(req, def, error.ids);
        throw asApiError(error);
    }
};

/** 300 Multiple Choices: the URLs of the records sharing the external id. */
function multipleChoices(req: ApiRequest, def: ObjectDef, ids: string[]): ApiResult {
    return json(
        300,
        ids.map((id) => recordUrl(req.apiVersion, def.name, id))
    );
}

function timeWindow(req: ApiRequest): { start: number; end: number } {
    const start = parseDateTime(req.query.get('start') ?? '');
    const end = parseDateTime(req.query.get('end') ?? '');
    if (start === undefined || end === undefined || end < start) {
        throw new ApiError(400, 'INVALID_REPLICATION_DATE', 'start date cannot be after end date, both are required');
    }
    // Salesforce ignores seconds: the window runs on whole minutes.
    return { start: start - (start % 60_000), end: end - (end % 60_000) };
}

export const updatedIds: Handler = (ctx, req, [type], info) => {
    const def = objectFromPath(ctx, type);
    info.object = def.name;
    const { start, end } = timeWindow(req);
    const ids: string[] = [];
    for (const rec of ctx.org.table(def).byModstamp(start)) {
        if ((rec.SystemModstamp as number) >= end) break;
        if (!rec.IsDeleted) ids.push(rec.Id as string);
    }
    return json(200, { ids, latestDateCovered: formatDateTime(end) });
};

const RECYCLE_BIN_DAYS = 15;

export const deletedIds: Handler = (ctx, req, [type], info) => {
    const def = objectFromPath(ctx, type);
    info.object = def.name;
    const { start, end } = timeWindow(req);
    const deletedRecords: { id: string; deletedDate: string }[] = [];
    // "Results are returned for no more than 15 days previous to the day the call is executed" (sObject Get Deleted).
    const oldest = Date.now() - RECYCLE_BIN_DAYS * 86_400_000;
    for (const rec of ctx.org.table(def).byModstamp(Math.max(start, oldest))) {
        if ((rec.SystemModstamp as number) >= end) break;
        if (rec.IsDeleted)
            deletedRecords.push({ id: rec.Id as string, deletedDate: formatDateTime(rec.SystemModstamp as number) });
    }
    return json(200, {
        deletedRecords,
        earliestDateAvailable: formatDateTime(Date.UTC(2025, 0, 1)),
        latestDateCovered: formatDateTime(end)
    });
};
