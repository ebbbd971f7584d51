import type { ReplyHttp } from './http.ts';
import { pages } from './paging.ts';
import { parseItems, taskSchema, type ParsedItems, type ReplyTask } from './schemas.ts';

export class TasksApi {
    constructor(private readonly http: ReplyHttp) {}

    /** Tasks whose start is in [from, to], both ends inclusive (documented: docs.reply.io filter-tasks), page by page. */
    async *startingBetween(from: string, to: string, top = 1000): AsyncGenerator<ParsedItems<ReplyTask>> {
        for await (const raw of pages(
            (pageTop, skip) => this.http.post('/v3/tasks/filter', { from, to }, { top: pageTop, skip }),
            'Reply tasks',
            top
        )) {
            yield parseItems(taskSchema, raw);
        }
    }
}
