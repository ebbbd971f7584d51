import type { ConfigPlan, PlannedRecord } from '../../../../bridge/src/sync/config-changes.ts';
import { formatLabel } from '../platform/labels.ts';
import { BridgeError, callBridge } from './bridge-service.ts';
import type { ApexContext } from './context.ts';
import { ApexError } from './errors.ts';
import { STEP_FIELDS, deployment } from './models.ts';

/**
 * ReplySyncConfigService's changes, ReplySyncMetadataDeployer and ReplySyncDeployCallback: the change goes to the
 * bridge with the configuration as read (POST /v1/config/plan) and exactly the records it plans are deployed. Nothing
 * here decides what a change deploys.
 */

const SETTING_QUERY =
    "SELECT DeveloperName, Enabled__c, Profile__c, Sync_Interval_Minutes__c, Connected__c FROM Reply_Sync_Setting__mdt WHERE DeveloperName = 'Org_Default'";
const TYPES = ['Reply_Sync_Step', 'Reply_Sync_Setting'];

/** ReplySyncMetadataDeployer.requireDeployable: Salesforce deploys custom metadata only for Customize Application. */
export async function requireDeployable(context: ApexContext): Promise<void> {
    if (!(await context.session.holdsCustomizeApplication())) {
        throw new ApexError(formatLabel(context.labels, 'Reply_Sync_Deployment_Needs_Customize_Application'));
    }
}

/** The bridge's plan for a change, with the configuration as the user reads it. */
export async function plan(context: ApexContext, change: Record<string, unknown>): Promise<ConfigPlan> {
    await requireDeployable(context);
    const { connection } = context.session;
    const [settingRow] = (await connection.query<Record<string, unknown>>(SETTING_QUERY)).records;
    const steps = (
        await connection.query<Record<string, unknown>>(
            `SELECT ${STEP_FIELDS} FROM Reply_Sync_Step__mdt ORDER BY Sort_Order__c, DeveloperName`
        )
    ).records;
    const record = (row: Record<string, unknown>, fields: string) =>
        Object.fromEntries(fields.split(', ').map((field) => [field, row[field] ?? null]));
    return (await callBridge(context, 'POST', '/v1/config/plan', {
        change,
        setting: settingRow
            ? record(settingRow, 'DeveloperName, Enabled__c, Profile__c, Sync_Interval_Minutes__c, Connected__c')
            : null,
        steps: steps.map((row) => record(row, STEP_FIELDS))
    })) as unknown as ConfigPlan;
}

/** Deploys the plan's records (refused with its problems); null when it deploys nothing. */
export async function deploy(context: ApexContext, planned: ConfigPlan) {
    if (planned.problems.length > 0) throw new ApexError(planned.problems.map((p) => p.message).join('\n'));
    if (planned.records.length === 0) return null;
    for (const record of planned.records) {
        if (!TYPES.includes(record.type)) {
            throw new ApexError(formatLabel(context.labels, 'Reply_Sync_Deployment_Wrong_Type', record.type));
        }
    }
    return deployRecords(context, planned.records, planned.summary);
}

async function deployRecords(context: ApexContext, records: PlannedRecord[], summary: string) {
    await requireDeployable(context);
    const { connection, system } = context.session;
    const describe = await connection.describe('Reply_Sync_Deployment__c').catch(() => undefined);
    if (!describe?.createable) throw new ApexError(formatLabel(context.labels, 'Reply_Sync_Deployment_No_Access'));
    const jobId = context.deployments.enqueue(records, async (id, outcome) => {
        // ReplySyncDeployCallback runs without sharing, whoever Salesforce runs it as.
        await system.sobject('Reply_Sync_Deployment__c').upsert(
            {
                Job_Id__c: id,
                Status__c: outcome.succeeded ? 'Succeeded' : 'Failed',
                Message__c: outcome.message,
                Completed_At__c: new Date().toISOString()
            },
            'Job_Id__c'
        );
    });
    const pending: Record<string, unknown> = {
        Job_Id__c: jobId,
        Status__c: 'Pending',
        Summary__c: summary.length > 255 ? `${summary.slice(0, 252)}...` : summary
    };
    // Security.stripInaccessible(AccessType.CREATABLE): fields the user may not set are left out.
    const creatable = new Set(describe.fields.filter((field) => field.createable).map((field) => field.name));
    const row = Object.fromEntries(Object.entries(pending).filter(([name]) => creatable.has(name)));
    const saved = await connection.sobject('Reply_Sync_Deployment__c').create(row);
    if (!saved.success) throw new ApexError(JSON.stringify(saved.errors));
    return deployment({ ...row, Status__c: row.Status__c ?? null });
}

/** ReplySyncConfigService.saveSteps: deployed, refused with the bridge's verdicts, or not checked and why. */
export async function saveSteps(context: ApexContext, drafts: unknown, unchecked: unknown) {
    if (!Array.isArray(drafts) || drafts.length === 0) {
        throw new ApexError(formatLabel(context.labels, 'Reply_Sync_Deployment_Nothing'));
    }
    const result = {
        deployment: null as ReturnType<typeof deployment> | null,
        checked: false,
        validation: null as Record<string, unknown> | null,
        uncheckedReason: null as string | null
    };
    let planned: ConfigPlan;
    try {
        planned = await plan(context, { type: 'steps', drafts, unchecked: unchecked === true });
    } catch (error) {
        if (!(error instanceof BridgeError)) throw error;
        result.uncheckedReason = error.message;
        return result;
    }
    result.checked = true;
    result.validation = { steps: planned.verdicts ?? null };
    result.deployment = await deploy(context, planned);
    return result;
}
