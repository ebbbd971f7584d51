import { Prisma, type RecordError } from '../../generated/prisma/index.js';
import type { RecordErrorRow, RecordFailure } from '../domain/records.ts';
import { atomically, chunks, upsertRows, type Table } from './batch.ts';
import { inSlices, type Db } from './db.ts';

const RECORD_ERRORS: Table<keyof RecordError> = {
    name: 'RecordError',
    key: ['stepName', 'recordKey'],
    columns: [
        'stepName',
        'recordKey',
        'stepKind',
        'salesforceId',
        'replyId',
        'label',
        'code',
        'message',
        'payload',
        'attempts',
        'resolved',
        'gaveUp',
        'firstSeenAt',
        'lastSeenAt',
        'lastRunId',
        'loggedToSalesforce'
    ]
};

/**
 * What one more failure makes of a record's error row: one more attempt, unless the failure is transient (lock
 * contention or an outage is not the record's fault, and must not use up its retries) or the error was resolved (it
 * starts again); gives up once `retryLimit` attempts have failed.
 */
export function failedRow(
    existing: RecordErrorRow | undefined,
    failure: RecordFailure,
    retryLimit: number,
    now: Date
): RecordErrorRow {
    const counted = failure.transient ? 0 : 1;
    const open = existing && !existing.resolved ? existing : undefined;
    const attempts = open ? open.attempts + counted : counted;
    return {
        stepName: failure.stepName,
        recordKey: failure.recordKey,
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
        firstSeenAt: open ? open.firstSeenAt : now,
        lastSeenAt: now,
        lastRunId: failure.runId,
        loggedToSalesforce: false
    };
}

/** Per-record failures: kept, retried up to a limit, resolved when the record syncs. */
export class RecordErrorRepository {
    constructor(private readonly db: Db) {}

    /** Records a failure (or one more attempt at it): see failedRow. */
    async fail(failure: RecordFailure, retryLimit: number): Promise<RecordErrorRow> {
        // One row: one statement, atomic without a transaction of its own.
        const [row] = await this.write(this.db, [failure], retryLimit);
        return row!;
    }

    /**
     * Records failures in a few statements, all or nothing; several failures of one record count as that many calls
     * of fail would. Returns each record's row as stored.
     */
    async failAll(failures: RecordFailure[], retryLimit: number): Promise<RecordErrorRow[]> {
        if (failures.length === 0) return [];
        return atomically(this.db, (db) => this.write(db, failures, retryLimit));
    }

    private async write(db: Db, failures: RecordFailure[], retryLimit: number): Promise<RecordErrorRow[]> {
        const now = new Date();
        const keyOf = (stepName: string, recordKey: string) => `${stepName}\u0000${recordKey}`;
        const rows = new Map<string, RecordErrorRow>();
        for (const [stepName, recordKeys] of groupBy(
            failures,
            (f) => f.stepName,
            (f) => f.recordKey
        )) {
            const existing = await inSlices([...new Set(recordKeys)], (slice) =>
                db.recordError.findMany({ where: { stepName, recordKey: { in: slice } } })
            );
            for (const row of existing) rows.set(keyOf(row.stepName, row.recordKey), row as RecordErrorRow);
        }
        for (const failure of failures) {
            const key = keyOf(failure.stepName, failure.recordKey);
            rows.set(key, failedRow(rows.get(key), failure, retryLimit, now));
        }
        const out = [...new Set(failures.map((f) => keyOf(f.stepName, f.recordKey)))].map((key) => rows.get(key)!);
        await upsertRows(db, RECORD_ERRORS, out);
        return out;
    }

    /**
     * Marks the records that synced as resolved; returns how many errors that closed. A page resolves every record it
     * synced (thousands), so this is a raw statement, as the look-ups of selectWhereIn are (batch.ts says why).
     */
    async resolve(stepName: string, recordKeys: string[], runId: string): Promise<number> {
        let total = 0;
        // Two parameters a key: room for the statement's own two (the step and the run) under the limit.
        for (const chunk of chunks([...new Set(recordKeys)], 2)) {
            total += await this.db.$executeRaw(
                Prisma.sql`UPDATE "RecordError" SET "resolved" = TRUE, "gaveUp" = FALSE, "lastRunId" = ${runId}, "loggedToSalesforce" = FALSE WHERE "stepName" = ${stepName} AND "resolved" = FALSE AND "recordKey" IN (${Prisma.join(chunk)})`
            );
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

function groupBy<T>(items: T[], key: (item: T) => string, value: (item: T) => string): Map<string, string[]> {
    const groups = new Map<string, string[]>();
    for (const item of items) {
        const group = groups.get(key(item));
        if (group) group.push(value(item));
        else groups.set(key(item), [value(item)]);
    }
    return groups;
}
