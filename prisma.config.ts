// Prisma CLI configuration: the JavaScript schema engine over the better-sqlite3 driver adapter, so every CLI command
// runs offline (Prisma's native schema engine would have to be downloaded).
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

export default defineConfig({
    experimental: { adapter: true },
    schema: path.join('bridge', 'prisma', 'schema.prisma'),
    migrations: { path: path.join('bridge', 'prisma', 'migrations') },
    engine: 'js',
    adapter: async () => new PrismaBetterSQLite3({ url: process.env.DATABASE_URL ?? 'file:./.data/prisma-cli.db' })
});
