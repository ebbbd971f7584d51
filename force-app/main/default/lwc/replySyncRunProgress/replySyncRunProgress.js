/** A run of the bridge as Sync now follows it (bridge/openapi.yaml Run). */

/** Run statuses after which a run changes no more. */
export const FINISHED_RUN_STATUSES = ['succeeded', 'partial', 'failed'];

export function isRunFinished(run) {
    return FINISHED_RUN_STATUSES.includes(run?.status);
}

/** 0-100 from the run's progress; a finished run is 100. */
export function runProgressPercent(run) {
    if (isRunFinished(run)) {
        return 100;
    }
    const done = Number(run?.progress?.stepsDone ?? 0);
    const total = Number(run?.progress?.stepsTotal ?? 0);
    return total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
}

/** Totals over a run's steps. */
export function runTotals(run) {
    const totals = { read: 0, created: 0, updated: 0, skipped: 0, failed: 0 };
    (run?.steps ?? []).forEach((step) => {
        Object.keys(totals).forEach((key) => {
            totals[key] += Number(step[key] ?? 0);
        });
    });
    return totals;
}
