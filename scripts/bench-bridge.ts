/**
 * The benchmark's bridge process: one bridge, as `reply-sync sync --once` builds it, on its own SQLite store, with
 * nothing else in the process, so the CPU time and memory measured around a run are the bridge's. Driven over IPC
 * by bench.ts; one process per scenario so every scenario starts from a fresh heap.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bridge } from '../bridge/src/bridge.ts';
import { loadConfig } from '../bridge/src/config/env.ts';
import { createLogger } from '../bridge/src/logging.ts';
import { SalesforceBulk } from '../bridge/src/salesforce/bulk.ts';
import type { SObjectRecord } from '../bridge/src/salesforce/client.ts';
import { serve } from './bench-ipc.ts';
import type { SandboxInfo } from './bench-sandboxes.ts';

export interface BridgeMeasure {
    seconds: number;
    cpuMs: number;
    /** Highest RSS sampled during the run, and RSS before it (the process with the bridge opened). */
    peakRssMb: number;
    startRssMb: number;
    peakHeapMb: number;
}

export interface RunSummary extends BridgeMeasure {
    status: string;
    message: string | null;
    /** Records created or updated, over all steps. */
    written: number;
    failed: number;
    steps: {
        kind: string;
        status: string;
        read: number;
        created: number;
        updated: number;
        failed: number;
        /** Wall time of the step (the bench log prints it, to show where a run's time goes). */
        seconds: number;
    }[];
}

let bridge: Bridge | undefined;
let dir: string | undefined;
/** How far Reply's simulated clock runs ahead of this process's: the bridge keeps Reply's time, as e2e tests do. */
let clockOffsetMs = 0;

const MB = 1024 * 1024;
const SAMPLE_MS = 20;

/** Runs work while sampling this process's CPU time and memory. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; measure: BridgeMeasure }> {
    const startRss = process.memoryUsage().rss;
    let peakRss = startRss;
    let peakHeap = process.memoryUsage().heapUsed;
    const timer = setInterval(() => {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
    }, SAMPLE_MS);
    const cpu = process.cpuUsage();
    const started = performance.now();
    try {
        const result = await work();
        const seconds = (performance.now() - started) / 1000;
        const used = process.cpuUsage(cpu);
        const m = process.memoryUsage();
        return {
            result,
            measure: {
                seconds,
                cpuMs: (used.user + used.system) / 1000,
                peakRssMb: Math.max(peakRss, m.rss) / MB,
                startRssMb: startRss / MB,
                peakHeapMb: Math.max(peakHeap, m.heapUsed) / MB
            }
        };
    } finally {
        clearInterval(timer);
    }
}

const bulkClient = (): SalesforceBulk =>
    new SalesforceBulk(open().services.salesforce, {
        logger: createLogger({ level: 'silent' }),
        threshold: 2000,
        polling: { initialMs: 50, factor: 1.5, maxMs: 2000 }
    });

const open = (): Bridge => {
    if (!bridge) throw new Error('the bridge is not open');
    return bridge;
};

serve({
    /** Opens the bridge on a new store, or on `dataDir`: the store an earlier bridge process left (a restart). */
    async open({ sandboxes, limits, dataDir }: { sandboxes: SandboxInfo; limits: 'real' | 'off'; dataDir?: string }) {
        dir = dataDir ?? mkdtempSync(join(tmpdir(), 'reply-sync-bench-'));
        const keyFile = join(dir, 'jwt.key');
        writeFileSync(keyFile, sandboxes.salesforce.privateKeyPem);
        const env: Record<string, string> = {
            SALESFORCE_LOGIN_URL: sandboxes.salesforce.url,
            SALESFORCE_CLIENT_ID: sandboxes.salesforce.consumerKey,
            SALESFORCE_USERNAME: sandboxes.salesforce.username,
            SALESFORCE_PRIVATE_KEY_FILE: keyFile,
            SALESFORCE_API_BUDGET_SHARE: '1',
            REPLY_API_URL: sandboxes.reply.url,
            REPLY_API_KEY: sandboxes.reply.apiKey,
            BRIDGE_DATA_DIR: dir,
            LOG_LEVEL: 'silent',
            // 'real': Reply's published limits, which the Reply sandbox then enforces too.
            ...(limits === 'off'
                ? {
                      REPLY_RATE_PER_MINUTE: '1000000',
                      REPLY_RATE_PER_HOUR: '10000000',
                      REPLY_REPORTING_RATE_PER_HOUR: '1000000'
                  }
                : {})
        };
        const config = loadConfig(env, { cwd: dir });
        // Reply's reports are read up to the bridge's now: activities simulated ahead of the wall clock need its time.
        bridge = await Bridge.open(config, createLogger({ level: 'silent' }), {
            now: () => new Date(Date.now() + clockOffsetMs)
        });
        return {
            rssMb: process.memoryUsage().rss / MB,
            dataDir: dir,
            activityBackfillDays: config.reply.activityBackfillDays
        };
    },
    /** Keeps Reply's time from now on: `replyNow` is the Reply sandbox's clock read just before. */
    keepTime({ replyNow }: { replyNow: number }) {
        clockOffsetMs = replyNow - Date.now();
    },
    async run(): Promise<RunSummary> {
        const b = open();
        const { result: run, measure } = await measured(() => b.coordinator.runNow({ trigger: 'commandLine' }));
        return {
            ...measure,
            status: run.status,
            // What went wrong, when the run did not succeed: its own message, else each step's that did not.
            message:
                run.message ??
                (run.steps
                    .filter((s) => s.status !== 'succeeded' || s.failed > 0)
                    .map((s) => `${s.stepKind} ${s.status}, ${s.failed} failed${s.message ? `: ${s.message}` : ''}`)
                    .join('; ') ||
                    null),
            written: run.steps.reduce((n, s) => n + s.created + s.updated, 0),
            failed: run.steps.reduce((n, s) => n + s.failed, 0),
            steps: run.steps.map((s) => ({
                kind: s.stepKind,
                status: s.status,
                read: s.read,
                created: s.created,
                updated: s.updated,
                failed: s.failed,
                seconds: s.startedAt && s.finishedAt ? (s.finishedAt.getTime() - s.startedAt.getTime()) / 1000 : 0
            }))
        };
    },
    /** The Bulk API 2.0 client on its own (not yet in the sync): upserts `records` Tasks through ingest jobs. */
    async bulkIngest({ records }: { records: number }) {
        const client = open().services.salesforce;
        const [lead] = await client.query<SObjectRecord>('SELECT Id FROM Lead LIMIT 1', 'bench lead');
        const before = client.calls;
        const { result, measure } = await measured(async () => {
            const tasks: SObjectRecord[] = [];
            for (let i = 0; i < records; i++) {
                tasks.push({
                    Reply_Activity_Id__c: `bench-${i}`,
                    Subject: `Bench task ${i}`,
                    Status: 'Completed',
                    ...(lead ? { WhoId: lead.Id } : {})
                });
            }
            const outcomes = await bulkClient().upsert('Task', 'Reply_Activity_Id__c', tasks);
            return outcomes.filter((o) => o.ok).length;
        });
        return { ...measure, saved: result, calls: client.calls - before };
    },
    /** Reads the Tasks bulkIngest wrote through a query job, page by page (run in a fresh process: its memory). */
    async bulkQuery() {
        const client = open().services.salesforce;
        const before = client.calls;
        const { result, measure } = await measured(async () => {
            let rows = 0;
            for await (const page of bulkClient().queryPages(
                "SELECT Id, Subject, Reply_Activity_Id__c FROM Task WHERE Reply_Activity_Id__c LIKE 'bench-%'"
            ))
                rows += page.length;
            return rows;
        });
        return { ...measure, rows: result, calls: client.calls - before };
    },
    /** Closes the bridge; its store is deleted unless `keep` (another bridge process opens it next). */
    async close({ keep }: { keep?: boolean } = {}) {
        await bridge?.close();
        bridge = undefined;
        if (dir && !keep) rmSync(dir, { recursive: true, force: true });
    }
});
