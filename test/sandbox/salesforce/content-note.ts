/**
 * ContentNote bodies. Salesforce stores a note as a restricted HTML document and refuses to save one it cannot
 * keep exactly ("Note can't be saved because it contains HTML tags or unescaped characters..."). The sandbox is
 * deliberately as strict as the strictest behaviour reported (see README, "ContentNote content"):
 *
 * - the decoded body must be valid UTF-8;
 * - only these tags, without attributes (except `href` on `a`): p, br, b, strong, i, em, u, s, strike, ul, ol, li, a;
 * - in text, `<`, `>`, `"`, `'` and `&` must be written as entities;
 * - the only named entities are &amp; &lt; &gt; &quot; (so no &apos; or &nbsp;: write &#39;);
 * - numeric entities only for ASCII characters: anything else is written as the bare UTF-8 character;
 * - raw newlines are accepted and dropped (write <br> or <p> for line breaks).
 */

const ALLOWED_TAGS = new Set(['p', 'br', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'ul', 'ol', 'li', 'a']);
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+href="[^"<>]*")?)\s*(\/?)>/y;
const ENTITY = /&(?:([a-zA-Z]+)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));/y;

export type NoteCheck = { ok: true; html: string; text: string } | { ok: false; reason: string };

/** Checks a decoded note body; on success returns the stored HTML (newlines dropped) and its plain text. */
export function checkNoteHtml(html: string): NoteCheck {
    let text = '';
    let i = 0;
    while (i < html.length) {
        const c = html[i] as string;
        if (c === '<') {
            TAG.lastIndex = i;
            const tag = TAG.exec(html);
            if (!tag) return { ok: false, reason: `unescaped '<' at ${i}` };
            const name = (tag[2] as string).toLowerCase();
            if (!ALLOWED_TAGS.has(name)) return { ok: false, reason: `tag <${name}> is not allowed` };
            if (tag[3] && name !== 'a') return { ok: false, reason: `attributes are not allowed on <${name}>` };
            if (name === 'br' || name === 'p' || name === 'li') text += text && !text.endsWith('\n') ? '\n' : '';
            i += tag[0].length;
            continue;
        }
        if (c === '&') {
            ENTITY.lastIndex = i;
            const entity = ENTITY.exec(html);
            if (!entity) return { ok: false, reason: `unescaped '&' at ${i}` };
            if (entity[1] !== undefined) {
                const decoded = NAMED_ENTITIES[entity[1]];
                if (decoded === undefined) return { ok: false, reason: `entity &${entity[1]}; is not allowed` };
                text += decoded;
            } else {
                const code = entity[2] !== undefined ? Number(entity[2]) : parseInt(entity[3] as string, 16);
                if (code > 127) return { ok: false, reason: `numeric entity for non-ASCII character ${code}` };
                text += String.fromCharCode(code);
            }
            i += entity[0].length;
            continue;
        }
        if (c === '>' || c === '"' || c === "'") return { ok: false, reason: `unescaped '${c}' at ${i}` };
        if (c !== '\n' && c !== '\r') text += c;
        i++;
    }
    return { ok: true, html: html.replace(/[\r\n]/g, ''), text };
}

/** Decodes base64 content as strict UTF-8; undefined when the bytes are not valid UTF-8. */
export function decodeNoteContent(base64: string): string | undefined {
    try {
        return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(base64, 'base64'));
    } catch {
        return undefined;
    }
}
