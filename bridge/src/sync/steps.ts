import type { z } from 'zod';
import type { Catalog, StepKind } from '../catalog/schema.ts';
import type { SECTION_FIELDS } from './step-settings.ts';
import {
    SETTINGS_FIELDS,
    type FieldMappings,
    type OwnerMappings,
    type SequenceMappings,
    type StepFilter,
    type ValueMappings
} from './step-settings.ts';

/** A Reply_Sync_Step__mdt record as SOQL returns it. */
export interface StepRecord {
    DeveloperName: string;
    MasterLabel: string;
    Step_Kind__c: string | null;
    Profile__c: string | null;
    Active__c: boolean;
    Sort_Order__c: number | null;
    Removed__c: boolean;
    Field_Mappings__c: string | null;
    Filter__c: string | null;
    Owner_Mappings__c: string | null;
    Sequence_Mappings__c: string | null;
    Value_Mappings__c: string | null;
}

/** The Reply_Sync_Setting__mdt record Org_Default. */
export interface SettingRecord {
    DeveloperName: string;
    Enabled__c: boolean;
    Profile__c: string | null;
    Sync_Interval_Minutes__c: number | null;
    Connected__c: boolean;
}

export const STEP_FIELDS = [
    'DeveloperName',
    'MasterLabel',
    'Step_Kind__c',
    'Profile__c',
    'Active__c',
    'Sort_Order__c',
    'Removed__c',
    ...Object.keys(SETTINGS_FIELDS)
] as const;

export const STEP_QUERY = `SELECT ${STEP_FIELDS.join(', ')} FROM Reply_Sync_Step__mdt ORDER BY Sort_Order__c, DeveloperName`;
export const SETTING_QUERY =
    "SELECT DeveloperName, Enabled__c, Profile__c, Sync_Interval_Minutes__c, Connected__c FROM Reply_Sync_Setting__mdt WHERE DeveloperName = 'Org_Default'";

/** A step ready to run: its kind from the catalog and its settings parsed and checked. */
export interface Step {
    name: string;
    label: string;
    kind: StepKind;
    sortOrder: number;
    active: boolean;
    profile: string;
    fieldMappings: FieldMappings['mappings'];
    filter: StepFilter | null;
    ownerMappings: OwnerMappings['mappings'];
    sequenceMappings: SequenceMappings['mappings'];
    valueMappings: ValueMappings['mappings'];
}

export type ParsedStep =
    | { ok: true; step: Step }
    | {
          ok: false;
          name: string;
          label: string;
          kindKey: string;
          sortOrder: number;
          active: boolean;
          profile: string;
          problems: string[];
      };

function parseJsonField<S extends z.ZodType>(
    record: StepRecord,
    field: keyof typeof SETTINGS_FIELDS,
    schema: S,
    problems: string[]
) {
    const raw = record[field];
    if (raw === null || raw.trim() === '') return undefined;
    let json: unknown;
    try {
        json = JSON.parse(raw);
    } catch (error) {
        problems.push(
            `${field} is not valid JSON (${(error as Error).message}): open the step's settings in the console and save them again`
        );
        return undefined;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const path = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
        problems.push(`${field}${path}: ${issue?.message ?? 'invalid'}`);
        return undefined;
    }
    return parsed.data as z.infer<S>;
}

/**
 * Turns a step record into a Step, or into the list of what is wrong with it. Pure: catalog rules only;
 * checks that need the org's schema or Reply's fields happen in mapping validation.
 */
export function parseStep(record: StepRecord, catalog: Catalog): ParsedStep {
    const problems: string[] = [];
    const base = {
        name: record.DeveloperName,
        label: record.MasterLabel,
        kindKey: record.Step_Kind__c ?? '',
        sortOrder: record.Sort_Order__c ?? 0,
        active: record.Active__c,
        profile: record.Profile__c ?? 'Default'
    };
    const kind = catalog.stepKinds.find((k) => k.key === record.Step_Kind__c);
    if (!kind) {
        problems.push(
            `Step_Kind__c "${record.Step_Kind__c ?? ''}" is not a step kind; expected one of ${catalog.stepKinds.map((k) => k.key).join(', ')}`
        );
        return { ok: false, ...base, problems };
    }
    const supports = (section: keyof typeof SECTION_FIELDS) => kind.settings.includes(section);
    const fieldMappings = supports('fieldMappings')
        ? (parseJsonField(record, 'Field_Mappings__c', SETTINGS_FIELDS.Field_Mappings__c, problems)?.mappings ??
          kind.defaultMappings)
        : [];
    const filter = supports('filters')
        ? (parseJsonField(record, 'Filter__c', SETTINGS_FIELDS.Filter__c, problems)?.filter ?? null)
        : null;
    const ownerMappings = supports('ownerMappings')
        ? (parseJsonField(record, 'Owner_Mappings__c', SETTINGS_FIELDS.Owner_Mappings__c, problems)?.mappings ?? [])
        : [];
    const sequenceMappings = supports('sequenceMappings')
        ? (parseJsonField(record, 'Sequence_Mappings__c', SETTINGS_FIELDS.Sequence_Mappings__c, problems)?.mappings ??
          [])
        : [];
    const valueMappings = supports('valueMappings')
        ? (parseJsonField(record, 'Value_Mappings__c', SETTINGS_FIELDS.Value_Mappings__c, problems)?.mappings ??
          kind.defaultValueMappings ??
          [])
        : [];

    problems.push(...mappingRuleProblems(kind, fieldMappings));
    problems.push(...filterProblems(kind, filter, catalog));
    problems.push(...ownerMappingProblems(kind, ownerMappings));
    problems.push(...sequenceMappingProblems(sequenceMappings));
    problems.push(...valueMappingProblems(valueMappings));

    if (problems.length > 0) return { ok: false, ...base, problems };
    return {
        ok: true,
        step: {
            name: base.name,
            label: base.label,
            kind,
            sortOrder: base.sortOrder,
            active: base.active,
            profile: base.profile,
            fieldMappings,
            filter,
            ownerMappings,
            sequenceMappings,
            valueMappings
        }
    };
}

/** Required mappings present; no field written twice by one step. */
function mappingRuleProblems(kind: StepKind, mappings: FieldMappings['mappings']): string[] {
    const problems: string[] = [];
    for (const required of kind.requiredMappings) {
        const present = mappings.some(
            (m) =>
                m.salesforceField.toLowerCase() === required.salesforceField.toLowerCase() &&
                m.replyField === required.replyField
        );
        if (!present) {
            problems.push(
                `Field_Mappings__c must map ${required.salesforceField} <-> ${required.replyField}: it is required for ${kind.label}`
            );
        }
    }
    const targets = mappings.map((m) =>
        kind.target.system === 'salesforce' ? m.salesforceField.toLowerCase() : m.replyField
    );
    const twice = [...new Set(targets.filter((t, i) => targets.indexOf(t) !== i))];
    for (const target of twice) {
        problems.push(
            `Field_Mappings__c writes ${target} more than once: keep one mapping per ${kind.target.system === 'salesforce' ? 'Salesforce' : 'Reply'} field`
        );
    }
    return problems;
}

function filterProblems(kind: StepKind, filter: StepFilter | null, catalog: Catalog): string[] {
    if (!filter) return [];
    const allowed = catalog.filterTypesBySourceSystem[kind.source.system] ?? [];
    if (!allowed.includes(filter.type)) {
        return [`Filter__c: a "${filter.type}" filter does not apply to ${kind.label}; use ${allowed.join(' or ')}`];
    }
    if (filter.type === 'default' && !catalog.defaultFilters.some((f) => f.key === filter.key)) {
        return [
            `Filter__c: "${filter.key}" is not a default filter; use one of ${catalog.defaultFilters.map((f) => f.key).join(', ')}`
        ];
    }
    return [];
}

/** Reply's own rule: Salesforce -> Reply maps each Salesforce owner once; Reply -> Salesforce each Reply owner once. */
function ownerMappingProblems(kind: StepKind, mappings: OwnerMappings['mappings']): string[] {
    const key = (m: OwnerMappings['mappings'][number]) =>
        kind.source.system === 'salesforce' ? m.salesforceUserId.slice(0, 15) : String(m.replyUserId);
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const mapping of mappings) {
        const k = key(mapping);
        if (seen.has(k)) {
            problems.push(
                kind.source.system === 'salesforce'
                    ? `Owner_Mappings__c maps Salesforce owner ${mapping.salesforceUserId} more than once: each Salesforce owner may appear once in a Salesforce -> Reply step`
                    : `Owner_Mappings__c maps Reply owner ${mapping.replyUserId} more than once: each Reply owner may appear once in a Reply -> Salesforce step`
            );
        }
        seen.add(k);
    }
    return problems;
}

function sequenceMappingProblems(mappings: SequenceMappings['mappings']): string[] {
    const seen = new Set<number>();
    const problems: string[] = [];
    for (const mapping of mappings) {
        if (seen.has(mapping.replyUserId)) {
            problems.push(
                `Sequence_Mappings__c has two sequences for Reply owner ${mapping.replyUserId}: one sequence per team member per step`
            );
        }
        seen.add(mapping.replyUserId);
    }
    return problems;
}

function valueMappingProblems(mappings: ValueMappings['mappings']): string[] {
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const mapping of mappings) {
        const key = mapping.replyValue.toLowerCase();
        if (seen.has(key))
            problems.push(
                `Value_Mappings__c maps "${mapping.replyValue}" more than once: keep one Lead Status per Reply value`
            );
        seen.add(key);
    }
    return problems;
}

/**
 * The steps a run executes: the setting's profile, active, not removed, in Sort_Order__c order; optionally one step.
 * Invalid ones are kept (to be reported), valid ones become Steps.
 */
export function selectSteps(records: StepRecord[], profile: string, catalog: Catalog, only?: string): ParsedStep[] {
    return records
        .filter((r) => !r.Removed__c && r.Active__c && (r.Profile__c ?? 'Default') === profile)
        .filter((r) => only === undefined || r.DeveloperName === only)
        .sort(
            (a, b) => (a.Sort_Order__c ?? 0) - (b.Sort_Order__c ?? 0) || a.DeveloperName.localeCompare(b.DeveloperName)
        )
        .map((r) => parseStep(r, catalog));
}
