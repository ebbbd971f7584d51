/** Turning a Reply note into a Salesforce ContentNote. Pure. */

/**
 * A ContentNote body Salesforce accepts: special characters as entities (&#39; for the apostrophe: Salesforce
 * refuses &apos; and named entities beyond the basic four), line breaks as <br>, control characters dropped, other
 * Unicode left as it is, lone surrogates repaired.
 */
export function noteHtml(text: string): string {
    const clean = text
        .toWellFormed()
        .replace(/\r\n?/g, '\n')
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
    const escaped = clean
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;');
    return `<p>${escaped.replace(/\n/g, '<br>')}</p>`;
}

/** The marker in a note's title that lets the bridge find a note it may have written before a crash. */
export function noteMarker(noteId: string): string {
    return `[reply:${noteId}]`;
}

/** Names the source: "Reply note, 2026-11-28 [reply:123]" (the title is plain text, at most 255 characters). */
export function noteTitle(noteId: string, createdAt: string): string {
    return `Reply note, ${createdAt.slice(0, 10)} ${noteMarker(noteId)}`;
}

export function base64(text: string): string {
    return Buffer.from(text, 'utf8').toString('base64');
}
