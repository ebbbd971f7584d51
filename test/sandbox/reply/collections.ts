/**
 * Ordered in-memory collections the workspace indexes with. Everything is ordered by (time, id) so cursors that
 * share a timestamp come back in a stable order, and reads are binary searches rather than scans.
 */

/** First index in [0, length) whose (time, id) is >= (t, id), given sorted parallel arrays. */
function lowerBound(times: readonly number[], ids: readonly number[], t: number, id: number): number {
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const mt = times[mid] as number;
        if (mt < t || (mt === t && (ids[mid] as number) < id)) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/**
 * Ids ordered by a timestamp that moves forward when the record changes (contacts by lastModifiedAt, threads by
 * lastActivityDate). A move appends a new entry and leaves the old one stale instead of splicing it out, so a busy
 * simulation costs O(log n) per change; stale entries are dropped when they outnumber the live ones.
 */
export class TimeOrderedIds {
    private times: number[] = [];
    private ids: number[] = [];
    private readonly current = new Map<number, number>();
    private stale = 0;

    get size(): number {
        return this.current.size;
    }

    set(id: number, time: number): void {
        const previous = this.current.get(id);
        if (previous === time) return;
        this.current.set(id, time);
        if (previous !== undefined) {
            this.stale++;
            // An id moving backwards would make its old entry look live again: rebuild instead.
            if (time < previous) {
                this.compact();
                return;
            }
        }
        const at = lowerBound(this.times, this.ids, time, id);
        if (at === this.times.length) {
            this.times.push(time);
            this.ids.push(id);
        } else {
            this.times.splice(at, 0, time);
            this.ids.splice(at, 0, id);
        }
        this.maybeCompact();
    }

    delete(id: number): void {
        if (this.current.delete(id)) {
            this.stale++;
            this.maybeCompact();
        }
    }

    clear(): void {
        this.times = [];
        this.ids = [];
        this.current.clear();
        this.stale = 0;
    }

    /** Live ids with time >= `from` (or > `from` when `exclusive`), ascending by (time, id). */
    *ascending(from = Number.NEGATIVE_INFINITY, exclusive = false): Generator<number> {
        const start = exclusive
            ? lowerBound(this.times, this.ids, from, Number.POSITIVE_INFINITY)
            : lowerBound(this.times, this.ids, from, Number.NEGATIVE_INFINITY);
        for (let i = start; i < this.times.length; i++) {
            const id = this.ids[i] as number;
            if (this.current.get(id) === this.times[i]) yield id;
        }
    }

    /** Live ids with time > `after`, descending by (time, id): newest first. */
    *descending(after = Number.NEGATIVE_INFINITY): Generator<number> {
        for (let i = this.times.length - 1; i >= 0; i--) {
            const time = this.times[i] as number;
            if (time <= after) return;
            const id = this.ids[i] as number;
            if (this.current.get(id) === time) yield id;
        }
    }

    private maybeCompact(): void {
        if (this.stale > 1024 && this.stale > this.current.size) this.compact();
    }

    private compact(): void {
        const entries = [...this.current].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
        this.ids = entries.map(([id]) => id);
        this.times = entries.map(([, time]) => time);
        this.stale = 0;
    }
}

/** An append-mostly log of immutable events ordered by (occurredAt, id), read by time window. */
export class TimeLog<T extends { id: number; occurredAt: number }> {
    private readonly items: T[] = [];
    private readonly times: number[] = [];
    private readonly ids: number[] = [];

    get size(): number {
        return this.items.length;
    }

    add(item: T): void {
        const last = this.times.length - 1;
        const inOrder =
            last < 0 ||
            (this.times[last] as number) < item.occurredAt ||
            ((this.times[last] as number) === item.occurredAt && (this.ids[last] as number) < item.id);
        if (inOrder) {
            this.items.push(item);
            this.times.push(item.occurredAt);
            this.ids.push(item.id);
            return;
        }
        const at = lowerBound(this.times, this.ids, item.occurredAt, item.id);
        this.items.splice(at, 0, item);
        this.times.splice(at, 0, item.occurredAt);
        this.ids.splice(at, 0, item.id);
    }

    /** Items with from <= occurredAt < to (either bound optional), oldest first. */
    *window(from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY): Generator<T> {
        const start = lowerBound(this.times, this.ids, from, Number.NEGATIVE_INFINITY);
        for (let i = start; i < this.items.length; i++) {
            const item = this.items[i] as T;
            if (item.occurredAt >= to) return;
            yield item;
        }
    }

    all(): readonly T[] {
        return this.items;
    }
}

/** A binary min-heap; ties are broken by the comparator (callers add an insertion counter). */
export class MinHeap<T> {
    private readonly items: T[] = [];

    constructor(private readonly less: (a: T, b: T) => boolean) {}

    get size(): number {
        return this.items.length;
    }

    peek(): T | undefined {
        return this.items[0];
    }

    push(item: T): void {
        const items = this.items;
        items.push(item);
        let i = items.length - 1;
        while (i > 0) {
            const parent = (i - 1) >>> 1;
            if (!this.less(items[i] as T, items[parent] as T)) break;
            [items[i], items[parent]] = [items[parent] as T, items[i] as T];
            i = parent;
        }
    }

    pop(): T | undefined {
        const items = this.items;
        const top = items[0];
        const last = items.pop();
        if (items.length > 0 && last !== undefined) {
            items[0] = last;
            let i = 0;
            for (;;) {
                const left = 2 * i + 1;
                const right = left + 1;
                let smallest = i;
                if (left < items.length && this.less(items[left] as T, items[smallest] as T)) smallest = left;
                if (right < items.length && this.less(items[right] as T, items[smallest] as T)) smallest = right;
                if (smallest === i) break;
                [items[i], items[smallest]] = [items[smallest] as T, items[i] as T];
                i = smallest;
            }
        }
        return top;
    }

    clear(): void {
        this.items.length = 0;
    }
}

/** One page of an iterable: skips `skip` items, takes `top`, and looks one further to answer `hasMore`. */
export function pageOf<T>(
    source: Iterable<T>,
    skip: number,
    top: number,
    withTotal = false
): { items: T[]; hasMore: boolean; totalCount?: number } {
    const items: T[] = [];
    let seen = 0;
    let hasMore = false;
    for (const item of source) {
        if (seen >= skip + top) {
            hasMore = true;
            if (!withTotal) break;
        } else if (seen >= skip) {
            items.push(item);
        }
        seen++;
    }
    return withTotal ? { items, hasMore, totalCount: seen } : { items, hasMore };
}

/** Lazily maps and filters an iterable (generators keep big scans allocation-free). */
export function* filterMap<T, U>(source: Iterable<T>, fn: (item: T) => U | undefined): Generator<U> {
    for (const item of source) {
        const mapped = fn(item);
        if (mapped !== undefined) yield mapped;
    }
}
