/**
 * The step catalog as the console receives it (the generated ReplySyncCatalog static resource): the kinds, their
 * names as Reply puts them, their direction and their settings sections. Data only: whether settings are valid is
 * the bridge's to say.
 */
export const PROFILE_DEFAULT = 'Default';
export const PROFILE_CUSTOM = 'Custom';
export const SALESFORCE = 'salesforce';

export function stepKinds(catalog) {
    return catalog?.stepKinds ?? [];
}

export function findKind(catalog, key) {
    return stepKinds(catalog).find((kind) => kind.key === key);
}

/** The families of step kinds, in the order the console groups them. */
export const FAMILIES = ['people', 'status', 'activity', 'note'];

/**
 * A step's one name, everywhere the console shows it: its label (the admin's, or its kind's short label, "Leads to
 * People"), else its kind's, else its API name.
 */
export function stepName(step, kind) {
    return step?.label || kind?.shortLabel || step?.stepKind || step?.developerName || '';
}

/** Which way a step syncs: "Leads in Salesforce → People in Reply". */
export function directionLabel(kind) {
    return kind ? `${kind.source.label} \u2192 ${kind.target.label}` : '';
}

/** The kinds grouped by family, in catalog order: [{ family, kinds }]. */
export function kindsByFamily(catalog) {
    return FAMILIES.map((family) => ({
        family,
        kinds: stepKinds(catalog).filter((kind) => kind.family === family)
    })).filter((group) => group.kinds.length > 0);
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

/** The filter types a step may offer: by the system it reads from (catalog filterTypesBySourceSystem). */
export function filterTypesOf(kind, catalog) {
    return catalog?.filterTypesBySourceSystem?.[kind?.source?.system] ?? [];
}

/** What the bridge's schemas say about the settings JSON: its version and the condition operators. */
export function settingsFacts(catalog) {
    return catalog?.settings ?? { version: 1, conditionOperators: [], valuelessOperators: [] };
}

/** The Reply values a status step reads: person statuses or inbox category names (from the bridge's options). */
export function replyValuesFor(kind, replyOptions) {
    if (!replyOptions) {
        return undefined;
    }
    if (kind?.replySource === 'inboxCategories') {
        return (replyOptions.inboxCategories ?? []).map((category) => category.name);
    }
    return replyOptions.statuses ?? [];
}
