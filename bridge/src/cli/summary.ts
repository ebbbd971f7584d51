import type { RunRecord } from '../domain/runs.ts';
import { NOT_RUN, STOPPED } from '../sync/engine.ts';

/** A run as a fixed-width table for a terminal: one row per step, then the totals. Pure. */
export function summaryTable(run: RunRecord): string {
    const headers = ['Step', 'Status', 'Read', 'Created', 'Updated', 'Skipped', 'Failed', 'SF calls', 'Reply calls'];
    const rows = run.steps.map((s) =>
        [
            s.label,
            s.status,
            s.read,
            s.created,
            s.updated,
            s.skipped,
            s.failed,
            s.salesforceApiCalls,
            s.replyApiCalls
        ].map(String)
    );
    const total = (
        key: 'read' | 'created' | 'updated' | 'skipped' | 'failed' | 'salesforceApiCalls' | 'replyApiCalls'
    ) => String(run.steps.reduce((sum, s) => sum + s[key], 0));
    rows.push([
        'Total',
        run.status,
        total('read'),
        total('created'),
        total('updated'),
        total('skipped'),
        total('failed'),
        total('salesforceApiCalls'),
        total('replyApiCalls')
    ]);
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) =>
        cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    const rule = widths.map((w) => '-'.repeat(w)).join('  ');
    const out = [line(headers), rule, ...rows.slice(0, -1).map(line), rule, line(rows[rows.length - 1]!)];
    // Steps left out because the run stopped all carry the run's reason: it is said once, above them.
    const stopped = run.message?.startsWith(STOPPED) ? `${NOT_RUN}${run.message.slice(STOPPED.length)}` : null;
    const messages = run.steps
        .filter((s) => s.message && s.message !== stopped)
        .map((s) => `${s.label}:\n  ${s.message!.split('\n').join('\n  ')}`);
    if (run.message) messages.unshift(run.message);
    return [out.join('\n'), ...(messages.length > 0 ? ['', ...messages] : [])].join('\n');
}
