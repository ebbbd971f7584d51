import type { Logger } from '../logging.ts';
import type { SalesforceClient, SObjectRecord } from '../salesforce/client.ts';
import type { RecordErrorRow } from '../domain/records.ts';
import type { RunStepRecord, RunTrigger } from '../domain/runs.ts';
import type { Store } from '../store/store.ts';

/** Rows per call: one sObject Collection. A run writes its logs in a call or two, never one per step or record. */
const ROWS_PER_WRITE = 200;

const STATUS: Record<RunStepRecord['status'], string> = {
    pending: 'Skipped',
    running: 'Running',
    succeeded: 'Succeeded',
    partial: 'Partial',
    failed: 'Failed',
    skipped: 'Skipped',
    paused: 'Paused'
};

const TRIGGER: Record<RunTrigger, string> = {
    scheduled: 'Scheduled',
    syncNow: 'Sync Now',
    webhook: 'Webhook',
    commandLine: 'Command Line',
    startup: 'Startup'
};

const clip = (text: string | null | undefined, length: number) =>
    text && text.length > length ? text.slice(0, length) : (text ?? null);

/** A run step as its Reply_Sync_Log__c row, keyed by run and step so a re-run never writes it twice. Pure. */
export function logRow(step: RunStepRecord, trigger: RunTrigger): SObjectRecord {
    return {
        Run_Step_Key__c: `${step.runId}:${step.stepName}`,
        Run_Id__c: step.runId,
        Step_Name__c: clip(step.stepName, 40),
        Step_Kind__c: clip(step.stepKind, 40),
        Step_Label__c: clip(step.label, 255),
        Status__c: STATUS[step.status],
        Trigger__c: TRIGGER[trigger],
        Dry_Run__c: false,
        Started_At__c: step.startedAt?.toISOString() ?? null,
        Finished_At__c: step.finishedAt?.toISOString() ?? null,
        Records_Read__c: step.read,
        Records_Created__c: step.created,
        Records_Updated__c: step.updated,
        Records_Skipped__c: step.skipped,
        Records_Failed__c: step.failed,
        Salesforce_Api_Calls__c: step.salesforceApiCalls,
        Reply_Api_Calls__c: step.replyApiCalls,
        Message__c: clip(step.message, 32_000)
    };
}

/** A failing record as its Reply_Sync_Error__c row, keyed by step and record. Pure. */
export function errorRow(error: RecordErrorRow): SObjectRecord {
    return {
        Error_Key__c: clip(`${error.stepName}:${error.recordKey}`, 160),
        Step_Name__c: clip(error.stepName, 40),
        Step_Kind__c: clip(error.stepKind, 40),
        Salesforce_Record_Id__c: clip(error.salesforceId, 18),
        Reply_Record_Id__c: clip(error.replyId, 64),
        Record_Label__c: clip(error.label, 255),
        Error_Code__c: clip(error.code, 80),
        Message__c: clip(error.message, 32_000),
        Attempts__c: error.attempts,
        Resolved__c: error.resolved,
        Gave_Up__c: error.gaveUp,
        First_Seen_At__c: error.firstSeenAt.toISOString(),
        Last_Seen_At__c: error.lastSeenAt.toISOString(),
        Last_Run_Id__c: clip(error.lastRunId, 64)
    };
}

/**
 * Brings Reply_Sync_Log__c and Reply_Sync_Error__c up to date with the store: every step result and every record
 * error the org has not seen yet (including those a crash kept from being written), upserted in batches. A failure
 * here never fails the sync: the rows stay marked and go out with the next run.
 */
export async function writeSalesforceLogs(
    salesforce: SalesforceClient,
    store: Store,
    logger: Logger,
    triggers: (runId: string) => Promise<RunTrigger>
): Promise<{ logs: number; errors: number }> {
    let logs = 0;
    let errors = 0;
    try {
        for (;;) {
            const steps = (await store.runs.unloggedSteps(ROWS_PER_WRITE)).filter(
                (s) => s.status !== 'running' && s.status !== 'pending'
            );
            if (steps.length === 0) break;
            const rows = await Promise.all(steps.map(async (s) => logRow(s, await triggers(s.runId))));
            const outcomes = await salesforce.upsert('Reply_Sync_Log__c', 'Run_Step_Key__c', rows);
            const written = steps.filter((_, i) => outcomes[i]!.ok);
            await store.runs.markStepsLogged(written);
            logs += written.length;
            const refused = outcomes.find((o) => !o.ok);
            if (refused && !refused.ok)
                throw new Error(`Reply_Sync_Log__c: ${refused.issue.code}: ${refused.issue.message}`);
        }
        for (;;) {
            const rows = await store.errors.unlogged(ROWS_PER_WRITE);
            if (rows.length === 0) break;
            const outcomes = await salesforce.upsert('Reply_Sync_Error__c', 'Error_Key__c', rows.map(errorRow));
            const written = rows.filter((_, i) => outcomes[i]!.ok);
            await store.errors.markLogged(written);
            errors += written.length;
            const refused = outcomes.find((o) => !o.ok);
            if (refused && !refused.ok)
                throw new Error(`Reply_Sync_Error__c: ${refused.issue.code}: ${refused.issue.message}`);
        }
    } catch (error) {
        logger.warn({ err: error }, 'run logs not written to Salesforce yet; they go out with the next run');
    }
    return { logs, errors };
}
