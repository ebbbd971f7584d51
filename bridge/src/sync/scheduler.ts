import type { Logger } from '../logging.ts';
import type { RunCoordinator } from './coordinator.ts';

/**
 * Runs a sync every Sync_Interval_Minutes__c (read again after every run, so a change in the console takes effect
 * without a restart). A run that is still going when the next is due is not doubled: the coordinator queues once.
 */
export class Scheduler {
    private timer: NodeJS.Timeout | undefined;
    private stopped = false;
    nextRunAt: Date | undefined;

    constructor(
        private readonly coordinator: RunCoordinator,
        private readonly intervalMinutes: () => number,
        private readonly logger: Logger,
        private readonly now: () => Date = () => new Date()
    ) {}

    /** Starts the schedule; `immediately` runs the first sync now. */
    start(immediately: boolean): void {
        this.stopped = false;
        this.schedule(immediately ? 0 : this.intervalMinutes() * 60_000);
    }

    stop(): void {
        this.stopped = true;
        if (this.timer) clearTimeout(this.timer);
        this.timer = undefined;
        this.nextRunAt = undefined;
    }

    private schedule(delayMs: number): void {
        if (this.stopped) return;
        this.nextRunAt = new Date(this.now().getTime() + delayMs);
        this.timer = setTimeout(() => void this.tick(), delayMs);
        this.timer.unref?.();
    }

    private async tick(): Promise<void> {
        try {
            await this.coordinator.runNow({ trigger: 'scheduled' });
        } catch (error) {
            this.logger.error({ err: error }, 'scheduled run failed to start');
        }
        this.schedule(this.intervalMinutes() * 60_000);
    }
}
