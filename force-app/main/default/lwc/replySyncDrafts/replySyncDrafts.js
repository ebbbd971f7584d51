/**
 * The drafts the console saves (Apex's ReplySyncStepDraft: a step record's fields and its settings JSON): a new
 * step, a duplicate, a step turned around, steps moved. Apex deploys them once the bridge finds nothing wrong.
 */
import { findKind, mirrorKind } from 'c/replySyncCatalog';
import { newStepSettings, parseStepSettings, serializeStepSettings } from 'c/replySyncSettings';
import COPY_SUFFIX from '@salesforce/label/c.Reply_Sync_Copy_Suffix';

/** Sort_Order__c is a Number(4, 0): orders go up in tens, at most 9999. */
const SORT_ORDER_STEP = 10;
const MAX_SORT_ORDER = 9999;

/** The draft of a step with these settings. */
export function toDraft(step, kind, settings, catalog) {
    return {
        developerName: step?.developerName ?? null,
        label: step?.label ?? kind?.shortLabel ?? '',
        stepKind: kind.key,
        active: Boolean(step?.active),
        sortOrder: step?.sortOrder ?? 0,
        ...serializeStepSettings(settings, kind, catalog)
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

export function nextSortOrder(steps) {
    const highest = (steps ?? []).reduce((max, step) => Math.max(max, Number(step.sortOrder) || 0), 0);
    return Math.min(highest + SORT_ORDER_STEP, MAX_SORT_ORDER);
}

/** A new Custom step of a kind: preset settings, on (it is saved from its settings, once), last in order. */
export function newStepDraft(kind, steps, catalog) {
    return toDraft(
        { label: kind.shortLabel, active: true, sortOrder: nextSortOrder(steps) },
        kind,
        newStepSettings(kind),
        catalog
    );
}

/** A copy of a step under a new name (Apex shortens it to the 40 characters a label may have), last and inactive. */
export function duplicateDraft(step, steps) {
    return recordDraft(step, {
        developerName: null,
        label: `${step.label} ${COPY_SUFFIX}`,
        active: false,
        sortOrder: nextSortOrder(steps)
    });
}

/**
 * The step turned around: the mirror kind and its name, the field mappings kept (mirror kinds require the same
 * pairs), the filter cleared (the source system changed, and so did the kinds of filter), the sections the mirror
 * lacks dropped. Owner mappings are kept: the bridge then applies the other direction's uniqueness rule.
 */
export function flipDraft(step, catalog) {
    const kind = findKind(catalog, step.stepKind);
    const mirror = mirrorKind(catalog, kind);
    if (!mirror) {
        return undefined;
    }
    const { settings } = parseStepSettings(step, kind, catalog);
    settings.filter = null;
    return toDraft({ ...step, label: mirror.shortLabel }, mirror, settings, catalog);
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
