import type { ReplyHttp } from './http.ts';
import { pages } from './paging.ts';
import {
    inboxCategorySchema,
    inboxThreadSchema,
    listSchema,
    parseItems,
    parseReply,
    type ParsedItems,
    type ReplyInboxThread
} from './schemas.ts';

export class InboxApi {
    constructor(private readonly http: ReplyHttp) {}

    async categories(): Promise<{ id: number; name: string }[]> {
        return parseReply(
            listSchema(inboxCategorySchema),
            await this.http.get('/v3/inbox/threads/categories'),
            'Reply inbox categories'
        );
    }

    /**
     * Threads with activity strictly after `from` (documented: docs.reply.io filter-inbox-threads; "strictly after":
     * reply-team/reply-cli src/operations/inbox.ts), optionally only some people's (`contactIds`, documented).
     */
    async *threadsSince(
        from: string,
        options: { contactIds?: number[]; top?: number } = {}
    ): AsyncGenerator<ParsedItems<ReplyInboxThread>> {
        const body = { from, ...(options.contactIds ? { contactIds: options.contactIds } : {}) };
        for await (const raw of pages(
            (pageTop, skip) => this.http.post('/v3/inbox/threads/filter', body, { top: pageTop, skip }),
            'Reply inbox threads',
            options.top ?? 1000
        )) {
            yield parseItems(inboxThreadSchema, raw);
        }
    }
}
