/**
 * The Reply Sync console's rules, free of the DOM: step labels, the settings JSON the bridge reads (mirror of
 * bridge/src/sync/step-settings.ts), the mapping rules of Reply's own integration, and validation. The Apex class
 * ReplySyncStepValidator applies the same rules again on save, with the same Custom Labels.
 */
import LABELS from './labels';

export const SETTINGS_VERSION = 1;
export const PROFILE_DEFAULT = 'Default';
export const PROFILE_CUSTOM = 'Custom';
export const SALESFORCE = 'salesforce';
export const REPLY = 'reply';
export const MAX_LABEL_LENGTH = 40;
export const MAX_SORT_ORDER = 9999;
const SORT_ORDER_STEP = 10;
const CUSTOM_REPLY_FIELD_PREFIX = 'custom:';

/** Settings section of the catalog -> the draft property (and Reply_Sync_Step__mdt field) holding its JSON. */
export const SECTION_PROPERTIES = {
    fieldMappings: 'fieldMappings',
    filters: 'filter',
    ownerMappings: 'ownerMappings',
    sequenceMappings: 'sequenceMappings',
    valueMappings: 'valueMappings'
};
export const SECTIONS = Object.keys(SECTION_PROPERTIES);

export const FILTER_DEFAULT = 'default';
export const FILTER_REPLY_LIST = 'replyList';
export const FILTER_SALESFORCE_CONDITIONS = 'salesforceConditions';
export const CONDITION_OPERATORS = [
    'equals',
    'notEquals',
    'contains',
    'startsWith',
    'greaterThan',
    'lessThan',
    'in',
    'isBlank',
    'isNotBlank'
];
export const VALUELESS_OPERATORS = ['isBlank', 'isNotBlank'];
const NUMERIC_TYPES = ['double', 'int', 'long', 'currency', 'percent'];

/** Run statuses of the bridge (openapi RunStatus) after which a run changes no more. */
export const FINISHED_RUN_STATUSES = ['succeeded', 'partial', 'failed'];

// ------------------------------------------------------------------ text

/** Fills {0}, {1}, ... of a Custom Label. */
export function format(template, ...values) {
    return String(template ?? '').replace(/\{(\d+)\}/g, (placeholder, index) => {
        const value = values[Number(index)];
        return value === undefined || value === null ? '' : String(value);
    });
}

/**
 * The messages inside whatever a failed call gives back: Apex errors ({ body: { message } }), UI API errors,
 * JavaScript errors or strings. Apex joins several problems with new lines: each becomes a message.
 */
export function reduceErrors(errors) {
    const list = Array.isArray(errors) ? errors : [errors];
    return list
        .filter((error) => error !== undefined && error !== null)
        .flatMap((error) => {
            if (typeof error === 'string') {
                return [error];
            }
            const body = error.body;
            if (Array.isArray(body)) {
                return body.map((item) => item.message);
            }
            if (body && Array.isArray(body.pageErrors) && body.pageErrors.length > 0) {
                return body.pageErrors.map((item) => item.message);
            }
            if (body && typeof body.message === 'string') {
                return [body.message];
            }
            if (typeof error.message === 'string') {
                return [error.message];
            }
            return [error.statusText || LABELS.UNKNOWN_ERROR];
        })
        .flatMap((message) => String(message ?? '').split('\n'))
        .map((message) => message.trim())
        .filter((message) => message.length > 0);
}

let keyCounter = 0;
/** A key for template loops; rows have no id of their own. */
export function nextKey(prefix = 'row') {
    keyCounter += 1;
    return `${prefix}-${keyCounter}`;
}

// ------------------------------------------------------------------ catalog

export function stepKinds(catalog) {
    return catalog?.stepKinds ?? [];
}

export function findKind(catalog, key) {
    return stepKinds(catalog).find((kind) => kind.key === key);
}

/** "(from) Leads in Salesforce - (to) People in Reply", as Reply's own integration names steps. */
export function stepDisplayLabel(kind) {
    if (!kind) {
        return '';
    }
    return `(from) ${kind.source.label} - (to) ${kind.target.label}`;
}

export function isPeopleKind(kind) {
    return kind?.family === 'people';
}

export function readsFromSalesforce(kind) {
    return kind?.source?.system === SALESFORCE;
}

export function hasSection(kind, section) {
    return Boolean(kind?.settings?.includes(section));
}

export function mirrorKind(catalog, kind) {
    return kind?.mirrorKind ? findKind(catalog, kind.mirrorKind) : undefined;
}

/** The Reply field definitions: the bridge's (standard and custom) when known, else the catalog's standard ones. */
export function replyFieldsOf(catalog, replyOptions) {
    const fields = replyOptions?.fields;
    return Array.isArray(fields) && fields.length > 0 ? fields : (catalog?.replyFields ?? []);
}

// ------------------------------------------------------------------ settings JSON

function fieldMappingRows(mappings, kind) {
    const rows = mappings.map((mapping) => ({
        key: nextKey('field'),
        salesforceField: mapping.salesforceField,
        replyField: mapping.replyField,
        required: isRequiredMapping(mapping, kind)
    }));
    return withRequiredMappings(rows, kind);
}

/** Required mappings first, each marked required; missing ones are added. */
export function withRequiredMappings(rows, kind) {
    const required = (kind?.requiredMappings ?? []).map((pair) => {
        const existing = rows.find(
            (row) => row.salesforceField === pair.salesforceField && row.replyField === pair.replyField
        );
        return existing
            ? { ...existing, required: true }
            : {
                  key: nextKey('field'),
                  salesforceField: pair.salesforceField,
                  replyField: pair.replyField,
                  required: true
              };
    });
    const others = rows
        .filter(
            (row) =>
                !required.some(
                    (pair) => pair.salesforceField === row.salesforceField && pair.replyField === row.replyField
                )
        )
        .map((row) => ({ ...row, required: false }));
    return [...required, ...others];
}

export function isRequiredMapping(mapping, kind) {
    return (kind?.requiredMappings ?? []).some(
        (pair) => pair.salesforceField === mapping.salesforceField && pair.replyField === mapping.replyField
    );
}

function conditionRows(conditions) {
    return conditions.map((condition) => ({
        key: nextKey('condition'),
        field: condition.field,
        operator: condition.operator,
        value: condition.value
    }));
}

/** The empty (or, for new steps, preset) settings of a kind, as editable rows. */
export function newStepSettings(kind) {
    return {
        fieldMappings: fieldMappingRows(kind?.defaultMappings ?? [], kind),
        filter: null,
        ownerMappings: [],
        sequenceMappings: [],
        valueMappings: (kind?.defaultValueMappings ?? []).map((pair) => ({ key: nextKey('value'), ...pair }))
    };
}

function readVersioned(json, property) {
    const parsed = JSON.parse(json);
    if (!parsed || typeof parsed !== 'object' || parsed.version !== SETTINGS_VERSION) {
        throw new Error(`version must be ${SETTINGS_VERSION}`);
    }
    if (property === 'filter') {
        if (!('filter' in parsed)) {
            throw new Error('filter is missing');
        }
        return parsed.filter;
    }
    if (!Array.isArray(parsed.mappings)) {
        throw new Error('mappings must be a list');
    }
    return parsed.mappings;
}

/**
 * A step's settings as editable rows, for the sections its kind has. A value that cannot be read is replaced by
 * the empty setting and named in `unreadable`, so the admin knows saving replaces it.
 */
export function parseStepSettings(step, kind) {
    const settings = newStepSettings(kind);
    settings.fieldMappings = withRequiredMappings([], kind);
    settings.valueMappings = [];
    const unreadable = [];
    const read = (section, property, convert) => {
        const json = step?.[SECTION_PROPERTIES[section]];
        if (!hasSection(kind, section) || json === undefined || json === null || json === '') {
            return;
        }
        try {
            settings[property] = convert(readVersioned(json, SECTION_PROPERTIES[section]));
        } catch (error) {
            unreadable.push({ section, reason: error.message });
        }
    };
    read('fieldMappings', 'fieldMappings', (mappings) => fieldMappingRows(mappings, kind));
    read('filters', 'filter', (filter) => {
        if (filter && filter.type === FILTER_SALESFORCE_CONDITIONS) {
            return { ...filter, conditions: conditionRows(filter.conditions ?? []) };
        }
        return filter;
    });
    read('ownerMappings', 'ownerMappings', (mappings) =>
        mappings.map((mapping) => ({ key: nextKey('owner'), ...mapping }))
    );
    read('sequenceMappings', 'sequenceMappings', (mappings) =>
        mappings.map((mapping) => ({ key: nextKey('sequence'), ...mapping }))
    );
    read('valueMappings', 'valueMappings', (mappings) =>
        mappings.map((mapping) => ({ key: nextKey('value'), ...mapping }))
    );
    return { settings, unreadable };
}

function versioned(body) {
    return JSON.stringify({ version: SETTINGS_VERSION, ...body });
}

function serializeFilter(filter) {
    if (!filter) {
        return versioned({ filter: null });
    }
    if (filter.type === FILTER_DEFAULT) {
        return versioned({ filter: { type: FILTER_DEFAULT, key: filter.key } });
    }
    if (filter.type === FILTER_REPLY_LIST) {
        const list = { type: FILTER_REPLY_LIST, listId: filter.listId };
        if (filter.listName) {
            list.listName = filter.listName;
        }
        return versioned({ filter: list });
    }
    return versioned({
        filter: {
            type: FILTER_SALESFORCE_CONDITIONS,
            conditions: filter.conditions.map((condition) => {
                const written = { field: condition.field, operator: condition.operator };
                if (!VALUELESS_OPERATORS.includes(condition.operator) && condition.value !== undefined) {
                    written.value = condition.value;
                }
                return written;
            })
        }
    });
}

export function ownerMappingsJson(rows) {
    return versioned({
        mappings: rows.map((row) => ({ salesforceUserId: row.salesforceUserId, replyUserId: row.replyUserId }))
    });
}

/** The settings JSON of each section the kind has (exactly the bridge's schemas); null for the others. */
export function serializeStepSettings(settings, kind) {
    const json = {
        fieldMappings: null,
        filter: null,
        ownerMappings: null,
        sequenceMappings: null,
        valueMappings: null
    };
    if (hasSection(kind, 'fieldMappings')) {
        json.fieldMappings = versioned({
            mappings: settings.fieldMappings.map((row) => ({
                salesforceField: row.salesforceField,
                replyField: row.replyField
            }))
        });
    }
    if (hasSection(kind, 'filters')) {
        json.filter = serializeFilter(settings.filter);
    }
    if (hasSection(kind, 'ownerMappings')) {
        json.ownerMappings = ownerMappingsJson(settings.ownerMappings);
    }
    if (hasSection(kind, 'sequenceMappings')) {
        json.sequenceMappings = versioned({
            mappings: settings.sequenceMappings.map((row) => ({
                replyUserId: row.replyUserId,
                sequenceId: row.sequenceId,
                startStepId: row.startStepId ?? null,
                ignoreStepDelay: Boolean(row.ignoreStepDelay),
                onlyNewRecords: Boolean(row.onlyNewRecords)
            }))
        });
    }
    if (hasSection(kind, 'valueMappings')) {
        json.valueMappings = versioned({
            mappings: settings.valueMappings.map((row) => ({
                replyValue: row.replyValue,
                salesforceValue: row.salesforceValue
            }))
        });
    }
    return json;
}

/** The ReplySyncStepDraft Apex takes: the step's record fields and its settings JSON. */
export function toDraft(step, kind, settings) {
    return {
        developerName: step?.developerName ?? null,
        label: step?.label ?? kind?.shortLabel ?? '',
        stepKind: kind.key,
        active: Boolean(step?.active),
        sortOrder: step?.sortOrder ?? 0,
        ...serializeStepSettings(settings, kind)
    };
}

/** A draft that changes only the record fields given (order, active, ...), keeping the stored settings as they are. */
export function recordDraft(step, changes = {}) {
    return {
        developerName: step.developerName,
        label: step.label,
        stepKind: step.stepKind,
        active: Boolean(step.active),
        sortOrder: step.sortOrder,
        fieldMappings: step.fieldMappings ?? null,
        filter: step.filter ?? null,
        ownerMappings: step.ownerMappings ?? null,
        sequenceMappings: step.sequenceMappings ?? null,
        valueMappings: step.valueMappings ?? null,
        ...changes
    };
}

// ------------------------------------------------------------------ the steps list

export function nextSortOrder(steps) {
    const highest = (steps ?? []).reduce((max, step) => Math.max(max, Number(step.sortOrder) || 0), 0);
    return Math.min(highest + SORT_ORDER_STEP, MAX_SORT_ORDER);
}

/** A new Custom step of a kind: preset settings, inactive until the admin turns it on, last in order. */
export function newStepDraft(kind, steps) {
    return toDraft(
        { label: kind.shortLabel, active: false, sortOrder: nextSortOrder(steps) },
        kind,
        newStepSettings(kind)
    );
}

/** A copy of a step under a new name, last in order and inactive. */
export function duplicateDraft(step, steps) {
    const label = `${step.label} ${LABELS.COPY_SUFFIX}`.slice(0, MAX_LABEL_LENGTH).trim();
    return recordDraft(step, { developerName: null, label, active: false, sortOrder: nextSortOrder(steps) });
}

/**
 * The step turned around: the mirror kind, its name, the field mappings kept (mirror kinds require the same
 * pairs), the filter cleared (the source system changed, and so did the kinds of filter), sections the mirror lacks
 * dropped. Owner mappings are kept; validation then applies the other direction's uniqueness rule.
 */
export function flipDraft(step, catalog) {
    const kind = findKind(catalog, step.stepKind);
    const mirror = mirrorKind(catalog, kind);
    if (!mirror) {
        return undefined;
    }
    const { settings } = parseStepSettings(step, kind);
    settings.filter = null;
    settings.fieldMappings = withRequiredMappings(settings.fieldMappings, mirror);
    return toDraft({ ...step, label: mirror.shortLabel }, mirror, settings);
}

/** New orders after moving one step up (-1) or down (+1): only the drafts whose order changes. */
export function moveDrafts(steps, index, direction) {
    const target = index + direction;
    if (target < 0 || target >= steps.length) {
        return [];
    }
    const reordered = [...steps];
    [reordered[index], reordered[target]] = [reordered[target], reordered[index]];
    return reordered
        .map((step, position) => ({ step, sortOrder: (position + 1) * SORT_ORDER_STEP }))
        .filter(({ step, sortOrder }) => Number(step.sortOrder) !== sortOrder)
        .map(({ step, sortOrder }) => recordDraft(step, { sortOrder }));
}

// ------------------------------------------------------------------ field mapping rules

/** Why a Salesforce field cannot be mapped in this step, or null. */
export function unmappableReason(field, kind, catalog, stepName = '') {
    if (!field) {
        return null;
    }
    const fieldType = String(field.type ?? '').toLowerCase();
    if ((catalog?.unmappableSalesforceFieldTypes ?? []).includes(fieldType)) {
        return format(LABELS.RULE_UNMAPPABLE_FIELD, stepName, field.label, fieldType);
    }
    if (kind && !readsFromSalesforce(kind) && field.writable === false) {
        return format(LABELS.RULE_NOT_WRITABLE, stepName, field.label);
    }
    return null;
}

/** The Salesforce fields offered in the field dropdown: never multi-select picklists or other unmappable types. */
export function offeredSalesforceFields(fields, kind, catalog) {
    return (fields ?? []).filter((field) => unmappableReason(field, kind, catalog) === null);
}

/**
 * Why this Salesforce field and this Reply field do not fit in the step's direction (catalog fieldTypeCompatibility),
 * or null. Salesforce -> Reply is wider: a Reply text field holds a checkbox, date or number as text.
 */
export function typeMismatchReason(salesforceField, replyField, kind, catalog, stepName = '') {
    if (!salesforceField || !replyField) {
        return null;
    }
    const direction = readsFromSalesforce(kind) ? 'toReply' : 'toSalesforce';
    const compatible = catalog?.fieldTypeCompatibility?.[direction]?.[replyField.type];
    const salesforceType = String(salesforceField.type ?? '').toLowerCase();
    if (compatible && compatible.includes(salesforceType)) {
        return null;
    }
    return format(
        LABELS.RULE_TYPE_MISMATCH,
        stepName,
        salesforceField.label,
        salesforceType,
        replyField.name,
        replyField.type,
        (compatible ?? []).join(', ')
    );
}

/**
 * Why a mapping row is refused, or null: the Salesforce field must exist, be mappable and fit the Reply field's
 * type. Lookups: salesforceFields and replyFields by name; either may be unknown while loading.
 */
export function fieldMappingProblem(row, context) {
    const { kind, catalog, stepName = '', salesforceFieldsByName, replyFieldsByName } = context;
    if (!row.salesforceField || !row.replyField) {
        return null;
    }
    let salesforceField;
    if (salesforceFieldsByName) {
        salesforceField = salesforceFieldsByName.get(row.salesforceField);
        if (!salesforceField) {
            return format(LABELS.RULE_UNKNOWN_SALESFORCE_FIELD, stepName, row.salesforceField, kind?.salesforceObject);
        }
        const unmappable = unmappableReason(salesforceField, kind, catalog, stepName);
        if (unmappable) {
            return unmappable;
        }
    }
    if (!replyFieldsByName) {
        return null;
    }
    const replyField = replyFieldsByName.get(row.replyField);
    if (!replyField) {
        return row.replyField.startsWith(CUSTOM_REPLY_FIELD_PREFIX)
            ? null
            : format(LABELS.RULE_UNKNOWN_REPLY_FIELD, stepName, row.replyField);
    }
    return salesforceField ? typeMismatchReason(salesforceField, replyField, kind, catalog, stepName) : null;
}

// ------------------------------------------------------------------ validation

function byName(list, property = 'name') {
    return Array.isArray(list) ? new Map(list.map((item) => [item[property], item])) : undefined;
}

function fieldMappingProblems(rows, context) {
    const { kind, stepName } = context;
    const problems = [];
    const targets = new Set();
    rows.forEach((row, index) => {
        if (!row.salesforceField || !row.replyField) {
            problems.push(format(LABELS.RULE_INCOMPLETE_MAPPING, stepName, index + 1));
            return;
        }
        const target = readsFromSalesforce(kind) ? row.replyField : row.salesforceField.toLowerCase();
        if (targets.has(target)) {
            problems.push(
                format(
                    LABELS.RULE_DUPLICATE_TARGET,
                    stepName,
                    readsFromSalesforce(kind) ? row.replyField : row.salesforceField
                )
            );
        }
        targets.add(target);
        const problem = fieldMappingProblem(row, context);
        if (problem) {
            problems.push(problem);
        }
    });
    (kind.requiredMappings ?? []).forEach((pair) => {
        if (!rows.some((row) => row.salesforceField === pair.salesforceField && row.replyField === pair.replyField)) {
            problems.push(format(LABELS.RULE_REQUIRED_MAPPING, stepName, pair.salesforceField, pair.replyField));
        }
    });
    return problems;
}

/** The filter types a step may use: by the system it reads from (catalog filterTypesBySourceSystem). */
export function allowedFilterTypes(kind, catalog) {
    return catalog?.filterTypesBySourceSystem?.[kind?.source?.system] ?? [];
}

export function filterProblems(filter, context) {
    const { kind, catalog, stepName, salesforceFieldsByName } = context;
    if (!filter) {
        return [];
    }
    if (!allowedFilterTypes(kind, catalog).includes(filter.type)) {
        return [format(LABELS.RULE_FILTER_TYPE, stepName, kind.source.label)];
    }
    if (filter.type === FILTER_DEFAULT) {
        const known = (catalog.defaultFilters ?? []).some((defaultFilter) => defaultFilter.key === filter.key);
        return known ? [] : [format(LABELS.RULE_UNKNOWN_FILTER, stepName, filter.key)];
    }
    if (filter.type === FILTER_REPLY_LIST) {
        return Number(filter.listId) > 0 ? [] : [format(LABELS.RULE_FILTER_LIST, stepName)];
    }
    const problems = [];
    (filter.conditions ?? []).forEach((condition, index) => {
        const field = salesforceFieldsByName?.get(condition.field);
        if (!condition.field || (salesforceFieldsByName && (!field || field.filterable === false))) {
            problems.push(format(LABELS.RULE_CONDITION_FIELD, stepName, index + 1, kind.salesforceObject));
        }
        if (!VALUELESS_OPERATORS.includes(condition.operator) && isEmptyValue(condition.value)) {
            problems.push(format(LABELS.RULE_CONDITION_VALUE, stepName, index + 1, condition.field));
        }
    });
    return problems;
}

function isEmptyValue(value) {
    return (
        value === undefined ||
        value === null ||
        (typeof value === 'string' && value.trim() === '') ||
        (Array.isArray(value) && value.length === 0)
    );
}

/**
 * Reply's own rule for owner mappings: from Salesforce to Reply each Salesforce owner appears once, from Reply to
 * Salesforce each Reply owner appears once, so every record has one destination.
 */
export function ownerMappingProblems(rows, context) {
    const { kind, stepName, usersById, replyUsersById } = context;
    const problems = [];
    const seen = new Set();
    const fromSalesforce = readsFromSalesforce(kind);
    rows.forEach((row, index) => {
        if (!row.salesforceUserId || !row.replyUserId) {
            problems.push(format(LABELS.RULE_OWNER_INCOMPLETE, stepName, index + 1));
            return;
        }
        if (usersById && !usersById.has(row.salesforceUserId)) {
            problems.push(format(LABELS.RULE_OWNER_INACTIVE, stepName, row.salesforceUserId));
        }
        const owner = fromSalesforce ? row.salesforceUserId : String(row.replyUserId);
        if (seen.has(owner)) {
            if (fromSalesforce) {
                const user = usersById?.get(row.salesforceUserId);
                problems.push(
                    format(LABELS.RULE_OWNER_UNIQUE_SALESFORCE, stepName, user?.name ?? row.salesforceUserId)
                );
            } else {
                const replyUser = replyUsersById?.get(Number(row.replyUserId));
                problems.push(format(LABELS.RULE_OWNER_UNIQUE_REPLY, stepName, replyUser?.name ?? row.replyUserId));
            }
        }
        seen.add(owner);
    });
    return problems;
}

export function sequenceMappingProblems(rows, context) {
    const { stepName, sequencesById, replyUsersById } = context;
    const problems = [];
    const owners = new Set();
    rows.forEach((row, index) => {
        if (!row.replyUserId || !row.sequenceId) {
            problems.push(format(LABELS.RULE_SEQUENCE_INCOMPLETE, stepName, index + 1));
            return;
        }
        if (owners.has(Number(row.replyUserId))) {
            const replyUser = replyUsersById?.get(Number(row.replyUserId));
            problems.push(format(LABELS.RULE_SEQUENCE_UNIQUE, stepName, replyUser?.name ?? row.replyUserId));
        }
        owners.add(Number(row.replyUserId));
        const sequence = sequencesById?.get(Number(row.sequenceId));
        if (
            sequence &&
            row.startStepId &&
            !(sequence.steps ?? []).some((step) => step.id === Number(row.startStepId))
        ) {
            problems.push(format(LABELS.RULE_SEQUENCE_STEP, stepName, index + 1));
        }
    });
    return problems;
}

/** The Reply values a status step reads: person statuses or inbox category names. */
export function replyValuesFor(kind, replyOptions) {
    if (!replyOptions) {
        return undefined;
    }
    if (kind?.replySource === 'inboxCategories') {
        return (replyOptions.inboxCategories ?? []).map((category) => category.name);
    }
    return replyOptions.statuses ?? [];
}

export function valueMappingProblems(rows, context) {
    const { stepName, leadStatusValues, replyValues } = context;
    const problems = [];
    const seen = new Set();
    rows.forEach((row, index) => {
        if (!row.replyValue || !row.salesforceValue) {
            problems.push(format(LABELS.RULE_VALUE_INCOMPLETE, stepName, index + 1));
            return;
        }
        if (seen.has(row.replyValue)) {
            problems.push(format(LABELS.RULE_VALUE_UNIQUE, stepName, row.replyValue));
        }
        seen.add(row.replyValue);
        if (replyValues && !replyValues.includes(row.replyValue)) {
            problems.push(format(LABELS.RULE_UNKNOWN_REPLY_VALUE, stepName, row.replyValue));
        }
        if (leadStatusValues && !leadStatusValues.includes(row.salesforceValue)) {
            problems.push(format(LABELS.RULE_LEAD_STATUS, stepName, row.salesforceValue));
        }
    });
    return problems;
}

/**
 * The lookups validation needs, from what the console has loaded; any may be missing (not loaded yet, or the bridge
 * unreachable), and the checks that need it are then left to the server and the bridge.
 */
export function validationContext({ kind, catalog, salesforceFields, replyOptions, users, leadStatuses }) {
    return {
        kind,
        catalog,
        stepName: stepDisplayLabel(kind),
        salesforceFieldsByName: byName(salesforceFields),
        replyFieldsByName: byName(replyFieldsOf(catalog, replyOptions)),
        usersById: byName(users, 'id'),
        replyUsersById: byName(replyOptions?.users, 'id'),
        sequencesById: byName(replyOptions?.sequences, 'id'),
        leadStatusValues: Array.isArray(leadStatuses) ? leadStatuses.map((status) => status.value) : undefined,
        replyValues: replyValuesFor(kind, replyOptions)
    };
}

/** Every problem of a step's settings, worded for the admin, section by section. */
export function validateSettings(settings, context) {
    const { kind } = context;
    const problems = [];
    if (hasSection(kind, 'fieldMappings')) {
        problems.push(...fieldMappingProblems(settings.fieldMappings, context));
    }
    if (hasSection(kind, 'filters')) {
        problems.push(...filterProblems(settings.filter, context));
    }
    if (hasSection(kind, 'ownerMappings')) {
        problems.push(...ownerMappingProblems(settings.ownerMappings, context));
    }
    if (hasSection(kind, 'sequenceMappings')) {
        problems.push(...sequenceMappingProblems(settings.sequenceMappings, context));
    }
    if (hasSection(kind, 'valueMappings')) {
        problems.push(...valueMappingProblems(settings.valueMappings, context));
    }
    return problems;
}

/** "The stored Field mappings could not be read" messages for a parse result. */
export function unreadableMessages(unreadable, kind, sectionLabels) {
    return unreadable.map(({ section, reason }) =>
        format(LABELS.RULE_UNREADABLE_SETTING, stepDisplayLabel(kind), sectionLabels[section] ?? section, reason)
    );
}

// ------------------------------------------------------------------ filter conditions

/** A condition value typed as the bridge compares it: lists for "in", numbers for numeric fields. */
export function conditionValueFromInput(text, operator, fieldType) {
    if (VALUELESS_OPERATORS.includes(operator)) {
        return undefined;
    }
    const raw = String(text ?? '');
    if (operator === 'in') {
        return raw
            .split(',')
            .map((item) => item.trim())
            .filter((item) => item.length > 0);
    }
    const type = String(fieldType ?? '').toLowerCase();
    if (type === 'boolean' && (raw === 'true' || raw === 'false')) {
        return raw === 'true';
    }
    if (NUMERIC_TYPES.includes(type) && raw.trim() !== '' && !Number.isNaN(Number(raw))) {
        return Number(raw);
    }
    return raw;
}

export function conditionValueToInput(value) {
    if (Array.isArray(value)) {
        return value.join(', ');
    }
    return value === undefined || value === null ? '' : String(value);
}

// ------------------------------------------------------------------ Sync now

export function isRunFinished(run) {
    return FINISHED_RUN_STATUSES.includes(run?.status);
}

/** 0-100 from the run's progress; a finished run is 100. */
export function runProgressPercent(run) {
    if (isRunFinished(run)) {
        return 100;
    }
    const done = Number(run?.progress?.stepsDone ?? 0);
    const total = Number(run?.progress?.stepsTotal ?? 0);
    return total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
}

/** Totals over a run's steps. */
export function runTotals(run) {
    const totals = { read: 0, created: 0, updated: 0, skipped: 0, failed: 0 };
    (run?.steps ?? []).forEach((step) => {
        Object.keys(totals).forEach((key) => {
            totals[key] += Number(step[key] ?? 0);
        });
    });
    return totals;
}

// ------------------------------------------------------------------ events

/** The event children send when they have queued a configuration deployment; the console follows it. */
export function deploymentStartEvent(deployment) {
    return new CustomEvent('deploymentstart', { detail: deployment, bubbles: true, composed: true });
}
