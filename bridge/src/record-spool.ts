import { hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { BridgeError } from './errors.ts';
import { SpoolFile } from './spool-file.ts';

/**
 * Records written once to a temp file and read back a page (or the ids asked) at a time: the reads whose order or
 * identity the bridge decides itself (a 30-day window of a Reply activity report, the full read of Reply people that
 * stands in for the change feed, every person by id for steps with a filter, each person's latest inbox thread),
 * without holding every record in memory.
 *
 * What stays in memory is the index, in typed arrays: 24 bytes a record (its id as a number, its sort key, where it
 * starts in the file) and 4 for the sorted view, about 30 MB for a million records; the records themselves are read
 * back only for the page in hand.
 *
 * Duplicates of an id: the newest version wins, the one with the greatest `order`, then the last added. A later read
 * of Reply is its newer answer (a report item read again across a page boundary, a contact changed while the list was
 * being read), and a person's latest thread is the one that decides.
 */
export class RecordSpool<T> {
    private keys = new Float64Array(INITIAL);
    private orders = new Float64Array(INITIAL);
    /** Where record k starts in the file; it ends where record k + 1 starts (records are written one after another). */
    private starts = new Float64Array(INITIAL + 1);
    private count = 0;
    /** The records kept (one per id) as indexes into the arrays above, sorted as `arranged` says. */
    private view: Uint32Array | undefined;
    private arranged: 'id' | 'order' = 'id';
    /** Page readers under way: the view is not sorted again under them. */
    private reading = 0;
    private readonly spoolFile: SpoolFile;
    private closed = false;
    private heldRecords = 0;
    private heldBuffer = 0;

    constructor(
        private readonly dir: string | undefined,
        private readonly options: {
            /** The temp folder's prefix, for whoever looks in the spool folder. */
            name?: string;
            /** How an id that is not an integer becomes a number (tests pass one that collides). */
            hash?: (id: string) => number;
        } = {}
    ) {
        this.spoolFile = new SpoolFile(dir, options.name ?? 'records', 'records.jsonl');
    }

    /** Records of the page in hand, held by the spool until the next page is asked for (the bound's test). */
    get held(): number {
        return this.heldRecords;
    }

    /** Bytes read from the file for the page in hand. */
    get heldBytes(): number {
        return this.heldBuffer;
    }

    /** Appends records; one call at a time. `order` is what pages() sorts by (a time in ms), before the id. */
    async add(entries: { id: number | string; order?: number; record: T }[]): Promise<void> {
        if (entries.length === 0) return;
        const keys = entries.map((e) => this.keyOf(e.id));
        const lines = entries.map((e) => Buffer.from(JSON.stringify([e.id, e.record])));
        const buffer = Buffer.concat(lines);
        const file = await this.handle();
        let at = this.starts[this.count]!;
        await file.write(buffer, 0, buffer.length, at);
        entries.forEach((entry, i) => {
            this.grow();
            this.keys[this.count] = keys[i]!;
            this.orders[this.count] = entry.order ?? 0;
            at += lines[i]!.length;
            this.count += 1;
            this.starts[this.count] = at;
        });
        this.view = undefined;
    }

    /** Distinct records (one per id). */
    async size(): Promise<number> {
        return (await this.arrange('order')).length;
    }

    /** The records, one per id, sorted by (order, id), `size` at a time; only the page handed out is read. */
    async *pages(size: number): AsyncGenerator<T[]> {
        const view = await this.arrange('order');
        this.reading += 1;
        try {
            for (let i = 0; i < view.length; i += size) {
                const page = await this.read(view.subarray(i, i + size));
                this.heldRecords = page.records.length;
                this.heldBuffer = page.bytes;
                yield page.records;
                this.heldRecords = 0;
                this.heldBuffer = 0;
            }
        } finally {
            this.reading -= 1;
            this.heldRecords = 0;
            this.heldBuffer = 0;
        }
    }

    /** The records of these (numeric) ids that the spool holds. */
    async get(ids: number[]): Promise<Map<number, T>> {
        const view = await this.arrange('id');
        const wanted = [...new Set(ids)];
        const found: number[] = [];
        const of: number[] = [];
        for (const id of wanted) {
            const at = this.find(view, this.keyOf(id));
            if (at < 0) continue;
            found.push(view[at]!);
            of.push(id);
        }
        const { records } = await this.read(found);
        return new Map(records.map((record, i) => [of[i]!, record]));
    }

    /** Deletes the file and lets the index go; the spool is not used after this. */
    async close(): Promise<void> {
        this.closed = true;
        this.keys = new Float64Array(0);
        this.orders = new Float64Array(0);
        this.starts = new Float64Array(1);
        this.count = 0;
        this.view = undefined;
        await this.spoolFile.delete();
    }

    /**
     * Ids that are integers (Reply's are) are their own key, exactly; other strings are hashed to a negative key, and
     * records whose hashed keys meet are compared by their real ids before one is dropped (distinctIds).
     */
    private keyOf(id: number | string): number {
        if (typeof id === 'number') {
            if (Number.isSafeInteger(id) && id >= 0) return id;
            throw new BridgeError(
                'SPOOL_ID_INVALID',
                `A spooled record's id must be a whole number or a string: ${id}`
            );
        }
        if (INTEGER.test(id) && Number.isSafeInteger(Number(id))) return Number(id);
        return -1 - (this.options.hash ?? hash48)(id);
    }

    private grow(): void {
        if (this.count < this.keys.length) return;
        const capacity = this.keys.length * 2;
        const grown = (from: Float64Array, extra = 0) => {
            const to = new Float64Array(capacity + extra);
            to.set(from);
            return to;
        };
        this.starts = grown(this.starts, 1);
        this.orders = grown(this.orders);
        this.keys = grown(this.keys);
    }

    /** The kept records sorted by id, or by (order, id); worked out once after the last add. */
    private async arrange(by: 'id' | 'order'): Promise<Uint32Array> {
        if (this.closed) throw new SpoolClosed();
        if (!this.view) {
            if (this.reading > 0) throw new BridgeError('SPOOL_BUSY', 'A spool was added to while it was being read');
            this.view = await this.kept();
            this.arranged = 'id';
        }
        if (this.arranged !== by) {
            if (this.reading > 0) throw new BridgeError('SPOOL_BUSY', 'A spool was sorted again while being read');
            const { keys, orders } = this;
            this.view.sort(
                by === 'id'
                    ? (a, b) => keys[a]! - keys[b]! || a - b
                    : (a, b) => orders[a]! - orders[b]! || keys[a]! - keys[b]! || a - b
            );
            this.arranged = by;
        }
        return this.view;
    }

    /** One record per id, the newest version (greatest order, then last added), sorted by id. */
    private async kept(): Promise<Uint32Array> {
        const { keys, orders } = this;
        const all = new Uint32Array(this.count);
        for (let k = 0; k < all.length; k++) all[k] = k;
        all.sort((a, b) => keys[a]! - keys[b]! || orders[a]! - orders[b]! || a - b);
        let n = 0;
        for (let i = 0; i < all.length;) {
            let j = i + 1;
            while (j < all.length && keys[all[j]!] === keys[all[i]!]) j++;
            if (j - i === 1 || keys[all[i]!]! >= 0) all[n++] = all[j - 1]!;
            else for (const k of await this.distinctIds(all.slice(i, j))) all[n++] = k;
            i = j;
        }
        return all.subarray(0, n);
    }

    /** Records whose hashed keys are equal: the newest of each real id (the run is sorted oldest first). */
    private async distinctIds(run: Uint32Array): Promise<number[]> {
        const ids = await this.readLines(Array.from(run), ([id]) => String(id));
        const last = new Map<string, number>();
        ids.values.forEach((id, i) => last.set(id, run[i]!));
        return [...last.values()].sort((a, b) => a - b);
    }

    private async read(indexes: ArrayLike<number>): Promise<{ records: T[]; bytes: number }> {
        const lines = await this.readLines(Array.from(indexes), ([, record]) => record as T);
        return { records: lines.values, bytes: lines.bytes };
    }

    /**
     * These records' lines, in the order asked. Records next to each other in the file are read in one go (a page of
     * a report Reply answered in time order is one read), the rest at once.
     */
    private async readLines<V>(
        indexes: number[],
        pick: (line: [number | string, unknown]) => V
    ): Promise<{ values: V[]; bytes: number }> {
        if (indexes.length === 0) return { values: [], bytes: 0 };
        const file = await this.handle();
        const byPlace = [...indexes].sort((a, b) => a - b);
        const runs: { first: number; last: number }[] = [];
        for (const k of byPlace) {
            const run = runs[runs.length - 1];
            if (run && run.last + 1 === k) run.last = k;
            else runs.push({ first: k, last: k });
        }
        const parsed = new Map<number, V>();
        let bytes = 0;
        await Promise.all(
            runs.map(async ({ first, last }) => {
                const from = this.starts[first]!;
                const buffer = Buffer.alloc(this.starts[last + 1]! - from);
                bytes += buffer.length;
                await file.read(buffer, 0, buffer.length, from);
                for (let k = first; k <= last; k++) {
                    const line = buffer.toString('utf8', this.starts[k]! - from, this.starts[k + 1]! - from);
                    parsed.set(k, pick(JSON.parse(line) as [number | string, unknown]));
                }
            })
        );
        return { values: indexes.map((k) => parsed.get(k)!), bytes };
    }

    private find(view: Uint32Array, key: number): number {
        let low = 0;
        let high = view.length - 1;
        while (low <= high) {
            const mid = (low + high) >> 1;
            const at = this.keys[view[mid]!]!;
            if (at === key) return mid;
            if (at < key) low = mid + 1;
            else high = mid - 1;
        }
        return -1;
    }

    private handle(): Promise<FileHandle> {
        if (this.closed) return Promise.reject(new SpoolClosed());
        return this.spoolFile.handle();
    }
}

/** Makes a spool in the run's spool folder, deleted when the run ends (context.ts). */
export type SpoolFactory = <T>(name: string) => RecordSpool<T>;

/** The spool was used after its run ended (its file is deleted). */
export class SpoolClosed extends BridgeError {
    constructor() {
        super('SPOOL_CLOSED', 'The run ended: its spool is deleted');
    }
}

const INITIAL = 1024;
/** A whole number written the one way (no sign, no leading zero): its key is the number itself. */
const INTEGER = /^(0|[1-9]\d{0,15})$/;

/** 48 bits of a string's SHA-256: a collision costs a read of the two records, never a lost one. */
function hash48(id: string): number {
    return hash('sha256', id, 'buffer').readUIntBE(0, 6);
}
