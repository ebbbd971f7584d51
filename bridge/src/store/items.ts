import type { SyncedItemRow } from '../domain/records.ts';
import { inSlices, type Db } from './db.ts';

/** What each step wrote, by item key, with the content hash that tells whether it changed. */
export class SyncedItemRepository {
    constructor(private readonly db: Db) {}

    async get(keys: string[]): Promise<Map<string, SyncedItemRow>> {
        const rows = await inSlices(keys, (slice) => this.db.syncedItem.findMany({ where: { key: { in: slice } } }));
        return new Map(rows.map((row) => [row.key, row]));
    }

    /** Records items as written; `pending` marks writes about to be sent (their payload says how to finish them). */
    async save(
        items: (Omit<SyncedItemRow, 'pending' | 'payload'> & { payload?: string | null })[],
        pending = false
    ): Promise<void> {
        for (const item of items) {
            const data = {
                stepName: item.stepName,
                hash: item.hash,
                salesforceId: item.salesforceId,
                pending,
                payload: pending ? (item.payload ?? null) : null
            };
            await this.db.syncedItem.upsert({
                where: { key: item.key },
                create: { key: item.key, ...data },
                update: data
            });
        }
    }

    async pending(stepName: string): Promise<SyncedItemRow[]> {
        return this.db.syncedItem.findMany({ where: { stepName, pending: true } });
    }

    async remove(keys: string[]): Promise<void> {
        await this.db.syncedItem.deleteMany({ where: { key: { in: keys } } });
    }
}
