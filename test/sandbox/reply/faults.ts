/**
 * Fault injection for the /v3 API: added latency, a share (or a number) of 5xx answers, truncated (malformed) JSON
 * bodies, dropped connections (before the request is processed, or after: a lost answer), forced 429s with a chosen
 * Retry-After, and an "every key is invalid" mode. Random choices come from a seeded PRNG, so a rate of 1 always fires
 * and runs repeat.
 */
import { Random } from './random.ts';

export interface ReplyFaults {
    /** milliseconds added before every answer */
    latencyMs: number;
    /** share (0..1) of requests answered with `errorStatus` and a problem+json body */
    errorRate: number;
    errorStatus: 500 | 502 | 503;
    /** the next n matching requests are answered `errorStatus` (whatever errorRate says), then it clears */
    errorCount: number | null;
    /** share (0..1) of requests answered 200 with a truncated JSON body */
    malformedRate: number;
    /** share (0..1) of requests whose connection is closed without an answer */
    dropRate: number;
    /**
     * when the connection is closed: `before-processing` (nothing happens) or `after-processing` (the request is
     * carried out, then the answer is lost: an import whose people exist though the client never heard)
     */
    dropStage: 'before-processing' | 'after-processing';
    /** answer 429 with this Retry-After; `count` limits it to the next n requests (default: until cleared) */
    force429: { retryAfterSeconds: number; count?: number } | null;
    /** every key is rejected with 401 (a revoked or rotated key) */
    invalidKeys: boolean;
    /** only requests whose path starts with this are affected (default: all of /v3) */
    pathPrefix: string | null;
}

export const NO_FAULTS: ReplyFaults = {
    latencyMs: 0,
    errorRate: 0,
    errorStatus: 503,
    errorCount: null,
    malformedRate: 0,
    dropRate: 0,
    dropStage: 'before-processing',
    force429: null,
    invalidKeys: false,
    pathPrefix: null
};

export type FaultAction =
    | { kind: 'none' }
    | { kind: 'unauthorized' }
    | { kind: 'drop' }
    | { kind: 'loseAnswer' }
    | { kind: 'error'; status: number }
    | { kind: 'tooMany'; retryAfterSeconds: number }
    | { kind: 'malformed' };

export class FaultInjector {
    private faults: ReplyFaults = { ...NO_FAULTS };
    private random = new Random(0xfa17);

    set(partial: Partial<ReplyFaults>): ReplyFaults {
        this.faults = { ...this.faults, ...partial };
        return this.current();
    }

    clear(): void {
        this.faults = { ...NO_FAULTS };
        this.random = new Random(0xfa17);
    }

    current(): ReplyFaults {
        return { ...this.faults, force429: this.faults.force429 ? { ...this.faults.force429 } : null };
    }

    applies(path: string): boolean {
        return this.faults.pathPrefix === null || path.startsWith(this.faults.pathPrefix);
    }

    latency(path: string): number {
        return this.applies(path) ? this.faults.latencyMs : 0;
    }

    /** Decides this request's fault; counts down a limited force429. */
    decide(path: string): FaultAction {
        const f = this.faults;
        if (!this.applies(path)) return { kind: 'none' };
        if (f.invalidKeys) return { kind: 'unauthorized' };
        if (f.force429) {
            const retryAfterSeconds = f.force429.retryAfterSeconds;
            if (f.force429.count !== undefined) {
                f.force429.count--;
                if (f.force429.count <= 0) f.force429 = null;
            }
            return { kind: 'tooMany', retryAfterSeconds };
        }
        if (f.errorCount !== null && f.errorCount > 0) {
            f.errorCount--;
            if (f.errorCount <= 0) f.errorCount = null;
            return { kind: 'error', status: f.errorStatus };
        }
        if (f.dropRate > 0 && this.random.chance(f.dropRate))
            return { kind: f.dropStage === 'after-processing' ? 'loseAnswer' : 'drop' };
        if (f.errorRate > 0 && this.random.chance(f.errorRate)) return { kind: 'error', status: f.errorStatus };
        if (f.malformedRate > 0 && this.random.chance(f.malformedRate)) return { kind: 'malformed' };
        return { kind: 'none' };
    }
}
