import type { SObjectRecord } from './client.ts';

/**
 * Fields whose record Salesforce locks while a child is written: a Task or Event locks its WhoId and WhatId, a Contact
 * (or Opportunity, Case) its Account, a note or attachment its ParentId. Two calls in flight that touch one of these
 * parents contend for its lock (UNABLE_TO_LOCK_ROW), so records sharing one never go in concurrent calls.
 * Source: Salesforce's "Record Locking Cheat Sheet" (developer.salesforce.com, record_locking_cheatsheet.pdf) and
 * "Designing Record Access for Enterprise Scale" (parent locks on child inserts and updates); which activity lookups
 * lock is not listed field by field there, so WhoId and WhatId are both taken as locking (the safe reading).
 */
export const LOCKED_PARENT_FIELDS = ['WhoId', 'WhatId', 'AccountId', 'ParentId'] as const;

/** How records are split into collection calls, and which calls must wait for which. */
export interface CollectionPlan {
    /** Each call's records, as indexes into the input. Every input index is in exactly one call. */
    calls: number[][];
    /** For each call, the earlier calls it shares a parent (or a record key) with: it starts after they end. */
    after: number[][];
    /** For each call, the parents and keys its records touch: no other call in flight may touch them (CallGate). */
    holds: string[][];
}

/**
 * Splits records into calls of at most `limit`, grouped so that records sharing a locked parent or a key (`keyFields`:
 * the record's Id, an upsert's external id) sit in one call: records linked through any shared value form one group,
 * and groups go, in the order of their first record, into the first call with room for the whole group (first fit),
 * so calls share nothing and can all be in flight at once. A group larger than a call fills calls of its own, which
 * then run one after the other. Records that share nothing (people by Id) pack as in input order, ceil(n / limit)
 * calls; groups cost at most a group's size of room per call. Pure.
 */
export function planCollection(
    records: SObjectRecord[],
    options: { limit: number; keyFields?: readonly string[] }
): CollectionPlan {
    const fields = [...LOCKED_PARENT_FIELDS, ...(options.keyFields ?? [])];
    const valuesOf = (record: SObjectRecord): string[] =>
        fields.flatMap((field) => {
            const value = record[field];
            // Salesforce ids are unique across objects, so a parent's id names it whatever field holds it.
            if (typeof value !== 'string' || value === '') return [];
            return [LOCKED_PARENT_FIELDS.includes(field as never) ? value : `${field}=${value}`];
        });

    // Union-find over the records: two records are one group when they share a value.
    const parent = records.map((_, i) => i);
    const root = (i: number): number => {
        while (parent[i] !== i) {
            parent[i] = parent[parent[i]!]!;
            i = parent[i]!;
        }
        return i;
    };
    const owner = new Map<string, number>();
    const values = records.map(valuesOf);
    values.forEach((list, i) => {
        for (const value of list) {
            const seen = owner.get(value);
            if (seen === undefined) owner.set(value, i);
            else {
                const a = root(seen);
                const b = root(i);
                // The group keeps its earliest record as root, so groups order by their first record.
                if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
            }
        }
    });
    const groups = new Map<number, number[]>();
    records.forEach((_, i) => {
        const r = root(i);
        const group = groups.get(r);
        if (group) group.push(i);
        else groups.set(r, [i]);
    });
    const calls: number[][] = [];
    // Calls that still have room, in order; a call is dropped from it once full, which keeps first fit cheap.
    let open: number[][] = [];
    for (const [, members] of [...groups.entries()].sort((a, b) => a[0] - b[0])) {
        let rest = members;
        while (rest.length >= options.limit) {
            calls.push(rest.slice(0, options.limit));
            rest = rest.slice(options.limit);
        }
        if (rest.length === 0) continue;
        let call = open.find((c) => c.length + rest.length <= options.limit);
        if (!call) {
            call = [];
            calls.push(call);
            open.push(call);
        }
        call.push(...rest);
        if (call.length === options.limit) open = open.filter((c) => c !== call);
    }
    const lastCallOf = new Map<string, number>();
    const holds = calls.map((call) => [...new Set(call.flatMap((i) => values[i]!))]);
    const after = calls.map((call, j) => {
        const waits = new Set<number>();
        for (const i of call) {
            for (const value of values[i]!) {
                const last = lastCallOf.get(value);
                if (last !== undefined && last !== j) waits.add(last);
                lastCallOf.set(value, j);
            }
        }
        return [...waits].sort((a, b) => a - b);
    });
    return { calls, after, holds };
}

/**
 * The client's collection calls in flight, across every batch being written (a step overlaps its pages): at most
 * `limit` at once, and never two that touch the same parent or key. A call waits until both hold; waiting calls start
 * first come first served among those free to start.
 */
export class CallGate {
    private running = 0;
    private readonly held = new Map<string, number>();
    private readonly waiting: { touches: string[]; start: () => void }[] = [];

    constructor(readonly limit: number) {}

    async run<T>(touches: string[], task: () => Promise<T>): Promise<T> {
        if (this.waiting.length > 0 || !this.free(touches)) {
            await new Promise<void>((start) => this.waiting.push({ touches, start }));
        } else this.take(touches);
        try {
            return await task();
        } finally {
            this.release(touches);
            this.startWaiting();
        }
    }

    private free(touches: string[]): boolean {
        return this.running < this.limit && touches.every((value) => !this.held.has(value));
    }

    private take(touches: string[]): void {
        this.running += 1;
        for (const value of touches) this.held.set(value, (this.held.get(value) ?? 0) + 1);
    }

    private release(touches: string[]): void {
        this.running -= 1;
        for (const value of touches) {
            const n = (this.held.get(value) ?? 1) - 1;
            if (n <= 0) this.held.delete(value);
            else this.held.set(value, n);
        }
    }

    private startWaiting(): void {
        for (let i = 0; i < this.waiting.length && this.running < this.limit;) {
            const next = this.waiting[i]!;
            if (!this.free(next.touches)) {
                i += 1;
                continue;
            }
            this.waiting.splice(i, 1);
            this.take(next.touches);
            next.start();
        }
    }
}
