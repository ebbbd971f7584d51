/** Per-record state: failures kept for retry and the items a step wrote (their content hashes). */

export interface RecordFailure {
    stepName: string;
    stepKind: string;
    recordKey: string;
    salesforceId?: string | null;
    replyId?: string | null;
    label?: string | null;
    code: string;
    message: string;
    runId: string;
    /** JSON a retry needs when the record cannot be read again by id. */
    payload?: string | null;
    /**
     * The failure is the service's, not the record's (lock contention, a 5xx, no answer): it is retried like any
     * other but does not count against the record's retry limit.
     */
    transient?: boolean;
}

export interface RecordErrorRow extends Required<Omit<RecordFailure, 'runId' | 'transient'>> {
    attempts: number;
    resolved: boolean;
    gaveUp: boolean;
    firstSeenAt: Date;
    lastSeenAt: Date;
    lastRunId: string;
    loggedToSalesforce: boolean;
}

export interface SyncedItemRow {
    key: string;
    stepName: string;
    hash: string;
    salesforceId: string | null;
    pending: boolean;
    payload: string | null;
}

export interface WebhookEventRow {
    seq: number;
    eventId: string;
    type: string;
    payload: string;
    receivedAt: Date;
    processedAt: Date | null;
}
