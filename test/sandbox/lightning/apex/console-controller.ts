import { formatLabel } from '../platform/labels.ts';
import { soqlString } from '../platform/org.ts';
import { callBridge } from './bridge-service.ts';
import { deploy, plan, saveSteps } from './config-service.ts';
import type { ApexContext, ApexImplementation } from './context.ts';
import { ApexError } from './errors.ts';
import * as model from './models.ts';

/**
 * ReplySyncConsoleController with its selector: each method as the Apex does it, through the REST API as the
 * signed-in user (`with sharing`, `WITH SECURITY_ENFORCED`) and the bridge through the Named Credential. The
 * Configure permission is checked where the Apex checks it; everything a change deploys is the bridge's plan.
 */

const CONFIGURE = 'Reply_Sync_Configure';
const MAX_ROWS = 500;
const DEFAULT_ROWS = 100;

const rowLimit = (maxRows: unknown) =>
    typeof maxRows !== 'number' || maxRows <= 0 ? DEFAULT_ROWS : Math.min(maxRows, MAX_ROWS);

function requireConfigure(context: ApexContext): void {
    if (!context.session.customPermissions.includes(CONFIGURE)) {
        throw new ApexError(formatLabel(context.labels, 'Reply_Sync_Permission_Denied'));
    }
}

async function query(context: ApexContext, soql: string): Promise<Record<string, unknown>[]> {
    return (await context.session.connection.query<Record<string, unknown>>(soql)).records;
}

async function getConsoleState(context: ApexContext) {
    const [setting] = await query(
        context,
        "SELECT DeveloperName, Enabled__c, Profile__c, Connected__c, Sync_Interval_Minutes__c FROM Reply_Sync_Setting__mdt WHERE DeveloperName = 'Org_Default'"
    );
    if (!setting) throw new ApexError(formatLabel(context.labels, 'Reply_Sync_Setting_Missing'));
    const steps = await query(
        context,
        `SELECT ${model.STEP_FIELDS} FROM Reply_Sync_Step__mdt WHERE Profile__c = ${soqlString(String(setting.Profile__c))} AND Removed__c = false ORDER BY Sort_Order__c, DeveloperName`
    );
    const lastRuns = new Map<string, ReturnType<typeof model.logEntry>>();
    if (steps.length > 0) {
        const names = steps.map((step) => soqlString(String(step.DeveloperName))).join(', ');
        // None when the user may not read the logs.
        const rows = await query(
            context,
            `SELECT ${model.LOG_FIELDS} FROM Reply_Sync_Log__c WHERE Step_Name__c IN (${names}) ORDER BY Started_At__c DESC NULLS LAST, CreatedDate DESC LIMIT 500`
        ).catch(() => []);
        for (const row of rows) {
            if (!lastRuns.has(String(row.Step_Name__c))) lastRuns.set(String(row.Step_Name__c), model.logEntry(row));
        }
    }
    return {
        setting: model.setting(setting),
        steps: steps.map((step) => model.step(step, lastRuns.get(String(step.DeveloperName)))),
        canConfigure: context.session.customPermissions.includes(CONFIGURE),
        canDeploy: await context.session.holdsCustomizeApplication()
    };
}

async function getSalesforceFields(context: ApexContext, { objectApiName }: Record<string, unknown>) {
    const objects = new Set(context.catalog.stepKinds.map((kind) => kind.salesforceObject));
    if (typeof objectApiName !== 'string' || !objects.has(objectApiName)) {
        throw new ApexError(formatLabel(context.labels, 'Reply_Sync_Unsupported_Object', objectApiName));
    }
    // The REST describe leaves out the fields the user cannot read, and names types as the console expects.
    const describe = await context.session.connection.describe(objectApiName);
    return describe.fields.map((field) => ({
        name: field.name,
        label: field.label,
        type: field.type,
        writable: Boolean(field.createable || field.updateable),
        filterable: Boolean(field.filterable)
    }));
}

async function getLogs(context: ApexContext, { status, stepName, maxRows }: Record<string, unknown>) {
    const conditions = [
        ...(typeof status === 'string' && status.trim() ? [`Status__c = ${soqlString(status)}`] : []),
        ...(typeof stepName === 'string' && stepName.trim() ? [`Step_Name__c = ${soqlString(stepName)}`] : [])
    ];
    const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
    const rows = await query(
        context,
        `SELECT ${model.LOG_FIELDS} FROM Reply_Sync_Log__c${where} ORDER BY Started_At__c DESC NULLS LAST, CreatedDate DESC LIMIT ${rowLimit(maxRows)}`
    );
    return rows.map(model.logEntry);
}

async function getRecordErrors(context: ApexContext, { includeResolved, maxRows }: Record<string, unknown>) {
    const resolved = includeResolved === true ? '(true, false)' : '(false)';
    const rows = await query(
        context,
        `SELECT Id, Name, Step_Name__c, Step_Kind__c, Record_Label__c, Salesforce_Record_Id__c, Reply_Record_Id__c, Error_Code__c, Message__c, Attempts__c, Gave_Up__c, Resolved__c, First_Seen_At__c, Last_Seen_At__c FROM Reply_Sync_Error__c WHERE Resolved__c IN ${resolved} ORDER BY Last_Seen_At__c DESC NULLS LAST, CreatedDate DESC LIMIT ${rowLimit(maxRows)}`
    );
    return rows.map(model.recordError);
}

async function getDeploymentStatus(context: ApexContext, { jobId }: Record<string, unknown>) {
    const [row] = await query(
        context,
        `SELECT Job_Id__c, Status__c, Summary__c, Message__c, Completed_At__c FROM Reply_Sync_Deployment__c WHERE Job_Id__c = ${soqlString(String(jobId ?? ''))} LIMIT 1`
    );
    if (!row) throw new ApexError(formatLabel(context.labels, 'Reply_Sync_Deployment_Unknown'));
    return model.deployment(row);
}

/** The bridge, live: only with the Configure permission. */
function bridgeCall(
    method: string,
    path: (params: Record<string, unknown>) => string,
    body?: (p: Record<string, unknown>) => unknown
) {
    return async (context: ApexContext, params: Record<string, unknown>) => {
        requireConfigure(context);
        return callBridge(context, method, path(params), body?.(params));
    };
}

/** A change the bridge plans and this deploys: only with the Configure permission. */
function change(build: (params: Record<string, unknown>) => Record<string, unknown>) {
    return async (context: ApexContext, params: Record<string, unknown>) => {
        requireConfigure(context);
        return deploy(context, await plan(context, build(params)));
    };
}

export function consoleController(draftProperties: string[]): Record<string, ApexImplementation> {
    // As the platform deserializes List<ReplySyncStepDraft>: its properties, each present (null when not given).
    const drafts = (value: unknown) =>
        Array.isArray(value)
            ? value.map((draft: Record<string, unknown>) =>
                  Object.fromEntries(draftProperties.map((name) => [name, draft?.[name] ?? null]))
              )
            : value;
    return {
        getConsoleState,
        getCatalog: async (context) => context.catalog,
        getSalesforceFields,
        getLeadStatuses: async (context) =>
            (
                await query(
                    context,
                    'SELECT ApiName, MasterLabel FROM LeadStatus WHERE IsConverted = false ORDER BY SortOrder'
                )
            ).map((row) => ({ value: row.ApiName, label: row.MasterLabel })),
        getActiveUsers: async (context) =>
            (
                await query(
                    context,
                    "SELECT Id, Name, Email FROM User WHERE IsActive = true AND UserType = 'Standard' ORDER BY Name LIMIT 2000"
                )
            ).map((row) => ({ id: row.Id, name: row.Name, email: row.Email ?? null })),
        getLogs,
        getRecordErrors,
        getDeploymentStatus,
        getBridgeStatus: bridgeCall('GET', () => '/v1/status'),
        getReplyOptions: bridgeCall('GET', () => '/v1/reply/options'),
        startSync: bridgeCall(
            'POST',
            () => '/v1/sync',
            ({ stepName }) => (typeof stepName === 'string' && stepName.trim() ? { step: stepName } : {})
        ),
        getRun: async (context, params) => {
            requireConfigure(context);
            if (typeof params.runId !== 'string' || !params.runId.trim()) {
                throw new ApexError(formatLabel(context.labels, 'Reply_Sync_Bridge_Run_Not_Found'));
            }
            return callBridge(context, 'GET', `/v1/runs/${encodeURIComponent(params.runId)}`);
        },
        validateSteps: bridgeCall(
            'POST',
            () => '/v1/steps/validate',
            (params) => ({ steps: drafts(params.drafts) })
        ),
        connect: async (context) => {
            requireConfigure(context);
            const status = await callBridge(context, 'GET', '/v1/status');
            const canDeploy = await context.session.holdsCustomizeApplication();
            return {
                status,
                deployment: canDeploy ? await deploy(context, await plan(context, { type: 'connect' })) : null
            };
        },
        disconnect: change(() => ({ type: 'disconnect' })),
        saveSetting: change(({ enabled, profile }) => ({ type: 'setting', enabled: enabled === true, profile })),
        saveSteps: async (context, params) => {
            requireConfigure(context);
            return saveSteps(context, drafts(params.drafts), params.unchecked);
        },
        setStepActive: change(({ developerName, active }) => ({
            type: 'stepActive',
            developerName,
            active: active === true
        })),
        removeStep: change(({ developerName }) => ({ type: 'stepRemoved', developerName }))
    };
}
