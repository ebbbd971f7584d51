import { createHash } from 'node:crypto';
import type { Catalog, ReplyFieldType, StepKind } from '../catalog/schema.ts';
import type { ReplyContact } from '../reply/schemas.ts';
import { fieldOf, type SObjectDescribe } from '../salesforce/describe.ts';
import type { FieldHashes } from '../store/store.ts';
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

/**
 * What is wrong with a step's field mappings against the org's schema and Reply's fields: unknown fields,
 * multi-select picklists, type mismatches, read-only targets. Pure.
 */
export function mappingProblems(
    step: Step,
    describe: SObjectDescribe,
    fields: ReplyField[],
    catalog: Catalog
): string[] {
    const problems: string[] = [];
    const object = step.kind.salesforceObject;
    const writesSalesforce = step.kind.target.system === 'salesforce';
    for (const mapping of step.fieldMappings) {
        const sf = fieldOf(describe, mapping.salesforceField);
        const reply = fields.find((f) => f.name.toLowerCase() === mapping.replyField.toLowerCase());
        if (!sf) {
            problems.push(
                `Salesforce field ${mapping.salesforceField} does not exist on ${object}, or the integration user cannot see it ` +
                    '(check the field and its access in the Reply_Sync_Integration permission set)'
            );
        } else if (catalog.unmappableSalesforceFieldTypes.includes(sf.type)) {
            problems.push(
                sf.type === 'multipicklist'
                    ? `${object}.${sf.name} is a multi-select picklist: Reply has no multi-select fields, so it cannot be mapped`
                    : `${object}.${sf.name} is a ${sf.type} field, which cannot be mapped`
            );
        } else if (writesSalesforce && !(sf.createable || sf.updateable)) {
            problems.push(
                `${object}.${sf.name} is read-only (formula, auto-number or no edit access): it cannot receive Reply values`
            );
        }
        if (!reply) {
            problems.push(
                `Reply field "${mapping.replyField}" does not exist` +
                    (mapping.replyField.startsWith(CUSTOM_PREFIX)
                        ? ': create the custom field in Reply or remove the mapping'
                        : '')
            );
        }
        if (sf && reply && !catalog.unmappableSalesforceFieldTypes.includes(sf.type)) {
            const direction = writesSalesforce ? 'toSalesforce' : 'toReply';
            const accepted = catalog.fieldTypeCompatibility[direction][reply.type] ?? [];
            if (!accepted.includes(sf.type)) {
                problems.push(
                    `${object}.${sf.name} (${sf.type}) and Reply's ${reply.label} (${reply.type}) do not fit: ` +
                        (writesSalesforce
                            ? `a Reply ${reply.type} field syncs into ${accepted.join(', ')} fields`
                            : `a Reply ${reply.type} field takes ${accepted.join(', ')} fields`)
                );
            }
        }
    }
    return problems;
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
    return createHash('sha256')
        .update(JSON.stringify(normalise(value)) ?? 'null')
        .digest('base64url')
        .slice(0, 12);
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
