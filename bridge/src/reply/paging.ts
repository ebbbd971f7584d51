import { parseReply, rawPageSchema } from './schemas.ts';

/**
 * Reply's v3 pages are `top` + `skip` with `{items, hasMore}`; this walks them until hasMore is false. `skip` moves on
 * by the items received, not by the `top` asked for: a list may cap its pages below `top` (the maximum is published
 * for few lists), and stepping by `top` would skip what lies between.
 */
export async function* pages(
    fetchPage: (top: number, skip: number) => Promise<unknown>,
    what: string,
    top = 100
): AsyncGenerator<unknown[]> {
    for (let skip = 0; ;) {
        const page = parseReply(rawPageSchema, await fetchPage(top, skip), what);
        if (page.items.length > 0) yield page.items;
        if (!page.hasMore || page.items.length === 0) return;
        skip += page.items.length;
    }
}

export async function allItems(
    fetchPage: (top: number, skip: number) => Promise<unknown>,
    what: string,
    top = 100
): Promise<unknown[]> {
    const out: unknown[] = [];
    for await (const page of pages(fetchPage, what, top)) out.push(...page);
    return out;
}
