import type { Catalog } from '../../catalog/schema.ts';
import { fieldOf, type SObjectDescribe } from '../../salesforce/describe.ts';
import type { LeadStatusValue } from '../../salesforce/org.ts';
import { soqlLiteral } from '../../salesforce/soql.ts';
import { CUSTOM_PREFIX, replyFieldKey, type ReplyField } from '../mapping.ts';
import { VALUELESS_OPERATORS, type SalesforceCondition, type StepFilter } from '../step-settings.ts';
import type { Step } from '../steps.ts';
import { listed, problem, type StepProblem } from './problems.ts';

/**
 * What the org and Reply hold, as the integration user and the bridge's Reply key see them: the same reads serve a
 * run (OrgSnapshot) and the console's checks (POST /v1/steps/validate).
 */
export interface ValidationContext {
    describes: ReadonlyMap<string, SObjectDescribe>;
    leadStatuses: readonly LeadStatusValue[];
    /** Reply's standard and custom fields; only needed when a step maps a custom field (needsReplyFields). */
    replyFields: readonly ReplyField[];
}

/** Whether checking the step needs Reply's custom fields (the standard ones are in the catalog). */
export function needsReplyFields(step: Step): boolean {
    return step.fieldMappings.some((m) => m.replyField.startsWith(CUSTOM_PREFIX));
}

/** The checks that need the org's schema and Reply's fields. Pure. */
export function orgProblems(step: Step, context: ValidationContext, catalog: Catalog): StepProblem[] {
    const object = step.kind.salesforceObject;
    const usesConditions = step.filter?.type === 'salesforceConditions';
    const needsDescribe = step.fieldMappings.length > 0 || usesConditions;
    const describe = context.describes.get(object);
    if (needsDescribe && !describe)
        return [problem('SALESFORCE_OBJECT_NOT_DESCRIBED', { section: 'step' }, { object })];
    const problems: StepProblem[] = [];
    if (describe) problems.push(...fieldMappingProblems(step, describe, context.replyFields, catalog));
    if (describe && usesConditions) problems.push(...filterConditionProblems(step.filter, describe));
    if (step.valueMappings.length > 0) problems.push(...leadStatusProblems(step, context));
    return problems;
}

/** Unknown fields, multi-select picklists, read-only targets and type mismatches, row by row. */
function fieldMappingProblems(
    step: Step,
    describe: SObjectDescribe,
    replyFields: readonly ReplyField[],
    catalog: Catalog
): StepProblem[] {
    const problems: StepProblem[] = [];
    const object = describe.name;
    const writesSalesforce = step.kind.target.system === 'salesforce';
    const known = new Map(
        [...catalog.replyFields.map((f) => ({ ...f, custom: false })), ...replyFields].map((f) => [
            replyFieldKey(f.name),
            f
        ])
    );
    step.fieldMappings.forEach((mapping, row) => {
        const at = (column: string) => ({ section: 'fieldMappings' as const, row, column });
        const sf = fieldOf(describe, mapping.salesforceField);
        const reply = known.get(replyFieldKey(mapping.replyField));
        const mappable = sf !== undefined && !catalog.unmappableSalesforceFieldTypes.includes(sf.type);
        if (!sf) {
            problems.push(
                problem('SALESFORCE_FIELD_UNKNOWN', at('salesforceField'), { field: mapping.salesforceField, object })
            );
        } else if (!mappable) {
            problems.push(
                sf.type === 'multipicklist'
                    ? problem('SALESFORCE_FIELD_MULTIPICKLIST', at('salesforceField'), { object, field: sf.name })
                    : problem('SALESFORCE_FIELD_UNMAPPABLE', at('salesforceField'), {
                          object,
                          field: sf.name,
                          type: sf.type
                      })
            );
        } else if (writesSalesforce && !(sf.createable || sf.updateable)) {
            problems.push(problem('SALESFORCE_FIELD_READ_ONLY', at('salesforceField'), { object, field: sf.name }));
        }
        if (!reply) {
            const custom = mapping.replyField.startsWith(CUSTOM_PREFIX);
            problems.push(
                problem(custom ? 'REPLY_CUSTOM_FIELD_UNKNOWN' : 'REPLY_FIELD_UNKNOWN', at('replyField'), {
                    field: mapping.replyField
                })
            );
        }
        if (sf && reply && mappable) {
            const accepted = catalog.fieldTypeCompatibility[writesSalesforce ? 'toSalesforce' : 'toReply'][reply.type];
            if (!(accepted ?? []).includes(sf.type)) {
                problems.push(
                    problem(
                        writesSalesforce ? 'TYPE_MISMATCH_TO_SALESFORCE' : 'TYPE_MISMATCH_TO_REPLY',
                        at('salesforceField'),
                        {
                            object,
                            field: sf.name,
                            salesforceType: sf.type,
                            replyField: reply.label,
                            replyType: reply.type,
                            accepted: listed(accepted ?? [])
                        }
                    )
                );
            }
        }
    });
    return problems;
}

/**
 * Each Salesforce condition names a filterable field and has the values its operator compares with, each a literal
 * of the field's type (soqlLiteral, the renderer the query uses, decides what fits).
 */
export function filterConditionProblems(filter: StepFilter | null, describe: SObjectDescribe): StepProblem[] {
    if (filter?.type !== 'salesforceConditions') return [];
    const problems: StepProblem[] = [];
    const object = describe.name;
    filter.conditions.forEach((condition, row) => {
        const at = (column: string) => ({ section: 'filters' as const, row, column });
        const field = fieldOf(describe, condition.field);
        if (!field) {
            problems.push(problem('CONDITION_FIELD_UNKNOWN', at('field'), { object, field: condition.field }));
        } else if (field.filterable === false) {
            problems.push(
                problem('CONDITION_FIELD_NOT_FILTERABLE', at('field'), { object, field: field.name, type: field.type })
            );
        }
        const values = conditionValues(condition);
        if (values === 'none') return;
        if (values === 'missing') {
            problems.push(problem('VALUE_MISSING', at('value')));
        } else if (values === 'list') {
            problems.push(problem('CONDITION_NEEDS_LIST', at('value')));
        } else if (values === 'one') {
            problems.push(problem('CONDITION_NEEDS_ONE_VALUE', at('value'), { operator: condition.operator }));
        } else if (field && field.filterable !== false && !['contains', 'startsWith'].includes(condition.operator)) {
            for (const value of values) {
                try {
                    soqlLiteral(value, field.type);
                } catch {
                    problems.push(
                        problem('CONDITION_VALUE_INVALID', at('value'), {
                            value: String(value),
                            object,
                            field: field.name,
                            type: field.type
                        })
                    );
                    break;
                }
            }
        }
    });
    return problems;
}

/** The values a condition compares with, or why it has none it can use. A blank text counts as no value. */
function conditionValues(
    condition: SalesforceCondition
): (string | number | boolean)[] | 'none' | 'missing' | 'list' | 'one' {
    const { operator, value } = condition;
    if ((VALUELESS_OPERATORS as readonly string[]).includes(operator)) return 'none';
    const blank = (v: unknown) => v === undefined || (typeof v === 'string' && v.trim() === '');
    if (operator === 'in') {
        const values = Array.isArray(value) ? value.filter((v) => !blank(v)) : blank(value) ? [] : [value!];
        return values.length > 0 ? values : 'list';
    }
    if (Array.isArray(value)) return 'one';
    return blank(value) ? 'missing' : [value!];
}

/**
 * Each value mapping names an open Lead Status of the org: conversion happens in Salesforce, never by a status
 * update.
 */
function leadStatusProblems(step: Step, context: ValidationContext): StepProblem[] {
    const lead = context.describes.get('Lead');
    const statusField = lead ? fieldOf(lead, 'Status') : undefined;
    const values =
        statusField?.picklistValues.filter((p) => p.active).map((p) => p.value) ??
        context.leadStatuses.map((s) => s.ApiName);
    const converted = new Set(
        context.leadStatuses.filter((s) => s.IsConverted).flatMap((s) => [s.ApiName, s.MasterLabel])
    );
    const open = listed(values.filter((v) => !converted.has(v)));
    const problems: StepProblem[] = [];
    step.valueMappings.forEach((mapping, row) => {
        const at = { section: 'valueMappings' as const, row, column: 'salesforceValue' };
        const params = { replyValue: mapping.replyValue, status: mapping.salesforceValue, open };
        if (converted.has(mapping.salesforceValue)) {
            problems.push(problem('LEAD_STATUS_CONVERTED', at, params));
        } else if (!values.includes(mapping.salesforceValue)) {
            problems.push(problem('LEAD_STATUS_UNKNOWN', at, params));
        }
    });
    return problems;
}
