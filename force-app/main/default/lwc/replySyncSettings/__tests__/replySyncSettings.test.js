import { findKind } from 'c/replySyncCatalog';
import {
    conditionValueFromInput,
    conditionValueToInput,
    parseStepSettings,
    rowKeysBySection,
    serializeStepSettings
} from 'c/replySyncSettings';

const { catalog, step, LEADS_WITH_PROBLEMS } = require('replySyncFixtures');

const LEADS = findKind(catalog, 'Leads_To_People');
const PEOPLE_TO_LEADS = findKind(catalog, 'People_To_Leads');
const LEADS_STEP = step('Custom_Leads_To_People_1', 'Leads_To_People');

describe('c/replySyncSettings', () => {
    it('reads a step and writes back exactly the JSON it was stored as', () => {
        for (const stored of [LEADS_STEP, LEADS_WITH_PROBLEMS]) {
            const { settings, unreadable } = parseStepSettings(stored, LEADS, catalog);
            expect(unreadable).toEqual([]);
            expect(serializeStepSettings(settings, LEADS, catalog)).toEqual({
                fieldMappings: stored.fieldMappings,
                filter: stored.filter,
                ownerMappings: stored.ownerMappings,
                sequenceMappings: stored.sequenceMappings,
                valueMappings: null
            });
        }
    });

    it("locks the catalog's required pairs and adds none: what is missing is the bridge's to say", () => {
        const { settings } = parseStepSettings(
            {
                ...LEADS_STEP,
                fieldMappings:
                    '{"version":1,"mappings":[{"salesforceField":"Title","replyField":"title"},{"salesforceField":"Email","replyField":"email"}]}'
            },
            LEADS,
            catalog
        );
        expect(settings.fieldMappings.map((row) => `${row.salesforceField}:${row.required}`)).toEqual([
            'Title:false',
            'Email:true'
        ]);
    });

    it('writes every filter type and mapping as the schemas define them', () => {
        const settings = {
            fieldMappings: [],
            filter: {
                type: 'salesforceConditions',
                conditions: [
                    { key: 'c1', field: 'LeadSource', operator: 'in', value: ['Web', 'Phone'] },
                    { key: 'c2', field: 'Email', operator: 'isNotBlank', value: 'ignored' }
                ]
            },
            ownerMappings: [{ key: 'o1', salesforceUserId: '005000000000001AAA', replyUserId: 7 }],
            sequenceMappings: [
                {
                    key: 's1',
                    replyUserId: 7,
                    sequenceId: 12,
                    startStepId: undefined,
                    ignoreStepDelay: 1,
                    onlyNewRecords: false
                }
            ],
            valueMappings: []
        };
        const json = serializeStepSettings(settings, LEADS, catalog);
        expect(JSON.parse(json.filter)).toEqual({
            version: 1,
            filter: {
                type: 'salesforceConditions',
                conditions: [
                    { field: 'LeadSource', operator: 'in', value: ['Web', 'Phone'] },
                    { field: 'Email', operator: 'isNotBlank' }
                ]
            }
        });
        expect(json.sequenceMappings).toBe(
            '{"version":1,"mappings":[{"replyUserId":7,"sequenceId":12,"startStepId":null,"ignoreStepDelay":true,"onlyNewRecords":false}]}'
        );
        const reply = serializeStepSettings(
            { ...settings, filter: { type: 'replyList', listId: 5 } },
            PEOPLE_TO_LEADS,
            catalog
        );
        expect(reply.filter).toBe('{"version":1,"filter":{"type":"replyList","listId":5}}');
        expect(reply.sequenceMappings).toBeNull();
    });

    it("names the row keys each section sent, so the bridge's row numbers land on the right rows", () => {
        const { settings } = parseStepSettings(LEADS_WITH_PROBLEMS, LEADS, catalog);
        const keys = rowKeysBySection(settings);
        expect(keys.ownerMappings).toEqual(settings.ownerMappings.map((row) => row.key));
        expect(keys.filters).toEqual([settings.filter.conditions[0].key]);
        expect(keys.fieldMappings).toHaveLength(5);
    });

    it('names settings it cannot read and starts them empty', () => {
        const { settings, unreadable } = parseStepSettings(
            { ...LEADS_STEP, ownerMappings: '{"version":2,"mappings":[]}', fieldMappings: 'not json' },
            LEADS,
            catalog
        );
        expect(unreadable).toEqual([
            { section: 'fieldMappings', reason: expect.any(String) },
            { section: 'ownerMappings', reason: 'version must be 1' }
        ]);
        expect(settings.ownerMappings).toEqual([]);
        expect(settings.fieldMappings).toEqual([]);
    });

    it('keeps condition values as typed: a list for "in", nothing for blank checks', () => {
        expect(conditionValueFromInput('Web, Phone,', 'in', catalog)).toEqual(['Web', 'Phone']);
        expect(conditionValueFromInput('50', 'greaterThan', catalog)).toBe('50');
        expect(conditionValueFromInput('x', 'isBlank', catalog)).toBeUndefined();
        expect(conditionValueToInput(['Web', 'Phone'])).toBe('Web, Phone');
        expect(conditionValueToInput(50)).toBe('50');
        expect(conditionValueToInput(undefined)).toBe('');
    });
});
