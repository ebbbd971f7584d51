import type { FileHandle } from 'node:fs/promises';
import { SpoolFile } from '../spool-file.ts';

/**
 * A Reply feed read once a run and shared by the steps that read it from the same cursor (the Lead and Contact
 * variants of an activity kind; the people, statuses and note steps on the change feed), in flat memory.
 *
 * Why a spool, and not the whole feed in memory (memory grew with the backfill: 3.2 GB at 1,000,000 people) nor both
 * steps on one page stream (steps run one after the other, each with its own counts, commits, failures and stop
 * reasons, and a step may stop early): the first reader pulls pages from Reply and appends each one, as one JSON
 * line, to a temp file; later readers read that file page by page, then carry on from Reply where the first stopped.
 * Reply is asked for each page once, however many steps read it (Reply allows 100 requests a minute: reading a feed
 * twice would double the backfill's floor).
 *
 * The bound: while a reader holds page n, Reply's answer for page n+1 is on its way (one page read ahead, so Reply's
 * latency overlaps the deciding and writing of page n), and nothing else is kept but each page's place in the file.
 * A crash loses nothing: the spool is a cache of this run's reads, and the steps' cursors move only when a page is
 * committed (a new run reads from the cursors again).
 */
export class SpooledFeed<P, R = void> {
    /** Where each spooled page is in the file. */
    private readonly places: { at: number; length: number }[] = [];
    private readonly source: AsyncIterator<P, R>;
    /** The read-ahead: Reply's next page, asked for as soon as the previous one was handed out. */
    private ahead: Promise<IteratorResult<P, R>> | undefined;
    private readonly spoolFile: SpoolFile;
    private size = 0;
    /** Pulls from the source one at a time, whoever asks. */
    private pulling: Promise<unknown> = Promise.resolve();
    private finished = false;
    private failure: { error: unknown } | undefined;
    private closed = false;
    /** What the source returned at its end (an activity feed's deferral). */
    result: R | undefined;

    constructor(
        source: AsyncIterable<P, R>,
        private readonly options: {
            /** Where the spool file goes (a folder of its own is made in it); default the OS temp folder. */
            dir?: string | undefined;
            /** The source failed: the feed is forgotten so that the next step reads Reply again. */
            onFailure?: () => void;
        } = {}
    ) {
        this.source = source[Symbol.asyncIterator]();
        this.spoolFile = new SpoolFile(options.dir, 'feed', 'pages.jsonl');
    }

    /** Pages held in memory by the feed itself (the read-ahead), for the bound's test. */
    get held(): number {
        return this.ahead ? 1 : 0;
    }

    /** Pages read from the source so far. */
    get spooled(): number {
        return this.places.length;
    }

    /** The source has been read to its end: every page is spooled. */
    get complete(): boolean {
        return this.finished;
    }

    /** The feed from its start: spooled pages from the file, then the source's next pages (spooled as they come). */
    async *pages(): AsyncGenerator<P> {
        for (let i = 0; ; i++) {
            if (i < this.places.length) {
                yield await this.readSpooled(i);
                continue;
            }
            const page = await this.pull(i);
            if (page === END) return;
            yield page;
        }
    }

    /**
     * Pulls the source to its end into the spool without handing pages on: reading ahead for readers to come, who
     * then read the file. Throws what the source throws (the feed is forgotten, as for any reader).
     */
    async fill(): Promise<void> {
        while ((await this.pull(Infinity)) !== END) {
            // Spooled: nothing else to do with the page here.
        }
    }

    /** Deletes the spool file; the feed is not read after this. */
    async close(): Promise<void> {
        this.closed = true;
        await this.spoolFile.delete();
    }

    /**
     * Page `index` from the source (the next one, unless another reader pulled it meanwhile: then from the file);
     * `Infinity`: the source's next page, whatever has been spooled.
     */
    private pull(index: number): Promise<P | typeof END> {
        const next = this.pulling.then(async () => {
            if (index < this.places.length) return this.readSpooled(index);
            if (this.failure) throw this.failure.error;
            if (this.finished || this.closed) return END;
            let step: IteratorResult<P, R>;
            try {
                step = await (this.ahead ?? this.source.next());
            } catch (error) {
                this.failure = { error };
                this.ahead = undefined;
                this.options.onFailure?.();
                throw error;
            }
            this.ahead = undefined;
            if (step.done) {
                this.finished = true;
                this.result = step.value;
                return END;
            }
            await this.spool(step.value);
            this.readAhead();
            return step.value;
        });
        this.pulling = next.catch(() => undefined);
        return next;
    }

    private readAhead(): void {
        const ahead = this.source.next();
        // Settled when the next reader asks; a failure nobody asks for is not an unhandled rejection.
        ahead.catch(() => undefined);
        this.ahead = ahead;
    }

    private async spool(page: P): Promise<void> {
        const line = Buffer.from(`${JSON.stringify(page)}\n`);
        const handle = await this.handle();
        await handle.write(line, 0, line.length, this.size);
        this.places.push({ at: this.size, length: line.length - 1 });
        this.size += line.length;
    }

    private async readSpooled(index: number): Promise<P> {
        const place = this.places[index]!;
        const buffer = Buffer.alloc(place.length);
        const handle = await this.handle();
        await handle.read(buffer, 0, place.length, place.at);
        return JSON.parse(buffer.toString('utf8')) as P;
    }

    private handle(): Promise<FileHandle> {
        if (this.closed) return Promise.reject(new Error('The run ended: its feed spool is deleted'));
        return this.spoolFile.handle();
    }
}

const END = Symbol('end');

/**
 * How far one step has got through the shared feed it reads: the pages it has committed, and whether it has stopped
 * (its work ended, however). A step that runs beside the one before it on the same feed (the Lead and Contact
 * variants of one kind) takes page n only once that step has committed page n, so it decides on page n with what
 * the first step wrote there, as if it ran after it.
 */
export class FeedProgress {
    private committed = 0;
    private ended = false;
    private waiting: (() => void)[] = [];
    private startedReading: (() => void) | undefined;
    /** Resolves once the step has begun reading a shared feed, or has ended: the moment the next step may start. */
    readonly reading = new Promise<void>((resolve) => (this.startedReading = resolve));

    /** The step has begun reading a shared feed (as its first reader or following another). */
    read(): void {
        this.startedReading?.();
    }

    pageCommitted(): void {
        this.committed += 1;
        this.wake();
    }

    /** The step's work ended (done, failed or stopped): nobody waits for it any more. */
    end(): void {
        this.ended = true;
        this.startedReading?.();
        this.wake();
    }

    /** Resolves once page `index` (from 0) is committed, or the step has ended. */
    async past(index: number): Promise<void> {
        while (!this.ended && this.committed <= index) await new Promise<void>((resolve) => this.waiting.push(resolve));
    }

    private wake(): void {
        for (const resolve of this.waiting.splice(0)) resolve();
    }
}

/**
 * A feed's pages for `reader`, who follows `first` (another reader of the same feed, when there is one): page n is
 * taken once `first` has committed page n or has ended. Past the feed's end there is nothing to wait for (the first
 * reader may still be finishing other work).
 */
export async function* followPages<P>(
    feed: SpooledFeed<P, unknown>,
    reader: FeedProgress,
    first: FeedProgress | undefined
): AsyncGenerator<P> {
    reader.read();
    const pages = feed.pages();
    try {
        for (let index = 0; ; index++) {
            if (first && first !== reader && !(feed.complete && index >= feed.spooled)) await first.past(index);
            const next = await pages.next();
            if (next.done) return;
            yield next.value;
        }
    } finally {
        await pages.return(undefined);
    }
}
