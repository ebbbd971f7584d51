import { ConfigError } from '../errors.ts';
import { redactUrl } from '../redact.ts';
import { CursorRepository } from './cursors.ts';
import { createPrismaClient, dialectOf, type PrismaClient } from './database.ts';
import type { Db } from './db.ts';
import { RecordErrorRepository } from './errors.ts';
import { SyncedItemRepository } from './items.ts';
import { LeaseRepository } from './leases.ts';
import { EndedLinkRepository, LinkRepository } from './links.ts';
import { applyMigrations } from './migrate.ts';
import { BulkJobRepository } from './bulk-jobs.ts';
import { ReplyCallCountRepository, ReplyPersonRepository } from './reply-state.ts';
import { RunRepository } from './runs.ts';
import { WebhookInboxRepository } from './webhook-inbox.ts';

/**
 * The bridge's state, one repository per concept (the domain types are in ../domain/). Every repository works on the
 * plain client or inside a transaction: `store.transaction(async (tx) => { tx.links...; tx.cursors... })` commits
 * links and the cursor together.
 */

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
