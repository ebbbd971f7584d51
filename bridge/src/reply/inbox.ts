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

    /** Threads with activity strictly after `from` (ASSUMPTIONS.md C16: categorising counts as activity). */
    async *threadsSince(from: string, top = 1000): AsyncGenerator<ParsedItems<ReplyInboxThread>> {
        for await (const raw of pages(
            (pageTop, skip) => this.http.post('/v3/inbox/threads/filter', { from }, { top: pageTop, skip }),
            'Reply inbox threads',
            top
        )) {
            yield parseItems(inboxThreadSchema, raw);
        }
    }
}
