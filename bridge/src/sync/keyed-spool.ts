import { mkdir, mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Records by a numeric id, written once to a temp file and read back a few at a time: a run's full read of Reply's
 * people (for steps with a filter) without holding every person in memory. What stays in memory is the index, 20
 * bytes a record in typed arrays (20 MB for a million people) instead of the records themselves.
 */
export class KeyedSpool<T> {
    private ids = new Float64Array(1024);
    private places = new Float64Array(1024);
    private lengths = new Uint32Array(1024);
    private count = 0;
    private size = 0;
    private sorted = true;
    private file: FileHandle | undefined;
    private folder: string | undefined;

    constructor(private readonly dir: string | undefined) {}

    /** Adds records (a later record with the same id wins). */
    async add(records: { id: number; record: T }[]): Promise<void> {
        if (records.length === 0) return;
        const file = await this.handle();
        const lines = records.map((r) => Buffer.from(JSON.stringify(r.record)));
        const buffer = Buffer.concat(lines);
        await file.write(buffer, 0, buffer.length, this.size);
        let at = this.size;
        records.forEach((r, i) => {
            this.grow();
            if (this.count > 0 && this.ids[this.count - 1]! >= r.id) this.sorted = false;
            this.ids[this.count] = r.id;
            this.places[this.count] = at;
            this.lengths[this.count] = lines[i]!.length;
            this.count += 1;
            at += lines[i]!.length;
        });
        this.size = at;
    }

    /** The records of these ids that the spool holds. */
    async get(ids: number[]): Promise<Map<number, T>> {
        this.sort();
        const out = new Map<number, T>();
        for (const id of new Set(ids)) {
            const k = this.find(id);
            if (k < 0) continue;
            const buffer = Buffer.alloc(this.lengths[k]!);
            await this.file!.read(buffer, 0, buffer.length, this.places[k]!);
            out.set(id, JSON.parse(buffer.toString('utf8')) as T);
        }
        return out;
    }

    async close(): Promise<void> {
        const file = this.file;
        this.file = undefined;
        await file?.close().catch(() => undefined);
        if (this.folder) await rm(this.folder, { recursive: true, force: true });
    }

    private grow(): void {
        if (this.count < this.ids.length) return;
        const grown = (from: Float64Array) => {
            const to = new Float64Array(from.length * 2);
            to.set(from);
            return to;
        };
        this.ids = grown(this.ids);
        this.places = grown(this.places);
        const lengths = new Uint32Array(this.lengths.length * 2);
        lengths.set(this.lengths);
        this.lengths = lengths;
    }

    /** Sorts the index by id once, keeping the last record of an id. */
    private sort(): void {
        if (this.sorted) return;
        const order = Array.from({ length: this.count }, (_, k) => k).sort(
            (a, b) => this.ids[a]! - this.ids[b]! || a - b
        );
        const kept = order.filter((k, i) => i === order.length - 1 || this.ids[order[i + 1]!] !== this.ids[k]);
        const ids = new Float64Array(Math.max(kept.length, 1));
        const places = new Float64Array(ids.length);
        const lengths = new Uint32Array(ids.length);
        kept.forEach((k, i) => {
            ids[i] = this.ids[k]!;
            places[i] = this.places[k]!;
            lengths[i] = this.lengths[k]!;
        });
        this.ids = ids;
        this.places = places;
        this.lengths = lengths;
        this.count = kept.length;
        this.sorted = true;
    }

    private find(id: number): number {
        let low = 0;
        let high = this.count - 1;
        while (low <= high) {
            const mid = (low + high) >> 1;
            const at = this.ids[mid]!;
            if (at === id) return mid;
            if (at < id) low = mid + 1;
            else high = mid - 1;
        }
        return -1;
    }

    private async handle(): Promise<FileHandle> {
        if (!this.file) {
            const base = this.dir ?? tmpdir();
            await mkdir(base, { recursive: true });
            this.folder = await mkdtemp(join(base, 'people-'));
            this.file = await open(join(this.folder, 'records.jsonl'), 'w+');
        }
        return this.file;
    }
}
