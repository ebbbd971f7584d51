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
