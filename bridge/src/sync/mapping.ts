import { hash } from 'node:crypto';
import type { Catalog, ReplyFieldType, StepKind } from '../catalog/schema.ts';
import type { ReplyContact } from '../reply/schemas.ts';
import type { FieldHashes } from '../domain/links.ts';
import type { Step } from './steps.ts';

/** A field of a Reply person: standard (`firstName`) or custom (`custom:<title>`). */
export interface ReplyField {
    name: string;
    label: string;
    type: ReplyFieldType;
    custom: boolean;
}

export const CUSTOM_PREFIX = 'custom:';

/** Reply's fields as the console offers them: the catalog's standard fields plus the workspace's custom fields. */
export function replyFields(
    catalog: Catalog,
    customFields: { title: string; fieldType: 'text' | 'number' }[]
): ReplyField[] {
    return [
        ...catalog.replyFields.map((field) => ({ ...field, custom: false })),
        ...customFields.map((field) => ({
            name: `${CUSTOM_PREFIX}${field.title}`,
            label: field.title,
            type: field.fieldType,
            custom: true
        }))
    ];
}

/** Salesforce field API names are case-insensitive: `firstname` is `FirstName`. The one way to compare them. */
export function salesforceFieldKey(name: string): string {
    return name.toLowerCase();
}

/**
 * Reply field names as the bridge reads them (readReplyField): a standard field by its exact name, a custom field by
 * its title in any case. The one way to compare them.
 */
export function replyFieldKey(name: string): string {
    return name.startsWith(CUSTOM_PREFIX) ? CUSTOM_PREFIX + name.slice(CUSTOM_PREFIX.length).toLowerCase() : name;
}

/** Reply statuses and inbox categories match value mappings in any case ("Replied" is "replied"). */
export function replyValueKey(value: string): string {
    return value.toLowerCase();
}

/** The fields a step reads from its Salesforce object (mapped fields, deduplicated, in mapping order). */
export function mappedSalesforceFields(step: Step): string[] {
    return [...new Set(step.fieldMappings.map((m) => m.salesforceField))];
}

export function readReplyField(contact: ReplyContact, field: string): unknown {
    if (field.startsWith(CUSTOM_PREFIX)) {
        const title = field.slice(CUSTOM_PREFIX.length).toLowerCase();
        return contact.customFields.find((c) => c.key.toLowerCase() === title)?.value ?? null;
    }
    return (contact as unknown as Record<string, unknown>)[field] ?? null;
}

/** A Salesforce value as Reply stores it: text (or a number for number fields), blanks as null. */
export function toReplyValue(value: unknown, type: ReplyFieldType): string | number | null {
    if (value === null || value === undefined) return null;
    if (type === 'number') {
        const n = typeof value === 'number' ? value : Number(String(value).trim());
        return Number.isFinite(n) && String(value).trim() !== '' ? n : null;
    }
    const text = typeof value === 'string' ? value.trim() : String(value);
    return text === '' ? null : text;
}

/** A Reply value as the Salesforce field takes it; numbers for numeric fields, text elsewhere, blanks as null. */
export function toSalesforceValue(value: unknown, sfType: string): string | number | boolean | null {
    if (value === null || value === undefined) return null;
    if (['double', 'int', 'long', 'currency', 'percent'].includes(sfType)) {
        const n = typeof value === 'number' ? value : Number(String(value).trim());
        return Number.isFinite(n) && String(value).trim() !== '' ? n : null;
    }
    if (sfType === 'boolean') return value === true || String(value).toLowerCase() === 'true';
    const text = typeof value === 'string' ? value.trim() : String(value);
    return text === '' ? null : text;
}

function normalise(value: unknown): unknown {
    if (value === undefined || value === '') return null;
    if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
    return value;
}

/** A short, stable hash of a field value: what the echo guard compares instead of keeping people's data. */
export function valueHash(value: unknown): string {
    // One-shot hash: no Hash object per field (a backfill hashes every mapped field of every person, twice).
    return hash('sha256', JSON.stringify(normalise(value)) ?? 'null', 'base64url').slice(0, 12);
}

export function hashesOf(values: Record<string, unknown>): FieldHashes {
    return Object.fromEntries(Object.entries(values).map(([field, value]) => [field, valueHash(value)]));
}

/** Fields whose current value differs from what was last synced (all of them when nothing was synced yet). */
export function changedFields(values: Record<string, unknown>, known: FieldHashes | undefined): string[] {
    return Object.entries(values)
        .filter(([field, value]) => known?.[field] !== valueHash(value))
        .map(([field]) => field);
}

/** Which end of a mapping a step reads and which it writes. */
export function directionOf(kind: StepKind): 'toReply' | 'toSalesforce' {
    return kind.target.system === 'reply' ? 'toReply' : 'toSalesforce';
}
