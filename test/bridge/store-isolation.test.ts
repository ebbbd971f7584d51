import { describe, expect, it } from 'vitest';
import type { Store } from '../../bridge/src/store/store.ts';
import { storeForEachTest } from './databases.ts';

let store: Store;

describe.each(['sqlite', 'postgresql'] as const)('a transaction on %s', (dialect) => {
    storeForEachTest(dialect, (opened) => (store = opened));

    it('keeps out what another task writes meanwhile: a rolled-back page loses no Bulk job journal entry', async () => {
        let opened!: () => void;
        const inside = new Promise<void>((resolve) => (opened = resolve));
        const page = store
            .transaction(async (tx) => {
                await tx.cursors.set('Default_People_To_Leads', { ts: '2026-12-01T00:00:00.000Z' });
                opened();
                await new Promise((resolve) => setTimeout(resolve, 50));
                throw new Error('the page failed');
            })
            .catch((error: unknown) => error);
        await inside;
        // Another step journals a Bulk job while the page's transaction is open.
        await store.bulkJobs.add({ jobId: '7505g000000001AAA', scope: 'Lead:upsert:Reply_Contact_Id__c', digest: 'd' });
        expect(String(await page)).toContain('the page failed');
        expect(await store.cursors.get('Default_People_To_Leads')).toBeUndefined();
        expect((await store.bulkJobs.ofObject('Lead')).map((job) => job.jobId)).toEqual(['7505g000000001AAA']);
    });
});
