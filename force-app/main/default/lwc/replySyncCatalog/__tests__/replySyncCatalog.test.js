import {
    filterTypesOf,
    findKind,
    mirrorKind,
    readsFromSalesforce,
    replyFieldsOf,
    replyValuesFor,
    settingsFacts,
    stepDisplayLabel
} from 'c/replySyncCatalog';

// The catalog exactly as the console receives it (the generated static resource).
const { catalog, REPLY_OPTIONS } = require('replySyncFixtures');

describe('c/replySyncCatalog', () => {
    it('names steps as Reply does', () => {
        expect(stepDisplayLabel(findKind(catalog, 'Leads_To_People'))).toBe(
            '(from) Leads in Salesforce - (to) People in Reply'
        );
        expect(stepDisplayLabel(findKind(catalog, 'LinkedIn_To_Contact_Tasks'))).toBe(
            '(from) LinkedIn activities in Reply - (to) Contact Tasks in Salesforce'
        );
        expect(catalog.stepKinds.map(stepDisplayLabel)).toHaveLength(16);
        expect(stepDisplayLabel(undefined)).toBe('');
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
