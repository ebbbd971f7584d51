import cliProgress from 'cli-progress';
import type { RunEvent } from '../sync/engine.ts';

/**
 * Progress on a terminal: one bar over the run's steps, naming the step that last moved and its counts (two steps may
 * run side by side).
 * Returns the event handler and a stop function.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): {
    onEvent: (event: RunEvent) => void;
    stop: () => void;
} {
    const bar = new cliProgress.SingleBar(
        {
            stream,
            format: ' {bar} {value}/{total} steps | {step} | read {read}, created {created}, updated {updated}, failed {failed}',
            hideCursor: true,
            clearOnComplete: false,
            barsize: 24
        },
        cliProgress.Presets.shades_classic
    );
    let started = false;
    const labels = new Map<string, string>();
    const onEvent = (event: RunEvent) => {
        if (event.type === 'runStarted') {
            bar.start(event.steps.length, 0, { step: 'starting', read: 0, created: 0, updated: 0, failed: 0 });
            started = true;
        } else if (event.type === 'stepStarted') {
            labels.set(event.step, event.label);
            bar.update({ step: event.label, read: 0, created: 0, updated: 0, failed: 0 });
        } else if (event.type === 'stepProgress') {
            bar.update({ step: labels.get(event.step) ?? event.step, ...event.counts });
        } else if (event.type === 'stepFinished') {
            bar.increment(1, { step: labels.get(event.step) ?? event.step, ...event.counts });
        } else if (event.type === 'runFinished' && started) {
            bar.stop();
            started = false;
        }
    };
    return { onEvent, stop: () => started && bar.stop() };
}
