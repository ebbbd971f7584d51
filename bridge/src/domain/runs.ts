/** Runs and their steps as the bridge records and reports them. */

export interface RunStepCounts {
    read: number;
    created: number;
    updated: number;
    skipped: number;
    failed: number;
    salesforceApiCalls: number;
    replyApiCalls: number;
}

export const emptyCounts = (): RunStepCounts => ({
    read: 0,
    created: 0,
    updated: 0,
    skipped: 0,
    failed: 0,
    salesforceApiCalls: 0,
    replyApiCalls: 0
});

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed';
/**
 * Why a run stopped before its last step: a login or API key refused (credentials); an API allowance spent (budget:
 * Salesforce's daily allowance, or a Reply rate-limit wait longer than a run waits); a service that gave no answer
 * through a call's attempts (unavailable).
 */
export type RunStop = 'credentials' | 'budget' | 'unavailable';
/** `paused`: the step needs a Reply capability this key lacks; it did not run, its cursor stays (not a failure). */
export type RunStepStatus = 'pending' | 'running' | 'succeeded' | 'partial' | 'failed' | 'skipped' | 'paused';
export type RunTrigger = 'scheduled' | 'syncNow' | 'webhook' | 'commandLine' | 'startup';

export interface RunStepRecord extends RunStepCounts {
    runId: string;
    stepName: string;
    stepKind: string;
    label: string;
    position: number;
    status: RunStepStatus;
    message: string | null;
    startedAt: Date | null;
    finishedAt: Date | null;
    loggedToSalesforce: boolean;
}

export interface RunRecord {
    id: string;
    status: RunStatus;
    trigger: RunTrigger;
    dryRun: boolean;
    stepFilter: string | null;
    message: string | null;
    stoppedBy: RunStop | null;
    createdAt: Date;
    startedAt: Date | null;
    finishedAt: Date | null;
    steps: RunStepRecord[];
}
