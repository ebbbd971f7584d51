import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { migrationNames } from '../bridge/src/store/migrate.ts';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS, postgresSchema } from '../scripts/prisma-postgres.ts';

describe('the PostgreSQL store', () => {
    it('is derived from the one schema, changing only the provider and the client output', () => {
        const sqlite = readFileSync(new URL('../bridge/prisma/schema.prisma', import.meta.url), 'utf8');
        const derived = postgresSchema(sqlite);
        expect(derived).toContain('provider = "postgresql"');
        expect(derived).toContain('output     = "../prisma-postgres"');
        const models = (text: string) => text.slice(text.indexOf('model '));
        expect(models(derived)).toBe(models(sqlite));
    });

    it('has a migration for every SQLite migration (run `npm run prisma:postgres -- migration NAME` after adding one)', () => {
        expect(migrationNames(POSTGRES_MIGRATIONS)).toEqual(migrationNames(SQLITE_MIGRATIONS));
    });
});
