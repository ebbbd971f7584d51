import type { SyncedItem } from '../../generated/prisma/index.js';
import type { SyncedItemRow } from '../domain/records.ts';
import { atomically, selectWhereIn, upsertRows, type Table } from './batch.ts';
import type { Db } from './db.ts';

const ITEMS: Table<keyof SyncedItem> = {
    name: 'SyncedItem',
    key: ['key'],
    columns: ['key', 'stepName', 'hash', 'salesforceId', 'pending', 'payload', 'updatedAt']
};

const READ = ITEMS.columns.filter((column) => column !== 'updatedAt');

/** What each step wrote, by item key, with the content hash that tells whether it changed. */
export class SyncedItemRepository {
    constructor(private readonly db: Db) {}

    /** A page's items (thousands of keys): a raw look-up, as selectWhereIn says why. */
    async get(keys: string[]): Promise<Map<string, SyncedItemRow>> {
        const rows = await selectWhereIn(this.db, ITEMS, READ, ['key'], keys);
        return new Map(
            rows.map((row) => [
                row.key as string,
                {
                    key: row.key as string,
                    stepName: row.stepName as string,
                    hash: row.hash as string,
                    salesforceId: (row.salesforceId as string | null) ?? null,
                    pending: Boolean(row.pending),
                    payload: (row.payload as string | null) ?? null
                }
            ])
        );
    }

    /**
     * Records items as written; `pending` marks writes about to be sent (their payload says how to finish them). One
     * call is all or nothing; of items with the same key, the last one counts.
     */
    async save(
        items: (Omit<SyncedItemRow, 'pending' | 'payload'> & { payload?: string | null })[],
        pending = false
    ): Promise<void> {
        if (items.length === 0) return;
        const updatedAt = new Date();
        const rows = items.map((item) => ({
            key: item.key,
            stepName: item.stepName,
            hash: item.hash,
            salesforceId: item.salesforceId,
            pending,
            payload: pending ? (item.payload ?? null) : null,
            updatedAt
        }));
        await atomically(this.db, (db) => upsertRows(db, ITEMS, rows));
    }

    async pending(stepName: string): Promise<SyncedItemRow[]> {
        return this.db.syncedItem.findMany({ where: { stepName, pending: true } });
    }

    async remove(keys: string[]): Promise<void> {
        await this.db.syncedItem.deleteMany({ where: { key: { in: keys } } });
    }
}
