import { Prisma } from '../../generated/prisma/index.js';
import type { Dialect } from './database.ts';
import type { Db } from './db.ts';

/**
 * Batch writes: a backfill saves thousands of rows a page, so they go as a few multi-row statements, not one round trip
 * a row. The SQL is what SQLite and PostgreSQL both take (INSERT ... ON CONFLICT (key) DO UPDATE SET c = excluded.c).
 */

/**
 * Bound parameters one statement may carry: SQLite's SQLITE_MAX_VARIABLE_NUMBER as better-sqlite3 builds it, and
 * PostgreSQL's (the wire protocol counts them in 16 bits).
 */
export const PARAMETER_LIMITS: Record<Dialect, number> = { sqlite: 32_766, postgresql: 65_535 };

/** Statements stay under the smaller limit, so one bound holds whichever database the store runs on. */
const STATEMENT_PARAMETERS = Math.min(...Object.values(PARAMETER_LIMITS));

/** How many rows of `parametersPerRow` parameters one statement takes. */
export function rowsPerStatement(parametersPerRow: number): number {
    return Math.floor(STATEMENT_PARAMETERS / parametersPerRow);
}

export function chunks<T>(rows: T[], parametersPerRow: number): T[][] {
    const size = rowsPerStatement(parametersPerRow);
    const out: T[][] = [];
    for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
    return out;
}

/**
 * The last row of each key, in the order those last rows came: what saving the rows one by one would leave (and one
 * statement may not touch a row twice on PostgreSQL).
 */
export function lastByKey<T>(rows: T[], key: (row: T) => string): T[] {
    const last = new Map<string, number>();
    rows.forEach((row, i) => last.set(key(row), i));
    return rows.filter((row, i) => last.get(key(row)) === i);
}

/** A table's name and columns as Prisma maps them (the models in prisma/schema.prisma, no @@map). */
export interface Table<C extends string> {
    name: string;
    /** The primary key's columns: what ON CONFLICT matches. */
    key: readonly C[];
    columns: readonly C[];
    /** Columns an existing row keeps (e.g. createdAt); it takes every other non-key column from the new row. */
    kept?: readonly C[];
}

/** The columns an existing row takes from the new one. */
function updated<C extends string>(table: Table<C>): C[] {
    return table.columns.filter((c) => !table.key.includes(c) && !table.kept?.includes(c));
}

const quoted = (identifier: string) => Prisma.raw(`"${identifier}"`);

/** Inserts or updates each row; of rows with the same key, the last one is written. */
export async function upsertRows<C extends string>(db: Db, table: Table<C>, rows: Record<C, unknown>[]): Promise<void> {
    const columns = Prisma.join(table.columns.map(quoted));
    const set = Prisma.join(updated(table).map((c) => Prisma.sql`${quoted(c)} = excluded.${quoted(c)}`));
    const unique = lastByKey(rows, (row) => table.key.map((c) => String(row[c])).join('\u0000'));
    for (const chunk of chunks(unique, table.columns.length)) {
        const values = Prisma.join(chunk.map((row) => Prisma.sql`(${Prisma.join(table.columns.map((c) => row[c]))})`));
        await db.$executeRaw(
            Prisma.sql`INSERT INTO ${quoted(table.name)} (${columns}) VALUES ${values} ON CONFLICT (${Prisma.join(table.key.map(quoted))}) DO UPDATE SET ${set}`
        );
    }
}

/**
 * The `columns` of the rows whose `matched` columns (any of them) hold one of `values`: a look-up by many keys, as a
 * few statements at the parameter limit. Raw, because Prisma's findMany compiles every query in its query compiler
 * (WebAssembly, on the event loop) at a cost that grows with its parameters: a backfill page's look-ups of 10,000
 * keys took about a second each that way and held the event loop meanwhile; a raw statement takes a fifth of that.
 * The values come back as the database holds them (text here: no DateTime or JSON conversion).
 */
export async function selectWhereIn<C extends string>(
    db: Db,
    table: Table<C>,
    columns: readonly C[],
    matched: readonly C[],
    values: string[]
): Promise<Record<C, unknown>[]> {
    const out: Record<C, unknown>[] = [];
    const selected = Prisma.join(columns.map(quoted));
    for (const chunk of chunks([...new Set(values)], matched.length)) {
        const list = Prisma.join(chunk);
        const where = Prisma.join(
            matched.map((column) => Prisma.sql`${quoted(column)} IN (${list})`),
            ' OR '
        );
        out.push(
            ...(await db.$queryRaw<Record<C, unknown>[]>(
                Prisma.sql`SELECT ${selected} FROM ${quoted(table.name)} WHERE ${where}`
            ))
        );
    }
    return out;
}

/** A DateTime column's value as a raw statement returns it: a Date (PostgreSQL), epoch ms or ISO text (SQLite). */
export function dateOf(value: unknown): Date {
    if (value instanceof Date) return value;
    return new Date(typeof value === 'bigint' ? Number(value) : (value as string | number));
}

/** Deletes the rows whose `column` is one of `values`. */
export async function deleteWhereIn<C extends string>(
    db: Db,
    table: Table<C>,
    column: C,
    values: string[]
): Promise<void> {
    for (const chunk of chunks([...new Set(values)], 1))
        await db.$executeRaw(
            Prisma.sql`DELETE FROM ${quoted(table.name)} WHERE ${quoted(column)} IN (${Prisma.join(chunk)})`
        );
}

/** Runs `work` in one transaction, so a call's several statements commit together: the caller's if it is in one. */
export async function atomically<T>(db: Db, work: (db: Db) => Promise<T>): Promise<T> {
    return '$transaction' in db ? db.$transaction((tx) => work(tx), { timeout: 60_000, maxWait: 30_000 }) : work(db);
}
