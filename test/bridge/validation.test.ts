import { describe, expect, it } from 'vitest';
import type { LeadStatusValue } from '../../bridge/src/salesforce/org.ts';
import { replyFields } from '../../bridge/src/sync/mapping.ts';
import type { StepRecord } from '../../bridge/src/sync/steps.ts';
import type { ValidationContext } from '../../bridge/src/sync/validation/org-rules.ts';
import {
    describeProblem,
    fillText,
    PROBLEM_CODES,
    PROBLEM_TEXTS,
    problemText,
    type StepProblem
} from '../../bridge/src/sync/validation/problems.ts';
import { draftRecord } from '../../bridge/src/sync/validation/service.ts';
import { checkAgainstSystems, parseStep, validateStep } from '../../bridge/src/sync/validation/validate.ts';
import { catalog, field, leadDescribe, stepRecord } from './fixtures.ts';

/** The org and Reply the checks below run against: Lead with Status, Reply's standard fields and two custom ones. */
const LEAD_STATUSES: LeadStatusValue[] = [
    { ApiName: 'Open - Not Contacted', MasterLabel: 'Open - Not Contacted', IsConverted: false, IsDefault: true },
    { ApiName: 'Working - Contacted', MasterLabel: 'Working - Contacted', IsConverted: false, IsDefault: false },
    { ApiName: 'Closed - Not Converted', MasterLabel: 'Closed - Not Converted', IsConverted: false, IsDefault: false },
    { ApiName: 'Closed - Converted', MasterLabel: 'Closed - Converted', IsConverted: true, IsDefault: false }
];
const lead = leadDescribe([
    field('Status', 'picklist', {
        picklistValues: LEAD_STATUSES.map((s) => ({ value: s.ApiName, label: s.MasterLabel, active: true }))
    }),
    field('Description', 'textarea', { filterable: false }),
    field('CreatedDate', 'datetime', { createable: false, updateable: false })
]);
const contact = { ...lead, name: 'Contact', label: 'Contact', fields: lead.fields.filter((f) => f.name !== 'Company') };
const context: ValidationContext = {
    describes: new Map([
        ['Lead', lead],
        ['Contact', contact]
    ]),
    leadStatuses: LEAD_STATUSES,
    replyFields: replyFields(catalog, [{ title: 'Team Size', fieldType: 'number' }])
};

const json = (value: unknown) => JSON.stringify(value);
const fieldMappings = (...pairs: [string, string][]) =>
    json({ version: 1, mappings: pairs.map(([salesforceField, replyField]) => ({ salesforceField, replyField })) });
const LEAD_PAIRS: [string, string][] = [
    ['FirstName', 'firstName'],
    ['LastName', 'lastName'],
    ['Email', 'email'],
    ['Company', 'company']
];
const SF_USER = '005000000000001';

/** Code and place of each problem, the part the console needs to show it next to its field. */
const placed = (problems: StepProblem[]) => problems.map((p) => ({ code: p.code, field: p.field }));
/** Each problem's params are exactly the names its text (and so its Custom Label) may use. */
function expectParamsFitText(p: StepProblem) {
    const named = [...new Set([...PROBLEM_TEXTS[p.code].matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
    expect(Object.keys(p.params).sort(), p.code).toEqual(named);
}
const check = (record: StepRecord) => {
    const problems = validateStep(record, catalog, context);
    problems.forEach(expectParamsFitText);
    return problems;
};

describe('the step validator', () => {
    it('accepts every Default step the catalog generates', () => {
        for (const kind of catalog.stepKinds) {
            const record = stepRecord(kind.key, {
                Filter__c: kind.settings.includes('filters') ? json({ version: 1, filter: null }) : null,
                Value_Mappings__c: kind.defaultValueMappings
                    ? json({ version: 1, mappings: kind.defaultValueMappings })
                    : null
            });
            expect(check(record).map(describeProblem), kind.key).toEqual([]);
        }
    });

    it('names each problem by code, with its parameters and the section, row and column it concerns', () => {
        const problems = check(
            stepRecord('Leads_To_People', {
                Field_Mappings__c: fieldMappings(
                    ...LEAD_PAIRS,
                    ['Interests__c', 'title'],
                    ['Title', 'title'],
                    ['Nickname__c', 'custom:Nickname']
                ),
                Filter__c: json({ version: 1, filter: { type: 'default', key: 'replied' } }),
                Owner_Mappings__c: json({
                    version: 1,
                    mappings: [
                        { salesforceUserId: SF_USER, replyUserId: 1 },
                        { salesforceUserId: `${SF_USER}AAA`, replyUserId: 2 }
                    ]
                }),
                Sequence_Mappings__c: json({
                    version: 1,
                    mappings: [1, 2].map((sequenceId) => ({
                        replyUserId: 7,
                        sequenceId,
                        startStepId: null,
                        ignoreStepDelay: false,
                        onlyNewRecords: true
                    }))
                })
            })
        );
        expect(placed(problems)).toEqual([
            { code: 'MAPPING_TARGET_TWICE', field: { section: 'fieldMappings', row: 5, column: 'replyField' } },
            { code: 'FILTER_TYPE_NOT_ALLOWED', field: { section: 'filters', column: 'type' } },
            { code: 'OWNER_SALESFORCE_TWICE', field: { section: 'ownerMappings', row: 1, column: 'salesforceUserId' } },
            { code: 'SEQUENCE_OWNER_TWICE', field: { section: 'sequenceMappings', row: 1, column: 'replyUserId' } },
            {
                code: 'SALESFORCE_FIELD_MULTIPICKLIST',
                field: { section: 'fieldMappings', row: 4, column: 'salesforceField' }
            },
            {
                code: 'SALESFORCE_FIELD_UNKNOWN',
                field: { section: 'fieldMappings', row: 6, column: 'salesforceField' }
            },
            { code: 'REPLY_CUSTOM_FIELD_UNKNOWN', field: { section: 'fieldMappings', row: 6, column: 'replyField' } }
        ]);
        expect(problems[4]!.params).toEqual({ object: 'Lead', field: 'Interests__c' });
        expect(problemText(problems[4]!)).toBe(
            'Lead.Interests__c is a multi-select picklist: Reply has no multi-select fields, so it cannot be mapped'
        );
        expect(describeProblem(problems[2]!)).toBe(
            `Owner_Mappings__c mapping 2 (salesforceUserId): maps Salesforce owner ${SF_USER}AAA more than once: each Salesforce owner may appear once in a Salesforce -> Reply step`
        );
    });

    it('places what is missing or malformed in the JSON at its row and column', () => {
        const problems = check(
            stepRecord('Leads_To_People', {
                Owner_Mappings__c: json({
                    version: 1,
                    mappings: [
                        { salesforceUserId: '', replyUserId: null },
                        { salesforceUserId: '00Q000000000001', replyUserId: 7, note: 'x' }
                    ]
                }),
                Sequence_Mappings__c: json({ version: 2, mappings: [] }),
                Filter__c: json({ version: 1, filter: { type: 'salesforceConditions', conditions: [] } })
            })
        );
        expect(problems.map((p) => [p.code, p.field.section, p.field.row, p.field.column])).toEqual([
            ['CONDITIONS_EMPTY', 'filters', undefined, 'conditions'],
            ['VALUE_MISSING', 'ownerMappings', 0, 'salesforceUserId'],
            ['VALUE_MISSING', 'ownerMappings', 0, 'replyUserId'],
            ['SALESFORCE_USER_ID_INVALID', 'ownerMappings', 1, 'salesforceUserId'],
            ['SETTINGS_UNKNOWN_KEYS', 'ownerMappings', 1, undefined],
            ['SETTINGS_VERSION', 'sequenceMappings', undefined, 'version']
        ]);
        expect(check(stepRecord('Leads_To_People', { Filter__c: '{"version":1,' }))[0]).toMatchObject({
            code: 'SETTINGS_NOT_JSON',
            field: { section: 'filters' }
        });
    });

    it('compares Salesforce field names in any case: a required FirstName mapped as firstname is present', () => {
        // Drift found by the review: the bridge accepted this, the console and Apex refused it.
        const lower = fieldMappings(['firstname', 'firstName'], ['LASTNAME', 'lastName'], ['email', 'email']);
        expect(check(stepRecord('People_To_Contacts', { Field_Mappings__c: lower }))).toEqual([]);
        const twice = fieldMappings(...LEAD_PAIRS, ['title', 'title'], ['Title', 'city']);
        expect(placed(check(stepRecord('People_To_Leads', { Field_Mappings__c: twice })))).toEqual([
            { code: 'MAPPING_TARGET_TWICE', field: { section: 'fieldMappings', row: 5, column: 'salesforceField' } }
        ]);
    });

    it('compares Reply values as the status steps match them: "Replied" and "replied" are one value', () => {
        // Drift found by the review: the console and Apex accepted this, then the bridge refused to run the step.
        const problems = check(
            stepRecord('Statuses_To_Lead_Statuses', {
                Value_Mappings__c: json({
                    version: 1,
                    mappings: [
                        { replyValue: 'Replied', salesforceValue: 'Working - Contacted' },
                        { replyValue: 'replied', salesforceValue: 'Open - Not Contacted' }
                    ]
                })
            })
        );
        expect(placed(problems)).toEqual([
            { code: 'VALUE_MAPPED_TWICE', field: { section: 'valueMappings', row: 1, column: 'replyValue' } }
        ]);
    });

    it('compares 15- and 18-character Salesforce ids as one user, in the direction where owners must be unique', () => {
        const owners = json({
            version: 1,
            mappings: [
                { salesforceUserId: `${SF_USER}AAA`, replyUserId: 1 },
                { salesforceUserId: SF_USER, replyUserId: 2 }
            ]
        });
        expect(check(stepRecord('Leads_To_People', { Owner_Mappings__c: owners })).map((p) => p.code)).toEqual([
            'OWNER_SALESFORCE_TWICE'
        ]);
        expect(check(stepRecord('People_To_Leads', { Owner_Mappings__c: owners }))).toEqual([]);
    });

    it('checks Salesforce filter conditions: filterable fields, the values each operator needs, typed values', () => {
        const conditions = [
            { field: 'Description', operator: 'equals', value: 'x' },
            { field: 'Title', operator: 'equals', value: '  ' },
            { field: 'Company', operator: 'in', value: [] },
            { field: 'Company', operator: 'notEquals', value: ['a', 'b'] },
            { field: 'NumberOfEmployees', operator: 'greaterThan', value: 'ten' },
            { field: 'email', operator: 'isBlank' },
            { field: 'CreatedDate', operator: 'greaterThan', value: '2026-01-01T00:00:00Z' }
        ];
        const problems = check(
            stepRecord('Leads_To_People', {
                Filter__c: json({ version: 1, filter: { type: 'salesforceConditions', conditions } })
            })
        );
        expect(problems.map((p) => [p.code, p.field.row, p.field.column])).toEqual([
            ['CONDITION_FIELD_NOT_FILTERABLE', 0, 'field'],
            ['VALUE_MISSING', 1, 'value'],
            ['CONDITION_NEEDS_LIST', 2, 'value'],
            ['CONDITION_NEEDS_ONE_VALUE', 3, 'value'],
            ['CONDITION_VALUE_INVALID', 4, 'value']
        ]);
    });

    it('maps Reply values only to open Lead Statuses of the org', () => {
        const problems = check(
            stepRecord('Categories_To_Lead_Statuses', {
                Value_Mappings__c: json({
                    version: 1,
                    mappings: [
                        { replyValue: 'Interested', salesforceValue: 'Closed - Converted' },
                        { replyValue: 'Not interested', salesforceValue: 'Cold' }
                    ]
                })
            })
        );
        expect(problems.map((p) => [p.code, p.field.row])).toEqual([
            ['LEAD_STATUS_CONVERTED', 0],
            ['LEAD_STATUS_UNKNOWN', 1]
        ]);
        expect(problems[1]!.params.open).toBe('Open - Not Contacted, Working - Contacted, Closed - Not Converted');
    });

    it('refuses settings a kind does not have, and unknown kinds', () => {
        const emails = stepRecord('Emails_To_Lead_Tasks', { Field_Mappings__c: fieldMappings(...LEAD_PAIRS) });
        expect(placed(check(emails))).toEqual([{ code: 'SECTION_NOT_ALLOWED', field: { section: 'fieldMappings' } }]);
        expect(placed(check(stepRecord('Leads_To_People', { Step_Kind__c: 'Leads_To_Mars' })))).toEqual([
            { code: 'STEP_KIND_UNKNOWN', field: { section: 'step', column: 'stepKind' } }
        ]);
    });

    it('gives the console exactly the verdict a run reaches, for every kind of problem', () => {
        const records: StepRecord[] = [
            stepRecord('People_To_Leads'),
            stepRecord('People_To_Leads', { Field_Mappings__c: fieldMappings(['Email', 'email']) }),
            stepRecord('People_To_Leads', { Field_Mappings__c: fieldMappings(...LEAD_PAIRS, ['Score__c', 'title']) }),
            stepRecord('Leads_To_People', {
                Field_Mappings__c: fieldMappings(...LEAD_PAIRS, ['Title', 'custom:Team Size'])
            }),
            stepRecord('Leads_To_People', { Owner_Mappings__c: '{"version":1,"mappings":[{}]}' }),
            stepRecord('Statuses_To_Lead_Statuses', {
                Value_Mappings__c: json({ version: 1, mappings: [{ replyValue: 'Replied', salesforceValue: 'Hot' }] })
            }),
            draftRecord({ stepKind: 'People_To_Contacts', fieldMappings: null, filter: null })
        ];
        for (const record of records) {
            const parsed = parseStep(record, catalog);
            const runAccepts = parsed.ok && checkAgainstSystems(parsed.step, context, catalog).length === 0;
            expect(check(record).length === 0, JSON.stringify(record)).toBe(runAccepts);
        }
    });
});

describe('the problem table', () => {
    it('has an English text for every code, whose placeholders are named parameters', () => {
        expect(PROBLEM_CODES.length).toBeGreaterThan(30);
        for (const code of PROBLEM_CODES) {
            expect(code).toMatch(/^[A-Z][A-Z_]+$/);
            expect(PROBLEM_TEXTS[code].length, code).toBeLessThanOrEqual(1000);
            expect(PROBLEM_TEXTS[code]).not.toMatch(/\{\d+\}/);
        }
        expect(fillText('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    });
});
