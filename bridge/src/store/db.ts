import type { Prisma } from '../../generated/prisma/index.js';
import type { PrismaClient } from './database.ts';

/** What a repository works on: the plain client or a transaction. */
export type Db = PrismaClient | Prisma.TransactionClient;

/** SQLite takes at most 999 bound parameters a statement; look-ups by many keys go in slices (two lists of 400 fit). */
export const IN_SLICE = 400;
export async function inSlices<T>(keys: string[], load: (slice: string[]) => Promise<T[]>): Promise<T[]> {
    const out: T[] = [];
    for (let i = 0; i < keys.length; i += IN_SLICE) out.push(...(await load(keys.slice(i, i + IN_SLICE))));
    return out;
}
