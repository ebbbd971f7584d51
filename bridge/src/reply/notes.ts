import type { ReplyHttp } from './http.ts';
import { allItems } from './paging.ts';
import { noteSchema, parseItems, type ParsedItems, type ReplyNote } from './schemas.ts';

export class NotesApi {
    constructor(private readonly http: ReplyHttp) {}

    /** A contact's notes (ASSUMPTIONS.md C18). */
    async forContact(contactId: number): Promise<ParsedItems<ReplyNote>> {
        const raw = await allItems(
            (top, skip) => this.http.get(`/v3/contacts/${contactId}/notes`, { top, skip }),
            `Notes of Reply contact ${contactId}`,
            100
        );
        return parseItems(noteSchema, raw);
    }
}
