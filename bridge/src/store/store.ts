import { hostname } from 'node:os';
import type { Prisma } from '../../generated/prisma/index.js';
import { ConfigError } from '../errors.ts';
import { redactUrl } from '../redact.ts';
import { createPrismaClient, dialectOf, type PrismaClient } from './database.ts';
import { applyMigrations } from './migrate.ts';
import { BulkJobRepository } from './bulk-jobs.ts';
import { ReplyCallCountRepository, ReplyPersonRepository } from './reply-state.ts';

/**
 * The bridge's state, behind small repositories. Every repository works on the plain client or inside a
 * transaction: `store.transaction(async (tx) => { tx.links...; tx.cursors... })` commits links and the cursor together.
 */

type Db = PrismaClient | Prisma.TransactionClient;

export type SalesforcePersonType = 'Lead' | 'Contact';

/** Field -> short hash of the value last synced on one side. */
export type FieldHashes = Record<string, string>;

export interface PersonLink {
    replyContactId: string;
    salesforceId: string;
    salesforceType: SalesforcePersonType;
    email: string | null;
    previousSalesforceId: string | null;
    salesforceHashes: FieldHashes;
    replyHashes: FieldHashes;
}

/** A keyset position: everything at or before (ts, id) was processed; `skip` counts rows already taken at `ts`. */
export interface CursorValue {
    ts: string;
    id?: string;
    skip?: number;
}

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

function toLink(row: {
    replyContactId: string;
    salesforceId: string;
    salesforceType: string;
    email: string | null;
    previousSalesforceId: string | null;
    salesforceHashes: string;
    replyHashes: string;
}): PersonLink {
    return {
        ...row,
        salesforceType: row.salesforceType as SalesforcePersonType,
        salesforceHashes: JSON.parse(row.salesforceHashes) as FieldHashes,
        replyHashes: JSON.parse(row.replyHashes) as FieldHashes
    };
}

/** SQLite takes at most 999 bound parameters a statement; look-ups by many keys go in slices (two lists of 400 fit). */
const IN_SLICE = 400;
async function inSlices<T>(keys: string[], load: (slice: string[]) => Promise<T[]>): Promise<T[]> {
    const out: T[] = [];
    for (let i = 0; i < keys.length; i += IN_SLICE) out.push(...(await load(keys.slice(i, i + IN_SLICE))));
    return out;
}

export class CursorRepository {
    constructor(private readonly db: Db) {}

    async get(stepName: string): Promise<CursorValue | undefined> {
        const row = await this.db.stepCursor.findUnique({ where: { stepName } });
        return row ? (JSON.parse(row.value) as CursorValue) : undefined;
    }

    async set(stepName: string, value: CursorValue): Promise<void> {
        const json = JSON.stringify(value);
        await this.db.stepCursor.upsert({
            where: { stepName },
            create: { stepName, value: json },
            update: { value: json }
        });
    }

    async reset(stepName: string): Promise<void> {
        await this.db.stepCursor.deleteMany({ where: { stepName } });
    }
}

export class LinkRepository {
    constructor(private readonly db: Db) {}

    async byReplyIds(ids: string[]): Promise<Map<string, PersonLink>> {
        const rows = await inSlices(ids, (slice) =>
            this.db.personLink.findMany({ where: { replyContactId: { in: slice } } })
        );
        return new Map(rows.map((row) => [row.replyContactId, toLink(row)]));
    }

    /** Looks up by current Salesforce id, and by the converted Lead id a link followed. */
    async bySalesforceIds(ids: string[]): Promise<Map<string, PersonLink>> {
        const rows = await inSlices(ids, (slice) =>
            this.db.personLink.findMany({
                where: { OR: [{ salesforceId: { in: slice } }, { previousSalesforceId: { in: slice } }] }
            })
        );
        const map = new Map<string, PersonLink>();
        for (const row of rows) {
            const link = toLink(row);
            map.set(link.salesforceId, link);
            if (link.previousSalesforceId) map.set(link.previousSalesforceId, link);
        }
        return map;
    }

    async byEmails(emails: string[]): Promise<Map<string, PersonLink>> {
        const rows = await inSlices(
            emails.map((e) => e.toLowerCase()),
            (slice) => this.db.personLink.findMany({ where: { email: { in: slice } } })
        );
        return new Map(rows.map((row) => [row.email!, toLink(row)]));
    }

    /**
     * Creates or replaces the link of each Reply person; a Salesforce id linked elsewhere moves to this person. A new
     * link ends what an ended link said of the person (a live record has their email again).
     */
    async save(links: PersonLink[]): Promise<void> {
        const ids = links.map((l) => l.replyContactId);
        for (let i = 0; i < ids.length; i += IN_SLICE)
            await this.db.endedLink.deleteMany({ where: { replyContactId: { in: ids.slice(i, i + IN_SLICE) } } });
        for (const link of links) {
            const data = {
                salesforceId: link.salesforceId,
                salesforceType: link.salesforceType,
                email: link.email?.toLowerCase() ?? null,
                previousSalesforceId: link.previousSalesforceId,
                salesforceHashes: JSON.stringify(link.salesforceHashes),
                replyHashes: JSON.stringify(link.replyHashes)
            };
            await this.db.personLink.deleteMany({
                where: { salesforceId: link.salesforceId, NOT: { replyContactId: link.replyContactId } }
            });
            await this.db.personLink.upsert({
                where: { replyContactId: link.replyContactId },
                create: { replyContactId: link.replyContactId, ...data },
                update: data
            });
        }
    }

    async count(): Promise<number> {
        return this.db.personLink.count();
    }

    /** Ends the links of these Reply people (they no longer exist in Reply): nothing is kept of them. */
    async remove(replyContactIds: string[]): Promise<void> {
        for (let i = 0; i < replyContactIds.length; i += IN_SLICE)
            await this.db.personLink.deleteMany({
                where: { replyContactId: { in: replyContactIds.slice(i, i + IN_SLICE) } }
            });
    }
}

/** A link that ended because its Salesforce record was deleted or merged away (schema.prisma, EndedLink). */
export interface EndedLinkRow {
    replyContactId: string;
    salesforceId: string;
    salesforceType: SalesforcePersonType;
    reason: string;
    endedAt: Date;
}

export class EndedLinkRepository {
    constructor(private readonly db: Db) {}

    /** Ends these links: each person's link is removed and what happened to their record is kept. */
    async end(rows: Omit<EndedLinkRow, 'endedAt'>[], at: Date): Promise<void> {
        for (const row of rows) {
            await this.db.personLink.deleteMany({ where: { replyContactId: row.replyContactId } });
            const data = {
                salesforceId: row.salesforceId,
                salesforceType: row.salesforceType,
                reason: row.reason,
                endedAt: at
            };
            await this.db.endedLink.upsert({
                where: { replyContactId: row.replyContactId },
                create: { replyContactId: row.replyContactId, ...data },
                update: data
            });
        }
    }

    async byReplyIds(ids: string[]): Promise<Map<string, EndedLinkRow>> {
        const rows = await inSlices(ids, (slice) =>
            this.db.endedLink.findMany({ where: { replyContactId: { in: slice } } })
        );
        return new Map(rows.map((row) => [row.replyContactId, row as EndedLinkRow]));
    }
}

export class SyncedItemRepository {
    constructor(private readonly db: Db) {}

    async get(keys: string[]): Promise<Map<string, SyncedItemRow>> {
        const rows = await inSlices(keys, (slice) => this.db.syncedItem.findMany({ where: { key: { in: slice } } }));
        return new Map(rows.map((row) => [row.key, row]));
    }

    /** Records items as written; `pending` marks writes about to be sent (their payload says how to finish them). */
    async save(
        items: (Omit<SyncedItemRow, 'pending' | 'payload'> & { payload?: string | null })[],
        pending = false
    ): Promise<void> {
        for (const item of items) {
            const data = {
                stepName: item.stepName,
                hash: item.hash,
                salesforceId: item.salesforceId,
                pending,
                payload: pending ? (item.payload ?? null) : null
            };
            await this.db.syncedItem.upsert({
                where: { key: item.key },
                create: { key: item.key, ...data },
                update: data
            });
        }
    }

    async pending(stepName: string): Promise<SyncedItemRow[]> {
        return this.db.syncedItem.findMany({ where: { stepName, pending: true } });
    }

    async remove(keys: string[]): Promise<void> {
        await this.db.syncedItem.deleteMany({ where: { key: { in: keys } } });
    }
}

export class RunRepository {
    constructor(private readonly db: Db) {}

    async create(run: { id: string; trigger: RunTrigger; dryRun: boolean; stepFilter: string | null }): Promise<void> {
        await this.db.run.create({ data: { ...run, status: 'queued' } });
    }

    async update(
        id: string,
        data: Partial<Pick<RunRecord, 'status' | 'message' | 'stoppedBy' | 'startedAt' | 'finishedAt'>>
    ): Promise<void> {
        await this.db.run.update({ where: { id }, data });
    }

    async saveStep(step: Omit<RunStepRecord, 'loggedToSalesforce'> & { loggedToSalesforce?: boolean }): Promise<void> {
        const { runId, stepName, ...data } = step;
        await this.db.runStep.upsert({
            where: { runId_stepName: { runId, stepName } },
            create: { runId, stepName, ...data },
            update: data
        });
    }

    async get(id: string): Promise<RunRecord | undefined> {
        const row = await this.db.run.findUnique({
            where: { id },
            include: { steps: { orderBy: { position: 'asc' } } }
        });
        return row ? (row as unknown as RunRecord) : undefined;
    }

    async list(limit: number): Promise<RunRecord[]> {
        const rows = await this.db.run.findMany({
            orderBy: { createdAt: 'desc' },
            take: limit,
            include: { steps: { orderBy: { position: 'asc' } } }
        });
        return rows as unknown as RunRecord[];
    }

    /** Runs that a crash left queued or running: they are marked failed at start-up. */
    async abandon(message: string): Promise<number> {
        const { count } = await this.db.run.updateMany({
            where: { status: { in: ['queued', 'running'] } },
            data: { status: 'failed', message, finishedAt: new Date() }
        });
        await this.db.runStep.updateMany({
            where: { status: { in: ['pending', 'running'] } },
            data: { status: 'failed', message, finishedAt: new Date(), loggedToSalesforce: false }
        });
        return count;
    }

    async unloggedSteps(limit: number): Promise<RunStepRecord[]> {
        const rows = await this.db.runStep.findMany({
            where: { loggedToSalesforce: false, run: { dryRun: false } },
            orderBy: [{ runId: 'asc' }, { position: 'asc' }],
            take: limit
        });
        return rows as RunStepRecord[];
    }

    async markStepsLogged(keys: { runId: string; stepName: string }[]): Promise<void> {
        for (const key of keys) {
            await this.db.runStep.updateMany({
                where: { runId: key.runId, stepName: key.stepName },
                data: { loggedToSalesforce: true }
            });
        }
    }
}

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

export interface WebhookEventRow {
    seq: number;
    eventId: string;
    type: string;
    payload: string;
    receivedAt: Date;
    processedAt: Date | null;
}

export class WebhookInboxRepository {
    constructor(private readonly db: Db) {}

    /** Stores an event once; returns false when an event with the same id is already stored. */
    async add(event: { eventId: string; type: string; payload: string }): Promise<boolean> {
        const existing = await this.db.webhookEvent.findUnique({ where: { eventId: event.eventId } });
        if (existing) return false;
        try {
            await this.db.webhookEvent.create({ data: event });
            return true;
        } catch (error) {
            if ((error as { code?: string }).code === 'P2002') return false; // a concurrent delivery of the same event
            throw error;
        }
    }

    async unprocessed(limit: number): Promise<WebhookEventRow[]> {
        return this.db.webhookEvent.findMany({ where: { processedAt: null }, orderBy: { seq: 'asc' }, take: limit });
    }

    async markProcessed(seqs: number[]): Promise<void> {
        await this.db.webhookEvent.updateMany({ where: { seq: { in: seqs } }, data: { processedAt: new Date() } });
    }
}

/** A lease holder's name: host, process id and a random part, so a process on the same host can tell a dead holder. */
export function leaseHolder(random: string): string {
    return `${hostname()}:${process.pid}:${random}`;
}

/** True when the holder ran on this host in a process that no longer exists (it crashed or was killed). */
function holderIsDead(holder: string): boolean {
    const [host, pid] = holder.split(':');
    if (host !== hostname() || !pid || Number(pid) === process.pid) return false;
    try {
        process.kill(Number(pid), 0);
        return false;
    } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
}

export class LeaseRepository {
    constructor(private readonly db: Db) {}

    /**
     * Takes the lease when it is free, expired, ours, or held by a dead process on this host; false when another
     * live holder has it. Holders renew while they work, so a lease outlives a crash elsewhere by one TTL at most.
     */
    async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
        const now = new Date();
        const expiresAt = new Date(now.getTime() + ttlMs);
        const current = await this.db.lease.findUnique({ where: { name } });
        if (current && current.holder !== holder && holderIsDead(current.holder)) {
            await this.db.lease.deleteMany({ where: { name, holder: current.holder } });
        }
        const { count } = await this.db.lease.updateMany({
            where: { name, OR: [{ holder }, { expiresAt: { lt: now } }] },
            data: { holder, expiresAt }
        });
        if (count > 0) return true;
        try {
            await this.db.lease.create({ data: { name, holder, expiresAt } });
            return true;
        } catch {
            return false;
        }
    }

    async release(name: string, holder: string): Promise<void> {
        await this.db.lease.deleteMany({ where: { name, holder } });
    }
}

/** Repositories over one client (the database, or a transaction). */
export class Repositories {
    readonly cursors: CursorRepository;
    readonly links: LinkRepository;
    readonly items: SyncedItemRepository;
    readonly runs: RunRepository;
    readonly errors: RecordErrorRepository;
    readonly inbox: WebhookInboxRepository;
    readonly leases: LeaseRepository;
    readonly endedLinks: EndedLinkRepository;
    readonly replyCalls: ReplyCallCountRepository;
    readonly replyPeople: ReplyPersonRepository;

    constructor(db: Db) {
        this.cursors = new CursorRepository(db);
        this.links = new LinkRepository(db);
        this.items = new SyncedItemRepository(db);
        this.runs = new RunRepository(db);
        this.errors = new RecordErrorRepository(db);
        this.inbox = new WebhookInboxRepository(db);
        this.leases = new LeaseRepository(db);
        this.endedLinks = new EndedLinkRepository(db);
        this.replyCalls = new ReplyCallCountRepository(db);
        this.replyPeople = new ReplyPersonRepository(db);
    }
}

export class Store extends Repositories {
    /** Outside Repositories: a Bulk job is journalled at once, never inside a transaction. */
    readonly bulkJobs: BulkJobRepository;

    constructor(readonly prisma: PrismaClient) {
        super(prisma);
        this.bulkJobs = new BulkJobRepository(prisma);
    }

    /** Runs `work` in one database transaction: everything it writes commits together or not at all. */
    async transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
        return this.prisma.$transaction((tx) => work(new Repositories(tx)), { timeout: 60_000, maxWait: 30_000 });
    }

    async close(): Promise<void> {
        await this.prisma.$disconnect();
    }
}

/** Opens the database (SQLite or PostgreSQL), applies pending migrations, and returns the store. */
export async function openStore(databaseUrl: string): Promise<Store> {
    const dialect = dialectOf(databaseUrl);
    let prisma: PrismaClient | undefined;
    try {
        prisma = createPrismaClient(databaseUrl);
        if (dialect === 'sqlite') {
            await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
            await prisma.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
        }
        await applyMigrations(prisma, dialect);
        return new Store(prisma);
    } catch (error) {
        await prisma?.$disconnect().catch(() => undefined);
        throw new ConfigError(
            'DATABASE_UNREACHABLE',
            `DATABASE_URL=${redactUrl(databaseUrl)}: the bridge cannot open or migrate its database (${conciseMessage(error)})`,
            { cause: error }
        );
    }
}

function conciseMessage(error: unknown): string {
    const lines = String((error as Error).message ?? error)
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    return (lines[lines.length - 1] ?? 'unknown error').slice(0, 300);
}
