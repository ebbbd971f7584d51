import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../bridge/src/catalog/load.ts';
import type { DescribeField } from '../bridge/src/salesforce/describe.ts';
import { problemText } from '../bridge/src/sync/validation/problems.ts';
import { draftRecord, type StepDraft } from '../bridge/src/sync/validation/service.ts';
import { validateStep, validationContextOf } from '../bridge/src/sync/validation/validate.ts';

/**
 * The console's jest tests render the bridge's verdicts from force-app/test/fixtures: here each verdict is checked to
 * be exactly what the bridge's validator answers for that draft, against the org and Reply the fixtures describe. So
 * the console is tested against the bridge's real answers, and a change to a rule shows in both.
 */

// @ts-expect-error: the fixtures are the console's plain JavaScript
import * as fixtures from '../force-app/test/fixtures/replySyncFixtures.js';
const catalog = loadCatalog();

type ConsoleField = { name: string; label: string; type: string; writable: boolean; filterable: boolean };
const describeOf = (name: string, fields: ConsoleField[]) => ({
    name,
    label: name,
    fields: fields.map((f): DescribeField => ({
        name: f.name,
        label: f.label,
        type: f.type,
        length: 255,
        picklistValues: [],
        restrictedPicklist: false,
        externalId: false,
        unique: false,
        createable: f.writable,
        updateable: f.writable,
        nillable: true,
        filterable: f.filterable
    }))
});

const context = validationContextOf(
    {
        describes: new Map([['Lead', describeOf('Lead', fixtures.LEAD_FIELDS)]]),
        leadStatuses: fixtures.LEAD_STATUSES.map((s: { value: string; label: string }) => ({
            ApiName: s.value,
            MasterLabel: s.label,
            IsConverted: false,
            IsDefault: false
        }))
    },
    fixtures.REPLY_OPTIONS.fields
);

function verdictOf(draft: StepDraft) {
    const problems = validateStep(draftRecord(draft), catalog, context);
    return {
        developerName: draft.developerName,
        stepKind: draft.stepKind,
        valid: problems.length === 0,
        problems: problems.map((p) => ({ ...p, message: problemText(p) }))
    };
}

describe("the console's fixtures", () => {
    it("hold the bridge's real verdicts on their drafts", () => {
        expect(verdictOf(fixtures.draftOf(fixtures.LEADS_WITH_PROBLEMS))).toEqual(fixtures.VERDICTS.leadsWithProblems);
        expect(verdictOf(fixtures.draftOf(fixtures.STATUSES_WITH_PROBLEMS))).toEqual(
            fixtures.VERDICTS.statusesWithProblems
        );
        for (const stored of fixtures.CUSTOM_STEPS) {
            const draft = fixtures.draftOf(stored);
            expect(verdictOf(draft), stored.developerName).toEqual(fixtures.VERDICTS.valid(draft));
        }
    });
});
