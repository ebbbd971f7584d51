import { findKind } from 'c/replySyncCatalog';
import { duplicateDraft, flipDraft, moveDrafts, newStepDraft, nextSortOrder, recordDraft } from 'c/replySyncDrafts';

const { catalog, step } = require('replySyncFixtures');

const LEADS_STEP = step('A', 'Leads_To_People', { sortOrder: 10 });
const steps = [
    LEADS_STEP,
    { ...LEADS_STEP, developerName: 'B', sortOrder: 20 },
    { ...LEADS_STEP, developerName: 'C', sortOrder: 40 }
];

describe('c/replySyncDrafts', () => {
    it('adds new steps last, on, with the preset mappings', () => {
        expect(nextSortOrder(steps)).toBe(50);
        expect(nextSortOrder([])).toBe(10);
        expect(nextSortOrder([{ sortOrder: 9995 }])).toBe(9999);
        const draft = newStepDraft(findKind(catalog, 'Statuses_To_Lead_Statuses'), steps, catalog);
        expect(draft).toMatchObject({
            developerName: null,
            label: 'People Statuses to Lead Statuses',
            active: true,
            sortOrder: 50,
            fieldMappings: null
        });
        expect(JSON.parse(draft.valueMappings).mappings).toHaveLength(6);
        expect(
            JSON.parse(newStepDraft(findKind(catalog, 'Leads_To_People'), steps, catalog).fieldMappings).mappings
        ).toHaveLength(4);
    });

    it('duplicates a step under a new name with the same settings', () => {
        const copy = duplicateDraft(LEADS_STEP, steps);
        expect(copy).toMatchObject({
            developerName: null,
            label: 'Leads to People (copy)',
            active: false,
            sortOrder: 50
        });
        expect(copy.fieldMappings).toBe(LEADS_STEP.fieldMappings);
    });

    it('flips a people step to its mirror, clearing what no longer applies', () => {
        const flipped = flipDraft(
            {
                ...LEADS_STEP,
                filter: '{"version":1,"filter":{"type":"salesforceConditions","conditions":[{"field":"Email","operator":"isNotBlank"}]}}'
            },
            catalog
        );
        expect(flipped).toMatchObject({
            developerName: 'A',
            stepKind: 'People_To_Leads',
            label: 'People to Leads',
            filter: '{"version":1,"filter":null}',
            sequenceMappings: null,
            fieldMappings: LEADS_STEP.fieldMappings,
            ownerMappings: LEADS_STEP.ownerMappings
        });
        expect(flipDraft({ ...LEADS_STEP, stepKind: 'Emails_To_Lead_Tasks' }, catalog)).toBeUndefined();
    });

    it('moves a step by renumbering only what changes', () => {
        const drafts = moveDrafts(steps, 2, -1);
        expect(drafts.map((draft) => `${draft.developerName}:${draft.sortOrder}`)).toEqual(['C:20', 'B:30']);
        expect(moveDrafts(steps, 0, -1)).toEqual([]);
        expect(recordDraft(LEADS_STEP, { active: false })).toMatchObject({
            developerName: 'A',
            active: false,
            sortOrder: 10
        });
    });
});
