import { describe, expect, it } from 'vitest';
import type { SObjectDescribe } from '../../bridge/src/salesforce/describe.ts';
import {
    changedFields,
    hashesOf,
    readReplyField,
    replyFields,
    toReplyValue,
    toSalesforceValue,
    valueHash
} from '../../bridge/src/sync/mapping.ts';
import type { Step } from '../../bridge/src/sync/steps.ts';
import { problemText } from '../../bridge/src/sync/validation/problems.ts';
import { checkAgainstSystems, parseStep } from '../../bridge/src/sync/validation/validate.ts';
import { valueIssue } from '../../bridge/src/salesforce/describe.ts';
import { catalog, contact, field, leadDescribe, stepRecord } from './fixtures.ts';

function stepWith(kind: string, extra: { salesforceField: string; replyField: string }[]) {
    const k = catalog.stepKinds.find((s) => s.key === kind)!;
    const result = parseStep(
        stepRecord(kind, {
            Field_Mappings__c: JSON.stringify({ version: 1, mappings: [...k.defaultMappings, ...extra] })
        }),
        catalog
    );
    if (!result.ok) throw new Error(result.problems.map(problemText).join('; '));
    return result.step;
}

/** The validator's checks against the org and Reply, worded as the console shows them. */
function mappingProblems(step: Step, describe: SObjectDescribe, replyFieldList: typeof fields): string[] {
    const context = { describes: new Map([[describe.name, describe]]), leadStatuses: [], replyFields: replyFieldList };
    return checkAgainstSystems(step, context, catalog).map(problemText);
}

const fields = replyFields(catalog, [
    { title: 'Team Size', fieldType: 'number' },
    { title: 'Source', fieldType: 'text' }
]);

describe('field mappings against the org and Reply', () => {
    it('accept the default mappings', () => {
        expect(mappingProblems(stepWith('People_To_Leads', []), leadDescribe(), fields)).toEqual([]);
    });

    it('refuse multi-select picklists, unknown fields, type mismatches and read-only targets with reasons', () => {
        const step = stepWith('People_To_Leads', [
            { salesforceField: 'Interests__c', replyField: 'title' },
            { salesforceField: 'Nickname__c', replyField: 'city' },
            { salesforceField: 'NumberOfEmployees', replyField: 'title' },
            { salesforceField: 'Score__c', replyField: 'custom:Team Size' },
            { salesforceField: 'Title', replyField: 'custom:Missing' }
        ]);
        expect(mappingProblems(step, leadDescribe(), fields)).toEqual([
            'Lead.Interests__c is a multi-select picklist: Reply has no multi-select fields, so it cannot be mapped',
            'Salesforce field Nickname__c does not exist on Lead, or the integration user cannot see it (check the field and its access in the Reply_Sync_Integration permission set)',
            "Lead.NumberOfEmployees (int) and Reply's Title (text) do not fit: a Reply text field syncs into string, textarea, email, phone, url, picklist, combobox fields",
            'Lead.Score__c is read-only (formula, auto-number or no edit access): it cannot receive Reply values',
            'Reply field "custom:Missing" does not exist: create the custom field in Reply or remove the mapping'
        ]);
    });

    it('let a Reply text field take a checkbox, date or number from Salesforce, but not give text back into one', () => {
        const describe = leadDescribe([field('DoNotCall', 'boolean'), field('Last_Event__c', 'date')]);
        const mappings = [
            { salesforceField: 'DoNotCall', replyField: 'custom:Source' },
            { salesforceField: 'Last_Event__c', replyField: 'industry' },
            { salesforceField: 'NumberOfEmployees', replyField: 'title' }
        ];
        expect(mappingProblems(stepWith('Leads_To_People', mappings), describe, fields)).toEqual([]);
        expect(mappingProblems(stepWith('People_To_Leads', mappings), describe, fields)).toEqual([
            "Lead.DoNotCall (boolean) and Reply's Source (text) do not fit: a Reply text field syncs into string, textarea, email, phone, url, picklist, combobox fields",
            "Lead.Last_Event__c (date) and Reply's Industry (text) do not fit: a Reply text field syncs into string, textarea, email, phone, url, picklist, combobox fields",
            "Lead.NumberOfEmployees (int) and Reply's Title (text) do not fit: a Reply text field syncs into string, textarea, email, phone, url, picklist, combobox fields"
        ]);
        expect(toReplyValue(true, 'text')).toBe('true');
        expect(toReplyValue('2026-11-30', 'text')).toBe('2026-11-30');
    });

    it('maps a number custom field onto a numeric Salesforce field', () => {
        expect(
            mappingProblems(
                stepWith('People_To_Leads', [{ salesforceField: 'NumberOfEmployees', replyField: 'custom:Team Size' }]),
                leadDescribe(),
                fields
            )
        ).toEqual([]);
    });
});

describe('values', () => {
    it('reads standard and custom Reply fields (custom by title, any case)', () => {
        const person = contact({ customFields: [{ key: 'team size', value: 12 }] });
        expect(readReplyField(person, 'firstName')).toBe('Ada');
        expect(readReplyField(person, 'custom:Team Size')).toBe(12);
        expect(readReplyField(person, 'custom:Nope')).toBeNull();
    });

    it('convert types both ways and turn blanks into null', () => {
        expect(toReplyValue(42, 'text')).toBe('42');
        expect(toReplyValue('  ', 'text')).toBeNull();
        expect(toReplyValue('12', 'number')).toBe(12);
        expect(toReplyValue('twelve', 'number')).toBeNull();
        expect(toSalesforceValue('7', 'int')).toBe(7);
        expect(toSalesforceValue(' Hot ', 'picklist')).toBe('Hot');
        expect(toSalesforceValue('', 'string')).toBeNull();
    });

    it('find what Salesforce would refuse before spending a call', () => {
        const describe = leadDescribe();
        const byName = (n: string) => describe.fields.find((f) => f.name === n)!;
        expect(valueIssue('Lead', byName('Rating'), 'Warm')?.code).toBe('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
        expect(valueIssue('Lead', byName('Rating'), 'Hot')).toBeUndefined();
        expect(valueIssue('Lead', byName('Email'), 'not-an-email')?.code).toBe('INVALID_EMAIL_ADDRESS');
        expect(valueIssue('Lead', byName('Title'), 'x'.repeat(81))).toEqual({
            code: 'STRING_TOO_LONG',
            message: 'Lead.Title takes at most 80 characters; the value has 81'
        });
        expect(valueIssue('Lead', field('Anything'), null)).toBeUndefined();
    });
});

describe('change detection (the echo guard)', () => {
    it('sees no change when values hash as last synced, whatever their surrounding blanks', () => {
        const known = hashesOf({ FirstName: 'Ada', LastName: 'Lovelace', Title: null });
        expect(changedFields({ FirstName: ' Ada ', LastName: 'Lovelace', Title: '' }, known)).toEqual([]);
        expect(changedFields({ FirstName: 'Augusta', LastName: 'Lovelace', Title: null }, known)).toEqual([
            'FirstName'
        ]);
        expect(changedFields({ FirstName: 'Ada' }, undefined)).toEqual(['FirstName']);
    });

    it('hashes are short and do not contain the value', () => {
        expect(valueHash('ada@example.com')).toHaveLength(12);
        expect(valueHash('ada@example.com')).not.toContain('ada');
        expect(valueHash(1)).not.toBe(valueHash('1 '));
    });
});
