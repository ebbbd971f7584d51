// Prisma CLI configuration for the PostgreSQL store (scripts/prisma-postgres.ts): the JavaScript schema engine over
// the pg driver adapter, so `prisma migrate diff` runs offline.
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

export default defineConfig({
    experimental: { adapter: true },
    schema: 'bridge/generated/postgres/schema.prisma',
    engine: 'js',
    adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL })
});
