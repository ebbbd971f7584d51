import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordSpool, type SpoolFactory } from '../../bridge/src/record-spool.ts';
import { ContactsApi } from '../../bridge/src/reply/contacts.ts';
import { advanceCursor, type FeedPage } from '../../bridge/src/reply/feed.ts';
import type { ReplyHttp } from '../../bridge/src/reply/http.ts';
import { ReportingApi, type ReportPage } from '../../bridge/src/reply/reporting.ts';
import type { ReplyContact, ReplyEmailEvent } from '../../bridge/src/reply/schemas.ts';

interface Item {
    id: number;
    at: number;
    v: string;
}

/** A fixed shuffle of 0..n-1 (a linear congruential walk), so out-of-order input is the same on every run. */
function shuffled(n: number): number[] {
    const out = Array.from({ length: n }, (_, i) => i);
    let seed = 12345;
    for (let i = n - 1; i > 0; i--) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const j = seed % (i + 1);
        [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
}

/** Reply's `{items, hasMore}` pages over `all`, as the documented lists answer `top` and `skip`. */
function pageOf(all: unknown[], query: { top: number; skip: number }) {
    return { items: all.slice(query.skip, query.skip + query.top), hasMore: query.skip + query.top < all.length };
}

let dir: string;
beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'record-spool-test-'));
});
afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
});

const spools: SpoolFactory = <T>(name: string) => new RecordSpool<T>(dir, { name });

describe('RecordSpool: records on disk, handed back sorted, one per id, a page at a time', () => {
    it('sorts out-of-order pages by (order, id) and keeps one version of an id: the newest, then the last added', async () => {
        const spool = new RecordSpool<Item>(dir);
        const order = shuffled(10_000);
        const at = (id: number) => 1_700_000_000_000 + (id % 700) * 1000;
        for (let page = 0; page < 20; page++) {
            const ids = order.slice(page * 500, page * 500 + 500);
            await spool.add(ids.map((id) => ({ id, order: at(id), record: { id, at: at(id), v: 'first' } })));
        }
        // Read again in later pages: the same time, added later (wins); an older time, added later (loses).
        await spool.add([0, 1, 2, 3].map((id) => ({ id, order: at(id), record: { id, at: at(id), v: 'again' } })));
        await spool.add([4, 5].map((id) => ({ id, order: at(id) - 1, record: { id, at: at(id) - 1, v: 'older' } })));
        expect(await spool.size()).toBe(10_000);

        const got: Item[] = [];
        for await (const page of spool.pages(1000)) {
            expect(page).toHaveLength(1000);
            expect(spool.held).toBe(1000);
            got.push(...page);
        }
        expect(spool.held).toBe(0);
        const expected = Array.from({ length: 10_000 }, (_, id) => ({
            id,
            at: at(id),
            v: id < 4 ? 'again' : 'first'
        })).sort((a, b) => a.at - b.at || a.id - b.id);
        expect(got).toEqual(expected);
        await spool.close();
    });

    it('holds one page at most while a page is in hand, and reads only that page from the file', async () => {
        const spool = new RecordSpool<Item>(dir);
        const pageSize = 500;
        const order = shuffled(50 * pageSize);
        for (let page = 0; page < 50; page++) {
            const ids = order.slice(page * pageSize, (page + 1) * pageSize);
            await spool.add(ids.map((id) => ({ id, order: id, record: { id, at: id, v: 'x'.repeat(150) } })));
            expect(spool.held).toBe(0);
        }
        const [folder] = await readdir(dir);
        const fileBytes = (await stat(join(dir, folder!, 'records.jsonl'))).size;
        const lineBytes = Buffer.byteLength(JSON.stringify([99_999, { id: 99_999, at: 99_999, v: 'x'.repeat(150) }]));
        let pages = 0;
        for await (const page of spool.pages(pageSize)) {
            expect(page.length).toBeLessThanOrEqual(pageSize);
            expect(spool.held).toBe(page.length);
            expect(spool.heldBytes).toBeGreaterThan(0);
            expect(spool.heldBytes).toBeLessThanOrEqual(page.length * lineBytes);
            expect(spool.heldBytes * 40).toBeLessThan(fileBytes);
            pages += 1;
        }
        expect(pages).toBe(50);
        expect([spool.held, spool.heldBytes]).toEqual([0, 0]);
        await spool.close();
    });

    it('keys integer ids exactly, and tells apart other ids whose hashes meet', async () => {
        // Every id that is not an integer hashes alike here: only the comparison of real ids keeps them apart.
        const spool = new RecordSpool<{ id: string; v: number }>(dir, { hash: () => 7 });
        const entries = [
            { id: '10', v: 1 },
            { id: '9', v: 1 },
            { id: 'b', v: 1 },
            { id: 'a', v: 1 },
            { id: 'b', v: 2 },
            { id: '007', v: 1 }
        ];
        await spool.add(entries.map((record) => ({ id: record.id, record })));
        const got: { id: string; v: number }[] = [];
        for await (const page of spool.pages(10)) got.push(...page);
        // Hashed keys sort before whole numbers; among equal keys, in the order added. "9" before "10": numbers.
        expect(got).toEqual([
            { id: 'a', v: 1 },
            { id: 'b', v: 2 },
            { id: '007', v: 1 },
            { id: '9', v: 1 },
            { id: '10', v: 1 }
        ]);
        await spool.close();
    });

    it('answers the ids asked from a spool of many pages, the last record of an id winning', async () => {
        const spool = new RecordSpool<{ id: number; name: string }>(dir, { name: 'people' });
        // Pages in descending id order, as a listing may give them, then one person again, changed.
        for (let page = 9; page >= 0; page--) {
            const ids = Array.from({ length: 1000 }, (_, i) => page * 1000 + (999 - i));
            await spool.add(ids.map((id) => ({ id, record: { id, name: `p${id}` } })));
        }
        await spool.add([{ id: 4321, record: { id: 4321, name: 'changed' } }]);
        const found = await spool.get([0, 4321, 9999, 10_000, 0]);
        expect([...found.entries()]).toEqual([
            [0, { id: 0, name: 'p0' }],
            [4321, { id: 4321, name: 'changed' }],
            [9999, { id: 9999, name: 'p9999' }]
        ]);
        await spool.close();
    });

    it('close deletes its folder, and the spool is not used after', async () => {
        const spool = new RecordSpool<Item>(dir, { name: 'report-emails' });
        await spool.add([{ id: 1, record: { id: 1, at: 0, v: '' } }]);
        expect(await readdir(dir)).toEqual([expect.stringMatching(/^report-emails-/)]);
        await spool.close();
        expect(await readdir(dir)).toEqual([]);
        await expect(spool.add([{ id: 2, record: { id: 2, at: 0, v: '' } }])).rejects.toMatchObject({
            code: 'SPOOL_CLOSED'
        });
        expect(await readdir(dir)).toEqual([]);
    });
});

describe('Reads the bridge sorts itself, through the spool', () => {
    const base = Date.parse('2024-03-01T00:00:00.000Z');
    const event = (id: number, second: number, eventType = 'sent') => ({
        id,
        occurredAt: new Date(base + second * 1000).toISOString(),
        contactId: 100 + (id % 50),
        eventType
    });

    function reporting(items: unknown[], calls: string[] = []): ReportingApi {
        const http = {
            post: async (_path: string, _body: unknown, query: { top: number; skip: number }) => {
                calls.push(`post ${query.skip}`);
                return pageOf(items, query);
            }
        };
        return new ReportingApi(http as unknown as ReplyHttp);
    }

    /** Reads one window of the email report as `handOn` says: what happened in order, the pages, files spooled. */
    async function readWindow(items: unknown[], handOn: 'whole' | 'asRead') {
        const log: string[] = [];
        const pages: ReportPage<ReplyEmailEvent>[] = [];
        const spooled: number[] = [];
        for await (const page of reporting(items, log).window(
            'emails',
            '2024-03-01T00:00:00Z',
            '2024-03-02T00:00:00Z',
            {
                spool: spools,
                handOn,
                read: async (read) => void log.push(`read ${read.length}`)
            }
        )) {
            log.push(`page ${page.items.length}`);
            pages.push(page);
            spooled.push((await readdir(dir)).length);
        }
        return { log, pages, spooled };
    }

    it("hands a report window on in pages sorted by time, once per id, Reply's pages seen before the first", async () => {
        // Reply answers newest first, with 20 items repeated across its pages and one it cannot read.
        const items: unknown[] = Array.from({ length: 2500 }, (_, i) => event(2500 - i, (2500 - i) % 900));
        items.splice(1500, 0, ...items.slice(980, 1000));
        items.splice(700, 0, { id: 'bad', occurredAt: 'yesterday', contactId: 1, eventType: 'sent' });
        const { log, pages, spooled } = await readWindow(items, 'whole');
        expect(log).toEqual([
            'post 0',
            'read 999',
            'post 1000',
            'read 1000',
            'post 2000',
            'read 521',
            'page 1000',
            'page 1000',
            'page 500'
        ]);
        expect(spooled).toEqual([1, 1, 1]);
        expect(pages.map((p) => [p.items.length, p.invalid.length, p.last])).toEqual([
            [1000, 1, false],
            [1000, 0, false],
            [500, 0, true]
        ]);
        const all = pages.flatMap((p) => p.items);
        expect(new Set(all.map((e) => e.id)).size).toBe(2500);
        const sorted = [...all].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || Number(a.id) - Number(b.id));
        expect(all).toEqual(sorted);
        expect(await readdir(dir)).toEqual([]);
    });

    it('hands each page on as Reply answers it when asked to, the window closed by an empty last page', async () => {
        const items: unknown[] = Array.from({ length: 2100 }, (_, i) => event(i + 1, i));
        items.splice(1200, 0, { id: 'bad', occurredAt: 'yesterday', contactId: 1, eventType: 'sent' });
        const { log, pages, spooled } = await readWindow(items, 'asRead');
        // Page 1 reaches the reader before Reply is asked for page 2: writing overlaps reading. Nothing is spooled.
        expect(spooled).toEqual([0, 0, 0, 0]);
        expect(log).toEqual([
            'post 0',
            'read 1000',
            'page 1000',
            'post 1000',
            'read 999',
            'page 999',
            'post 2000',
            'read 101',
            'page 101',
            'page 0'
        ]);
        expect(pages.map((p) => [p.items.length, p.invalid.length, p.last])).toEqual([
            [1000, 0, false],
            [999, 1, false],
            [101, 0, false],
            [0, 0, true]
        ]);
        expect(new Set(pages.flatMap((p) => p.items.map((e) => e.id))).size).toBe(2100);
        expect(await readdir(dir)).toEqual([]);
        const unreadable = reporting([{ id: 1, occurredAt: 'soon' }]).window(
            'linkedin',
            '2024-03-01T00:00:00Z',
            '2024-03-02T00:00:00Z',
            { spool: spools, handOn: 'asRead' }
        );
        await expect(unreadable.next()).rejects.toMatchObject({ code: 'REPLY_CAPABILITY_MISSING' });
    });

    it('an empty window is one empty last page; a window of unreadable items pauses the step', async () => {
        const empty: unknown[] = [];
        for await (const page of reporting([]).window('calls', '2024-03-01T00:00:00Z', '2024-03-02T00:00:00Z', {
            spool: spools
        }))
            empty.push(page);
        expect(empty).toEqual([{ items: [], invalid: [], last: true }]);
        const unreadable = reporting([{ id: 1, occurredAt: 'soon' }]).window(
            'calls',
            '2024-03-01T00:00:00Z',
            '2024-03-02T00:00:00Z',
            { spool: spools }
        );
        await expect(unreadable.next()).rejects.toMatchObject({
            code: 'REPLY_CAPABILITY_MISSING',
            capability: 'callActivity'
        });
        expect(await readdir(dir)).toEqual([]);
    });

    it('the full read of contacts hands on those changed since the cursor, sorted, cursors chained', async () => {
        const contact = (id: number, minute: number) => ({
            id,
            lastModifiedAt: new Date(base + minute * 60_000).toISOString()
        });
        // Reply lists by id; times go back and forth; contact 7 is listed twice, changed in between.
        const all: unknown[] = Array.from({ length: 2400 }, (_, i) => contact(i + 1, (i * 37) % 120));
        all.push(contact(7, 500), { id: 'x', lastModifiedAt: 'never' });
        const http = { get: async (_path: string, query: { top: number; skip: number }) => pageOf(all, query) };
        const cursor = { ts: new Date(base + 60 * 60_000).toISOString(), skip: 0 };
        const pages: FeedPage<ReplyContact>[] = [];
        for await (const page of new ContactsApi(http as unknown as ReplyHttp).scan(cursor, {
            top: 500,
            spool: spools
        }))
            pages.push(page);
        const items = pages.flatMap((p) => p.items);
        const changed = all.filter(
            (c): c is { id: number; lastModifiedAt: string } =>
                typeof (c as { id: unknown }).id === 'number' &&
                (c as { lastModifiedAt: string }).lastModifiedAt >= cursor.ts
        );
        expect(items.filter((c) => c.id === 7).map((c) => c.lastModifiedAt)).toEqual([contact(7, 500).lastModifiedAt]);
        expect(items).toHaveLength(changed.length - 1);
        expect(items).toEqual(
            [...items].sort((a, b) => a.lastModifiedAt.localeCompare(b.lastModifiedAt) || a.id - b.id)
        );
        expect(pages.map((p) => p.invalid.length)).toEqual([1, 0, 0]);
        expect(pages[0]!.start).toEqual(cursor);
        pages.forEach((page, i) => {
            if (i > 0) expect(page.start).toEqual(pages[i - 1]!.cursor);
            expect(page.cursor).toEqual(
                advanceCursor(
                    page.start.ts,
                    page.start.skip,
                    page.items.map((c) => c.lastModifiedAt)
                )
            );
        });
        expect(await readdir(dir)).toEqual([]);
    });
});
