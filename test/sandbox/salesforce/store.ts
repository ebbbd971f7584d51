/**
 * Record storage: one plain object per record in a Map keyed by 18-character Id, secondary indexes for external
 * ids, emails and the lookups the product queries by, and a SystemModstamp index for change polling. Deleted
 * records stay in their table (the recycle bin, for queryAll) but leave the secondary indexes.
 *
 * Updates change the stored object in place (replacing whole objects on every write made the heap churn under
 * bulk updates); each write is recorded in a Transaction with the values it overwrote, so a failed all-or-none
 * request is undone exactly.
 */
import type { FieldDef, ObjectDef, Rec, Value } from './schema.ts';

/** Index key for a value: case-insensitive unless the field says otherwise. */
export function indexKey(fieldDef: FieldDef, value: Value): string | undefined {
    if (value === null || value === undefined || value === '') return undefined;
    const s = String(value);
    return fieldDef.caseSensitive || fieldDef.type === 'id' || fieldDef.type === 'reference' ? s : s.toLowerCase();
}

type Bucket = string | Set<string>;

class SecondaryIndex {
    private readonly map = new Map<string, Bucket>();

    constructor(readonly fieldDef: FieldDef) {}

    add(key: string, id: string): void {
        const bucket = this.map.get(key);
        if (bucket === undefined) this.map.set(key, id);
        else if (typeof bucket === 'string') {
            if (bucket !== id) this.map.set(key, new Set([bucket, id]));
        } else bucket.add(id);
    }

    remove(key: string, id: string): void {
        const bucket = this.map.get(key);
        if (bucket === undefined) return;
        if (typeof bucket === 'string') {
            if (bucket === id) this.map.delete(key);
        } else {
            bucket.delete(id);
            if (bucket.size === 1) this.map.set(key, bucket.values().next().value as string);
        }
    }

    get(key: string): string[] {
        const bucket = this.map.get(key);
        if (bucket === undefined) return [];
        return typeof bucket === 'string' ? [bucket] : [...bucket];
    }
}

/**
 * SystemModstamp order: parallel arrays sorted by stamp, appended on every write. A superseded entry stays until
 * compaction and is skipped on read because its record now carries a newer stamp; that also makes undo free (the
 * older entry becomes current again). Stamps are unique across the org, so the order is total.
 */
class ModstampIndex {
    private stamps: number[] = [];
    private ids: string[] = [];

    append(stamp: number, id: string): void {
        const last = this.stamps[this.stamps.length - 1];
        if (last !== undefined && stamp < last) {
            // Only seeding with explicit historical stamps can arrive out of order; keep the arrays sorted.
            const at = this.lowerBound(stamp);
            this.stamps.splice(at, 0, stamp);
            this.ids.splice(at, 0, id);
            return;
        }
        this.stamps.push(stamp);
        this.ids.push(id);
    }

    get size(): number {
        return this.stamps.length;
    }

    /** First position whose stamp is >= the given one. */
    lowerBound(stamp: number): number {
        let lo = 0;
        let hi = this.stamps.length;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if ((this.stamps[mid] as number) < stamp) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    *scan(from: number, table: Table): Generator<Rec> {
        for (let i = from; i < this.stamps.length; i++) {
            const rec = table.get(this.ids[i] as string);
            if (rec && rec.SystemModstamp === this.stamps[i]) yield rec;
        }
    }

    compact(table: Table): void {
        const stamps: number[] = [];
        const ids: string[] = [];
        for (let i = 0; i < this.stamps.length; i++) {
            const rec = table.get(this.ids[i] as string);
            if (rec && rec.SystemModstamp === this.stamps[i]) {
                stamps.push(this.stamps[i] as number);
                ids.push(this.ids[i] as string);
            }
        }
        this.stamps = stamps;
        this.ids = ids;
    }
}

export class Table {
    private readonly records = new Map<string, Rec>();
    private readonly indexes = new Map<string, SecondaryIndex>();
    private readonly modstamps = new ModstampIndex();

    constructor(readonly def: ObjectDef) {
        this.refreshIndexes();
    }

    /** Picks up fields added at run time. */
    refreshIndexes(): void {
        for (const f of this.def.fields) {
            if (f.indexed && !this.indexes.has(f.name)) {
                const index = new SecondaryIndex(f);
                for (const rec of this.records.values()) {
                    const key = indexKey(f, rec[f.name] ?? null);
                    if (key !== undefined && !rec.IsDeleted) index.add(key, rec.Id as string);
                }
                this.indexes.set(f.name, index);
            }
        }
    }

    get size(): number {
        return this.records.size;
    }

    get(id: string): Rec | undefined {
        return this.records.get(id);
    }

    values(): IterableIterator<Rec> {
        return this.records.values();
    }

    hasIndex(fieldName: string): boolean {
        return this.indexes.has(fieldName);
    }

    /** Ids of live records whose indexed field equals the value (case per field). */
    lookup(fieldDef: FieldDef, value: Value): string[] {
        const index = this.indexes.get(fieldDef.name);
        const key = indexKey(fieldDef, value);
        if (!index || key === undefined) return [];
        return index.get(key);
    }

    /** Records in SystemModstamp order, starting at the first stamp >= `from` (all when undefined). */
    byModstamp(from?: number): Generator<Rec> {
        return this.modstamps.scan(from === undefined ? 0 : this.modstamps.lowerBound(from), this);
    }

    private unindex(id: string, rec: Rec, names?: Iterable<string>): void {
        if (rec.IsDeleted) return;
        for (const name of names ?? this.indexes.keys()) {
            const index = this.indexes.get(name);
            const key = index ? indexKey(index.fieldDef, rec[name] ?? null) : undefined;
            if (index && key !== undefined) index.remove(key, id);
        }
    }

    private index(id: string, rec: Rec, names?: Iterable<string>): void {
        if (rec.IsDeleted) return;
        for (const name of names ?? this.indexes.keys()) {
            const index = this.indexes.get(name);
            const key = index ? indexKey(index.fieldDef, rec[name] ?? null) : undefined;
            if (index && key !== undefined) index.add(key, id);
        }
    }

    /**
     * Replaces (or inserts, or with `undefined` removes) a whole record and keeps every index current. `restoring`
     * is for undo: the restored record's modstamp entry was never dropped, so it must not be appended again.
     */
    replace(id: string, next: Rec | undefined, restoring = false): void {
        const previous = this.records.get(id);
        if (previous) this.unindex(id, previous);
        if (next === undefined) {
            this.records.delete(id);
            return;
        }
        this.records.set(id, next);
        this.index(id, next);
        if (!restoring && typeof next.SystemModstamp === 'number' && next.SystemModstamp !== previous?.SystemModstamp) {
            this.modstamps.append(next.SystemModstamp, id);
        }
    }

    /**
     * Changes fields of a stored record in place (an `undefined` value removes the field) and returns the values
     * they had, for undo. See `replace` for `restoring`.
     */
    update(id: string, changes: Rec, restoring = false): Rec {
        const rec = this.records.get(id);
        if (!rec) throw new Error(`No record ${id} in ${this.def.name}`);
        const names = Object.keys(changes);
        const liveness = 'IsDeleted' in changes && changes.IsDeleted !== rec.IsDeleted;
        const touched = liveness ? undefined : names.filter((name) => this.indexes.has(name));
        const previous: Rec = {};
        for (const name of names) previous[name] = rec[name] as Value;
        const stampBefore = rec.SystemModstamp;
        this.unindex(id, rec, touched);
        for (const name of names) {
            const value = changes[name];
            if (value === undefined) delete rec[name];
            else rec[name] = value;
        }
        this.index(id, rec, touched);
        if (!restoring && typeof rec.SystemModstamp === 'number' && rec.SystemModstamp !== stampBefore) {
            this.modstamps.append(rec.SystemModstamp, id);
        }
        return previous;
    }

    /** Drops superseded modstamp entries once they outnumber live ones (keeps memory proportional to data). */
    maybeCompact(): void {
        if (this.modstamps.size > 2 * this.records.size + 1024) this.modstamps.compact(this);
    }
}

type UndoEntry =
    | { table: Table; id: string; kind: 'replace'; previous: Rec | undefined }
    | { table: Table; id: string; kind: 'update'; previous: Rec };

/** An undo log: every write is recorded so rollback restores the exact previous records. */
export class Transaction {
    private readonly undo: UndoEntry[] = [];
    private readonly touched = new Set<Table>();

    record(entry: UndoEntry): void {
        this.undo.push(entry);
        this.touched.add(entry.table);
    }

    /** A savepoint to roll back to (used per item when allOrNone is false). */
    mark(): number {
        return this.undo.length;
    }

    rollback(to = 0): void {
        while (this.undo.length > to) {
            const entry = this.undo.pop();
            if (!entry) break;
            if (entry.kind === 'replace') entry.table.replace(entry.id, entry.previous, true);
            else entry.table.update(entry.id, entry.previous, true);
        }
    }

    commit(): void {
        this.undo.length = 0;
        for (const table of this.touched) table.maybeCompact();
        this.touched.clear();
    }
}

export class Store {
    private readonly tables = new Map<string, Table>();

    table(def: ObjectDef): Table {
        let table = this.tables.get(def.table);
        if (!table) {
            table = new Table(def.table === def.name ? def : { ...def, name: def.table });
            this.tables.set(def.table, table);
        }
        return table;
    }

    tableByName(name: string): Table | undefined {
        return this.tables.get(name);
    }

    allTables(): Table[] {
        return [...this.tables.values()];
    }

    /** Writes a whole record (insert, or replace) inside a transaction. */
    write(txn: Transaction, table: Table, id: string, next: Rec | undefined): void {
        txn.record({ table, id, kind: 'replace', previous: table.get(id) });
        table.replace(id, next);
    }

    /** Changes fields of a stored record inside a transaction. */
    change(txn: Transaction, table: Table, id: string, changes: Rec): void {
        const previous = table.update(id, changes);
        txn.record({ table, id, kind: 'update', previous });
    }

    clear(): void {
        this.tables.clear();
    }

    recordCount(): number {
        let n = 0;
        for (const table of this.tables.values()) n += table.size;
        return n;
    }
}
