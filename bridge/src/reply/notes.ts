import { endpointMissing, ReplyCapabilityMissing } from './capabilities.ts';
import type { ReplyHttp } from './http.ts';
import { allItems } from './paging.ts';
import { noteSchema, parseItems, type ParsedItems, type ReplyNote } from './schemas.ts';

export class NotesApi {
    constructor(private readonly http: ReplyHttp) {}

    /**
     * A contact's notes (ASSUMPTIONS.md C18: no public source for reading notes, only for adding one). Undefined when
     * the contact no longer exists; ReplyCapabilityMissing when the read itself is not there for this key.
     */
    async forContact(contactId: number): Promise<ParsedItems<ReplyNote> | undefined> {
        try {
            const raw = await allItems(
                (top, skip) => this.http.get(`/v3/contacts/${contactId}/notes`, { top, skip }),
                `Notes of Reply contact ${contactId}`,
                100
            );
            const parsed = parseItems(noteSchema, raw);
            if (raw.length > 0 && parsed.items.length === 0) {
                throw new ReplyCapabilityMissing(
                    'notesRead',
                    `none of the ${raw.length} notes of contact ${contactId} has the expected shape (${parsed.invalid[0]?.reason ?? 'unknown'})`
                );
            }
            return parsed;
        } catch (error) {
            if ((error as { status?: number }).status === 404 && !endpointMissing(error, 'contact.notFound'))
                return undefined;
            if (endpointMissing(error, 'contact.notFound') || (error as { status?: number }).status === 403) {
                throw new ReplyCapabilityMissing(
                    'notesRead',
                    `GET /v3/contacts/${contactId}/notes answered ${(error as Error).message}`
                );
            }
            throw error;
        }
    }
}
