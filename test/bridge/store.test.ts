import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS_DIRS, applyMigrations, migrationNames } from '../../bridge/src/store/migrate.ts';
import { createPrismaClient } from '../../bridge/src/store/database.ts';
import { leaseHolder } from '../../bridge/src/store/leases.ts';
import { openStore, type Store } from '../../bridge/src/store/store.ts';
import { createPostgresDatabase, sqliteUrl, storeForEachTest } from './databases.ts';

let store: Store;

describe.each(['sqlite', 'postgresql'] as const)('bridge store on %s', (dialect) => {
    storeForEachTest(dialect, (opened) => (store = opened));

    const failure = (recordKey: string, code = 'FIELD_CUSTOM_VALIDATION_EXCEPTION') => ({
        stepName: 'Default_People_To_Leads',
        stepKind: 'People_To_Leads',
        recordKey,
        code,
        message: 'refused',
        runId: 'run-1'
    });

    describe('behaviour', () => {
        it('applies its migrations once, whatever the number of starts', async () => {
            expect(await applyMigrations(store.prisma, dialect)).toEqual([]);
            const applied = await store.prisma.$queryRawUnsafe<{ n: number }[]>(
                'SELECT COUNT(*) AS n FROM "_prisma_migrations"'
            );
            expect(Number(applied[0]!.n)).toBe(migrationNames(MIGRATIONS_DIRS[dialect]).length);
        });

        it('upgrades a database made by an earlier version, keeping its runs', async () => {
            const database =
                dialect === 'sqlite' ? { url: sqliteUrl(), drop: async () => {} } : await createPostgresDatabase();
            const { url } = database;
            const [first, ...later] = migrationNames(MIGRATIONS_DIRS[dialect]);
            const firstOnly = mkdtempSync(join(tmpdir(), 'bridge-migrations-'));
            cpSync(join(MIGRATIONS_DIRS[dialect], first!), join(firstOnly, first!), { recursive: true });
            const old = createPrismaClient(url);
            expect(await applyMigrations(old, dialect, firstOnly)).toEqual([first]);
            // Raw SQL: the generated client already expects the columns of later migrations.
            await old.$executeRawUnsafe(
                `INSERT INTO "Run" ("id", "status", "trigger", "dryRun") VALUES ('old-run', 'succeeded', 'scheduled', false)`
            );
            await old.$disconnect();

            const upgraded = await openStore(url);
            try {
                expect(await applyMigrations(upgraded.prisma, dialect)).toEqual([]);
                expect(await upgraded.runs.get('old-run')).toMatchObject({ status: 'succeeded', stoppedBy: null });
                expect(later.length, 'this test means something once there is a later migration').toBeGreaterThan(0);
            } finally {
                await upgraded.close();
                await database.drop();
            }
        });

        it('retries a failing record up to the limit, then gives up, and reopens it when it fails again after a fix', async () => {
            for (let i = 0; i < 3; i++) await store.errors.fail(failure('reply:1'), 3);
            expect(await store.errors.retryable('Default_People_To_Leads', 10)).toEqual([]);
            const [row] = await store.errors.open();
            expect(row).toMatchObject({ attempts: 3, gaveUp: true, resolved: false });
            expect(await store.errors.resolve('Default_People_To_Leads', ['reply:1'], 'run-2')).toBe(1);
            await store.errors.fail(failure('reply:1'), 3);
            expect((await store.errors.retryable('Default_People_To_Leads', 10))[0]).toMatchObject({
                attempts: 1,
                gaveUp: false
            });
        });

        it('keeps waiting records ten times longer than faulty ones', async () => {
            for (let i = 0; i < 5; i++) await store.errors.fail(failure('activity:email-1', 'WAITING_FOR_PERSON'), 3);
            expect(await store.errors.retryable('Default_People_To_Leads', 10)).toHaveLength(1);
        });

        it('stores a webhook event once', async () => {
            expect(await store.inbox.add({ eventId: 'e1', type: 'email_sent', payload: '{}' })).toBe(true);
            expect(await store.inbox.add({ eventId: 'e1', type: 'email_sent', payload: '{}' })).toBe(false);
            const [event] = await store.inbox.unprocessed(10);
            await store.inbox.markProcessed([event!.seq]);
            expect(await store.inbox.unprocessed(10)).toEqual([]);
        });

        it('gives a step lease to one live holder at a time, and takes it from a dead one', async () => {
            const me = leaseHolder('a');
            const other = leaseHolder('b');
            expect(await store.leases.acquire('step:X', me, 60_000)).toBe(true);
            expect(await store.leases.acquire('step:X', me, 60_000)).toBe(true);
            // Another holder in this (live) process must wait.
            expect(await store.leases.acquire('step:X', other, 60_000)).toBe(false);
            // A process that held it and died.
            const dead = spawnSync(process.execPath, [
                '-e',
                'process.stdout.write(String(process.pid))'
            ]).stdout.toString();
            await store.leases.release('step:X', me);
            expect(await store.leases.acquire('step:X', `${hostname()}:${dead}:zz`, 60_000)).toBe(true);
            expect(await store.leases.acquire('step:X', other, 60_000)).toBe(true);
            // An expired lease is free for anyone.
            expect(await store.leases.acquire('step:Y', 'elsewhere:1:x', -1)).toBe(true);
            expect(await store.leases.acquire('step:Y', me, 60_000)).toBe(true);
        });

        it('commits links and the cursor together, or neither', async () => {
            await expect(
                store.transaction(async (tx) => {
                    await tx.cursors.set('S', { ts: '2026-01-01T00:00:00.000Z', id: 'x' });
                    await tx.links.save([
                        {
                            replyContactId: '1',
                            salesforceId: '00Q1',
                            salesforceType: 'Lead',
                            email: 'a@b.c',
                            previousSalesforceId: null,
                            salesforceHashes: {},
                            replyHashes: {}
                        }
                    ]);
                    throw new Error('crash');
                })
            ).rejects.toThrow('crash');
            expect(await store.cursors.get('S')).toBeUndefined();
            expect(await store.links.count()).toBe(0);
        });
    });
});
