import type { ReplyHttp } from './http.ts';
import { readFeed, type FeedCursor, type FeedPage } from './feed.ts';
import { contactSchema, importResultSchema, pageSchema, parseItems, parseReply, type ReplyContact } from './schemas.ts';

/** Reply accepts at most this many contacts per import call (ASSUMPTIONS.md C6). */
export const IMPORT_LIMIT = 1000;

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

export class ContactsApi {
    constructor(private readonly http: ReplyHttp) {}

    /** Contacts changed at or after the cursor, oldest first (ASSUMPTIONS.md C3, C4), optionally only a list's members. */
    changedSince(
        cursor: FeedCursor | undefined,
        options: { listId?: number; top?: number } = {}
    ): AsyncGenerator<FeedPage<ReplyContact>> {
        return readFeed({
            fetch: (from, top, skip) =>
                this.http.post(
                    '/v3/contacts/filter',
                    {
                        rules: [{ property: 'lastModifiedAt', condition: 'greaterThanOrEqual', value: from }],
                        sortBy: 'lastModifiedAt',
                        sortDirection: 'asc',
                        ...(options.listId === undefined ? {} : { listId: options.listId })
                    },
                    { top, skip }
                ),
            schema: contactSchema,
            timeOf: (item) => (item as { lastModifiedAt?: string }).lastModifiedAt,
            cursor,
            what: 'Reply contacts changed since the last run',
            top: options.top ?? 500
        });
    }

    async get(id: number): Promise<ReplyContact> {
        return parseReply(contactSchema, await this.http.get(`/v3/contacts/${id}`), `Reply contact ${id}`);
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
     * Upserts by email (create or update, never a duplicate), up to IMPORT_LIMIT a call. Fields sent overwrite;
     * fields not sent are left alone (ASSUMPTIONS.md C6). Outcomes in input order.
     */
    async import(items: ContactImportItem[]): Promise<ImportOutcome[]> {
        const outcomes: ImportOutcome[] = [];
        for (let i = 0; i < items.length; i += IMPORT_LIMIT) {
            const batch = items.slice(i, i + IMPORT_LIMIT);
            const result = parseReply(
                importResultSchema,
                await this.http.post('/v3/contacts/import', {
                    items: batch,
                    options: { overwriteExisting: true, skipExisting: false, detectTimeZone: true }
                }),
                'Reply contact import'
            );
            batch.forEach((item, index) => {
                const answer = result.items[index];
                outcomes.push({
                    email: item.email,
                    id: answer?.id ?? null,
                    status: answer?.status ?? 'failed',
                    reason: answer
                        ? ((typeof answer.error === 'string'
                              ? answer.error
                              : answer.error
                                ? JSON.stringify(answer.error)
                                : null) ?? answer.skipReason)
                        : 'Reply returned no result for this contact'
                });
            });
        }
        return outcomes;
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
