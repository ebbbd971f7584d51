import { createHash, randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dialect, PrismaClient } from './database.ts';

export const MIGRATIONS_DIRS: Record<Dialect, string> = {
    sqlite: fileURLToPath(new URL('../../prisma/migrations/', import.meta.url)),
    postgresql: fileURLToPath(new URL('../../prisma/postgres-migrations/', import.meta.url))
};

const BOOKKEEPING: Record<Dialect, string> = {
    sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
        "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL,
        "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
        "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`,
    postgresql: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
        "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
        "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
        "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`
};

const RECORD: Record<Dialect, string> = {
    sqlite: 'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES (?, ?, ?, ?, ?)',
    postgresql:
        'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, $3::timestamptz, $4, $5)'
};

/** Any number: it names the lock bridge processes take while migrating one PostgreSQL database. */
const MIGRATION_LOCK = 726_611_305;

/**
 * Applies the committed migrations that the database has not seen, in name order, each in its own transaction.
 * Bookkeeping uses Prisma's own `_prisma_migrations` table, so `prisma migrate` commands agree with the bridge.
 * On PostgreSQL an advisory lock keeps bridge processes that start together from applying one migration twice.
 * (Prisma's CLI cannot run here without a downloaded engine; this keeps start-up self-contained.)
 */
export async function applyMigrations(
    prisma: PrismaClient,
    dialect: Dialect = 'sqlite',
    dir: string = MIGRATIONS_DIRS[dialect]
): Promise<string[]> {
    await prisma.$executeRawUnsafe(BOOKKEEPING[dialect]);
    const done: string[] = [];
    for (const name of migrationNames(dir)) {
        const sql = await readFile(join(dir, name, 'migration.sql'), 'utf8');
        const statements = splitStatements(sql);
        const applied = await prisma.$transaction(
            async (tx) => {
                if (dialect === 'postgresql')
                    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
                const seen = await tx.$queryRawUnsafe<unknown[]>(
                    `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '${name.replace(/'/g, "''")}' AND finished_at IS NOT NULL AND rolled_back_at IS NULL`
                );
                if (seen.length > 0) return false;
                for (const statement of statements) await tx.$executeRawUnsafe(statement);
                await tx.$executeRawUnsafe(
                    RECORD[dialect],
                    randomUUID(),
                    createHash('sha256').update(sql).digest('hex'),
                    new Date().toISOString(),
                    name,
                    statements.length
                );
                return true;
            },
            { timeout: 60_000, maxWait: 60_000 }
        );
        if (applied) done.push(name);
    }
    return done;
}

/** The migrations in a directory (one folder each), in the order they apply. */
export function migrationNames(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort();
}

/** Prisma's generated SQL: statements end with ";" at the end of a line; comments start with "--". */
export function splitStatements(sql: string): string[] {
    return sql
        .split(/;\s*$/m)
        .map((part) =>
            part
                .split('\n')
                .filter((line) => !line.trim().startsWith('--'))
                .join('\n')
                .trim()
        )
        .filter((statement) => statement.length > 0);
}
