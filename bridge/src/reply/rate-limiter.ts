import { RateLimiterMemory } from 'rate-limiter-flexible';
import { ReplyRateLimitError } from './errors.ts';

export interface ReplyRateLimits {
    perMinute: number;
    perHour: number;
    /** /v3/reporting/* have a lower hourly cap of their own (reply-api.md §2). */
    reportingPerHour: number;
}

export type RequestClass = 'general' | 'reporting';

/**
 * Keeps the bridge inside Reply's per-user limits (100 requests a minute and 3,000 an hour) before Reply has to say
 * 429, and honours Retry-After when it does. Waits when a wait is short; refuses (ReplyRateLimitError) when it would
 * stall a run for longer than `maxWaitMs`, so the step ends cleanly and resumes from its cursor next run.
 */
export class ReplyRateLimiter {
    private readonly minute: RateLimiterMemory;
    private readonly hour: RateLimiterMemory;
    private readonly reporting: RateLimiterMemory;
    private blockedUntil = 0;

    constructor(
        limits: ReplyRateLimits,
        private readonly maxWaitMs = 120_000,
        private readonly sleep: (ms: number) => Promise<void> = (ms) =>
            new Promise((resolve) => setTimeout(resolve, ms)),
        private readonly now: () => number = Date.now
    ) {
        this.minute = new RateLimiterMemory({ points: limits.perMinute, duration: 60 });
        this.hour = new RateLimiterMemory({ points: limits.perHour, duration: 3600 });
        this.reporting = new RateLimiterMemory({ points: limits.reportingPerHour, duration: 3600 });
    }

    /** Reply said 429 with Retry-After: no request goes out before then. */
    pause(ms: number): void {
        this.blockedUntil = Math.max(this.blockedUntil, this.now() + ms);
    }

    /** Requests wait their turn here, so the check and the count of one happen together even when several go out at once. */
    private turn: Promise<void> = Promise.resolve();

    acquire(kind: RequestClass): Promise<void> {
        const mine = this.turn.then(() => this.acquireNow(kind));
        this.turn = mine.catch(() => undefined);
        return mine;
    }

    private async acquireNow(kind: RequestClass): Promise<void> {
        const limiters = kind === 'reporting' ? [this.minute, this.hour, this.reporting] : [this.minute, this.hour];
        for (;;) {
            let wait = Math.max(0, this.blockedUntil - this.now());
            for (const limiter of limiters) {
                const state = await limiter.get('reply');
                if (state && state.consumedPoints >= limiter.points) wait = Math.max(wait, state.msBeforeNext);
            }
            if (wait <= 0) break;
            if (wait > this.maxWaitMs) {
                throw new ReplyRateLimitError(
                    `Reply's API limit for this key is used up for the next ${Math.ceil(wait / 1000)} s ` +
                        '(100 requests a minute, 3,000 an hour per user); the step resumes from where it stopped on the next run',
                    wait
                );
            }
            await this.sleep(wait);
        }
        await Promise.all(limiters.map((limiter) => limiter.consume('reply')));
    }
}
