import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeedProgress, followPages, SpooledFeed } from '../../bridge/src/sync/feed-spool.ts';

const PAGE_SIZE = 1000;

interface TestPage {
    n: number;
    items: { id: number; email: string }[];
}

/** A source of `pages` pages of PAGE_SIZE items that counts what it made and how many are alive (not yet released). */
function source(pages: number, fail?: number) {
    const stats = { made: 0, released: 0, maxAlive: 0 };
    async function* read(): AsyncGenerator<TestPage, string> {
        for (let n = 0; n < pages; n++) {
            await new Promise((resolve) => setTimeout(resolve, 0));
            if (n === fail) throw new Error(`page ${n} failed`);
            stats.made += 1;
            stats.maxAlive = Math.max(stats.maxAlive, stats.made - stats.released);
            yield {
                n,
                items: Array.from({ length: PAGE_SIZE }, (_, i) => ({ id: n * PAGE_SIZE + i, email: `p${i}@x` }))
            };
        }
        return 'end';
    }
    return { stats, read };
}

describe('SpooledFeed: a shared Reply feed in bounded memory', () => {
    let dir: string;
    beforeEach(async () => {
        dir = await mkdtemp(join(tmpdir(), 'spool-test-'));
    });
    afterEach(async () => {
        await rm(dir, { recursive: true, force: true });
    });

    it('never holds more than the page being handled and one read ahead, however long the feed', async () => {
        const pages = 50;
        const { stats, read } = source(pages);
        const feed = new SpooledFeed(read(), { dir });
        let seen = 0;
        for await (const page of feed.pages()) {
            expect(page.n).toBe(seen);
            // The feed itself keeps at most the read-ahead; the source has made at most this page and the next.
            expect(feed.held).toBeLessThanOrEqual(1);
            expect(stats.made - seen).toBeLessThanOrEqual(2);
            seen += 1;
            stats.released += 1;
        }
        expect(seen).toBe(pages);
        expect(stats.maxAlive).toBeLessThanOrEqual(2);
        expect(feed.result).toBe('end');
        await feed.close();
    });

    it('reads the source once for every reader: later readers read the spool page by page, in order', async () => {
        const { stats, read } = source(12);
        const feed = new SpooledFeed(read(), { dir });
        const first: number[] = [];
        for await (const page of feed.pages()) first.push(page.items[0]!.id);
        const second: TestPage[] = [];
        for await (const page of feed.pages()) second.push(page);
        expect(stats.made).toBe(12);
        expect(second.map((p) => p.items[0]!.id)).toEqual(first);
        expect(second[11]!.items).toHaveLength(PAGE_SIZE);
        expect(second[11]!.items[PAGE_SIZE - 1]).toEqual({ id: 12 * PAGE_SIZE - 1, email: `p${PAGE_SIZE - 1}@x` });
        await feed.close();
    });

    it('a reader that stops early leaves the rest to the next, which carries on from the source', async () => {
        const { stats, read } = source(10);
        const feed = new SpooledFeed(read(), { dir });
        for await (const page of feed.pages()) if (page.n === 3) break;
        // Pages 0-3 handed out, page 4 read ahead.
        expect(stats.made).toBeLessThanOrEqual(5);
        const all: number[] = [];
        for await (const page of feed.pages()) all.push(page.n);
        expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(stats.made).toBe(10);
        await feed.close();
    });

    it("a source's failure reaches the reader at that page, and the feed says it is to be forgotten", async () => {
        const { read } = source(6, 4);
        let forgotten = false;
        const feed = new SpooledFeed(read(), { dir, onFailure: () => (forgotten = true) });
        const got: number[] = [];
        await expect(
            (async () => {
                for await (const page of feed.pages()) got.push(page.n);
            })()
        ).rejects.toThrow('page 4 failed');
        expect(got).toEqual([0, 1, 2, 3]);
        expect(forgotten).toBe(true);
        await feed.close();
    });

    it('fill reads the source to its end into the file, holding one page at most, and a reader then reads the file', async () => {
        const { stats, read } = source(20);
        const feed = new SpooledFeed(read(), { dir });
        // A slow reader a few pages in while the feed fills ahead of it (reading ahead for the steps to come).
        const reader = (async () => {
            const got: number[] = [];
            for await (const page of feed.pages()) {
                got.push(page.n);
                await new Promise((resolve) => setTimeout(resolve, 2));
            }
            return got;
        })();
        await feed.fill();
        expect(stats.made).toBe(20);
        expect(feed.spooled).toBe(20);
        expect(feed.held).toBe(0);
        expect(feed.result).toBe('end');
        expect(await reader).toEqual(Array.from({ length: 20 }, (_, n) => n));
        // Read once, whoever asked.
        expect(stats.made).toBe(20);
        await feed.close();
    });

    it('close deletes the spool', async () => {
        const { read } = source(3);
        const feed = new SpooledFeed(read(), { dir });
        for await (const _page of feed.pages()) void _page;
        expect(await readdir(dir)).toHaveLength(1);
        await feed.close();
        expect(await readdir(dir)).toHaveLength(0);
    });

    it('a second reader follows the first page by page: page n once the first committed it, alone once it ended', async () => {
        const feed = new SpooledFeed(source(4).read(), { dir });
        const first = new FeedProgress();
        const second = new FeedProgress();
        const log: string[] = [];
        const firstDone = (async () => {
            for await (const page of followPages(feed, first, undefined)) {
                log.push(`first takes ${page.n}`);
                await new Promise((resolve) => setTimeout(resolve, 5));
                log.push(`first commits ${page.n}`);
                first.pageCommitted();
                // The first stops after two pages (a failure, a budget): the second goes on alone.
                if (page.n === 1) break;
            }
            first.end();
        })();
        await first.reading;
        for await (const page of followPages(feed, second, first)) log.push(`second takes ${page.n}`);
        await firstDone;
        const at = (line: string) => log.indexOf(line);
        expect(log.filter((line) => line.startsWith('second'))).toEqual([
            'second takes 0',
            'second takes 1',
            'second takes 2',
            'second takes 3'
        ]);
        // Page n only once the first committed it; after the first stopped, no waiting on it.
        expect(at('second takes 0')).toBeGreaterThan(at('first commits 0'));
        expect(at('second takes 1')).toBeGreaterThan(at('first commits 1'));
        expect(at('first takes 1')).toBeLessThan(at('second takes 1'));
        expect(log.filter((line) => line.startsWith('first'))).toEqual([
            'first takes 0',
            'first commits 0',
            'first takes 1',
            'first commits 1'
        ]);
        await feed.close();
    });

    it('a follower does not wait for the first reader past the end of the feed', async () => {
        const feed = new SpooledFeed(source(2).read(), { dir });
        const first = new FeedProgress();
        for await (const page of followPages(feed, first, undefined)) if (page.n >= 0) first.pageCommitted();
        // The first reader has not ended (it is still at other work), but the feed is: nothing to wait for.
        const taken: number[] = [];
        for await (const page of followPages(feed, new FeedProgress(), first)) taken.push(page.n);
        expect(taken).toEqual([0, 1]);
        await feed.close();
    });
});
