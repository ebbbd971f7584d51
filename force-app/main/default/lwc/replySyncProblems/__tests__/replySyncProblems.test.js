import { placedProblems, problemMessage, rowProblemsOf, sectionProblems, verdictMessages } from 'c/replySyncProblems';

const { VERDICTS } = require('replySyncFixtures');

describe('c/replySyncProblems', () => {
    it("words each of the bridge's problems with its code's Custom Label, not the bridge's English", () => {
        const [owners, , multipicklist] = VERDICTS.leadsWithProblems.problems;
        expect(problemMessage(multipicklist)).toBe(
            'Lead.Interests__c is a multi-select picklist, which Reply cannot sync: Reply has no multi-select fields.'
        );
        expect(problemMessage(owners)).toBe(
            'This Salesforce owner is mapped more than once. From Salesforce to Reply, each Salesforce owner can be mapped only once.'
        );
    });

    it("falls back to the bridge's English for a code this console does not know yet", () => {
        expect(problemMessage({ code: 'NEW_IN_THE_BRIDGE', params: {}, message: 'a newer rule' })).toBe('a newer rule');
    });

    it('places each problem on the row it was found on, by the keys the rows had when they were sent', () => {
        const rowKeys = {
            ownerMappings: ['o1', 'o2'],
            sequenceMappings: ['s1', 's2'],
            fieldMappings: ['f1', 'f2', 'f3', 'f4', 'f5'],
            filters: ['c1']
        };
        const problems = placedProblems(VERDICTS.leadsWithProblems, rowKeys);
        expect(problems.map((p) => [p.section, p.rowKey, p.column])).toEqual([
            ['ownerMappings', 'o2', 'salesforceUserId'],
            ['sequenceMappings', 's2', 'replyUserId'],
            ['fieldMappings', 'f5', 'salesforceField'],
            ['filters', 'c1', 'value']
        ]);
        expect(rowProblemsOf(problems, 'ownerMappings')({ key: 'o2' })).toHaveLength(1);
        expect(rowProblemsOf(problems, 'ownerMappings')({ key: 'o1' })).toEqual([]);
        const required = placedProblems({
            problems: [
                {
                    code: 'REQUIRED_MAPPING_MISSING',
                    params: { salesforceField: 'Company', replyField: 'company' },
                    field: { section: 'fieldMappings' }
                }
            ]
        });
        expect(sectionProblems(required, 'fieldMappings').map((p) => p.text)).toEqual([
            'The mapping Company (Salesforce) - company (Reply) is required for this step.'
        ]);
    });

    it('names the step of each problem where no field is shown', () => {
        expect(verdictMessages([VERDICTS.statusesWithProblems], () => 'Statuses')).toEqual([
            'Statuses: replied is mapped more than once (Reply values match in any case). A Reply value maps to one Lead Status.'
        ]);
    });
});
