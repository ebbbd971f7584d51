import type { Prisma } from '../../generated/prisma/index.js';
import type { PrismaClient } from './database.ts';

/** What a repository works on: the plain client or a transaction. */
export type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Look-ups by many keys go in slices: Prisma splits its own queries at 999 bound parameters on SQLite, and two lists
 * of 400 fit. Batch writes (batch.ts) are raw statements sized to the databases' own limits.
 */
export const IN_SLICE = 400;
export async function inSlices<T>(keys: string[], load: (slice: string[]) => Promise<T[]>): Promise<T[]> {
    const out: T[] = [];
    for (let i = 0; i < keys.length; i += IN_SLICE) out.push(...(await load(keys.slice(i, i + IN_SLICE))));
    return out;
}
