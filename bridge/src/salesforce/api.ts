import type { Connection } from 'jsforce';
import { SalesforceBulk, type BulkPolling } from './bulk.ts';
import { SalesforceClient, type RecordOutcome, type SalesforceClientOptions, type SObjectRecord } from './client.ts';
import { RecordWriter, type BulkJobJournal, type RecordWrites } from './record-writer.ts';

export interface SalesforceApiOptions extends SalesforceClientOptions {
    bulk: {
        /** Writes of more records than this go through Bulk API 2.0 ingest jobs (SALESFORCE_BULK_THRESHOLD). */
        threshold: number;
        /** Reads of more changed records than this go through Bulk API 2.0 query jobs (SALESFORCE_BULK_QUERY_THRESHOLD). */
        queryThreshold: number;
        polling?: Partial<BulkPolling>;
        /** Where ingest jobs are journalled for crash recovery (the store's bulkJobs). */
        journal: BulkJobJournal;
    };
}

/**
 * The Salesforce client the sync runs on: every call as SalesforceClient makes it, except that upsert and update
 * go through a RecordWriter (sObject Collections, or Bulk API 2.0 jobs for large batches, with the same per-record
 * outcomes), and readChanges (changes.ts) reads large backlogs through Bulk query jobs. Callers keep writing
 * `salesforce.upsert(...)` and `salesforce.update(...)`; the size of the batch picks the path.
 */
export class SalesforceApi extends SalesforceClient {
    readonly bulk: SalesforceBulk;
    readonly writer: RecordWriter;
    readonly bulkQueryThreshold: number;

    constructor(conn: Connection, options: SalesforceApiOptions) {
        super(conn, options);
        this.bulk = new SalesforceBulk(this, {
            logger: options.logger,
            threshold: options.bulk.threshold,
            ...(options.bulk.polling ? { polling: options.bulk.polling } : {})
        });
        this.bulkQueryThreshold = options.bulk.queryThreshold;
        const collections: RecordWrites = {
            upsert: (type, key, records, headers) => super.upsert(type, key, records, headers),
            update: (type, records, headers) => super.update(type, records, headers)
        };
        this.writer = new RecordWriter({
            collections,
            bulk: this.bulk,
            journal: options.bulk.journal,
            logger: options.logger
        });
    }

    override upsert(
        type: string,
        externalIdField: string,
        records: SObjectRecord[],
        headers?: Record<string, string>
    ): Promise<RecordOutcome[]> {
        return this.writer.upsert(type, externalIdField, records, headers);
    }

    override update(
        type: string,
        records: SObjectRecord[],
        headers?: Record<string, string>
    ): Promise<RecordOutcome[]> {
        return this.writer.update(type, records, headers);
    }
}
