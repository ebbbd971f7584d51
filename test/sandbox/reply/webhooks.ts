/**
 * Webhook delivery: every workspace event that matches an enabled subscription (same eventType; Team scope hears
 * the whole team, Personal scope only its own user's events) becomes a POST of the payload to the subscription's
 * URL. A non-2xx answer or a timeout is retried with backoff (ASSUMPTIONS C19: 3 retries). No signature header.
 * Deliveries are kept in a bounded log for tests and the control API.
 */
import { iso } from './clock.ts';
import type { WorkspaceEvent } from './types.ts';
import { buildPayload, deliveryId } from './webhook-payload.ts';
import type { ReplyWorkspace } from './workspace.ts';

export interface WebhookOptions {
    /** wait before each retry; its length is the number of retries (default 10 s, 60 s, 5 min) */
    retryDelaysMs: number[];
    /** an attempt that takes longer counts as failed */
    timeoutMs: number;
    /** deliveries kept in the log (oldest finished ones go first) */
    logLimit: number;
    /** deliveries waiting or retrying; more are recorded as dropped */
    maxPending: number;
    concurrency: number;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = {
    retryDelaysMs: [10_000, 60_000, 300_000],
    timeoutMs: 10_000,
    logLimit: 1000,
    maxPending: 10_000,
    concurrency: 4
};

export interface WebhookAttempt {
    at: string;
    status: number | null;
    error?: string;
    durationMs: number;
}

export interface WebhookDelivery {
    id: string;
    subscriptionId: number;
    eventType: string;
    url: string;
    status: 'pending' | 'delivered' | 'failed' | 'dropped';
    attempts: WebhookAttempt[];
    payload: Record<string, unknown>;
    createdAt: string;
    finishedAt: string | null;
}

export class WebhookDispatcher {
    private log: WebhookDelivery[] = [];
    private readonly queue: WebhookDelivery[] = [];
    private readonly timers = new Set<NodeJS.Timeout>();
    private inFlight = 0;
    private pending = 0;
    private closed = false;
    private idleWaiters: (() => void)[] = [];
    private readonly options: WebhookOptions;
    private readonly detach: () => void;

    constructor(
        private readonly workspace: ReplyWorkspace,
        options: Partial<WebhookOptions> = {}
    ) {
        this.options = { ...DEFAULT_WEBHOOK_OPTIONS, ...options };
        this.detach = workspace.onEvent((event) => this.onEvent(event));
    }

    private onEvent(event: WorkspaceEvent): void {
        if (this.closed) return;
        const s = this.workspace.state;
        for (const subscription of s.webhooks.values()) {
            if (!subscription.enabled || subscription.eventType !== event.type) continue;
            if (subscription.scope === 'Personal' && subscription.ownerUserId !== event.userId) continue;
            const id = deliveryId(s.team.id, subscription.id, event.seq);
            const delivery: WebhookDelivery = {
                id,
                subscriptionId: subscription.id,
                eventType: event.type,
                url: subscription.url,
                status: 'pending',
                attempts: [],
                payload: buildPayload(s, event, subscription, id),
                createdAt: iso(this.workspace.now()),
                finishedAt: null
            };
            this.remember(delivery);
            if (this.pending >= this.options.maxPending) {
                delivery.status = 'dropped';
                delivery.finishedAt = delivery.createdAt;
                continue;
            }
            this.pending++;
            this.queue.push(delivery);
        }
        this.pump();
    }

    private remember(delivery: WebhookDelivery): void {
        this.log.push(delivery);
        if (this.log.length > this.options.logLimit * 1.25) {
            const excess = this.log.length - this.options.logLimit;
            let dropped = 0;
            this.log = this.log.filter((entry) => entry.status === 'pending' || dropped++ >= excess);
        }
    }

    private pump(): void {
        while (!this.closed && this.inFlight < this.options.concurrency && this.queue.length > 0) {
            const delivery = this.queue.shift() as WebhookDelivery;
            this.inFlight++;
            void this.attempt(delivery).finally(() => {
                this.inFlight--;
                this.pump();
                this.settle();
            });
        }
    }

    private async attempt(delivery: WebhookDelivery): Promise<void> {
        const started = Date.now();
        let status: number | null = null;
        let error: string | undefined;
        try {
            const response = await fetch(delivery.url, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'user-agent': 'Reply-Webhooks (sandbox)' },
                body: JSON.stringify(delivery.payload),
                signal: AbortSignal.timeout(this.options.timeoutMs)
            });
            status = response.status;
            await response.arrayBuffer().catch(() => undefined);
        } catch (caught) {
            error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
        }
        delivery.attempts.push({
            at: iso(this.workspace.now()),
            status,
            ...(error ? { error } : {}),
            durationMs: Date.now() - started
        });
        if (status !== null && status >= 200 && status < 300) {
            this.finish(delivery, 'delivered');
            return;
        }
        const delay = this.options.retryDelaysMs[delivery.attempts.length - 1];
        if (delay === undefined || this.closed) {
            this.finish(delivery, 'failed');
            return;
        }
        const timer = setTimeout(() => {
            this.timers.delete(timer);
            this.queue.push(delivery);
            this.pump();
            this.settle();
        }, delay);
        this.timers.add(timer);
    }

    private finish(delivery: WebhookDelivery, status: 'delivered' | 'failed'): void {
        delivery.status = status;
        delivery.finishedAt = iso(this.workspace.now());
        this.pending--;
    }

    private settle(): void {
        if (this.inFlight > 0 || this.queue.length > 0 || this.timers.size > 0) return;
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const resolve of waiters) resolve();
    }

    /** Resolves once nothing is queued, in flight or waiting to retry. */
    idle(): Promise<void> {
        return new Promise((resolve) => {
            this.idleWaiters.push(resolve);
            this.settle();
        });
    }

    deliveries(): WebhookDelivery[] {
        return this.log.map((delivery) => ({ ...delivery, attempts: [...delivery.attempts] }));
    }

    clearLog(): void {
        this.log = this.log.filter((delivery) => delivery.status === 'pending');
    }

    close(): void {
        this.closed = true;
        this.detach();
        for (const timer of this.timers) clearTimeout(timer);
        this.timers.clear();
        this.queue.length = 0;
        this.settle();
    }
}
