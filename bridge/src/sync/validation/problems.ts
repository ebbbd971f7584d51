import { SECTION_FIELDS } from '../step-settings.ts';

/**
 * Every problem the step validator can report, by stable code, with its English text. The text is what run logs
 * and the CLI print; `npm run generate:metadata` turns each entry into the Custom Label `Reply_Sync_Problem_<Code>`
 * (same text, so it translates) and into the console's label table. `{name}` is replaced by the problem's params.
 * Texts speak of their own field: the console shows them next to it, run logs put the field's place in front.
 */
export const PROBLEM_TEXTS = {
    // The step record itself.
    STEP_KIND_UNKNOWN: '"{kind}" is not a step kind; expected one of {kinds}',
    SALESFORCE_OBJECT_NOT_DESCRIBED: 'Salesforce did not describe {object}, so the step cannot be checked',

    // What a change may do to the configuration (POST /v1/config/plan).
    PROFILE_UNKNOWN: '"{profile}" is not a profile: choose Default or Custom',
    PROFILE_NOT_CUSTOM: 'steps can be added or changed only in the Custom profile: switch to Custom first',
    STEP_NOT_FOUND: 'there is no step {name} any more (it was removed): reload the console',
    STEP_DEFAULT_LOCKED: 'is a step of the Default profile, which cannot be changed: switch to Custom to change steps',
    STEP_TURN_MIRROR_ONLY: 'can only be turned around to {mirror}',
    SORT_ORDER_INVALID: 'needs a whole order from 0 to {max}',

    // The JSON of one settings field.
    SECTION_NOT_ALLOWED: 'does not apply to a {kind} step: leave it empty',
    SETTINGS_NOT_JSON: "is not valid JSON ({reason}): open the step's settings in the console and save them again",
    SETTINGS_VERSION: 'must say "version": {version}',
    SETTINGS_UNKNOWN_KEYS: 'has keys the bridge does not know: {keys}',
    SETTINGS_INVALID: 'is not what the bridge expects here ({reason})',
    VALUE_MISSING: 'needs a value',
    VALUE_WRONG_TYPE: 'must be a {expected}',
    VALUE_NOT_ALLOWED: 'must be one of {allowed}',
    ID_INVALID: 'must be a positive whole number (a Reply id)',
    SALESFORCE_USER_ID_INVALID: 'must be a Salesforce User Id (starts with 005, 15 or 18 characters)',
    SALESFORCE_FIELD_NAME_INVALID: 'must be a Salesforce field API name',
    CONDITIONS_EMPTY: 'needs at least one condition',

    // Field mappings.
    REQUIRED_MAPPING_MISSING: 'must map {salesforceField} <-> {replyField}: it is required for {kind}',
    MAPPING_TARGET_TWICE: 'writes {target} more than once: keep one mapping per {system} field',
    SALESFORCE_FIELD_UNKNOWN:
        'Salesforce field {field} does not exist on {object}, or the integration user cannot see it (check the field and its access in the Reply_Sync_Integration permission set)',
    SALESFORCE_FIELD_MULTIPICKLIST:
        '{object}.{field} is a multi-select picklist: Reply has no multi-select fields, so it cannot be mapped',
    SALESFORCE_FIELD_UNMAPPABLE: '{object}.{field} is a {type} field, which cannot be mapped',
    SALESFORCE_FIELD_READ_ONLY:
        '{object}.{field} is read-only (formula, auto-number or no edit access): it cannot receive Reply values',
    REPLY_FIELD_UNKNOWN: 'Reply field "{field}" does not exist',
    REPLY_CUSTOM_FIELD_UNKNOWN:
        'Reply field "{field}" does not exist: create the custom field in Reply or remove the mapping',
    TYPE_MISMATCH_TO_SALESFORCE:
        "{object}.{field} ({salesforceType}) and Reply's {replyField} ({replyType}) do not fit: a Reply {replyType} field syncs into {accepted} fields",
    TYPE_MISMATCH_TO_REPLY:
        "{object}.{field} ({salesforceType}) and Reply's {replyField} ({replyType}) do not fit: a Reply {replyType} field takes {accepted} fields",

    // Filters.
    FILTER_TYPE_NOT_ALLOWED: 'a "{type}" filter does not apply to {source}; use {allowed}',
    DEFAULT_FILTER_UNKNOWN: '"{key}" is not a default filter; use one of {keys}',
    CONDITION_FIELD_UNKNOWN: '{object} has no field {field}',
    CONDITION_FIELD_NOT_FILTERABLE:
        '{object}.{field} cannot be used in a filter (Salesforce does not filter on {type} fields)',
    CONDITION_NEEDS_ONE_VALUE: '"{operator}" compares with one value',
    CONDITION_NEEDS_LIST: '"in" needs a list of values',
    CONDITION_VALUE_INVALID: '"{value}" is not a valid {type} value for {object}.{field}',

    // Owner and sequence mappings.
    OWNER_SALESFORCE_TWICE:
        'maps Salesforce owner {userId} more than once: each Salesforce owner may appear once in a Salesforce -> Reply step',
    OWNER_REPLY_TWICE:
        'maps Reply owner {userId} more than once: each Reply owner may appear once in a Reply -> Salesforce step',
    SEQUENCE_OWNER_TWICE: 'has two sequences for Reply owner {userId}: one sequence per team member per step',

    // Status value mappings.
    VALUE_MAPPED_TWICE: 'maps "{value}" more than once: keep one Lead Status per Reply value',
    LEAD_STATUS_CONVERTED:
        'maps "{replyValue}" to "{status}", a converted status: Leads are converted in Salesforce, not by a status update; choose one of {open}',
    LEAD_STATUS_UNKNOWN:
        'maps "{replyValue}" to "{status}", which is not a Lead Status of this org; choose one of {open}'
} as const;

export type ProblemCode = keyof typeof PROBLEM_TEXTS;
export const PROBLEM_CODES = Object.keys(PROBLEM_TEXTS) as ProblemCode[];

/** The parts of a step a problem can concern: the record itself or one of its settings sections. */
export type ProblemSection = 'step' | keyof typeof SECTION_FIELDS;

/** Where a problem is: the section, and within it the row (0-based) and the column (the JSON key), when known. */
export interface ProblemField {
    section: ProblemSection;
    row?: number;
    column?: string;
}

export type ProblemParams = Record<string, string | number>;

/** One thing wrong with a step: what (a stable code and its parameters) and where. */
export interface StepProblem {
    code: ProblemCode;
    params: ProblemParams;
    field: ProblemField;
}

export function problem(code: ProblemCode, field: ProblemField, params: ProblemParams = {}): StepProblem {
    return { code, params, field };
}

/** A code's text with its parameters filled in ({name} stays when the parameter is missing). */
export function fillText(template: string, params: ProblemParams): string {
    return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
        params[name] === undefined ? placeholder : String(params[name])
    );
}

/** The problem in English, as the console would show it next to its field. */
export function problemText(p: StepProblem): string {
    return fillText(PROBLEM_TEXTS[p.code], p.params);
}

/** What a row is called in each section, for run logs ("Owner_Mappings__c mapping 2"). */
const ROW_NAMES: Partial<Record<ProblemSection, string>> = { filters: 'condition' };

/** Where the problem is, in the record's own terms: the Reply_Sync_Step__mdt field, the row, the JSON key. */
export function problemPlace(field: ProblemField): string {
    if (field.section === 'step') return field.column === 'stepKind' ? 'Step_Kind__c' : 'the step';
    const row = field.row === undefined ? '' : ` ${ROW_NAMES[field.section] ?? 'mapping'} ${field.row + 1}`;
    const column = field.column ? ` (${field.column})` : '';
    return `${SECTION_FIELDS[field.section]}${row}${column}`;
}

/**
 * The problem in English with its place, for run logs, the CLI and the bridge's own messages. A whole settings
 * field reads as a sentence ("Field_Mappings__c is not valid JSON"); a row, a key or the step takes a colon.
 */
export function describeProblem(p: StepProblem): string {
    const { section, row, column } = p.field;
    const sentence = section !== 'step' && row === undefined && column === undefined;
    return `${problemPlace(p.field)}${sentence ? ' ' : ': '}${problemText(p)}`;
}

export function describeProblems(problems: StepProblem[]): string {
    return problems.map(describeProblem).join('; ');
}

/** A list as the texts show it: "a, b, c". */
export function listed(values: readonly (string | number)[]): string {
    return values.join(', ');
}
