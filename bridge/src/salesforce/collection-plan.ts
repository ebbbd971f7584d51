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

/** Records that must never be in two concurrent calls (they share a locked parent or a key), and what they share. */
export interface RecordGroup {
    members: number[];
    values: string[];
}

/**
 * Groups records linked through a shared locked parent or key (`keyFields`: the record's Id, an upsert's external id):
 * union-find over the records, groups in the order of their first record, each split into pieces of at most `limit`
 * (a piece fits one call; the pieces of one group share its values, so no two of them are ever in flight at once).
 * Pure.
 */
export function groupRecords(
    records: SObjectRecord[],
    options: { limit: number; keyFields?: readonly string[] }
): RecordGroup[] {
    const fields = [...LOCKED_PARENT_FIELDS, ...(options.keyFields ?? [])];
    const valuesOf = (record: SObjectRecord): string[] =>
        fields.flatMap((field) => {
            const value = record[field];
            // Salesforce ids are unique across objects, so a parent's id names it whatever field holds it.
            if (typeof value !== 'string' || value === '') return [];
            return [LOCKED_PARENT_FIELDS.includes(field as never) ? value : `${field}=${value}`];
        });
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
    return [...groups.entries()]
        .sort((a, b) => a[0] - b[0])
        .flatMap(([, members]) => {
            const shared = [...new Set(members.flatMap((i) => values[i]!))];
            const pieces: RecordGroup[] = [];
            for (let at = 0; at < members.length; at += options.limit)
                pieces.push({ members: members.slice(at, at + options.limit), values: shared });
            return pieces;
        });
}

/**
 * The next call: pieces taken from `pending` in order, each that fits the call's room and touches nothing `held`
 * (first fit). Taken pieces leave `pending`. Pure but for that.
 */
export function takeCall(pending: RecordGroup[], limit: number, held: (value: string) => boolean): RecordGroup[] {
    const call: RecordGroup[] = [];
    const kept: RecordGroup[] = [];
    let room = limit;
    for (const piece of pending) {
        if (room > 0 && piece.members.length <= room && !piece.values.some(held)) {
            call.push(piece);
            room -= piece.members.length;
        } else kept.push(piece);
    }
    // One pass, whatever the page's size (a splice per piece taken would make a page of 1,000 pieces quadratic).
    if (call.length > 0) pending.splice(0, pending.length, ...kept);
    return call;
}

/**
 * How records would be split into calls with nothing else in flight: each call as takeCall makes it, with the calls
 * each must wait for (those sharing a value, made earlier) and what each holds. The client makes its calls the same
 * way, as slots free up, from the pieces free at that moment (CallGate.drain). Pure.
 */
export function planCollection(
    records: SObjectRecord[],
    options: { limit: number; keyFields?: readonly string[] }
): CollectionPlan {
    const pending = groupRecords(records, options);
    const pieces: RecordGroup[][] = [];
    while (pending.length > 0) pieces.push(takeCall(pending, options.limit, () => false));
    const calls = pieces.map((call) => call.flatMap((piece) => piece.members));
    const holds = pieces.map((call) => [...new Set(call.flatMap((piece) => piece.values))]);
    const lastCallOf = new Map<string, number>();
    const after = holds.map((values, j) => {
        const waits = new Set<number>();
        for (const value of values) {
            const last = lastCallOf.get(value);
            if (last !== undefined && last !== j) waits.add(last);
            lastCallOf.set(value, j);
        }
        return [...waits].sort((a, b) => a - b);
    });
    return { calls, after, holds };
}

/**
 * The client's collection calls in flight, across every batch being written (a step overlaps its pages): at most
 * `limit` at once, and never two that touch the same parent or key. Each write is a drain that keeps its place in the
 * queue until it has nothing left to send: when a slot frees, the earliest write with a call free to go takes it, so
 * a page's last calls never wait behind the next page's. Each call is chosen at the moment it can start: the records
 * free then, so a later page's records that share nothing with the calls in flight go at once rather than behind a
 * call packed in advance that shares one parent with them.
 */
export class CallGate {
    private running = 0;
    private readonly held = new Map<string, number>();
    private readonly drains: Drain[] = [];

    constructor(readonly limit: number) {}

    /**
     * Makes calls as slots free until `more()` answers false, then resolves once its calls have ended (rejects with
     * the first error a call threw, after they have). `pick(held)` answers the call to make now and what it touches
     * (none of it held), or undefined when nothing of the write can go yet.
     */
    drain<C>(
        pick: (held: (value: string) => boolean) => Picked<C> | undefined,
        more: () => boolean,
        task: (call: C) => Promise<void>
    ): Promise<void> {
        return new Promise((resolve, reject) => {
            const entry: Drain = {
                pick,
                more,
                task: task as (call: unknown) => Promise<void>,
                inFlight: 0,
                end: () => (entry.failure ? reject(entry.failure.error) : resolve())
            };
            this.drains.push(entry);
            this.startCalls();
        });
    }

    private readonly isHeld = (value: string): boolean => this.held.has(value);

    /**
     * Lets drains with nothing left go (each ends when its last call has), then starts calls in the drains' order
     * while slots are free: the earliest drain with a free call always takes the slot.
     */
    private startCalls(): void {
        for (let i = this.drains.length - 1; i >= 0; i--) {
            const entry = this.drains[i]!;
            if (entry.more()) continue;
            this.drains.splice(i, 1);
            entry.left = true;
            if (entry.inFlight === 0) entry.end();
        }
        for (const entry of this.drains) {
            while (this.running < this.limit && entry.more()) {
                const picked = entry.pick(this.isHeld);
                if (!picked) break;
                this.start(entry, picked);
            }
            if (this.running >= this.limit) return;
        }
    }

    private start(entry: Drain, picked: Picked<unknown>): void {
        this.running += 1;
        entry.inFlight += 1;
        for (const value of picked.touches) this.held.set(value, (this.held.get(value) ?? 0) + 1);
        void entry
            .task(picked.call)
            .catch((error: unknown) => {
                entry.failure ??= { error };
            })
            .finally(() => {
                this.running -= 1;
                entry.inFlight -= 1;
                for (const value of picked.touches) {
                    const n = (this.held.get(value) ?? 1) - 1;
                    if (n <= 0) this.held.delete(value);
                    else this.held.set(value, n);
                }
                if (entry.left && entry.inFlight === 0) entry.end();
                this.startCalls();
            });
    }
}

interface Drain {
    pick: (held: (value: string) => boolean) => Picked<unknown> | undefined;
    more: () => boolean;
    task: (call: unknown) => Promise<void>;
    inFlight: number;
    /** Set once `more()` answered false: the drain has left the queue and ends when its last call does. */
    left?: boolean;
    failure?: { error: unknown };
    end: () => void;
}

/** A call chosen to start now, and the parents and keys it touches. */
export interface Picked<C> {
    touches: string[];
    call: C;
}
