import type { CursorValue } from '../domain/cursors.ts';
import type { PersonLink } from '../domain/links.ts';
import type { RecordErrorRow, SyncedItemRow } from '../domain/records.ts';
import type { RecordProblem, StepRun } from './context.ts';

/**
 * The one step pipeline. An executor supplies what differs (read a page, decide per item, write a batch); the
 * pipeline owns the rest: earlier failures first, counts, dry runs, skip reasons, problem rows, progress, and the
 * commit of each page (its links, items, resolved failures and cursor in one transaction). Pages stream: one page is
 * read, decided, written and committed before the next is asked for.
 */

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
}

/** Runs a step's plan to the end of its feed; throws what the plan throws (the engine decides what it means). */
export async function runPipeline<I, C, W>(run: StepRun, plan: StepPlan<I, C, W>): Promise<void> {
    const skips = new SkipTally();
    try {
        if (plan.retry) {
            const rows = await run.retryable(plan.retry.limit);
            const page = rows.length > 0 ? await plan.retry.read(rows) : undefined;
            // Retries were counted as read when first read: only what the feed reads counts.
            if (page) await processPage(run, plan, { ...page, read: page.read ?? 0 }, skips);
        }
        for await (const page of plan.pages()) await processPage(run, plan, page, skips);
    } finally {
        skips.say(run);
    }
}

async function processPage<I, C, W>(
    run: StepRun,
    plan: StepPlan<I, C, W>,
    page: Page<I>,
    skips: SkipTally
): Promise<void> {
    run.counts.read += page.read ?? page.items.length;
    const context = await plan.context(page);
    const problems: RecordProblem[] = [...(page.invalid ?? [])];
    const resolved: string[] = [...(page.resolved ?? [])];
    const writes: W[] = [];
    const remembered: ItemWritten[] = [];
    let creates = 0;
    for (const item of page.items) {
        const decision = plan.decide(item, context);
        switch (decision.do) {
            case 'write':
                writes.push(decision.write);
                if (decision.creates) creates += 1;
                break;
            case 'skip':
                if (!decision.reason.uncounted) run.counts.skipped += 1;
                skips.add(decision.reason);
                if (decision.settles) resolved.push(decision.settles);
                if (decision.remember) remembered.push(decision.remember);
                break;
            case 'problem':
                problems.push(decision.problem);
                break;
            case 'none':
                if (decision.settles) resolved.push(decision.settles);
                break;
        }
    }
    const links = [...(page.links ?? []), ...(plan.linksFound?.(context) ?? [])];
    const items: ItemWritten[] = remembered;
    if (writes.length > 0 && run.run.dryRun) {
        run.counts.created += creates;
        run.counts.updated += writes.length - creates;
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
    await run.commit({ problems, links, items, resolved, cursor: page.cursor });
    run.progress();
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
