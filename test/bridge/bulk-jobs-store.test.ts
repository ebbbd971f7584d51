import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../bridge/src/store/store.ts';
import { createPostgresDatabase, sqliteUrl } from './databases.ts';

/** The journal of Bulk jobs survives a restart (a new store on the same database) on both databases. */
describe.each(['sqlite', 'postgresql'] as const)('the Bulk job journal on %s', (dialect) => {
    let drop: (() => Promise<void>) | undefined;
    const stores: Store[] = [];
    afterEach(async () => {
        await Promise.all(stores.splice(0).map((s) => s.close()));
        await drop?.();
        drop = undefined;
    });

    async function database(): Promise<string> {
        if (dialect === 'sqlite') return sqliteUrl();
        const created = await createPostgresDatabase();
        drop = created.drop;
        return created.url;
    }

    it('keeps the jobs of an object until they are removed, across a restart, and never those of another object', async () => {
        const url = await database();
        const first = await openStore(url);
        stores.push(first);
        await first.bulkJobs.add({ jobId: '750A', scope: 'Lead:upsert:Reply_Contact_Id__c', digest: 'd1' });
        await first.bulkJobs.add({ jobId: '750B', scope: 'Lead:update:Id', digest: 'd2' });
        await first.bulkJobs.add({ jobId: '750C', scope: 'LeadHistory:update:Id', digest: 'd3' });
        await first.bulkJobs.add({ jobId: '750D', scope: 'Task:upsert:Reply_Activity_Key__c', digest: 'd4' });
        await first.close();
        stores.pop();

        const again = await openStore(url);
        stores.push(again);
        expect(await again.bulkJobs.ofObject('Lead')).toEqual([
            { jobId: '750A', scope: 'Lead:upsert:Reply_Contact_Id__c', digest: 'd1' },
            { jobId: '750B', scope: 'Lead:update:Id', digest: 'd2' }
        ]);
        await again.bulkJobs.remove(['750A', '750D']);
        expect((await again.bulkJobs.ofObject('Lead')).map((j) => j.jobId)).toEqual(['750B']);
        expect(await again.bulkJobs.ofObject('Task')).toEqual([]);
        expect((await again.bulkJobs.ofObject('LeadHistory')).map((j) => j.jobId)).toEqual(['750C']);
    });
});
