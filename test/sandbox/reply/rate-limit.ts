/**
 * Reply's v3 rate limits (ref §2): per user (every key acting as that user shares the budget), 100 requests per
 * minute and 3,000 per hour, and a lower hourly cap on reporting (ASSUMPTIONS C14). Sliding windows over the
 * injected clock: each window keeps at most `limit` timestamps, so memory is bounded by the limits, not by traffic.
 * Requests refused with 429 do not count.
 */

export interface RateLimits {
    perMinute: number;
    perHour: number;
    reportingPerHour: number;
}

export const REPLY_RATE_LIMITS: RateLimits = { perMinute: 100, perHour: 3000, reportingPerHour: 300 };

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Timestamps of the requests inside one sliding window (a queue with a moving head). */
class SlidingWindow {
    private times: number[] = [];
    private head = 0;

    constructor(
        readonly limit: number,
        readonly lengthMs: number
    ) {}

    private prune(now: number): void {
        while (this.head < this.times.length && (this.times[this.head] as number) <= now - this.lengthMs) this.head++;
        if (this.head > 1024 && this.head * 2 > this.times.length) {
            this.times = this.times.slice(this.head);
            this.head = 0;
        }
    }

    /** Milliseconds until a slot frees, or 0 if a request may go now. */
    waitMs(now: number): number {
        this.prune(now);
        if (this.times.length - this.head < this.limit) return 0;
        return (this.times[this.head] as number) + this.lengthMs - now;
    }

    record(now: number): void {
        this.times.push(now);
    }

    used(now: number): number {
        this.prune(now);
        return this.times.length - this.head;
    }
}

interface UserWindows {
    minute: SlidingWindow;
    hour: SlidingWindow;
    reporting: SlidingWindow;
}

export type RateDecision =
    { ok: true } | { ok: false; retryAfterSeconds: number; window: 'minute' | 'hour' | 'reportingHour' };

export class RateLimiter {
    private readonly users = new Map<number, UserWindows>();

    constructor(
        private readonly limits: RateLimits | false,
        private readonly now: () => number
    ) {}

    get config(): RateLimits | false {
        return this.limits;
    }

    /** Admits (and counts) a request, or says how long to wait. */
    admit(userId: number, reporting: boolean): RateDecision {
        if (!this.limits) return { ok: true };
        const now = this.now();
        const windows = this.windowsOf(userId, this.limits);
        const checks: [SlidingWindow, 'minute' | 'hour' | 'reportingHour'][] = [
            [windows.minute, 'minute'],
            [windows.hour, 'hour']
        ];
        if (reporting) checks.push([windows.reporting, 'reportingHour']);
        let worst: { wait: number; window: 'minute' | 'hour' | 'reportingHour' } | undefined;
        for (const [window, name] of checks) {
            const wait = window.waitMs(now);
            if (wait > 0 && (!worst || wait > worst.wait)) worst = { wait, window: name };
        }
        if (worst)
            return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(worst.wait / 1000)), window: worst.window };
        for (const [window] of checks) window.record(now);
        return { ok: true };
    }

    usage(userId: number): { minute: number; hour: number; reportingHour: number } {
        const windows = this.limits ? this.windowsOf(userId, this.limits) : undefined;
        const now = this.now();
        return {
            minute: windows?.minute.used(now) ?? 0,
            hour: windows?.hour.used(now) ?? 0,
            reportingHour: windows?.reporting.used(now) ?? 0
        };
    }

    reset(): void {
        this.users.clear();
    }

    private windowsOf(userId: number, limits: RateLimits): UserWindows {
        let windows = this.users.get(userId);
        if (!windows) {
            windows = {
                minute: new SlidingWindow(limits.perMinute, MINUTE_MS),
                hour: new SlidingWindow(limits.perHour, HOUR_MS),
                reporting: new SlidingWindow(limits.reportingPerHour, HOUR_MS)
            };
            this.users.set(userId, windows);
        }
        return windows;
    }
}
