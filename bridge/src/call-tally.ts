import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The API calls made for one piece of work (a step of a run), on each side. The clients count each call into the
 * tally of the work it is made for, found through AsyncLocalStorage, which follows a call through awaits, batches and
 * call gates: steps that run at the same time each count their own calls, where a difference of the clients' totals
 * would count both.
 */
export interface CallTally {
    salesforce: number;
    reply: number;
}

const current = new AsyncLocalStorage<CallTally>();

export function newTally(): CallTally {
    return { salesforce: 0, reply: 0 };
}

/** Counts one call into the tally of the work under way, if any. */
export function countCall(side: keyof CallTally): void {
    const tally = current.getStore();
    if (tally) tally[side] += 1;
}

/** Runs `work` with its calls (and those of everything it starts) counted into `tally`. */
export function tallyCalls<T>(tally: CallTally, work: () => Promise<T>): Promise<T> {
    return current.run(tally, work);
}
