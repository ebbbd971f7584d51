import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
    newDeveloperName,
    planChange,
    type ConfigState,
    type PlanContext
} from '../../bridge/src/sync/config-changes.ts';
import type { StepRecord } from '../../bridge/src/sync/steps.ts';
import type { StepVerdict } from '../../bridge/src/sync/validation/service.ts';
import { expectMatchesOpenApi } from '../e2e/openapi.ts';
import { API_TOKEN, startWorld, type World } from '../e2e/world.ts';
import { catalog } from './fixtures.ts';

/** What a configuration change from the console deploys (POST /v1/config/plan), decided once in the bridge. */

const FIELDS = '{"version":1,"mappings":[{"salesforceField":"FirstName","replyField":"firstName"}]}';

function step(name: string, kind: string, profile: string, extra: Partial<StepRecord> = {}): StepRecord {
    return {
        DeveloperName: name,
        MasterLabel: catalog.stepKinds.find((k) => k.key === kind)!.shortLabel,
        Step_Kind__c: kind,
        Profile__c: profile,
        Active__c: true,
        Sort_Order__c: 10,
        Removed__c: false,
        Field_Mappings__c: FIELDS,
        Filter__c: null,
        Owner_Mappings__c: null,
        Sequence_Mappings__c: null,
        Value_Mappings__c: null,
        ...extra
    };
}

const setting = (profile: string) => ({
    DeveloperName: 'Org_Default',
    Enabled__c: true,
    Profile__c: profile,
    Sync_Interval_Minutes__c: 120,
    Connected__c: false
});

const valid = (drafts: { developerName?: string | null; stepKind?: string | null }[]): StepVerdict[] =>
    drafts.map((d) => ({
        developerName: d.developerName ?? null,
        stepKind: d.stepKind ?? null,
        valid: true,
        problems: []
    }));

const context: PlanContext = { catalog, validate: async (drafts) => valid(drafts), connected: async () => true };

describe('planning a configuration change', () => {
    const defaults: ConfigState = {
        setting: setting('Default'),
        steps: [
            step('Default_Leads_To_People', 'Leads_To_People', 'Default', { Sort_Order__c: 20 }),
            step('Default_Contacts_To_People', 'Contacts_To_People', 'Default', { Active__c: false }),
            step('Custom_Leads_To_People_1', 'Leads_To_People', 'Custom', { Removed__c: true })
        ]
    };

    it('copies the Default steps, in order and as they are, on the first switch to Custom, under free names', async () => {
        const plan = await planChange({ type: 'setting', enabled: true, profile: 'Custom' }, defaults, context);
        expect(plan.problems).toEqual([]);
        expect(
            plan.records.map((r) => [
                r.type,
                r.developerName,
                r.values.Profile__c,
                r.values.Active__c ?? r.values.Enabled__c
            ])
        ).toEqual([
            ['Reply_Sync_Setting', 'Org_Default', 'Custom', true],
            ['Reply_Sync_Step', 'Custom_Contacts_To_People_1', 'Custom', false],
            // Custom_Leads_To_People_1 belongs to a removed step: names stay taken.
            ['Reply_Sync_Step', 'Custom_Leads_To_People_2', 'Custom', true]
        ]);
        expect(plan.records[1]!.values.Field_Mappings__c).toBe(FIELDS);
        expect(plan.summary).toBe('Integration on, Custom profile (2 steps copied from Default)');
        const again = await planChange(
            { type: 'setting', enabled: false, profile: 'Custom' },
            { ...defaults, steps: [...defaults.steps, step('Custom_X', 'Leads_To_People', 'Custom')] },
            context
        );
        expect(again.records).toHaveLength(1);
        expect(again.summary).toBe('Integration off, Custom profile');
    });

    it('refuses a profile that does not exist and starts from the catalog defaults before Org_Default is deployed', async () => {
        const plan = await planChange({ type: 'setting', enabled: true, profile: 'Mine' }, defaults, context);
        expect(plan.records).toEqual([]);
        expect(plan.problems).toEqual([
            {
                code: 'PROFILE_UNKNOWN',
                params: { profile: 'Mine' },
                message: '"Mine" is not a profile: choose Default or Custom'
            }
        ]);
        const first = await planChange({ type: 'disconnect' }, { setting: null, steps: [] }, context);
        expect(first.records[0]!.values).toEqual({
            Enabled__c: false,
            Profile__c: catalog.defaults.profile,
            Connected__c: false,
            Sync_Interval_Minutes__c: catalog.defaults.syncIntervalMinutes
        });
    });

    it('names new steps, locks the Default profile and turns a step around only to its mirror', async () => {
        const custom: ConfigState = {
            setting: setting('Custom'),
            steps: [
                step('Custom_Leads_To_People_1', 'Leads_To_People', 'Custom'),
                step('Default_Leads_To_People', 'Leads_To_People', 'Default')
            ]
        };
        const plan = await planChange(
            {
                type: 'steps',
                drafts: [
                    { stepKind: 'Leads_To_People', label: '', sortOrder: 30 },
                    {
                        developerName: 'Custom_Leads_To_People_1',
                        stepKind: 'People_To_Leads',
                        label: 'x'.repeat(50),
                        sortOrder: 10
                    }
                ]
            },
            custom,
            context
        );
        expect(plan.verdicts!.map((v) => [v.developerName, v.valid])).toEqual([
            ['Custom_Leads_To_People_2', true],
            ['Custom_Leads_To_People_1', true]
        ]);
        expect(plan.records.map((r) => [r.developerName, r.label, r.values.Step_Kind__c])).toEqual([
            ['Custom_Leads_To_People_2', 'Leads to People', 'Leads_To_People'],
            ['Custom_Leads_To_People_1', 'x'.repeat(40), 'People_To_Leads']
        ]);
        expect(plan.summary).toBe(`New step Leads to People, ${'x'.repeat(40)}`);

        const refused = await planChange(
            {
                type: 'steps',
                drafts: [
                    { developerName: 'Default_Leads_To_People', stepKind: 'Leads_To_People', sortOrder: 10 },
                    { developerName: 'Custom_Leads_To_People_1', stepKind: 'Emails_To_Lead_Tasks', sortOrder: 1.5 },
                    { developerName: 'Custom_Gone', stepKind: 'Leads_To_People', sortOrder: 10 }
                ]
            },
            custom,
            context
        );
        expect(refused.records).toEqual([]);
        expect(refused.verdicts!.map((v) => v.problems.map((p) => p.code))).toEqual([
            ['STEP_DEFAULT_LOCKED'],
            ['SORT_ORDER_INVALID', 'STEP_TURN_MIRROR_ONLY'],
            ['STEP_NOT_FOUND']
        ]);
        expect(refused.verdicts![1]!.problems[1]!.message).toBe('can only be turned around to People_To_Leads');
        const inDefault = await planChange(
            { type: 'steps', drafts: [{ stepKind: 'Leads_To_People', sortOrder: 10 }] },
            defaults,
            context
        );
        expect(inDefault.verdicts![0]!.problems.map((p) => p.code)).toEqual(['PROFILE_NOT_CUSTOM']);
    });

    it('saved unchecked, checks only what needs neither the org nor Reply', async () => {
        const custom: ConfigState = { setting: setting('Custom'), steps: [] };
        const never: PlanContext = { ...context, validate: () => Promise.reject(new Error('not asked')) };
        const broken = await planChange(
            {
                type: 'steps',
                unchecked: true,
                drafts: [{ stepKind: 'Leads_To_People', sortOrder: 10, fieldMappings: '{' }]
            },
            custom,
            never
        );
        expect(broken.checked).toBe(false);
        expect(broken.verdicts![0]!.problems.map((p) => p.code)).toContain('SETTINGS_NOT_JSON');
        const fine = await planChange(
            {
                type: 'steps',
                unchecked: true,
                drafts: [{ stepKind: 'Emails_To_Lead_Tasks', sortOrder: 10, filter: '{"version":1,"filter":null}' }]
            },
            custom,
            never
        );
        expect(fine.records).toHaveLength(1);
        expect(fine.summary).toBe('New step Emails to Lead Tasks (not checked by the bridge)');
    });

    it('removes and toggles only steps that exist, removes only Custom ones, records a connection once', async () => {
        const state: ConfigState = {
            setting: setting('Custom'),
            steps: [step('Custom_A', 'Leads_To_People', 'Custom'), step('Default_B', 'Leads_To_People', 'Default')]
        };
        const removed = await planChange({ type: 'stepRemoved', developerName: 'Custom_A' }, state, context);
        expect(removed.records[0]!.values).toMatchObject({ Removed__c: true, Active__c: false });
        expect(removed.summary).toBe('Leads to People removed');
        expect(
            (await planChange({ type: 'stepRemoved', developerName: 'Default_B' }, state, context)).problems[0]!.code
        ).toBe('STEP_DEFAULT_LOCKED');
        const toggled = await planChange(
            { type: 'stepActive', developerName: 'Default_B', active: false },
            state,
            context
        );
        expect(toggled.records[0]!.values).toMatchObject({ Profile__c: 'Default', Active__c: false });
        expect(
            (await planChange({ type: 'stepActive', developerName: 'Nope', active: true }, state, context)).problems[0]!
                .code
        ).toBe('STEP_NOT_FOUND');

        expect((await planChange({ type: 'connect' }, state, context)).records[0]!.values.Connected__c).toBe(true);
        const down = await planChange({ type: 'connect' }, state, { ...context, connected: async () => false });
        expect(down.records).toEqual([]);
    });

    it('keeps developer names within 40 characters', () => {
        const taken = new Set<string>();
        const long = 'Inbox_Categories_To_Lead_Statuses_Long';
        expect(newDeveloperName(long, taken)).toBe('Custom_Inbox_Categories_To_Lead_Status_1');
        expect(newDeveloperName(long, taken)).toHaveLength(40);
    });
});

describe('POST /v1/config/plan', () => {
    let world: World;
    let base: string;
    beforeAll(async () => {
        world = await startWorld();
        base = await world.bridge.listen(0, '127.0.0.1');
    });
    afterAll(() => world.close());

    async function plan(body: unknown) {
        const response = await fetch(`${base}/v1/config/plan`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
            body: JSON.stringify(body)
        });
        const json = (await response.json()) as Record<string, any>;
        expectMatchesOpenApi('POST', '/v1/config/plan', response.status, json);
        return { status: response.status, body: json };
    }

    it('answers plans, refusals and bad requests as the document says', async () => {
        const state = { setting: setting('Custom'), steps: [step('Custom_A', 'Leads_To_People', 'Custom')] };
        const checked = await plan({
            change: { type: 'steps', drafts: [{ stepKind: 'Leads_To_People', sortOrder: 20, fieldMappings: FIELDS }] },
            ...state
        });
        expect(checked.status).toBe(200);
        // The validator runs use judged it against the org: the required mappings are missing.
        expect(checked.body.checked).toBe(true);
        expect(checked.body.verdicts[0].problems.map((p: { code: string }) => p.code)).toContain(
            'REQUIRED_MAPPING_MISSING'
        );
        expect(checked.body.records).toEqual([]);
        const toggled = await plan({
            change: { type: 'stepActive', developerName: 'Custom_A', active: false },
            ...state
        });
        expect(toggled.body.records[0].values.Active__c).toBe(false);
        expect((await plan({ change: { type: 'steps', drafts: [] }, ...state })).status).toBe(400);
        expect((await plan({ change: { type: 'stepActive', developerName: 'Custom_A' }, ...state })).status).toBe(400);
    });
});
