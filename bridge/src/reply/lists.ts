import type { ReplyHttp } from './http.ts';
import { allItems } from './paging.ts';
import { contactListSchema, parseItems } from './schemas.ts';

export class ListsApi {
    constructor(private readonly http: ReplyHttp) {}

    /** Contact lists (ASSUMPTIONS.md C10). */
    async list(): Promise<{ id: number; name: string }[]> {
        const raw = await allItems(
            (top, skip) => this.http.get('/v3/contact-lists', { top, skip }),
            'Reply contact lists',
            1000
        );
        return parseItems(contactListSchema, raw).items;
    }
}
