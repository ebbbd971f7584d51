import type { Logger } from '../logging.ts';
import type { Store } from '../store/store.ts';
import type { RunCoordinator } from './coordinator.ts';
import { ACTIVE_DAYS, eventFacts, sourcesFor } from './webhook-events.ts';

/**
 * Turns stored webhook events into prompt runs of the steps they feed: events arriving close together are gathered
 * (debounce) into one run; once that run has finished they are marked processed, in arrival order. Before the run,
 * what each event says of its person goes to the store (opened, clicked; statuses or threads to read again), so the
 * run reads exactly those people. Events stored before a restart are picked up at start.
 */
export class WebhookProcessor {
    private timer: NodeJS.Timeout | undefined;
    private working: Promise<void> | undefined;

    constructor(
        private readonly store: Store,
        private readonly coordinator: RunCoordinator,
        private readonly logger: Logger,
        private readonly debounceMs = 5000,
        private readonly now: () => Date = () => new Date()
    ) {}

    /** A new event was stored: run soon. */
    notify(): void {
        if (this.timer) return;
        this.timer = setTimeout(() => {
            this.timer = undefined;
            void this.process();
        }, this.debounceMs);
        this.timer.unref?.();
    }

    /** Runs the steps fed by every unprocessed event, then marks those events processed. */
    async process(): Promise<void> {
        if (this.working) return this.working;
        this.working = (async () => {
            try {
                for (;;) {
                    const events = await this.store.inbox.unprocessed(500);
                    if (events.length === 0) return;
                    await this.notePeople(events);
                    const sources = sourcesFor(events.map((e) => e.type));
                    if (sources.size > 0) {
                        const run = await this.coordinator.runNow({
                            trigger: 'webhook',
                            replySources: [...sources].sort()
                        });
                        this.logger.info(
                            { runId: run.id, events: events.length, status: run.status },
                            'webhook-triggered run finished'
                        );
                    }
                    await this.store.inbox.markProcessed(events.map((e) => e.seq));
                }
            } catch (error) {
                this.logger.error({ err: error }, 'webhook processing failed; events stay stored and are retried');
            } finally {
                this.working = undefined;
            }
        })();
        return this.working;
    }

    /** Records what the events say of their people, grouped by what they say. */
    private async notePeople(events: { type: string; payload: string }[]): Promise<void> {
        const groups = new Map<string, { ids: number[]; facts: NonNullable<ReturnType<typeof eventFacts>>['facts'] }>();
        for (const event of events) {
            let payload: unknown;
            try {
                payload = JSON.parse(event.payload);
            } catch {
                continue;
            }
            const found = eventFacts(event.type, payload);
            if (!found) continue;
            const key = JSON.stringify(found.facts);
            const group = groups.get(key) ?? { ids: [], facts: found.facts };
            group.ids.push(found.contactId);
            groups.set(key, group);
        }
        const activeUntil = new Date(this.now().getTime() + ACTIVE_DAYS * 24 * 3600_000);
        for (const { ids, facts } of groups.values()) await this.store.replyPeople.note(ids, { ...facts, activeUntil });
    }

    stop(): void {
        if (this.timer) clearTimeout(this.timer);
        this.timer = undefined;
    }
}
