import type { Catalog, StepKind } from '../../catalog/schema.ts';
import { replyFieldKey, replyValueKey, salesforceFieldKey } from '../mapping.ts';
import { salesforceIdKey } from '../../domain/keys.ts';
import type { Step } from '../steps.ts';
import { listed, problem, type StepProblem } from './problems.ts';

/**
 * The rules a step's settings must follow whatever the org and Reply hold: the catalog's required mappings and
 * filter types, and Reply's own uniqueness rules. Pure. Unreadable field mappings are not also "missing" the
 * required ones.
 */
export function catalogProblems(step: Step, catalog: Catalog, fieldMappingsUnreadable = false): StepProblem[] {
    return [
        ...(fieldMappingsUnreadable ? [] : fieldMappingProblems(step.kind, step.fieldMappings)),
        ...filterProblems(step, catalog),
        ...ownerMappingProblems(step.kind, step.ownerMappings),
        ...sequenceMappingProblems(step.sequenceMappings),
        ...valueMappingProblems(step.valueMappings)
    ];
}

/** Each row whose key was already seen: where the second and later copies are. */
function repeatedRows<T>(rows: readonly T[], key: (row: T) => string): { row: T; index: number }[] {
    const seen = new Set<string>();
    const repeated: { row: T; index: number }[] = [];
    rows.forEach((row, index) => {
        const k = key(row);
        if (seen.has(k)) repeated.push({ row, index });
        seen.add(k);
    });
    return repeated;
}

/** Required mappings present; no field written twice by one step. */
function fieldMappingProblems(kind: StepKind, mappings: Step['fieldMappings']): StepProblem[] {
    const section = 'fieldMappings';
    const problems: StepProblem[] = [];
    for (const required of kind.requiredMappings) {
        const present = mappings.some(
            (m) =>
                salesforceFieldKey(m.salesforceField) === salesforceFieldKey(required.salesforceField) &&
                replyFieldKey(m.replyField) === replyFieldKey(required.replyField)
        );
        if (!present) {
            problems.push(problem('REQUIRED_MAPPING_MISSING', { section }, { ...required, kind: kind.label }));
        }
    }
    const writesSalesforce = kind.target.system === 'salesforce';
    const column = writesSalesforce ? 'salesforceField' : 'replyField';
    const target = (m: Step['fieldMappings'][number]) =>
        writesSalesforce ? salesforceFieldKey(m.salesforceField) : replyFieldKey(m.replyField);
    for (const { row, index } of repeatedRows(mappings, target)) {
        problems.push(
            problem(
                'MAPPING_TARGET_TWICE',
                { section, row: index, column },
                { target: row[column], system: writesSalesforce ? 'Salesforce' : 'Reply' }
            )
        );
    }
    return problems;
}

/** The filter's type fits the system the step reads from; a default filter is one the catalog knows. */
function filterProblems(step: Step, catalog: Catalog): StepProblem[] {
    const { filter, kind } = step;
    if (!filter) return [];
    const section = 'filters';
    const allowed = catalog.filterTypesBySourceSystem[kind.source.system] ?? [];
    if (!allowed.includes(filter.type)) {
        return [
            problem(
                'FILTER_TYPE_NOT_ALLOWED',
                { section, column: 'type' },
                { type: filter.type, source: kind.source.label, allowed: allowed.join(' or ') }
            )
        ];
    }
    if (filter.type === 'default' && !catalog.defaultFilters.some((f) => f.key === filter.key)) {
        return [
            problem(
                'DEFAULT_FILTER_UNKNOWN',
                { section, column: 'key' },
                { key: filter.key, keys: listed(catalog.defaultFilters.map((f) => f.key)) }
            )
        ];
    }
    return [];
}

/** Reply's own rule: Salesforce -> Reply maps each Salesforce owner once; Reply -> Salesforce each Reply owner once. */
function ownerMappingProblems(kind: StepKind, mappings: Step['ownerMappings']): StepProblem[] {
    const fromSalesforce = kind.source.system === 'salesforce';
    const key = (m: Step['ownerMappings'][number]) =>
        fromSalesforce ? salesforceIdKey(m.salesforceUserId) : String(m.replyUserId);
    return repeatedRows(mappings, key).map(({ row, index }) =>
        fromSalesforce
            ? problem(
                  'OWNER_SALESFORCE_TWICE',
                  { section: 'ownerMappings', row: index, column: 'salesforceUserId' },
                  { userId: row.salesforceUserId }
              )
            : problem(
                  'OWNER_REPLY_TWICE',
                  { section: 'ownerMappings', row: index, column: 'replyUserId' },
                  { userId: row.replyUserId }
              )
    );
}

/** People to sequence: one sequence per Reply owner. */
function sequenceMappingProblems(mappings: Step['sequenceMappings']): StepProblem[] {
    return repeatedRows(mappings, (m) => String(m.replyUserId)).map(({ row, index }) =>
        problem(
            'SEQUENCE_OWNER_TWICE',
            { section: 'sequenceMappings', row: index, column: 'replyUserId' },
            { userId: row.replyUserId }
        )
    );
}

/** One Lead Status per Reply value, the values compared as the status steps match them. */
function valueMappingProblems(mappings: Step['valueMappings']): StepProblem[] {
    return repeatedRows(mappings, (m) => replyValueKey(m.replyValue)).map(({ row, index }) =>
        problem(
            'VALUE_MAPPED_TWICE',
            { section: 'valueMappings', row: index, column: 'replyValue' },
            { value: row.replyValue }
        )
    );
}
