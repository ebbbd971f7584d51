import type { LatencyTraceEntry } from '../test/sandbox/latency.ts';
import type { Trace } from './bench-sandboxes.ts';

/**
 * What a traced run's calls say about where its time went (`npm run bench -- --trace`): per side and endpoint family,
 * how many calls, when the first began and the last ended (seconds from the run's start), and how many were in flight
 * on average between those two; per side, the time with no call of it in flight at all. Pure.
 */
export function traceLines(trace: Trace, runStartMs: number, runEndMs: number): string[] {
    const at = (ms: number) => ((ms - runStartMs) / 1000).toFixed(2);
    const lines: string[] = [];
    for (const side of ['salesforce', 'reply'] as const) {
        const calls = trace[side].filter((c) => c.at >= runStartMs && c.at <= runEndMs);
        if (calls.length === 0) continue;
        const families = [...new Set(calls.map((c) => c.family))];
        const parts = families.map((family) => {
            const mine = calls.filter((c) => c.family === family);
            const first = Math.min(...mine.map((c) => c.at));
            const last = Math.max(...mine.map((c) => c.at + c.ms));
            const busy = mine.reduce((ms, c) => ms + c.ms, 0);
            return `${family} ${mine.length} calls ${at(first)}-${at(last)} s, ${(busy / Math.max(1, last - first)).toFixed(2)} in flight`;
        });
        lines.push(
            `${side}: ${parts.join('; ')}; nothing in flight ${(idleMs(calls, runStartMs, runEndMs) / 1000).toFixed(2)} s`
        );
    }
    return lines;
}

/** Milliseconds between start and end with none of these calls in flight. */
export function idleMs(calls: LatencyTraceEntry[], startMs: number, endMs: number): number {
    const spans = calls.map((c) => [c.at, c.at + c.ms] as const).sort((a, b) => a[0] - b[0]);
    let idle = 0;
    let reached = startMs;
    for (const [from, to] of spans) {
        if (from > reached) idle += Math.min(from, endMs) - reached;
        reached = Math.max(reached, to);
        if (reached >= endMs) break;
    }
    return idle + Math.max(0, endMs - reached);
}
