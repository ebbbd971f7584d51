import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma/index.js';
import { PrismaClient as PostgresPrismaClient } from '../../generated/prisma-postgres/index.js';
import { sqliteOneAtATime } from './sqlite-lock.ts';

export type { PrismaClient } from '../../generated/prisma/index.js';

export type Dialect = 'sqlite' | 'postgresql';

export function dialectOf(databaseUrl: string): Dialect {
    return databaseUrl.startsWith('file:') ? 'sqlite' : 'postgresql';
}

/**
 * A Prisma client over the database DATABASE_URL names: a SQLite file (its folder is created), or PostgreSQL when
 * several bridge processes share the work. Both clients come from the same models (scripts/prisma-postgres.ts), so
 * the store uses them alike.
 */
export function createPrismaClient(databaseUrl: string): PrismaClient {
    if (dialectOf(databaseUrl) === 'sqlite') {
        const path = databaseUrl.slice('file:'.length).split('?')[0]!;
        if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
        return new PrismaClient({ adapter: sqliteOneAtATime({ url: databaseUrl, timeout: 10_000 }) });
    }
    return new PostgresPrismaClient({
        adapter: new PrismaPg({ connectionString: databaseUrl })
    }) as unknown as PrismaClient;
}
