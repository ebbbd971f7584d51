import { createHash, randomUUID } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PrismaClient } from './database.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations/', import.meta.url));

/**
 * Applies the committed migrations that the database has not seen, in name order, each in its own transaction.
 * Bookkeeping uses Prisma's own `_prisma_migrations` table, so `prisma migrate` commands agree with the bridge.
 * (Prisma's CLI cannot run here without a downloaded engine; this keeps start-up self-contained.)
 */
export async function applyMigrations(prisma: PrismaClient, dir: string = MIGRATIONS_DIR): Promise<string[]> {
    await prisma.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
        "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL,
        "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
        "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
    const applied = new Set(
        (
            await prisma.$queryRawUnsafe<{ migration_name: string }[]>(
                'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL'
            )
        ).map((row) => row.migration_name)
    );
    const names = (await readdir(dir, { withFileTypes: true }))
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort();
    const done: string[] = [];
    for (const name of names.filter((n) => !applied.has(n))) {
        const sql = await readFile(join(dir, name, 'migration.sql'), 'utf8');
        const statements = splitStatements(sql);
        await prisma.$transaction(async (tx) => {
            for (const statement of statements) await tx.$executeRawUnsafe(statement);
            await tx.$executeRawUnsafe(
                'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES (?, ?, ?, ?, ?)',
                randomUUID(),
                createHash('sha256').update(sql).digest('hex'),
                new Date().toISOString(),
                name,
                statements.length
            );
        });
        done.push(name);
    }
    return done;
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
