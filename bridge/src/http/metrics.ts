import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ReplyCallUsage } from '../reply/budget.ts';
import type { RunEvent } from '../sync/engine.ts';

/** Prometheus metrics of the bridge, fed by the engine's events. One registry per bridge (no globals). */
export class BridgeMetrics {
    readonly registry = new Registry();
    private readonly runs = new Counter({
        name: 'reply_sync_runs_total',
        help: 'Runs by final status',
        labelNames: ['status'],
        registers: [this.registry]
    });
    private readonly records = new Counter({
        name: 'reply_sync_records_total',
        help: 'Records by step kind and outcome',
        labelNames: ['step_kind', 'outcome'],
        registers: [this.registry]
    });
    private readonly apiCalls = new Counter({
        name: 'reply_sync_api_calls_total',
        help: 'API calls by system',
        labelNames: ['system'],
        registers: [this.registry]
    });
    private readonly lastRun = new Gauge({
        name: 'reply_sync_last_run_timestamp_seconds',
        help: 'When the last run finished, by status',
        labelNames: ['status'],
        registers: [this.registry]
    });
    private readonly duration = new Histogram({
        name: 'reply_sync_run_duration_seconds',
        help: 'Run duration',
        buckets: [1, 5, 15, 30, 60, 120, 300, 900, 1800],
        registers: [this.registry]
    });

    /** `replyUsage`: the Reply call budget's counts, read at each scrape. */
    constructor(replyUsage?: () => ReplyCallUsage) {
        collectDefaultMetrics({ register: this.registry, prefix: 'reply_sync_' });
        if (!replyUsage) return;
        const windows = (usage: ReplyCallUsage) => ({
            hour: usage.hour,
            reporting_hour: usage.reportingHour,
            month: usage.month
        });
        new Gauge({
            name: 'reply_sync_reply_calls_used',
            help: "The bridge's Reply API calls in the current hour, reporting hour and month (all bridge processes)",
            labelNames: ['window'],
            registers: [this.registry],
            collect() {
                for (const [window, { used }] of Object.entries(windows(replyUsage()))) this.set({ window }, used);
            }
        });
        new Gauge({
            name: 'reply_sync_reply_calls_limit',
            help: "Reply's allowance for the same windows (the month only when REPLY_MONTHLY_CALL_LIMIT is set)",
            labelNames: ['window'],
            registers: [this.registry],
            collect() {
                for (const [window, { limit }] of Object.entries(windows(replyUsage())))
                    if (limit !== null) this.set({ window }, limit);
            }
        });
    }

    observe(event: RunEvent): void {
        if (event.type === 'stepFinished') {
            const kind = event.step;
            for (const outcome of ['created', 'updated', 'skipped', 'failed'] as const) {
                if (event.counts[outcome] > 0) this.records.inc({ step_kind: kind, outcome }, event.counts[outcome]);
            }
            this.apiCalls.inc({ system: 'salesforce' }, event.counts.salesforceApiCalls);
            this.apiCalls.inc({ system: 'reply' }, event.counts.replyApiCalls);
        }
        if (event.type === 'runFinished') {
            this.runs.inc({ status: event.run.status });
            this.lastRun.set({ status: event.run.status }, Date.now() / 1000);
            if (event.run.startedAt && event.run.finishedAt) {
                this.duration.observe((event.run.finishedAt.getTime() - event.run.startedAt.getTime()) / 1000);
            }
        }
    }
}
