import type { RecordErrorRow, RecordFailure } from '../domain/records.ts';
import { IN_SLICE, type Db } from './db.ts';

/** Per-record failures: kept, retried up to a limit, resolved when the record syncs. */
export class RecordErrorRepository {
    constructor(private readonly db: Db) {}

    /**
     * Records a failure (or one more attempt at it); gives up once `retryLimit` attempts have failed. A transient
     * failure is recorded (and retried) without counting as an attempt: lock contention or an outage is not the
     * record's fault, and must not use up its retries.
     */
    async fail(failure: RecordFailure, retryLimit: number): Promise<RecordErrorRow> {
        const where = { stepName_recordKey: { stepName: failure.stepName, recordKey: failure.recordKey } };
        const existing = await this.db.recordError.findUnique({ where });
        const counted = failure.transient ? 0 : 1;
        const attempts = existing && !existing.resolved ? existing.attempts + counted : counted;
        const now = new Date();
        const data = {
            stepKind: failure.stepKind,
            salesforceId: failure.salesforceId ?? existing?.salesforceId ?? null,
            replyId: failure.replyId ?? existing?.replyId ?? null,
            label: failure.label ?? existing?.label ?? null,
            code: failure.code,
            message: failure.message,
            payload: failure.payload ?? existing?.payload ?? null,
            attempts,
            resolved: false,
            // A record waiting for its person to reach Salesforce is not at fault: it waits ten times longer.
            gaveUp: attempts >= (failure.code === 'WAITING_FOR_PERSON' ? retryLimit * 10 : retryLimit),
            lastSeenAt: now,
            lastRunId: failure.runId,
            loggedToSalesforce: false
        };
        const row = await this.db.recordError.upsert({
            where,
            create: { stepName: failure.stepName, recordKey: failure.recordKey, ...data, firstSeenAt: now },
            update: existing?.resolved ? { ...data, firstSeenAt: now } : data
        });
        return row as RecordErrorRow;
    }

    /** Marks the records that synced as resolved; returns how many errors that closed. */
    async resolve(stepName: string, recordKeys: string[], runId: string): Promise<number> {
        let total = 0;
        for (let i = 0; i < recordKeys.length; i += IN_SLICE) {
            const { count } = await this.db.recordError.updateMany({
                where: { stepName, recordKey: { in: recordKeys.slice(i, i + IN_SLICE) }, resolved: false },
                data: { resolved: true, gaveUp: false, lastRunId: runId, loggedToSalesforce: false }
            });
            total += count;
        }
        return total;
    }

    /** Failed records still worth retrying, oldest first. */
    async retryable(stepName: string, limit: number): Promise<RecordErrorRow[]> {
        const rows = await this.db.recordError.findMany({
            where: { stepName, resolved: false, gaveUp: false },
            orderBy: { lastSeenAt: 'asc' },
            take: limit
        });
        return rows as RecordErrorRow[];
    }

    async open(stepName?: string): Promise<RecordErrorRow[]> {
        const rows = await this.db.recordError.findMany({
            where: { resolved: false, ...(stepName ? { stepName } : {}) },
            orderBy: { lastSeenAt: 'desc' }
        });
        return rows as RecordErrorRow[];
    }

    async unlogged(limit: number): Promise<RecordErrorRow[]> {
        const rows = await this.db.recordError.findMany({ where: { loggedToSalesforce: false }, take: limit });
        return rows as RecordErrorRow[];
    }

    async markLogged(keys: { stepName: string; recordKey: string; lastSeenAt: Date }[]): Promise<void> {
        for (const key of keys) {
            // Only if nothing changed since it was read: a newer failure must be logged again.
            await this.db.recordError.updateMany({
                where: { stepName: key.stepName, recordKey: key.recordKey, lastSeenAt: key.lastSeenAt },
                data: { loggedToSalesforce: true }
            });
        }
    }
}
