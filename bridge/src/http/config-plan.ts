import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Logger } from '../logging.ts';
import type { ConfigChange, ConfigPlan, ConfigState } from '../sync/config-changes.ts';
import { SETTINGS_FIELDS } from '../sync/step-settings.ts';
import { draftSchema, stepCheckRoute } from './steps-validate.ts';

const longText = z.string().nullable();

/** A Reply_Sync_Step__mdt record as the caller read it (bridge/openapi.yaml StepRecord). */
const stepRecordSchema = z.strictObject({
    DeveloperName: z.string().min(1).max(40),
    MasterLabel: z.string().max(40),
    Step_Kind__c: z.string().max(40).nullable(),
    Profile__c: z.string().max(40).nullable(),
    Active__c: z.boolean(),
    Sort_Order__c: z.number().nullable(),
    Removed__c: z.boolean(),
    ...(Object.fromEntries(Object.keys(SETTINGS_FIELDS).map((field) => [field, longText])) as Record<
        keyof typeof SETTINGS_FIELDS,
        typeof longText
    >)
});

const settingRecordSchema = z.strictObject({
    DeveloperName: z.string().min(1).max(40),
    Enabled__c: z.boolean(),
    Profile__c: z.string().max(40).nullable(),
    Sync_Interval_Minutes__c: z.number().nullable(),
    Connected__c: z.boolean()
});

const name = z.string().min(1).max(40);
const changeSchema = z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('setting'), enabled: z.boolean(), profile: z.string().max(40) }),
    z.strictObject({ type: z.literal('connect') }),
    z.strictObject({ type: z.literal('disconnect') }),
    z.strictObject({
        type: z.literal('steps'),
        drafts: z.array(draftSchema).min(1).max(50),
        unchecked: z.boolean().optional()
    }),
    z.strictObject({ type: z.literal('stepActive'), developerName: name, active: z.boolean() }),
    z.strictObject({ type: z.literal('stepRemoved'), developerName: name })
]);

const requestSchema = z.strictObject({
    change: changeSchema,
    setting: settingRecordSchema.nullable(),
    steps: z.array(stepRecordSchema).max(500)
});

/**
 * POST /v1/config/plan: what a configuration change from the console deploys (sync/config-changes.ts). The console's
 * Apex sends the change with the configuration it read and deploys the records answered, nothing else. A refusal is
 * an answer (200 with problems or verdicts); 502 means the steps could not be checked against Salesforce or Reply.
 */
export function configPlanHandlers(
    planChange: (change: ConfigChange, state: ConfigState) => Promise<ConfigPlan>,
    logger: Logger,
    bodyChecks: RequestHandler[]
): RequestHandler[] {
    return stepCheckRoute(
        requestSchema,
        ({ change, setting, steps }) => planChange(change as ConfigChange, { setting, steps }),
        logger,
        bodyChecks
    );
}
