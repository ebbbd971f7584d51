import type { CursorValue } from '../domain/cursors.ts';
import type { PersonLink } from '../domain/links.ts';
import type { RecordErrorRow, SyncedItemRow } from '../domain/records.ts';
import type { RecordProblem, StepRun } from './context.ts';

/**
 * The one step pipeline. An executor supplies what differs (read a page, decide per item, write a batch); the
 * pipeline owns the rest: earlier failures first, counts, dry runs, skip reasons, problem rows, progress, and the
 * commit of each page (its links, items, resolved failures and cursor in one transaction). Pages stream, and overlap
 * where the plan says what each item depends on (`keys`): page n+1 is looked up and decided, and its write started,
 * while page n's write is in flight, unless the two share a key; commits stay in page order, and a page whose write
 * failed stops the pages after it from committing (they are read again from the cursor by the next run, as after a
 * crash). At most PAGES_IN_FLIGHT pages are being written at once, so memory holds a few pages, whatever the feed.
 */

/** Pages written at once by one step (each up to a feed page, 1,000 records): enough to keep Salesforce busy. */
export const PAGES_IN_FLIGHT = 2;

/** Why an item was left alone. `say` words the run log's line for n of them; without it the skip is only counted. */
export interface SkipReason {
    code: string;
    say?: (n: number) => string;
    /** Not this step's item at all (another step's): said when it matters, not counted as skipped. */
    uncounted?: boolean;
}

export type Decision<W> =
    | { do: 'write'; write: W; creates: boolean }
    /**
     * Left alone, counted as skipped; `settles`: the record key whose earlier failures close; `remember`: the item's
     * hash to keep (the target already holds the value), committed with the page.
     */
    | { do: 'skip'; reason: SkipReason; settles?: string; remember?: ItemWritten }
    | { do: 'problem'; problem: RecordProblem }
    /** Nothing for this step (not counted): a re-read of an item that is not due; `settles` as for a skip. */
    | { do: 'none'; settles?: string };

export interface Page<I> {
    items: I[];
    /** Counted as read (default: the items). */
    read?: number;
    /** Records the source sent that cannot be read: they fail. */
    invalid?: RecordProblem[];
    /** Links found while reading (email matches of the page's people), committed with the page. */
    links?: PersonLink[];
    /** Earlier failures closed by the read (records that no longer exist). */
    resolved?: string[];
    /** Where the step resumes once the page is committed; absent for retries and reconciliations. */
    cursor?: CursorValue | undefined;
}

export type ItemWritten = Omit<SyncedItemRow, 'pending' | 'payload'>;

/** What a batch's write came to. */
export interface Written {
    created: number;
    updated: number;
    problems?: RecordProblem[];
    links?: PersonLink[];
    items?: ItemWritten[];
    resolved?: string[];
    /** Items the write found nothing to do for (a converted Lead, a deleted record). */
    skipped?: SkipReason[];
}

export interface StepPlan<I, C, W> {
    /** Earlier failures tried again before the feed, oldest first, read back as a page of items. */
    retry?: { limit: number; read(rows: RecordErrorRow[]): Promise<Page<I> | undefined> };
    /** The feed from the step's cursor. */
    pages(): AsyncIterable<Page<I>>;
    /** The batch look-ups the decisions need for one page (links, known hashes, facts). */
    context(page: Page<I>): Promise<C>;
    /** Links the look-ups found (email matches that become links), committed with the page. */
    linksFound?(context: C): PersonLink[];
    /** Pure: what to do with one item, from the item and the page's context. */
    decide(item: I, context: C): Decision<W>;
    /** Writes a batch of decided items: the one write seam. Never called in a dry run. */
    write(batch: W[], context: C): Promise<Written>;
    /** In a dry run, instead of write: says what the write would say (counts come from the decisions). */
    preview?(batch: W[], context: C): Promise<void>;
    /**
     * What an item's look-ups and write depend on and change (a person's Reply id and email, an activity's key). Pages
     * that share none of them overlap; without `keys`, each page is committed before the next is looked up.
     */
    keys?(item: I): string[];
}

/** Runs a step's plan to the end of its feed; throws what the plan throws (the engine decides what it means). */
export async function runPipeline<I, C, W>(run: StepRun, plan: StepPlan<I, C, W>): Promise<void> {
    const skips = new SkipTally();
    const overlap = new PageOverlap(plan.keys && !run.run.dryRun ? PAGES_IN_FLIGHT : 1);
    const next = async (page: Page<I>) => {
        const keys = plan.keys ? page.items.flatMap((item) => plan.keys!(item)) : [];
        await overlap.admit(keys);
        const decided = await decidePage(run, plan, page, skips);
        overlap.start(keys, () => writePage(run, plan, decided, skips));
        // One page at a time: its commit (or failure) before the feed is asked for the next page.
        if (overlap.limit === 1) await overlap.settle();
    };
    try {
        if (plan.retry) {
            const rows = await run.retryable(plan.retry.limit);
            const page = rows.length > 0 ? await plan.retry.read(rows) : undefined;
            // Retries were counted as read when first read: only what the feed reads counts.
            if (page) await next({ ...page, read: page.read ?? 0 });
        }
        for await (const page of plan.pages()) await next(page);
        await overlap.settle();
    } catch (error) {
        // What was written before the failure still commits; then the failure is the step's.
        await overlap.settle().catch(() => undefined);
        throw error;
    } finally {
        skips.say(run);
    }
}

/** A page looked up and decided: what its write and commit need. */
interface Decided<C, W> {
    page: Page<unknown>;
    context: C;
    writes: W[];
    creates: number;
    problems: RecordProblem[];
    resolved: string[];
    links: PersonLink[];
    items: ItemWritten[];
}

async function decidePage<I, C, W>(
    run: StepRun,
    plan: StepPlan<I, C, W>,
    page: Page<I>,
    skips: SkipTally
): Promise<Decided<C, W>> {
    run.counts.read += page.read ?? page.items.length;
    const context = await plan.context(page);
    const decided: Decided<C, W> = {
        page,
        context,
        writes: [],
        creates: 0,
        problems: [...(page.invalid ?? [])],
        resolved: [...(page.resolved ?? [])],
        links: [],
        items: []
    };
    for (const item of page.items) {
        const decision = plan.decide(item, context);
        switch (decision.do) {
            case 'write':
                decided.writes.push(decision.write);
                if (decision.creates) decided.creates += 1;
                break;
            case 'skip':
                if (!decision.reason.uncounted) run.counts.skipped += 1;
                skips.add(decision.reason);
                if (decision.settles) decided.resolved.push(decision.settles);
                if (decision.remember) decided.items.push(decision.remember);
                break;
            case 'problem':
                decided.problems.push(decision.problem);
                break;
            case 'none':
                if (decision.settles) decided.resolved.push(decision.settles);
                break;
        }
    }
    decided.links.push(...(page.links ?? []), ...(plan.linksFound?.(context) ?? []));
    return decided;
}

/** Writes a decided page; returns its commit, which the overlap runs once the pages before it are committed. */
async function writePage<I, C, W>(
    run: StepRun,
    plan: StepPlan<I, C, W>,
    decided: Decided<C, W>,
    skips: SkipTally
): Promise<() => Promise<void>> {
    const { writes, context, problems, links, resolved, items } = decided;
    if (writes.length > 0 && run.run.dryRun) {
        run.counts.created += decided.creates;
        run.counts.updated += writes.length - decided.creates;
        await plan.preview?.(writes, context);
    } else if (writes.length > 0) {
        const written = await plan.write(writes, context);
        run.counts.created += written.created;
        run.counts.updated += written.updated;
        for (const reason of written.skipped ?? []) {
            run.counts.skipped += 1;
            skips.add(reason);
        }
        problems.push(...(written.problems ?? []));
        links.push(...(written.links ?? []));
        resolved.push(...(written.resolved ?? []));
        items.push(...(written.items ?? []));
    }
    return async () => {
        await run.commit({ problems, links, items, resolved, cursor: decided.page.cursor });
        run.progress();
    };
}

/**
 * Pages in flight between their decision and their commit. Pure scheduling, no I/O: a page is admitted once fewer than
 * `limit` pages are in flight and none of them shares a key with it (its look-ups would not see their writes); pages
 * write concurrently and commit in the order they started; once one fails, those after it do not commit.
 */
export class PageOverlap {
    private readonly flying: { keys: Set<string>; done: Promise<void> }[] = [];
    /** The last started page's commit: the next one commits after it. */
    private chain: Promise<void> = Promise.resolve();
    private failure: { error: unknown } | undefined;

    constructor(readonly limit: number) {}

    /** Waits until a page with these keys may start; throws an earlier page's failure. */
    async admit(keys: string[]): Promise<void> {
        for (;;) {
            if (this.failure) throw this.failure.error;
            const blocking = this.flying.filter(
                (f, i) => this.flying.length - i >= this.limit || keys.some((key) => f.keys.has(key))
            );
            if (blocking.length === 0) return;
            await Promise.race(blocking.map((f) => f.done));
        }
    }

    /** Starts a page: `write` runs now, the commit it returns once every earlier page has committed. */
    start(keys: string[], write: () => Promise<() => Promise<void>>): void {
        const written = write();
        const before = this.chain;
        const committed = (async () => {
            const commit = await written;
            await before;
            await commit();
        })();
        const entry = {
            keys: new Set(keys),
            done: committed.then(
                () => undefined,
                () => undefined
            )
        };
        this.flying.push(entry);
        this.chain = committed;
        committed.then(
            () => this.flying.splice(this.flying.indexOf(entry), 1),
            (error: unknown) => {
                this.failure ??= { error };
                this.flying.splice(this.flying.indexOf(entry), 1);
            }
        );
        // Settled by settle() or admit(); never an unhandled rejection.
        written.catch(() => undefined);
    }

    /** Waits for every page in flight; throws the first failure. */
    async settle(): Promise<void> {
        await this.chain.catch(() => undefined);
        await Promise.all(this.flying.map((f) => f.done));
        if (this.failure) throw this.failure.error;
    }
}

/** Skips by reason over the whole step: each reason is said once in the run log, with how many it covered. */
class SkipTally {
    private readonly reasons = new Map<string, { reason: SkipReason; n: number }>();

    add(reason: SkipReason): void {
        const entry = this.reasons.get(reason.code);
        if (entry) entry.n += 1;
        else this.reasons.set(reason.code, { reason, n: 1 });
    }

    say(run: StepRun): void {
        for (const { reason, n } of this.reasons.values()) if (reason.say) run.note(reason.say(n));
    }
}
