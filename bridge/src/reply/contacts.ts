import { ReplyApiError } from './errors.ts';
import type { ReplyHttp } from './http.ts';
import { advanceCursor, FEED_START, readFeed, type FeedCursor, type FeedPage } from './feed.ts';
import { waitForJob } from './jobs.ts';
import { pages } from './paging.ts';
import type { SpoolFactory } from '../record-spool.ts';
import {
    contactSchema,
    contactStatusesSchema,
    importResultSchema,
    pageSchema,
    parseItems,
    parseReply,
    utcTime,
    type ParsedItems,
    type ReplyContact,
    type ReplyContactStatuses
} from './schemas.ts';

/**
 * Contacts per import call at first (ASSUMPTIONS.md C6: Reply publishes no ceiling, and answers "large bulk ingests"
 * with a background job without saying what large is): small enough to be answered at once in the sandbox's model,
 * halved further whenever Reply answers with a job anyway.
 */
export const IMPORT_LIMIT = 250;
/** The smallest batch the bridge halves down to when Reply keeps answering imports with background jobs. */
const IMPORT_FLOOR = 5;
/** Contacts per page of the full scan that stands in for the change feed when Reply does not honour it. */
const SCAN_PAGE = 1000;

export interface ContactImportItem {
    email: string;
    firstName?: string | null;
    lastName?: string | null;
    ownerUserId?: number;
    customFields?: { name: string; value: string | number | null }[];
    [field: string]: unknown;
}

export interface ImportOutcome {
    email: string;
    id: number | null;
    status: 'created' | 'updated' | 'skipped' | 'failed';
    reason: string | null;
}

/**
 * The change feed's filter or sort was not honoured: Reply answered items older than the `lastModifiedAt` rule asks
 * for, or out of order (the rule vocabulary and sortable fields are published nowhere: reply-team/reply-cli
 * src/operations/contacts.ts). Readers fall back to a full scan.
 */
export class ReplyFeedNotHonoured extends ReplyApiError {
    constructor(reason: string) {
        super('REPLY_FEED_NOT_HONOURED', reason);
    }
}

export class ContactsApi {
    /** Import batch size: halved (down to IMPORT_FLOOR) each time Reply answers an import with a background job. */
    private importBatch = IMPORT_LIMIT;
    /** The import in progress: the next waits for it. */
    private importing: Promise<unknown> = Promise.resolve();

    constructor(private readonly http: ReplyHttp) {}

    /**
     * Contacts changed at or after the cursor, oldest first (ASSUMPTIONS.md C3, C4), optionally only a list's members.
     * Every page is checked: an item before the cursor or out of order throws ReplyFeedNotHonoured (use `scan`).
     * A 400 on the rule (Reply refuses the vocabulary) throws ReplyFeedNotHonoured too.
     */
    async *changedSince(
        cursor: FeedCursor | undefined,
        options: { listId?: number; top?: number } = {}
    ): AsyncGenerator<FeedPage<ReplyContact>> {
        let last = cursor?.ts ?? FEED_START;
        const feed = readFeed({
            fetch: async (from, top, skip) => {
                try {
                    return await this.http.post(
                        '/v3/contacts/filter',
                        {
                            rules: [{ property: 'lastModifiedAt', condition: 'greaterThanOrEqual', value: from }],
                            sortBy: 'lastModifiedAt',
                            sortDirection: 'asc',
                            ...(options.listId === undefined ? {} : { listId: options.listId })
                        },
                        { top, skip }
                    );
                } catch (error) {
                    if (error instanceof ReplyApiError && error.status === 400) {
                        throw new ReplyFeedNotHonoured(
                            `Reply refused the contacts filter rule lastModifiedAt greaterThanOrEqual (${error.message})`
                        );
                    }
                    throw error;
                }
            },
            schema: contactSchema,
            timeOf: (item) => timeOf(item),
            cursor,
            what: 'Reply contacts changed since the last run',
            top: options.top ?? 500
        });
        for await (const page of feed) {
            for (const contact of page.items) {
                if (contact.lastModifiedAt < (cursor?.ts ?? FEED_START)) {
                    throw new ReplyFeedNotHonoured(
                        `Reply answered contact ${contact.id} (lastModifiedAt ${contact.lastModifiedAt}) to a filter for changes since ${cursor?.ts}: the lastModifiedAt rule is not honoured`
                    );
                }
                if (contact.lastModifiedAt < last) {
                    throw new ReplyFeedNotHonoured(
                        `Reply answered contacts out of lastModifiedAt order (${contact.lastModifiedAt} after ${last}): sortBy lastModifiedAt is not honoured`
                    );
                }
                last = contact.lastModifiedAt;
            }
            yield page;
        }
    }

    /**
     * The same as changedSince, from a full read of the documented contact list (GET /v3/contacts, every contact),
     * filtered by the bridge and spooled (record-spool.ts), then handed on sorted by (lastModifiedAt, id), one
     * version a person, a page at a time: for a Reply that does not honour the change feed. Costs one call per
     * SCAN_PAGE contacts, whatever changed.
     */
    async *scan(
        cursor: FeedCursor | undefined,
        options: { spool: SpoolFactory; listId?: number; top?: number }
    ): AsyncGenerator<FeedPage<ReplyContact>> {
        const from = cursor?.ts ?? FEED_START;
        const spool = options.spool<ReplyContact>('contacts-scan');
        try {
            const invalid: FeedPage<ReplyContact>['invalid'] = [];
            for await (const page of this.everyone()) {
                invalid.push(...page.invalid);
                const changed = page.items.filter(
                    (contact) =>
                        contact.lastModifiedAt >= from &&
                        (options.listId === undefined || contact.lists.some((l) => l.listId === options.listId))
                );
                await spool.add(
                    changed.map((contact) => ({
                        id: contact.id,
                        order: Date.parse(contact.lastModifiedAt),
                        record: contact
                    }))
                );
            }
            let start: FeedCursor = { ts: from, skip: 0 };
            let first = true;
            for await (const items of spool.pages(options.top ?? 500)) {
                const next = advanceCursor(
                    start.ts,
                    start.skip,
                    items.map((c) => c.lastModifiedAt)
                );
                yield { items, invalid: first ? invalid : [], cursor: next, start };
                first = false;
                start = next;
            }
            if (first && invalid.length > 0) yield { items: [], invalid, cursor: start, start };
        } finally {
            await spool.close();
        }
    }

    /** Every contact, page by page in Reply's order (the documented full list: one call per SCAN_PAGE). */
    async *everyone(): AsyncGenerator<ParsedItems<ReplyContact>> {
        for await (const raw of pages(
            (top, skip) => this.http.get('/v3/contacts', { top, skip }),
            'Reply contacts (full read)',
            SCAN_PAGE
        )) {
            yield parseItems(contactSchema, raw);
        }
    }

    async get(id: number): Promise<ReplyContact> {
        return parseReply(contactSchema, await this.http.get(`/v3/contacts/${id}`), `Reply contact ${id}`);
    }

    /**
     * A person's statuses: opted out, call and meeting status, and per sequence the status and the reply/bounce flags
     * (documented: GET /v3/contacts/{id}/statuses). Undefined when the person no longer exists.
     */
    async statuses(id: number): Promise<ReplyContactStatuses | undefined> {
        try {
            return parseReply(
                contactStatusesSchema,
                await this.http.get(`/v3/contacts/${id}/statuses`),
                `Statuses of Reply contact ${id}`
            );
        } catch (error) {
            if (error instanceof ReplyApiError && error.status === 404) return undefined;
            throw error;
        }
    }

    /** Exact, case-insensitive email look-up (ASSUMPTIONS.md C5). */
    async findByEmail(email: string): Promise<ReplyContact | undefined> {
        const page = parseReply(
            pageSchema(contactSchema),
            await this.http.get('/v3/contacts', { email, top: 1 }),
            `Reply contact ${email}`
        );
        return page.items.find((contact) => contact.email?.toLowerCase() === email.toLowerCase());
    }

    /**
     * Upserts by email (create or update, never a duplicate). Fields sent overwrite; fields not sent are left alone
     * (ASSUMPTIONS.md C6). Outcomes in input order. A large import may answer 202 with a background job (documented):
     * the bridge waits for the job, then, since the job's result is opaque, sends the same people again in halves,
     * which Reply now answers at once with their ids (the import is an upsert); later batches stay at the smaller size.
     */
    async import(items: ContactImportItem[]): Promise<ImportOutcome[]> {
        // One import at a time, whoever asks (a step writes pages concurrently): Reply asks clients to serialize bulk
        // work (docs.reply.io/api-reference/rate-limits), and the batch size learnt from one import serves the next.
        const turn = this.importing.then(async () => {
            const outcomes: ImportOutcome[] = [];
            for (let i = 0; i < items.length;) {
                const batch = items.slice(i, i + this.importBatch);
                outcomes.push(...(await this.importBatchOf(batch)));
                i += batch.length;
            }
            return outcomes;
        });
        this.importing = turn.catch(() => undefined);
        return turn;
    }

    private async importBatchOf(batch: ContactImportItem[]): Promise<ImportOutcome[]> {
        const answer = await this.http.answer('POST', '/v3/contacts/import', {
            items: batch,
            options: { overwriteExisting: true, skipExisting: false, detectTimeZone: true }
        });
        let raw = answer.data;
        if (answer.status === 202) {
            const job = await waitForJob(this.http, answer.location, { sleep: this.http.sleep });
            const readable = importResultSchema.safeParse(job.result);
            if (readable.success && readable.data.items.length === batch.length) {
                raw = job.result;
            } else if (batch.length > IMPORT_FLOOR) {
                this.importBatch = Math.max(IMPORT_FLOOR, Math.floor(batch.length / 2));
                const half = Math.ceil(batch.length / 2);
                return [
                    ...(await this.importBatchOf(batch.slice(0, half))),
                    ...(await this.importBatchOf(batch.slice(half)))
                ];
            } else {
                return batch.map((item) => ({
                    email: item.email,
                    id: null,
                    status: 'failed' as const,
                    reason: `Reply imported this in background job ${job.jobId} (${job.status}) without saying which contact it became; the person is sent again on the next run`
                }));
            }
        }
        const result = parseReply(importResultSchema, raw, 'Reply contact import');
        return batch.map((item, index) => {
            const answerItem = result.items[index];
            return {
                email: item.email,
                id: answerItem?.id ?? null,
                status: answerItem?.status ?? 'failed',
                reason: answerItem
                    ? ((typeof answerItem.error === 'string'
                          ? answerItem.error
                          : answerItem.error
                            ? JSON.stringify(answerItem.error)
                            : null) ?? answerItem.skipReason)
                    : 'Reply returned no result for this contact'
            };
        });
    }

    async update(id: number, fields: Record<string, unknown>): Promise<ReplyContact> {
        return parseReply(
            contactSchema,
            await this.http.patch(`/v3/contacts/${id}`, fields),
            `Update of Reply contact ${id}`
        );
    }

    /** Several contacts by id (one call each: Reply has no batch get). */
    async getMany(ids: number[]): Promise<{ contacts: ReplyContact[]; missing: number[] }> {
        const contacts: ReplyContact[] = [];
        const missing: number[] = [];
        for (const id of ids) {
            try {
                const raw = await this.http.get(`/v3/contacts/${id}`);
                const parsed = parseItems(contactSchema, [raw]);
                if (parsed.items[0]) contacts.push(parsed.items[0]);
                else missing.push(id);
            } catch (error) {
                if ((error as { status?: number }).status === 404) missing.push(id);
                else throw error;
            }
        }
        return { contacts, missing };
    }
}

function timeOf(item: unknown): string | undefined {
    const raw = (item as { lastModifiedAt?: unknown } | null)?.lastModifiedAt;
    return typeof raw === 'string' ? utcTime(raw) : undefined;
}
