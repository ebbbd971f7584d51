import { isRunFinished, runProgressPercent, runTotals } from 'c/replySyncRunProgress';

describe('c/replySyncRunProgress', () => {
    it('follows a run to its end', () => {
        expect(runProgressPercent({ status: 'running', progress: { stepsDone: 1, stepsTotal: 4 } })).toBe(25);
        expect(runProgressPercent({ status: 'queued' })).toBe(0);
        expect(runProgressPercent({ status: 'partial' })).toBe(100);
        expect(isRunFinished({ status: 'failed' })).toBe(true);
        expect(isRunFinished({ status: 'running' })).toBe(false);
    });

    it('adds up what the steps did', () => {
        expect(
            runTotals({
                steps: [
                    { read: 3, created: 1, updated: 1, skipped: 1, failed: 0 },
                    { read: 2, created: 0, updated: 0, skipped: 0, failed: 2 }
                ]
            })
        ).toEqual({ read: 5, created: 1, updated: 1, skipped: 1, failed: 2 });
        expect(runTotals(undefined)).toEqual({ read: 0, created: 0, updated: 0, skipped: 0, failed: 0 });
    });
});
