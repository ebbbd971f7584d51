/**
 * The workspace's clock: an injected time source plus a simulated offset that the control API can advance. It never
 * goes backwards, so `lastModifiedAt` and event times only move forward and a `>=` cursor never misses a change.
 */
export class Clock {
    private offsetMs = 0;
    private last = Number.NEGATIVE_INFINITY;

    constructor(private readonly source: () => number = Date.now) {}

    now(): number {
        const t = this.source() + this.offsetMs;
        if (t > this.last) this.last = t;
        return this.last;
    }

    /** Moves simulated time forward by `ms` (negative values are ignored) and returns the new now. */
    advance(ms: number): number {
        if (ms > 0) this.offsetMs += ms;
        return this.now();
    }

    get offset(): number {
        return this.offsetMs;
    }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function iso(ms: number): string {
    return new Date(ms).toISOString();
}

export function isoOrNull(ms: number | null): string | null {
    return ms === null ? null : iso(ms);
}

/**
 * The contact record's `createdAt` and `lastModifiedAt` carry no offset in Reply's documented example
 * ("2024-03-10T15:30:00", docs.reply.io/api-reference/contacts/filter-contacts): UTC written without one.
 */
export function isoWithoutOffset(ms: number): string {
    return iso(ms).slice(0, -1);
}

/** `addingDate` is documented with an explicit offset ("2024-03-08T10:00:00+00:00", same page). */
export function isoWithOffset(ms: number): string {
    return `${iso(ms).slice(0, -1)}+00:00`;
}

/** A time as Reply reads it: ISO-8601, and a time without an offset is UTC (not the server's local time). */
export function parseTime(value: string): number {
    const bare = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value);
    return Date.parse(bare ? `${value}Z` : value);
}
