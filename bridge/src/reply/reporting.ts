import type { z } from 'zod';
import type { ReplyHttp } from './http.ts';
import { readFeed, type FeedCursor, type FeedPage } from './feed.ts';
import {
    callSchema,
    emailEventSchema,
    linkedInEventSchema,
    type ReplyCall,
    type ReplyEmailEvent,
    type ReplyLinkedInEvent
} from './schemas.ts';

/** Reply's activity lists (ASSUMPTIONS.md C11-C14): time-filtered, oldest first, lower hourly cap. */
export class ReportingApi {
    constructor(private readonly http: ReplyHttp) {}

    emailEvents(cursor: FeedCursor | undefined, top = 1000): AsyncGenerator<FeedPage<ReplyEmailEvent>> {
        return this.feed('/v3/reporting/emails/list', emailEventSchema, cursor, 'Reply email events', top);
    }

    calls(cursor: FeedCursor | undefined, top = 1000): AsyncGenerator<FeedPage<ReplyCall>> {
        return this.feed('/v3/reporting/calls/list', callSchema, cursor, 'Reply calls', top);
    }

    linkedIn(cursor: FeedCursor | undefined, top = 1000): AsyncGenerator<FeedPage<ReplyLinkedInEvent>> {
        return this.feed('/v3/reporting/linkedin/list', linkedInEventSchema, cursor, 'Reply LinkedIn activities', top);
    }

    private feed<S extends z.ZodType>(
        path: string,
        schema: S,
        cursor: FeedCursor | undefined,
        what: string,
        top: number
    ): AsyncGenerator<FeedPage<z.infer<S>>> {
        return readFeed({
            fetch: (from, pageTop, skip) => this.http.post(path, { filters: { from } }, { top: pageTop, skip }),
            schema,
            timeOf: (item) => (item as { occurredAt?: string }).occurredAt,
            cursor,
            what,
            top
        });
    }
}
