import type { Catalog, StepKind } from '../catalog/schema.ts';
import type { StepRecord } from '../salesforce/step-records.ts';
import {
    type FieldMappings,
    type OwnerMappings,
    type SequenceMappings,
    type StepFilter,
    type ValueMappings
} from './step-settings.ts';
import type { StepProblem } from './validation/problems.ts';
import { parseStep } from './validation/validate.ts';

export type { SettingRecord, StepRecord } from '../salesforce/step-records.ts';

/** A step ready to run: its kind from the catalog and its settings parsed and checked (validation/validate.ts). */
export interface Step {
    name: string;
    label: string;
    kind: StepKind;
    sortOrder: number;
    active: boolean;
    profile: string;
    fieldMappings: FieldMappings['mappings'];
    filter: StepFilter | null;
    ownerMappings: OwnerMappings['mappings'];
    sequenceMappings: SequenceMappings['mappings'];
    valueMappings: ValueMappings['mappings'];
}

export type ParsedStep =
    | { ok: true; step: Step }
    | {
          ok: false;
          name: string;
          label: string;
          kindKey: string;
          sortOrder: number;
          active: boolean;
          profile: string;
          problems: StepProblem[];
      };

/**
 * The steps a run executes: the setting's profile, active, not removed, in Sort_Order__c order; optionally one step.
 * Invalid ones are kept (to be reported), valid ones become Steps.
 */
export function selectSteps(records: StepRecord[], profile: string, catalog: Catalog, only?: string): ParsedStep[] {
    return records
        .filter((r) => runsInProfile(r, profile))
        .filter((r) => only === undefined || r.DeveloperName === only)
        .sort(
            (a, b) => (a.Sort_Order__c ?? 0) - (b.Sort_Order__c ?? 0) || a.DeveloperName.localeCompare(b.DeveloperName)
        )
        .map((r) => parseStep(r, catalog));
}

/** The one rule for "this step record runs in this profile": active, not removed, and of the profile. */
export function runsInProfile(record: StepRecord, profile: string): boolean {
    return record.Active__c && !record.Removed__c && (record.Profile__c ?? 'Default') === profile;
}

/** Is a step of this kind active in this profile (the records of other profiles never count). */
export function kindActiveIn(records: StepRecord[], profile: string, kindKey: string | undefined): boolean {
    return kindKey !== undefined && records.some((r) => r.Step_Kind__c === kindKey && runsInProfile(r, profile));
}

/**
 * The same kind for the other Salesforce object (People -> Leads for People -> Contacts, Emails -> Contact Tasks for
 * Emails -> Lead Tasks): same family, Reply source and direction.
 */
export function otherObjectKind(catalog: Catalog, kind: StepKind): StepKind | undefined {
    return catalog.stepKinds.find(
        (k) =>
            k.family === kind.family &&
            k.replySource === kind.replySource &&
            k.source.system === kind.source.system &&
            k.target.system === kind.target.system &&
            k.salesforceObject !== kind.salesforceObject
    );
}

/** The families whose Lead and Contact variants may run side by side (their executors follow a shared feed). */
const SIDE_BY_SIDE: readonly StepKind['family'][] = ['people', 'activity'];

/**
 * The run's steps in order, in groups that run at the same time: a step that reads a Reply feed, with the same kind
 * for the other object right after it. The two read one shared feed and write different objects; the second follows
 * the first page by page (RunShared.pagesFor), so each page is decided as if they ran one after the other, while the
 * second's Salesforce writes overlap the first's Reply reads. Every other step runs alone. Pure.
 */
export function runTogether<T>(steps: T[], kindOf: (step: T) => StepKind | undefined, catalog: Catalog): T[][] {
    const groups: T[][] = [];
    for (const step of steps) {
        const last = groups[groups.length - 1];
        const lead = last?.length === 1 ? kindOf(last[0]!) : undefined;
        const kind = kindOf(step);
        const beside =
            lead !== undefined &&
            kind !== undefined &&
            lead.source.system === 'reply' &&
            SIDE_BY_SIDE.includes(lead.family) &&
            otherObjectKind(catalog, lead)?.key === kind.key;
        if (beside) last!.push(step);
        else groups.push([step]);
    }
    return groups;
}
