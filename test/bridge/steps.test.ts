import { describe, expect, it } from 'vitest';
import { runTogether, selectSteps } from '../../bridge/src/sync/steps.ts';
import { describeProblem } from '../../bridge/src/sync/validation/problems.ts';
import { parseStep } from '../../bridge/src/sync/validation/validate.ts';
import { catalog, stepRecord } from './fixtures.ts';

/** The problems as run logs word them. */
const problemsOf = (result: ReturnType<typeof parseStep>) => (result.ok ? [] : result.problems.map(describeProblem));

describe('step definitions', () => {
    it('turns a Default step record into a runnable step with its kind and preset mappings', () => {
        const result = parseStep(stepRecord('Leads_To_People'), catalog);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.step.kind.label).toBe('Leads in Salesforce -> People in Reply');
        expect(result.step.fieldMappings.map((m) => m.salesforceField)).toEqual([
            'FirstName',
            'LastName',
            'Email',
            'Company'
        ]);
    });

    it('reports invalid JSON naming the field and the fix, instead of crashing', () => {
        const result = parseStep(
            stepRecord('People_To_Leads', { Field_Mappings__c: '{"version":1,"mappings":[' }),
            catalog
        );
        expect(problemsOf(result)).toEqual([
            expect.stringMatching(/^Field_Mappings__c is not valid JSON .*save them again$/)
        ]);
    });

    it('reports a schema violation with the path inside the JSON', () => {
        const result = parseStep(
            stepRecord('People_To_Leads', {
                Owner_Mappings__c: '{"version":1,"mappings":[{"salesforceUserId":"00Q000000000001","replyUserId":3}]}'
            }),
            catalog
        );
        expect(problemsOf(result)).toEqual([
            'Owner_Mappings__c mapping 1 (salesforceUserId): must be a Salesforce User Id (starts with 005, 15 or 18 characters)'
        ]);
    });

    it('requires the required mappings of the kind', () => {
        const result = parseStep(
            stepRecord('People_To_Leads', {
                Field_Mappings__c: JSON.stringify({
                    version: 1,
                    mappings: [{ salesforceField: 'Email', replyField: 'email' }]
                })
            }),
            catalog
        );
        expect(problemsOf(result)).toEqual([
            'Field_Mappings__c must map FirstName <-> firstName: it is required for People in Reply -> Leads in Salesforce',
            'Field_Mappings__c must map LastName <-> lastName: it is required for People in Reply -> Leads in Salesforce',
            'Field_Mappings__c must map Company <-> company: it is required for People in Reply -> Leads in Salesforce'
        ]);
    });

    it('applies the ownership uniqueness rule of each direction', () => {
        const sameSalesforceOwner = JSON.stringify({
            version: 1,
            mappings: [
                { salesforceUserId: '005000000000001AAA', replyUserId: 1 },
                { salesforceUserId: '005000000000001', replyUserId: 2 }
            ]
        });
        expect(
            problemsOf(parseStep(stepRecord('Leads_To_People', { Owner_Mappings__c: sameSalesforceOwner }), catalog))
        ).toEqual([expect.stringContaining('each Salesforce owner may appear once in a Salesforce -> Reply step')]);
        // Reply -> Salesforce allows one Salesforce owner for several Reply owners.
        expect(parseStep(stepRecord('People_To_Leads', { Owner_Mappings__c: sameSalesforceOwner }), catalog).ok).toBe(
            true
        );
        const sameReplyOwner = JSON.stringify({
            version: 1,
            mappings: [
                { salesforceUserId: '005000000000001AAA', replyUserId: 7 },
                { salesforceUserId: '005000000000002AAA', replyUserId: 7 }
            ]
        });
        expect(
            problemsOf(parseStep(stepRecord('People_To_Leads', { Owner_Mappings__c: sameReplyOwner }), catalog))
        ).toEqual([expect.stringContaining('each Reply owner may appear once in a Reply -> Salesforce step')]);
    });

    it('refuses a filter type that does not fit the source, and unknown default filters', () => {
        const sfFilter = JSON.stringify({ version: 1, filter: { type: 'default', key: 'replied' } });
        expect(problemsOf(parseStep(stepRecord('Leads_To_People', { Filter__c: sfFilter }), catalog))[0]).toContain(
            'does not apply to Leads in Salesforce'
        );
        const unknown = JSON.stringify({ version: 1, filter: { type: 'default', key: 'sleeping' } });
        expect(problemsOf(parseStep(stepRecord('People_To_Leads', { Filter__c: unknown }), catalog))[0]).toContain(
            '"sleeping" is not a default filter'
        );
    });

    it('names an unknown kind and lists the valid ones', () => {
        expect(
            problemsOf(parseStep(stepRecord('Leads_To_People', { Step_Kind__c: 'Leads_To_Mars' }), catalog))[0]
        ).toMatch(/^Step_Kind__c: "Leads_To_Mars" is not a step kind; expected one of Contacts_To_People, /);
    });

    it('selects active, not removed steps of the chosen profile in sort order', () => {
        const records = [
            stepRecord('People_To_Leads', { DeveloperName: 'B', Sort_Order__c: 20 }),
            stepRecord('Leads_To_People', { DeveloperName: 'A', Sort_Order__c: 10 }),
            stepRecord('People_To_Contacts', { DeveloperName: 'Off', Active__c: false }),
            stepRecord('People_To_Contacts', { DeveloperName: 'Gone', Removed__c: true }),
            stepRecord('Contacts_To_People', { DeveloperName: 'Custom', Profile__c: 'Custom' })
        ];
        expect(selectSteps(records, 'Default', catalog).map((s) => (s.ok ? s.step.name : s.name))).toEqual(['A', 'B']);
        expect(selectSteps(records, 'Custom', catalog).map((s) => (s.ok ? s.step.name : s.name))).toEqual(['Custom']);
        expect(selectSteps(records, 'Default', catalog, 'B').map((s) => (s.ok ? s.step.name : s.name))).toEqual(['B']);
    });

    it('runs the Lead and Contact variants of a Reply-fed people or activity kind side by side, everything else alone', () => {
        const kinds = [
            'People_To_Contacts',
            'People_To_Leads',
            'Leads_To_People',
            'Contacts_To_People',
            'Emails_To_Lead_Tasks',
            'Emails_To_Contact_Tasks',
            'Calls_To_Lead_Tasks',
            'Tasks_To_Lead_Tasks',
            'Tasks_To_Contact_Tasks'
        ];
        const byKey = new Map(catalog.stepKinds.map((k) => [k.key, k]));
        expect(runTogether(kinds, (key) => byKey.get(key), catalog)).toEqual([
            ['People_To_Contacts', 'People_To_Leads'],
            // Salesforce -> Reply variants each import into Reply: one after the other.
            ['Leads_To_People'],
            ['Contacts_To_People'],
            ['Emails_To_Lead_Tasks', 'Emails_To_Contact_Tasks'],
            // Not the same kind's variant: alone.
            ['Calls_To_Lead_Tasks'],
            ['Tasks_To_Lead_Tasks', 'Tasks_To_Contact_Tasks']
        ]);
        // Only next to each other, and never three together; a step that did not parse runs alone.
        expect(
            runTogether(
                ['People_To_Leads', 'Emails_To_Lead_Tasks', 'People_To_Contacts'],
                (key) => byKey.get(key),
                catalog
            )
        ).toEqual([['People_To_Leads'], ['Emails_To_Lead_Tasks'], ['People_To_Contacts']]);
        expect(runTogether(['People_To_Leads', 'People_To_Contacts'], () => undefined, catalog)).toEqual([
            ['People_To_Leads'],
            ['People_To_Contacts']
        ]);
    });
});
