import type { Prisma } from '../../generated/prisma/index.js';
import type { PrismaClient } from './database.ts';

/**
 * The journal of Bulk API 2.0 ingest jobs whose outcomes a write has not read yet (salesforce/record-writer.ts). A
 * row is added before the job's data is uploaded and removed once its outcomes are read, so a row that outlives its
 * write names a job a crashed (or failed) bridge left behind: the next write resumes it or waits it out.
 */

type Db = PrismaClient | Prisma.TransactionClient;

export interface BulkJobEntry {
    jobId: string;
    /** Object, operation and key field of the write (`Lead:upsert:Reply_Contact_Id__c`), the object first. */
    scope: string;
    /** sha256 of the records the job was started for. */
    digest: string;
}

export class BulkJobRepository {
    constructor(private readonly db: Db) {}

    async add(entry: BulkJobEntry): Promise<void> {
        await this.db.bulkJob.upsert({
            where: { jobId: entry.jobId },
            create: entry,
            update: { scope: entry.scope, digest: entry.digest }
        });
    }

    /** Jobs still in the journal that write this object (any operation), oldest first. */
    async ofObject(object: string): Promise<BulkJobEntry[]> {
        const rows = await this.db.bulkJob.findMany({
            where: { scope: { startsWith: `${object}:` } },
            orderBy: [{ createdAt: 'asc' }, { jobId: 'asc' }]
        });
        return rows.map(({ jobId, scope, digest }) => ({ jobId, scope, digest }));
    }

    async remove(jobIds: readonly string[]): Promise<void> {
        if (jobIds.length === 0) return;
        await this.db.bulkJob.deleteMany({ where: { jobId: { in: [...jobIds] } } });
    }
}
