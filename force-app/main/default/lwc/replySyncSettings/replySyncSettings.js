/**
 * The settings JSON of a step (the five long text fields of Reply_Sync_Step__mdt, whose schemas are the bridge's:
 * bridge/src/sync/step-settings.ts) read into rows the editors change, and written back. Nothing here judges the
 * settings: the bridge does (POST /v1/steps/validate), and says which row of which section is wrong.
 */
import { hasSection, settingsFacts } from 'c/replySyncCatalog';
import { nextKey } from 'c/replySyncText';

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

/** Whether a field mapping is one of the kind's required pairs, as the catalog writes them: shown locked. */
export function isRequiredMapping(mapping, kind) {
    return (kind?.requiredMappings ?? []).some(
        (pair) => pair.salesforceField === mapping.salesforceField && pair.replyField === mapping.replyField
    );
}

function rows(prefix, items, extra = () => ({})) {
    return items.map((item) => ({ key: nextKey(prefix), ...item, ...extra(item) }));
}

function fieldMappingRows(mappings, kind) {
    return rows('field', mappings, (mapping) => ({ required: isRequiredMapping(mapping, kind) }));
}

/** The preset settings of a new step of a kind, as editable rows. */
export function newStepSettings(kind) {
    return {
        fieldMappings: fieldMappingRows(kind?.defaultMappings ?? [], kind),
        filter: null,
        ownerMappings: [],
        sequenceMappings: [],
        valueMappings: rows('value', kind?.defaultValueMappings ?? [])
    };
}

function readVersioned(json, property, version) {
    const parsed = JSON.parse(json);
    if (!parsed || typeof parsed !== 'object' || parsed.version !== version) {
        throw new Error(`version must be ${version}`);
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
export function parseStepSettings(step, kind, catalog) {
    const { version } = settingsFacts(catalog);
    const settings = { ...newStepSettings(kind), fieldMappings: [], valueMappings: [] };
    const unreadable = [];
    const read = (section, convert) => {
        const property = SECTION_PROPERTIES[section];
        const json = step?.[property];
        if (!hasSection(kind, section) || json === undefined || json === null || json === '') {
            return;
        }
        try {
            settings[property] = convert(readVersioned(json, property, version));
        } catch (error) {
            unreadable.push({ section, reason: error.message });
        }
    };
    read('fieldMappings', (mappings) => fieldMappingRows(mappings, kind));
    read('filters', (filter) => {
        const conditions = filter?.type === FILTER_SALESFORCE_CONDITIONS;
        return conditions ? { ...filter, conditions: rows('condition', filter.conditions ?? []) } : filter;
    });
    read('ownerMappings', (mappings) => rows('owner', mappings));
    read('sequenceMappings', (mappings) => rows('sequence', mappings));
    read('valueMappings', (mappings) => rows('value', mappings));
    return { settings, unreadable };
}

function versioned(catalog, body) {
    return JSON.stringify({ version: settingsFacts(catalog).version, ...body });
}

function filterJson(filter, catalog) {
    if (!filter) {
        return versioned(catalog, { filter: null });
    }
    if (filter.type === FILTER_DEFAULT) {
        return versioned(catalog, { filter: { type: FILTER_DEFAULT, key: filter.key } });
    }
    if (filter.type === FILTER_REPLY_LIST) {
        const list = { type: FILTER_REPLY_LIST, listId: filter.listId };
        if (filter.listName) {
            list.listName = filter.listName;
        }
        return versioned(catalog, { filter: list });
    }
    const { valuelessOperators } = settingsFacts(catalog);
    return versioned(catalog, {
        filter: {
            type: filter.type,
            conditions: (filter.conditions ?? []).map((condition) => {
                const written = { field: condition.field, operator: condition.operator };
                if (!valuelessOperators.includes(condition.operator) && condition.value !== undefined) {
                    written.value = condition.value;
                }
                return written;
            })
        }
    });
}

export function ownerMappingsJson(rowsToWrite, catalog) {
    return versioned(catalog, {
        mappings: rowsToWrite.map((row) => ({ salesforceUserId: row.salesforceUserId, replyUserId: row.replyUserId }))
    });
}

/** The settings JSON of each section the kind has, row for row (the bridge's problems name rows by position). */
export function serializeStepSettings(settings, kind, catalog) {
    const json = {
        fieldMappings: null,
        filter: null,
        ownerMappings: null,
        sequenceMappings: null,
        valueMappings: null
    };
    if (hasSection(kind, 'fieldMappings')) {
        json.fieldMappings = versioned(catalog, {
            mappings: settings.fieldMappings.map((row) => ({
                salesforceField: row.salesforceField,
                replyField: row.replyField
            }))
        });
    }
    if (hasSection(kind, 'filters')) {
        json.filter = filterJson(settings.filter, catalog);
    }
    if (hasSection(kind, 'ownerMappings')) {
        json.ownerMappings = ownerMappingsJson(settings.ownerMappings, catalog);
    }
    if (hasSection(kind, 'sequenceMappings')) {
        json.sequenceMappings = versioned(catalog, {
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
        json.valueMappings = versioned(catalog, {
            mappings: settings.valueMappings.map((row) => ({
                replyValue: row.replyValue,
                salesforceValue: row.salesforceValue
            }))
        });
    }
    return json;
}

/**
 * The keys of the rows each section sent, in order: the bridge names a problem's row by its position, and the
 * console keeps the problem on that row while the admin edits on.
 */
export function rowKeysBySection(settings) {
    return {
        fieldMappings: settings.fieldMappings.map((row) => row.key),
        filters:
            settings.filter?.type === FILTER_SALESFORCE_CONDITIONS ? settings.filter.conditions.map((c) => c.key) : [],
        ownerMappings: settings.ownerMappings.map((row) => row.key),
        sequenceMappings: settings.sequenceMappings.map((row) => row.key),
        valueMappings: settings.valueMappings.map((row) => row.key)
    };
}

/** A condition value as the admin typed it: a list for "in", nothing for operators that compare with nothing. */
export function conditionValueFromInput(text, operator, catalog) {
    if (settingsFacts(catalog).valuelessOperators.includes(operator)) {
        return undefined;
    }
    const raw = String(text ?? '');
    if (operator === 'in') {
        return raw
            .split(',')
            .map((item) => item.trim())
            .filter((item) => item.length > 0);
    }
    return raw;
}

export function conditionValueToInput(value) {
    if (Array.isArray(value)) {
        return value.join(', ');
    }
    return value === undefined || value === null ? '' : String(value);
}
