import type { z } from 'zod';
import { parseItems, parseReply, rawPageSchema, type ParsedItems } from './schemas.ts';

/**
 * Position in a time-ordered Reply listing: every item before `ts`, and the first `skip` items at exactly `ts`,
 * were processed. Re-reading an item is harmless (the bridge compares content hashes before writing anything);
 * missing one is not, so the reader re-reads a margin of the tie group rather than risk skipping past an item.
 */
export interface FeedCursor {
    ts: string;
    skip: number;
}

export const FEED_START = '2000-01-01T00:00:00.000Z';
/** Items at the cursor's timestamp that are re-read in case some left the tie group since (modified again). */
export const TIE_MARGIN = 25;

export interface FeedPage<T> extends ParsedItems<T> {
    /** Where to resume after this page. */
    cursor: FeedCursor;
    /** Where this page starts: advanceCursor(start.ts, start.skip, times of a prefix) resumes after that prefix. */
    start: FeedCursor;
}

/** The cursor after a page read at (queryTs, querySkip), whose items are sorted by time. Pure. */
export function advanceCursor(queryTs: string, querySkip: number, times: string[]): FeedCursor {
    const last = times[times.length - 1];
    if (last === undefined) return { ts: queryTs, skip: querySkip };
    if (Date.parse(last) === Date.parse(queryTs)) return { ts: queryTs, skip: querySkip + times.length };
    const atLast = times.filter((t) => Date.parse(t) === Date.parse(last)).length;
    return { ts: last, skip: atLast };
}

/**
 * Reads a listing filtered by "time >= from" and sorted ascending by time, page after page, yielding each page
 * with the cursor to resume from. `fetch(from, top, skip)` makes the request; `timeOf` reads an item's time.
 * The items a page re-reads from the tie margin that the previous page of this read already yielded, unchanged (the
 * same id at the same time), are left out of it: the previous page is processed first, and two pages sharing no item
 * can be written concurrently (pipeline.ts). Its `start` counts them, so a prefix's cursor stays exact.
 */
export async function* readFeed<S extends z.ZodType>(options: {
    fetch: (from: string, top: number, skip: number) => Promise<unknown>;
    schema: S;
    timeOf: (item: unknown) => string | undefined;
    cursor: FeedCursor | undefined;
    what: string;
    top: number;
}): AsyncGenerator<FeedPage<z.infer<S>>> {
    let cursor = options.cursor ?? { ts: FEED_START, skip: 0 };
    /** The previous page's items at its last time (what the margin re-reads), as id -> time. */
    let tail = new Map<unknown, number>();
    for (;;) {
        const querySkip = Math.max(0, cursor.skip - TIE_MARGIN);
        const page = parseReply(rawPageSchema, await options.fetch(cursor.ts, options.top, querySkip), options.what);
        if (page.items.length === 0) return;
        const times = page.items.map((item) => options.timeOf(item) ?? cursor.ts);
        const next = advanceCursor(cursor.ts, querySkip, times);
        const idOf = (item: unknown) => (item as { id?: unknown } | null)?.id;
        let repeated = 0;
        while (
            repeated < page.items.length &&
            idOf(page.items[repeated]) !== undefined &&
            tail.get(idOf(page.items[repeated])) === Date.parse(times[repeated]!)
        )
            repeated += 1;
        const lastTime = Date.parse(times[times.length - 1]!);
        tail = new Map(
            page.items.flatMap((item, i) => (Date.parse(times[i]!) === lastTime ? [[idOf(item), lastTime]] : []))
        );
        yield {
            ...parseItems(options.schema, page.items.slice(repeated)),
            cursor: next,
            start: { ts: cursor.ts, skip: querySkip + repeated }
        };
        if (!page.hasMore) return;
        // A page entirely inside the margin would repeat forever: step past it.
        cursor =
            next.ts === cursor.ts && next.skip <= cursor.skip
                ? { ts: cursor.ts, skip: cursor.skip + page.items.length }
                : next;
    }
}
