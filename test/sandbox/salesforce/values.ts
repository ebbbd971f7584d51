/**
 * Converting between the API's JSON and stored values. Input is checked the way Salesforce's deserializer does:
 * an unknown field or a value of the wrong JSON type fails the whole request (INVALID_FIELD / JSON_PARSER_ERROR),
 * before any record is saved.
 */
import { jsonParserError, noSuchColumn } from './errors.ts';
import type { FieldDef, ObjectDef, Rec, Value } from './schema.ts';
import { formatDateTime, isValidDate, parseDateTime } from './time.ts';

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}$/;

function jsonKind(value: unknown): string {
    if (typeof value === 'string') return 'VALUE_STRING';
    if (typeof value === 'boolean') return value ? 'VALUE_TRUE' : 'VALUE_FALSE';
    if (typeof value === 'number') return Number.isInteger(value) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT';
    if (Array.isArray(value)) return 'START_ARRAY';
    return 'START_OBJECT';
}

function cannotDeserialize(soapType: string, value: unknown): never {
    const shown = typeof value === 'object' ? '' : ` value ${String(value)}`;
    throw jsonParserError(
        `Cannot deserialize instance of ${soapType} from ${jsonKind(value)}${shown} or request may be missing a required field`
    );
}

/** One JSON value as the stored value for a field. */
export function coerceInput(f: FieldDef, value: unknown): Value {
    if (value === null) return null;
    switch (f.type) {
        case 'boolean':
            if (typeof value === 'boolean') return value;
            if (value === 'true' || value === 'false') return value === 'true';
            return cannotDeserialize('boolean', value);
        case 'int':
        case 'double':
        case 'currency':
        case 'percent': {
            const n =
                typeof value === 'number'
                    ? value
                    : typeof value === 'string' && value.trim() !== ''
                      ? Number(value)
                      : NaN;
            if (!Number.isFinite(n) || (f.type === 'int' && !Number.isInteger(n))) {
                return cannotDeserialize(f.type === 'int' ? 'int' : 'double', value);
            }
            return n;
        }
        case 'date':
            if (typeof value !== 'string' || !isValidDate(value)) return cannotDeserialize('date', value);
            return value;
        case 'datetime': {
            const ms = typeof value === 'string' ? parseDateTime(value) : undefined;
            if (ms === undefined) return cannotDeserialize('datetime', value);
            return ms;
        }
        case 'base64':
            if (typeof value !== 'string' || !BASE64.test(value)) return cannotDeserialize('base64', value);
            return value.replace(/[\r\n]/g, '');
        default:
            if (typeof value === 'string') return value;
            if (typeof value === 'number' || typeof value === 'boolean') return String(value);
            return cannotDeserialize('string', value);
    }
}

/**
 * A request body as `{fieldName: value}` with canonical field names. `attributes` is ignored; the field named in
 * `skip` (the external id in the URL of an upsert) is returned separately by the caller.
 */
export function parseRecordInput(def: ObjectDef, body: unknown): Rec {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw jsonParserError('Cannot deserialize instance of SObject from a non-object value');
    }
    const out: Rec = {};
    for (const [key, raw] of Object.entries(body as Record<string, unknown>)) {
        if (key === 'attributes') continue;
        const f = def.byName.get(key.toLowerCase());
        if (!f) throw noSuchColumn(key, def.name);
        out[f.name] = coerceInput(f, raw);
    }
    return out;
}

/** A stored value as the API writes it. */
export function toApiValue(f: FieldDef | undefined, value: Value | undefined): Value {
    if (value === undefined) return f?.type === 'boolean' ? false : null;
    if (f?.type === 'datetime' && typeof value === 'number') return formatDateTime(value);
    return value;
}

export function recordUrl(apiVersion: string, objectName: string, id: string): string {
    return `/services/data/v${apiVersion}/sobjects/${objectName}/${id}`;
}

/** A whole record as `GET /sobjects/T/id` answers it: attributes, then every field in describe order. */
export function recordToApi(
    def: ObjectDef,
    rec: Rec,
    apiVersion: string,
    fields?: FieldDef[]
): Record<string, unknown> {
    const out: Record<string, unknown> = {
        attributes: { type: def.name, url: recordUrl(apiVersion, def.name, rec.Id as string) }
    };
    for (const f of fields ?? def.fields) {
        out[f.name] =
            f.type === 'base64' && rec[f.name]
                ? `${recordUrl(apiVersion, def.name, rec.Id as string)}/${f.name}`
                : toApiValue(f, rec[f.name]);
    }
    return out;
}
