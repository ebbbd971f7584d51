import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../../generated/prisma/index.js';
import { ConfigError } from '../errors.ts';

export type { PrismaClient } from '../../generated/prisma/index.js';

/** A Prisma client over the database DATABASE_URL names. SQLite files get their folder created. */
export function createPrismaClient(databaseUrl: string): PrismaClient {
    if (databaseUrl.startsWith('file:')) {
        const path = databaseUrl.slice('file:'.length).split('?')[0]!;
        if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
        return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl, timeout: 10_000 }) });
    }
    throw new ConfigError(
        'DATABASE_UNSUPPORTED',
        `DATABASE_URL=${databaseUrl.replace(/\/\/[^@]*@/, '//***@')}: this build stores its state in SQLite (file:...). ` +
            'PostgreSQL for several bridge processes is not available yet.'
    );
}
