import type { Catalog } from '../catalog/schema.ts';
import { SETTINGS_FIELDS } from './step-settings.ts';
import type { SettingRecord, StepRecord } from './steps.ts';
import { problem, problemText, type StepProblem } from './validation/problems.ts';
import { draftRecord, type StepDraft, type StepVerdict } from './validation/service.ts';
import { parseStep } from './validation/validate.ts';

/**
 * What a change the console asks for deploys: the Custom Metadata records, whole, and a summary of the change. The
 * console's Apex (and the browser sandbox's stand-in of it) give the configuration as they read it, deploy exactly
 * these records and add nothing: which records the first switch to Custom seeds, the developer names of new steps,
 * what the Default profile locks, that a step turns around only to its mirror kind and the limits of a step record
 * are decided here, once (POST /v1/config/plan).
 */

export const PROFILE_DEFAULT = 'Default';
export const PROFILE_CUSTOM = 'Custom';
const PROFILES = [PROFILE_DEFAULT, PROFILE_CUSTOM];
/** A Custom Metadata label and DeveloperName: at most 40 characters. */
const MAX_NAME_LENGTH = 40;
/** Sort_Order__c is a Number(4, 0). */
const MAX_SORT_ORDER = 9999;
const SETTING_LABEL = 'Org Default';
const SETTING_RECORD = 'Org_Default';

export type ConfigChange =
    | { type: 'setting'; enabled: boolean; profile: string }
    | { type: 'connect' }
    | { type: 'disconnect' }
    | { type: 'steps'; drafts: StepDraft[]; unchecked?: boolean }
    | { type: 'stepActive'; developerName: string; active: boolean }
    | { type: 'stepRemoved'; developerName: string };

/** The configuration as the caller read it: the Org_Default record (null before its first deploy), every step record. */
export interface ConfigState {
    setting: SettingRecord | null;
    steps: StepRecord[];
}

type Value = string | number | boolean | null;

/** One Custom Metadata record to deploy, every field given (a deployment replaces the record). */
export interface PlannedRecord {
    type: 'Reply_Sync_Step' | 'Reply_Sync_Setting';
    developerName: string;
    label: string;
    values: Record<string, Value>;
}

export interface ChangeProblem {
    code: string;
    params: Record<string, string | number>;
    message: string;
}

export interface ConfigPlan {
    /** Empty when nothing is to be deployed (refused, or nothing changes). */
    records: PlannedRecord[];
    /** What the deployment is, in a few words: the console shows it while it deploys and when it is done. */
    summary: string;
    /** Why the change is refused (not for steps: their problems are in their verdicts). */
    problems: ChangeProblem[];
    /** Steps only: one verdict per draft, in order, with the developer name a new step gets. */
    verdicts?: StepVerdict[];
    /** Steps only: whether the drafts were checked against the org and Reply (false when saved unchecked). */
    checked?: boolean;
}

/** Checks drafts against the org and Reply as a run would (StepValidationService). */
export type ValidateDrafts = (drafts: StepDraft[]) => Promise<StepVerdict[]>;

export interface PlanContext {
    catalog: Catalog;
    validate: ValidateDrafts;
    /** Whether the bridge reaches both Salesforce and Reply now (for connect). */
    connected: () => Promise<boolean>;
}

export async function planChange(change: ConfigChange, state: ConfigState, context: PlanContext): Promise<ConfigPlan> {
    const setting = currentSetting(state.setting, context.catalog);
    switch (change.type) {
        case 'setting':
            return planSetting(change, setting, state.steps);
        case 'connect':
            return setting.Connected__c || !(await context.connected())
                ? { records: [], summary: 'Connection checked', problems: [] }
                : plan([settingRecord({ ...setting, Connected__c: true })], 'Connection recorded');
        case 'disconnect':
            return plan(
                [settingRecord({ ...setting, Connected__c: false, Enabled__c: false })],
                'Disconnected: syncing stopped'
            );
        case 'stepActive':
            return planOneStep(state.steps, change.developerName, false, (step) =>
                plan(
                    [stepRecord({ ...step, Active__c: change.active })],
                    `${step.MasterLabel} turned ${change.active ? 'on' : 'off'}`
                )
            );
        case 'stepRemoved':
            return planOneStep(state.steps, change.developerName, true, (step) =>
                plan([stepRecord({ ...step, Active__c: false, Removed__c: true })], `${step.MasterLabel} removed`)
            );
        case 'steps':
            return planSteps(change.drafts, change.unchecked === true, setting, state.steps, context);
    }
}

/** The Org_Default record, or the catalog's defaults before it is first deployed. */
function currentSetting(setting: SettingRecord | null, catalog: Catalog): SettingRecord {
    return (
        setting ?? {
            DeveloperName: SETTING_RECORD,
            Enabled__c: catalog.defaults.enabled,
            Profile__c: catalog.defaults.profile,
            Sync_Interval_Minutes__c: catalog.defaults.syncIntervalMinutes,
            Connected__c: false
        }
    );
}

function plan(records: PlannedRecord[], summary: string): ConfigPlan {
    return { records, summary, problems: [] };
}

function refused(code: string, params: Record<string, string | number>): ConfigPlan {
    return { records: [], summary: '', problems: [changeProblem(code as StepProblem['code'], params)] };
}

function changeProblem(code: StepProblem['code'], params: Record<string, string | number>): ChangeProblem {
    return { code, params, message: problemText(problem(code, { section: 'step' }, params)) };
}

/** The Enabled toggle and the profile picker. The first switch to Custom copies the Default steps. */
function planSetting(
    change: { enabled: boolean; profile: string },
    setting: SettingRecord,
    steps: StepRecord[]
): ConfigPlan {
    if (!PROFILES.includes(change.profile)) return refused('PROFILE_UNKNOWN', { profile: change.profile });
    const records = [settingRecord({ ...setting, Enabled__c: change.enabled, Profile__c: change.profile })];
    let seeded = 0;
    if (change.profile === PROFILE_CUSTOM && liveSteps(steps, PROFILE_CUSTOM).length === 0) {
        const names = new Set(steps.map((step) => step.DeveloperName));
        for (const step of liveSteps(steps, PROFILE_DEFAULT)) {
            const kind = step.Step_Kind__c ?? 'Step';
            records.push(
                stepRecord({ ...step, DeveloperName: newDeveloperName(kind, names), Profile__c: PROFILE_CUSTOM })
            );
            seeded++;
        }
    }
    const summary =
        `Integration ${change.enabled ? 'on' : 'off'}, ${change.profile} profile` +
        (seeded > 0 ? ` (${seeded} steps copied from Default)` : '');
    return plan(records, summary);
}

/** A step the change names: it must exist and not be removed; `customOnly` for what the Default profile locks. */
function planOneStep(
    steps: StepRecord[],
    developerName: string,
    customOnly: boolean,
    build: (step: StepRecord) => ConfigPlan
): ConfigPlan {
    const step = steps.find((candidate) => candidate.DeveloperName === developerName);
    if (!step || step.Removed__c) return refused('STEP_NOT_FOUND', { name: developerName });
    if (customOnly && step.Profile__c !== PROFILE_CUSTOM) return refused('STEP_DEFAULT_LOCKED', {});
    return build(step);
}

/**
 * Adds or changes Custom steps: the locks and the record's limits first, then the bridge's check of the settings
 * (or, saved unchecked, only their JSON shapes). Everything deploys, or nothing.
 */
async function planSteps(
    drafts: StepDraft[],
    unchecked: boolean,
    setting: SettingRecord,
    steps: StepRecord[],
    context: PlanContext
): Promise<ConfigPlan> {
    const { catalog } = context;
    const names = new Set(steps.map((step) => step.DeveloperName));
    const named = drafts.map((draft) => {
        const kind = catalog.stepKinds.find((candidate) => candidate.key === draft.stepKind);
        const isNew = !draft.developerName;
        const label = (draft.label?.trim() || kind?.shortLabel || '').slice(0, MAX_NAME_LENGTH);
        const developerName = isNew && kind ? newDeveloperName(kind.key, names) : (draft.developerName ?? null);
        return {
            draft: { ...draft, developerName, label },
            isNew,
            locks: lockProblems(draft, setting, steps, catalog)
        };
    });
    const ready = named.map((item) => item.draft);
    const verdicts = unchecked
        ? ready.map((draft) => shapeVerdict(draft, catalog))
        : await context.validate(ready.map((draft) => ({ ...draft, developerName: draft.developerName ?? null })));
    const withLocks = verdicts.map((verdict, index) => {
        const problems = [...named[index]!.locks, ...verdict.problems];
        return {
            ...verdict,
            developerName: ready[index]!.developerName ?? null,
            valid: problems.length === 0,
            problems
        };
    });
    const checked = !unchecked;
    if (withLocks.some((verdict) => !verdict.valid)) {
        return { records: [], summary: '', problems: [], verdicts: withLocks, checked };
    }
    const records = ready.map((draft) => stepRecord({ ...draftRecord(draft), Profile__c: PROFILE_CUSTOM }));
    const described = named.map(({ draft, isNew }) => (isNew ? `new step ${draft.label}` : draft.label)).join(', ');
    const summary = unchecked ? `${described} (not checked by the bridge)` : described;
    return {
        records,
        summary: summary[0]!.toUpperCase() + summary.slice(1),
        problems: [],
        verdicts: withLocks,
        checked
    };
}

/** Only Custom steps change, only while the Custom profile is in use; a step turns around only to its mirror kind. */
function lockProblems(
    draft: StepDraft,
    setting: SettingRecord,
    steps: StepRecord[],
    catalog: Catalog
): (StepProblem & { message: string })[] {
    const found: StepProblem[] = [];
    const order = draft.sortOrder;
    if (order === null || order === undefined || !Number.isInteger(order) || order < 0 || order > MAX_SORT_ORDER) {
        found.push(problem('SORT_ORDER_INVALID', { section: 'step', column: 'sortOrder' }, { max: MAX_SORT_ORDER }));
    }
    if (setting.Profile__c !== PROFILE_CUSTOM) {
        found.push(problem('PROFILE_NOT_CUSTOM', { section: 'step' }));
    } else if (draft.developerName) {
        const current = steps.find((step) => step.DeveloperName === draft.developerName);
        if (!current || current.Removed__c) {
            found.push(problem('STEP_NOT_FOUND', { section: 'step' }, { name: draft.developerName }));
        } else if (current.Profile__c !== PROFILE_CUSTOM) {
            found.push(problem('STEP_DEFAULT_LOCKED', { section: 'step' }));
        } else if (current.Step_Kind__c !== draft.stepKind) {
            const mirror = catalog.stepKinds.find((kind) => kind.key === current.Step_Kind__c)?.mirrorKind;
            if (mirror !== draft.stepKind) {
                found.push(
                    problem('STEP_TURN_MIRROR_ONLY', { section: 'step', column: 'stepKind' }, { mirror: mirror ?? '-' })
                );
            }
        }
    }
    return found.map((p) => ({ ...p, message: problemText(p) }));
}

/** A draft saved unchecked: only what needs neither the org nor Reply (the JSON shapes, the catalog's rules). */
function shapeVerdict(draft: StepDraft, catalog: Catalog): StepVerdict {
    const parsed = parseStep(draftRecord(draft), catalog);
    const problems = parsed.ok ? [] : parsed.problems.map((p) => ({ ...p, message: problemText(p) }));
    return {
        developerName: draft.developerName ?? null,
        stepKind: draft.stepKind ?? null,
        valid: problems.length === 0,
        problems
    };
}

function liveSteps(steps: StepRecord[], profile: string): StepRecord[] {
    return steps
        .filter((step) => step.Profile__c === profile && !step.Removed__c)
        .sort(
            (a, b) => (a.Sort_Order__c ?? 0) - (b.Sort_Order__c ?? 0) || a.DeveloperName.localeCompare(b.DeveloperName)
        );
}

/** Custom_<Kind>_<n>: unique among every step record (removed ones keep their names), at most 40 characters. */
export function newDeveloperName(kindKey: string, taken: Set<string>): string {
    for (let suffix = 1; ; suffix++) {
        const tail = `_${suffix}`;
        const candidate = `Custom_${kindKey}`.slice(0, MAX_NAME_LENGTH - tail.length) + tail;
        if (!taken.has(candidate)) {
            taken.add(candidate);
            return candidate;
        }
    }
}

function stepRecord(step: StepRecord): PlannedRecord {
    const values: Record<string, Value> = {
        Step_Kind__c: step.Step_Kind__c,
        Profile__c: step.Profile__c,
        Active__c: step.Active__c && !step.Removed__c,
        Sort_Order__c: step.Sort_Order__c,
        Removed__c: step.Removed__c
    };
    for (const field of Object.keys(SETTINGS_FIELDS) as (keyof typeof SETTINGS_FIELDS)[]) {
        values[field] = step[field];
    }
    return { type: 'Reply_Sync_Step', developerName: step.DeveloperName, label: step.MasterLabel, values };
}

function settingRecord(setting: SettingRecord): PlannedRecord {
    return {
        type: 'Reply_Sync_Setting',
        developerName: SETTING_RECORD,
        label: SETTING_LABEL,
        values: {
            Enabled__c: setting.Enabled__c,
            Profile__c: setting.Profile__c,
            Connected__c: setting.Connected__c,
            Sync_Interval_Minutes__c: setting.Sync_Interval_Minutes__c
        }
    };
}
