import type { SalesforceClient } from './client.ts';
import { soqlLikePattern, soqlList } from './soql.ts';

/** Title look-ups per query when recovering interrupted writes. */
const MARKERS_PER_QUERY = 50;

/** ContentNotes whose title contains one of these markers (the bridge's notes carry one). */
export async function notesWithMarkers(
    client: SalesforceClient,
    markers: string[]
): Promise<{ Id: string; Title: string }[]> {
    const out: { Id: string; Title: string }[] = [];
    for (let i = 0; i < markers.length; i += MARKERS_PER_QUERY) {
        const where = markers
            .slice(i, i + MARKERS_PER_QUERY)
            .map((marker) => `Title LIKE ${soqlLikePattern(marker, 'contains')}`)
            .join(' OR ');
        out.push(
            ...(await client.query<{ Id: string; Title: string }>(
                `SELECT Id, Title FROM ContentNote WHERE ${where}`,
                'Recovering interrupted note writes'
            ))
        );
    }
    return out;
}

/** The records these documents are attached to. */
export async function documentLinks(
    client: SalesforceClient,
    documentIds: string[]
): Promise<{ ContentDocumentId: string; LinkedEntityId: string }[]> {
    if (documentIds.length === 0) return [];
    return client.query<{ ContentDocumentId: string; LinkedEntityId: string }>(
        `SELECT ContentDocumentId, LinkedEntityId FROM ContentDocumentLink WHERE ContentDocumentId IN ${soqlList(documentIds)}`,
        'Recovering interrupted note writes'
    );
}
