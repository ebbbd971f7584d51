import {
    filterTypesOf,
    findKind,
    mirrorKind,
    readsFromSalesforce,
    replyFieldsOf,
    replyValuesFor,
    settingsFacts,
    directionLabel,
    kindsByFamily,
    stepName
} from 'c/replySyncCatalog';

// The catalog exactly as the console receives it (the generated static resource).
const { catalog, REPLY_OPTIONS } = require('replySyncFixtures');

describe('c/replySyncCatalog', () => {
    it('gives a step one name, its own label, and says which way it syncs', () => {
        const leads = findKind(catalog, 'Leads_To_People');
        expect(stepName({ label: 'Leads to People (copy)', stepKind: 'Leads_To_People' }, leads)).toBe(
            'Leads to People (copy)'
        );
        expect(stepName({ label: '', developerName: 'Custom_Leads_To_People_1' }, leads)).toBe('Leads to People');
        expect(stepName({ developerName: 'Gone_Step' }, undefined)).toBe('Gone_Step');
        expect(stepName(undefined, undefined)).toBe('');
        expect(directionLabel(findKind(catalog, 'LinkedIn_To_Contact_Tasks'))).toBe(
            'LinkedIn activities in Reply \u2192 Contact Tasks in Salesforce'
        );
        expect(directionLabel(undefined)).toBe('');
    });

    it('groups the kinds by family, each kind once', () => {
        // How many kinds each family has is the catalog's to say (test/catalog.test.ts): here, that none is lost.
        const groups = kindsByFamily(catalog);
        expect(groups.map((group) => group.family)).toEqual(['people', 'status', 'activity', 'note']);
        for (const group of groups) {
            expect(group.kinds.map((kind) => kind.key)).toEqual(
                catalog.stepKinds.filter((kind) => kind.family === group.family).map((kind) => kind.key)
            );
        }
        expect(groups.find((group) => group.family === 'activity').kinds.map((kind) => kind.key)).toContain(
            'LinkedIn_To_Contact_Tasks'
        );
        expect(new Set(groups.flatMap((group) => group.kinds.map((kind) => kind.key))).size).toBe(
            catalog.stepKinds.length
        );
    });

    it('tells direction, mirror and filter types of a kind', () => {
        const leads = findKind(catalog, 'Leads_To_People');
        expect(readsFromSalesforce(leads)).toBe(true);
        expect(mirrorKind(catalog, leads).key).toBe('People_To_Leads');
        expect(mirrorKind(catalog, findKind(catalog, 'Emails_To_Lead_Tasks'))).toBeUndefined();
        expect(filterTypesOf(leads, catalog)).toEqual(['salesforceConditions']);
        expect(filterTypesOf(findKind(catalog, 'People_To_Leads'), catalog)).toEqual(['default', 'replyList']);
    });

    it("carries the bridge's settings facts: the version and the condition operators", () => {
        expect(settingsFacts(catalog)).toEqual({
            version: 1,
            conditionOperators: expect.arrayContaining(['equals', 'in', 'isBlank']),
            valuelessOperators: ['isBlank', 'isNotBlank']
        });
    });

    it("offers Reply's fields and values from the bridge, the catalog's standard fields without it", () => {
        expect(replyFieldsOf(catalog, REPLY_OPTIONS)).toContainEqual(expect.objectContaining({ name: 'custom:Score' }));
        expect(replyFieldsOf(catalog, undefined)).toEqual(catalog.replyFields);
        expect(replyValuesFor(findKind(catalog, 'Categories_To_Lead_Statuses'), REPLY_OPTIONS)).toEqual([
            'Interested',
            'Not interested'
        ]);
        expect(replyValuesFor(findKind(catalog, 'Statuses_To_Lead_Statuses'), REPLY_OPTIONS)).toEqual(
            REPLY_OPTIONS.statuses
        );
        expect(replyValuesFor(findKind(catalog, 'Statuses_To_Lead_Statuses'), undefined)).toBeUndefined();
    });
});
