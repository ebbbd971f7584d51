import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach } from 'vitest';
import { openStore, type Store } from '../../bridge/src/store/store.ts';

/**
 * Fresh databases for store tests: a SQLite file, and a new PostgreSQL database on the server these machines run
 * (BRIDGE_TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/postgres), dropped afterwards.
 */
const ADMIN_URL = process.env.BRIDGE_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export function sqliteUrl(): string {
    return `file:${join(mkdtempSync(join(tmpdir(), 'bridge-store-')), 'bridge.db')}`;
}

export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
    const name = `bridge_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    return {
        url: url.toString(),
        drop: async () => {
            const client = new pg.Client({ connectionString: ADMIN_URL });
            await client.connect();
            await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            await client.end();
        }
    };
}

/**
 * Inside a describe: a new store on `dialect` before each test, handed to `use`, closed (and its PostgreSQL database
 * dropped) after it.
 */
export function storeForEachTest(dialect: 'sqlite' | 'postgresql', use: (store: Store) => void): void {
    let store: Store | undefined;
    let drop: (() => Promise<void>) | undefined;
    beforeEach(async () => {
        if (dialect === 'sqlite') {
            store = await openStore(sqliteUrl());
        } else {
            const database = await createPostgresDatabase();
            drop = database.drop;
            store = await openStore(database.url);
        }
        use(store);
    });
    afterEach(async () => {
        await store?.close();
        await drop?.();
        drop = undefined;
    });
}
