import { describe, expect, it } from 'vitest';
import { idleMs, traceLines } from '../scripts/bench-trace.ts';

const call = (family: string, at: number, ms: number) => ({ family, records: 1, at, ms });

describe("the benchmark's trace", () => {
    it('counts the time with no call in flight: before the first, between overlapping calls, after the last', () => {
        // 0-100 idle, 100-300 and 250-400 overlap, 400-500 idle, 500-600, 600-1000 idle.
        const calls = [call('query', 250, 150), call('query', 100, 200), call('query', 500, 100)];
        expect(idleMs(calls, 0, 1000)).toBe(100 + 100 + 400);
        expect(idleMs([], 0, 1000)).toBe(1000);
        // A call still in flight at the run's end leaves no idle time after it.
        expect(idleMs([call('query', 0, 2000)], 0, 1000)).toBe(0);
    });

    it('says per side and family how many calls, when, and how many in flight on average', () => {
        const lines = traceLines(
            {
                salesforce: [call('collections', 1000, 1000), call('collections', 1500, 1000), call('query', 0, 500)],
                reply: []
            },
            0,
            3000
        );
        expect(lines).toEqual([
            'salesforce: collections 2 calls 1.00-2.50 s, 1.33 in flight; query 1 calls 0.00-0.50 s, 1.00 in flight; nothing in flight 1.00 s'
        ]);
    });
});
