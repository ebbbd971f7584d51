/**
 * The save-time rules Salesforce applies to one record, as pure checks over the record and read-only lookups.
 * Each returns the first failure as an ItemError (Salesforce reports one error per record in practice) or nothing.
 * Order follows the platform's: required fields, field formats and references, uniqueness, object rules,
 * duplicate rules last.
 */
import {
    ItemError,
    badRestrictedPicklist,
    convertedLead,
    duplicateValue,
    entityIsDeleted,
    invalidCrossReference,
    invalidEmail,
    malformedId,
    numberOutOfRange,
    requiredFieldMissing,
    stringTooLong,
    wrongIdType
} from './errors.ts';
import { normalizeId } from './ids.ts';
import type { FieldDef, ObjectDef, PicklistValue, Rec, Schema } from './schema.ts';
import type { Table } from './store.ts';
import { recordUrl } from './values.ts';

export type DuplicateRuleMode = 'off' | 'alert' | 'block';

export interface RuleContext {
    readonly schema: Schema;
    readonly apiVersion: string;
    /** Any record by id, deleted ones included. */
    find(id: string): { def: ObjectDef; rec: Rec } | undefined;
    table(def: ObjectDef): Table;
    picklistValues(f: FieldDef): PicklistValue[];
    duplicateRule(objectName: string): DuplicateRuleMode;
}

const EMAIL =
    /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

const STRING_TYPES = new Set(['string', 'textarea', 'email', 'url', 'phone', 'picklist', 'combobox', 'multipicklist']);

function isBlank(value: unknown): boolean {
    return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** Fields that must have a value: not nillable, writable on create, and not filled in by the org. */
export function checkRequired(def: ObjectDef, rec: Rec): ItemError | undefined {
    const missing = def.fields
        .filter((f) => !f.nillable && f.createable && !f.defaultedOnCreate && f.type !== 'boolean')
        .filter((f) => isBlank(rec[f.name]))
        .map((f) => f.name);
    return missing.length > 0 ? requiredFieldMissing(missing) : undefined;
}

/** Checks one lookup value and rewrites it to its 18-character form. */
function checkReference(ctx: RuleContext, def: ObjectDef, f: FieldDef, rec: Rec): ItemError | undefined {
    const raw = rec[f.name];
    if (raw === null || raw === undefined) return undefined;
    const id = normalizeId(String(raw));
    if (!id) return malformedId(f.label, f.name, String(raw));
    const target = ctx.schema.byPrefix(id.slice(0, 3));
    const accepted = target && f.referenceTo.some((name) => ctx.schema.get(name)?.table === target.table);
    if (!accepted) return wrongIdType(f.label, f.name, String(raw));
    const found = ctx.find(id);
    if (!found) return invalidCrossReference();
    if (found.rec.IsDeleted) return entityIsDeleted();
    const ownConversionField = def.name === 'Lead' && f.name.startsWith('Converted');
    if (found.def.name === 'Lead' && found.rec.IsConverted === true && !ownConversionField) return convertedLead();
    if (f.name === 'OwnerId' && found.def.name === 'User' && found.rec.IsActive === false) {
        return new ItemError(
            'INACTIVE_OWNER_OR_USER',
            `operation performed with inactive user [${id}] as owner of ${def.label.toLowerCase()}`
        );
    }
    rec[f.name] = id;
    return undefined;
}

function checkNumber(f: FieldDef, value: number): ItemError | undefined {
    if (f.type === 'int') {
        const limit = f.precision > 0 ? 10 ** f.precision : 2 ** 31;
        return Math.abs(value) >= limit ? numberOutOfRange(f.label, f.name, value) : undefined;
    }
    if (f.precision > 0 && Math.abs(value) >= 10 ** (f.precision - f.scale)) {
        return numberOutOfRange(f.label, f.name, value);
    }
    return undefined;
}

/** Formats, lengths, picklists, numbers and lookups of the fields the request sets. */
export function checkFields(
    ctx: RuleContext,
    def: ObjectDef,
    rec: Rec,
    changed: Iterable<string>
): ItemError | undefined {
    for (const name of changed) {
        const f = def.byName.get(name.toLowerCase());
        if (!f) continue;
        const value = rec[f.name];
        if (f.type === 'reference') {
            const error = checkReference(ctx, def, f, rec);
            if (error) return error;
            continue;
        }
        if (f.type === 'picklist' && f.restrictedPicklist) {
            const allowed = ctx.picklistValues(f);
            if (value === null || value === undefined) {
                if (!f.nillable) return badRestrictedPicklist(f.label, f.name, null);
            } else if (!allowed.some((v) => v.active && v.value === value)) {
                return badRestrictedPicklist(f.label, f.name, String(value));
            }
            continue;
        }
        if (value === null || value === undefined) continue;
        if (STRING_TYPES.has(f.type) && typeof value === 'string') {
            if (f.length > 0 && value.length > f.length) return stringTooLong(f.label, f.name, value, f.length);
            if (f.type === 'email' && !EMAIL.test(value)) return invalidEmail(f.label, f.name, value);
        }
        if (typeof value === 'number') {
            const error = checkNumber(f, value);
            if (error) return error;
        }
    }
    return undefined;
}

/** Unique fields (external ids): the message names the record already holding the value. */
export function checkUnique(
    ctx: RuleContext,
    def: ObjectDef,
    rec: Rec,
    changed: Iterable<string>
): ItemError | undefined {
    const table = ctx.table(def);
    for (const name of changed) {
        const f = def.byName.get(name.toLowerCase());
        if (!f?.unique) continue;
        const other = table.lookup(f, rec[f.name] ?? null).find((id) => id !== rec.Id);
        if (other) return duplicateValue(f.name, other);
    }
    return undefined;
}

/** Object-specific integrity rules (Task relations, file links). */
export function checkObjectRules(ctx: RuleContext, def: ObjectDef, rec: Rec): ItemError | undefined {
    if (def.name === 'Task') {
        const who = typeof rec.WhoId === 'string' ? rec.WhoId : undefined;
        if (who?.startsWith('00Q') && rec.WhatId) {
            return new ItemError(
                'FIELD_INTEGRITY_EXCEPTION',
                "Related To ID: a task whose Name is a lead can't be related to another record",
                ['WhatId']
            );
        }
    }
    if (def.name === 'PermissionSetAssignment' && typeof rec.AssigneeId === 'string') {
        const table = ctx.table(def);
        const assignee = def.byName.get('assigneeid') as FieldDef;
        const same = table
            .lookup(assignee, rec.AssigneeId)
            .find((id) => id !== rec.Id && table.get(id)?.PermissionSetId === rec.PermissionSetId);
        if (same) return duplicateValue('PermissionSetId', same);
    }
    if (def.name === 'ContentDocumentLink' && typeof rec.ContentDocumentId === 'string') {
        const table = ctx.table(def);
        const f = def.byName.get('contentdocumentid') as FieldDef;
        const existing = table
            .lookup(f, rec.ContentDocumentId)
            .map((id) => table.get(id))
            .find((link) => link && link.Id !== rec.Id && link.LinkedEntityId === rec.LinkedEntityId);
        if (existing) {
            return new ItemError(
                'DUPLICATE_VALUE',
                `Document with ID: ${rec.ContentDocumentId} is already linked with the entity with ID: ${String(rec.LinkedEntityId)}`
            );
        }
    }
    return undefined;
}

/** The optional duplicate rule on Lead and Contact: same email (case-insensitive) as a live record. */
export function checkDuplicateRule(
    ctx: RuleContext,
    def: ObjectDef,
    rec: Rec,
    changed: Iterable<string>,
    allowSave: boolean
): ItemError | undefined {
    const mode = ctx.duplicateRule(def.name);
    if (mode === 'off' || !rec.Email || ![...changed].includes('Email')) return undefined;
    if (mode === 'alert' && allowSave) return undefined;
    const emailField = def.byName.get('email') as FieldDef;
    const matches = ctx
        .table(def)
        .lookup(emailField, rec.Email)
        .filter((id) => id !== rec.Id);
    if (matches.length === 0) return undefined;
    const duplicateResult = {
        allowSave: mode === 'alert',
        duplicateRule: `Standard_Rule_for_${def.name}s_with_Duplicate_${def.name}s`,
        duplicateRuleEntityType: def.name,
        errorMessage: 'Use one of these records?',
        matchResults: [
            {
                entityType: def.name,
                errorMessage: null,
                matchEngine: 'ExactMatchEngine',
                matchRecords: matches.map((id) => ({
                    additionalInformation: [],
                    fieldDiffs: [],
                    matchConfidence: 100,
                    record: { attributes: { type: def.name, url: recordUrl(ctx.apiVersion, def.name, id) }, Id: id }
                })),
                rule: `Standard_${def.name}_Match_Rule_v1_0`,
                size: matches.length,
                success: true
            }
        ]
    };
    return new ItemError('DUPLICATES_DETECTED', 'Use one of these records?', [], { duplicateResult });
}
