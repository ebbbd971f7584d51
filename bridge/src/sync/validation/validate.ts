import type { Catalog } from '../../catalog/schema.ts';
import type { OrgSnapshot } from '../../salesforce/org.ts';
import type { ReplyField } from '../mapping.ts';
import { SECTION_FIELDS } from '../step-settings.ts';
import type { ParsedStep, Step, StepRecord } from '../steps.ts';
import { catalogProblems } from './catalog-rules.ts';
import { needsReplyFields, orgProblems, type ValidationContext } from './org-rules.ts';
import { listed, problem, type StepProblem } from './problems.ts';
import { readSettingsField } from './shapes.ts';

/**
 * The one validator of step settings. A run asks it before a step runs (the engine: parseStep, then
 * checkAgainstSystems once the org and Reply are read); the console asks it through POST /v1/steps/validate
 * (validateStep, both at once). Whatever one accepts, the other accepts.
 */

type Section = keyof typeof SECTION_FIELDS;

/**
 * A step record read as far as it can be: its kind, its settings (a section whose JSON is unreadable is empty and
 * named in `unreadable`, so no rule reports rows that are not there) and the problems found on the way.
 */
function readStep(record: StepRecord, catalog: Catalog) {
    const problems: StepProblem[] = [];
    const unreadable = new Set<Section>();
    const kind = catalog.stepKinds.find((k) => k.key === record.Step_Kind__c);
    if (!kind) {
        problems.push(
            problem(
                'STEP_KIND_UNKNOWN',
                { section: 'step', column: 'stepKind' },
                { kind: record.Step_Kind__c ?? '', kinds: listed(catalog.stepKinds.map((k) => k.key)) }
            )
        );
        return { problems, unreadable, step: undefined };
    }
    const read = <S extends Section>(section: S) => {
        const raw = record[SECTION_FIELDS[section]];
        if (!kind.settings.includes(section)) {
            if (raw !== null && raw.trim() !== '')
                problems.push(problem('SECTION_NOT_ALLOWED', { section }, { kind: kind.label }));
            return { value: undefined, has: false };
        }
        const before = problems.length;
        const value = readSettingsField(section, raw, problems);
        if (problems.length > before) unreadable.add(section);
        return { value, has: true };
    };
    const fields = read('fieldMappings');
    const filter = read('filters');
    const owners = read('ownerMappings');
    const sequences = read('sequenceMappings');
    const values = read('valueMappings');
    const readable = (section: Section) => !unreadable.has(section);
    const step: Step = {
        name: record.DeveloperName,
        label: record.MasterLabel,
        kind,
        sortOrder: record.Sort_Order__c ?? 0,
        active: record.Active__c,
        profile: record.Profile__c ?? 'Default',
        // A blank field means the kind's preset; an unreadable one means nothing to check.
        fieldMappings: fields.has
            ? (fields.value?.mappings ?? (readable('fieldMappings') ? kind.defaultMappings : []))
            : [],
        filter: filter.value?.filter ?? null,
        ownerMappings: owners.value?.mappings ?? [],
        sequenceMappings: sequences.value?.mappings ?? [],
        valueMappings: values.has
            ? (values.value?.mappings ?? (readable('valueMappings') ? (kind.defaultValueMappings ?? []) : []))
            : []
    };
    problems.push(...catalogProblems(step, catalog, unreadable.has('fieldMappings')));
    return { problems, unreadable, step };
}

/**
 * A step record as a Step, or everything wrong with it that the catalog alone can tell: its kind, the JSON of its
 * settings, required mappings, one mapping per target, filter types, and the uniqueness rules. Pure.
 */
export function parseStep(record: StepRecord, catalog: Catalog): ParsedStep {
    const { problems, step } = readStep(record, catalog);
    if (step && problems.length === 0) return { ok: true, step };
    return {
        ok: false,
        name: record.DeveloperName,
        label: record.MasterLabel,
        kindKey: record.Step_Kind__c ?? '',
        sortOrder: record.Sort_Order__c ?? 0,
        active: record.Active__c,
        profile: record.Profile__c ?? 'Default',
        problems
    };
}

/** The checks of a parsed step against the org's describe and Lead Statuses and Reply's fields. Pure. */
export function checkAgainstSystems(step: Step, context: ValidationContext, catalog: Catalog): StepProblem[] {
    return orgProblems(step, context, catalog);
}

/**
 * A step record checked completely, every problem at once (the console shows each next to its field). It is valid
 * exactly when a run would accept it: parseStep finds nothing and neither does checkAgainstSystems. Pure.
 */
export function validateStep(record: StepRecord, catalog: Catalog, context: ValidationContext): StepProblem[] {
    const { problems, step } = readStep(record, catalog);
    return step ? [...problems, ...checkAgainstSystems(step, context, catalog)] : problems;
}

/** Whether checking the record needs Reply's custom fields (needsReplyFields), whatever else is wrong with it. */
export function recordNeedsReplyFields(record: StepRecord, catalog: Catalog): boolean {
    const { step } = readStep(record, catalog);
    return step !== undefined && needsReplyFields(step);
}

/** The context a run validates with: the org as the run read it, and Reply's fields. */
export function validationContextOf(
    org: Pick<OrgSnapshot, 'describes' | 'leadStatuses'>,
    replyFields: ReplyField[]
): ValidationContext {
    return { describes: org.describes, leadStatuses: org.leadStatuses, replyFields };
}
