/**
 * The benchmark's sandbox process: both sandboxes, seeded, on ephemeral ports, so their CPU and memory are not the
 * bridge's. The bench (bench.ts) drives it over IPC: start, step activation, simulated outreach, statistics.
 */
import { startReplySandbox, type ReplySandbox } from '../test/sandbox/reply/index.ts';
import type { ReplyLatencySetting } from '../test/sandbox/reply/latency.ts';
import type { SimulateOptions } from '../test/sandbox/reply/simulator.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../test/sandbox/salesforce/index.ts';
import type { SalesforceLatencySetting } from '../test/sandbox/salesforce/latency.ts';
import { activateOnly } from '../test/e2e/step-records.ts';
import { MAX_REPORT_WINDOW_MS } from '../test/sandbox/reply/routes/reporting.ts';
import type { LatencyTraceEntry } from '../test/sandbox/latency.ts';
import { serve } from './bench-ipc.ts';

/** The Reply seeder generates up to 100,000 people; more are imported through the workspace's own import. */
const SEEDER_PEOPLE = 100_000;
const IMPORT_BATCH = 1000;

export interface SandboxStart {
    reply?: { seed?: number; people?: number; enrolled?: number };
    salesforce?: { seed?: number; leads?: number; contacts?: number; accounts?: number };
    latency: 'off' | 'realistic';
    /** Reply's per-user limits (100/min, 3,000/h) enforced, as the real service does. */
    replyRateLimits: boolean;
}

export interface SandboxInfo {
    salesforce: { url: string; consumerKey: string; username: string; privateKeyPem: string };
    reply: { url: string; apiKey: string };
    seconds: number;
}

export interface Feeds {
    emails: number;
    calls: number;
    linkedIn: number;
    tasks: number;
}

/** Items per report window, newest window first (bench-floor.ts). */
export interface ReportWindows {
    emails: number[];
    calls: number[];
    linkedIn: number[];
}

/** Every call each sandbox answered while tracing, as its latency model saw it. */
export interface Trace {
    salesforce: LatencyTraceEntry[];
    reply: LatencyTraceEntry[];
}

export interface SandboxStats {
    salesforce: { total: number; byEndpoint: Record<string, number> };
    reply: { total: number; byEndpoint: Record<string, number> };
}

let salesforce: SalesforceSandbox | undefined;
let reply: ReplySandbox | undefined;

const running = <T>(value: T | undefined, name: string): T => {
    if (!value) throw new Error(`${name} is not started`);
    return value;
};

/** People beyond the seeder's 100,000, imported in batches (validated like the API's import). */
function importMore(sandbox: ReplySandbox, from: number, to: number): void {
    for (let start = from; start < to; start += IMPORT_BATCH) {
        const items = [];
        for (let i = start; i < Math.min(to, start + IMPORT_BATCH); i++) {
            items.push({
                email: `bench.person.${i}@bench.example`,
                firstName: `Bench${i}`,
                lastName: 'Person',
                company: `Bench Company ${i % 5000}`,
                title: 'Buyer'
            });
        }
        sandbox.workspace.importContacts(items);
    }
}

/** What Reply holds now in each activity feed. */
function feedsHeld(): Feeds {
    const { activity, tasks } = running(reply, 'reply').workspace.state;
    return {
        emails: activity.emails.size,
        calls: activity.calls.size,
        linkedIn: activity.linkedIn.size,
        tasks: tasks.size
    };
}

serve({
    async start(options: SandboxStart): Promise<SandboxInfo> {
        const started = performance.now();
        const people = options.reply?.people ?? 0;
        salesforce = await startSalesforceSandbox({
            port: 0,
            seed: options.salesforce ? { seed: 1, ...options.salesforce } : false,
            dailyApiLimit: 5_000_000,
            latency: options.latency as SalesforceLatencySetting
        });
        reply = await startReplySandbox({
            port: 0,
            seed: options.reply
                ? {
                      seed: options.reply.seed ?? 1,
                      people: Math.min(people, SEEDER_PEOPLE),
                      enrolled: options.reply.enrolled ?? 0
                  }
                : false,
            ...(options.replyRateLimits ? {} : { rateLimits: false as const }),
            latency: options.latency as ReplyLatencySetting
        });
        if (people > SEEDER_PEOPLE) importMore(reply, SEEDER_PEOPLE, people);
        reply.resetStats();
        salesforce.resetStats();
        return {
            salesforce: {
                url: salesforce.url,
                consumerKey: salesforce.jwt.consumerKey,
                username: salesforce.jwt.username,
                privateKeyPem: salesforce.jwt.privateKeyPem
            },
            reply: { url: reply.url, apiKey: reply.apiKey },
            seconds: (performance.now() - started) / 1000
        };
    },
    /** Notes every call's latency wait from now on, both sandboxes (bench.ts --trace). */
    startTrace(): void {
        running(salesforce, 'salesforce').latency.startTrace();
        running(reply, 'reply').latency.startTrace();
    },
    takeTrace(): Trace {
        return {
            salesforce: running(salesforce, 'salesforce').latency.takeTrace(),
            reply: running(reply, 'reply').latency.takeTrace()
        };
    },
    onlySteps(kinds: string[]) {
        activateOnly(running(salesforce, 'salesforce').org, kinds);
    },
    /** Simulated outreach until at least `activities` Task-able records (emails, calls, LinkedIn, tasks) exist. */
    outreach({ enrol, activities }: { enrol: number; activities: number }): Feeds {
        const workspace = running(reply, 'reply').workspace;
        const total = () => Object.values(feedsHeld()).reduce((a, b) => a + b, 0);
        workspace.simulate({ enrol } satisfies SimulateOptions);
        for (let day = 0; day < 120 && total() < activities; day++) workspace.simulate({ minutes: 24 * 60 });
        return feedsHeld();
    },
    feeds: (): Feeds => feedsHeld(),
    /**
     * Each activity report's items per window of the longest span Reply allows, back from Reply's now over `days`
     * (newest window first): what the floor counts the fewest report calls from.
     */
    reportWindows({ days }: { days: number }): ReportWindows {
        const workspace = running(reply, 'reply').workspace;
        const now = workspace.now();
        const start = now - days * 24 * 3600_000;
        const counts = (log: 'emails' | 'calls' | 'linkedIn') => {
            const out: number[] = [];
            for (let to = now; to > start; to -= MAX_REPORT_WINDOW_MS) {
                const from = Math.max(start, to - MAX_REPORT_WINDOW_MS);
                out.push([...workspace.state.activity[log].window(from, to + 1)].length);
            }
            return out;
        };
        return { emails: counts('emails'), calls: counts('calls'), linkedIn: counts('linkedIn') };
    },
    /** Reply's clock, which simulated outreach moves ahead of the wall clock (epoch ms). */
    replyNow(): number {
        return running(reply, 'reply').workspace.now();
    },
    stats(): SandboxStats {
        const sf = running(salesforce, 'salesforce').stats();
        const rp = running(reply, 'reply').stats();
        return {
            salesforce: { total: sf.total, byEndpoint: sf.byEndpoint },
            reply: { total: rp.total, byEndpoint: rp.byEndpoint }
        };
    },
    counts(): Record<string, number> {
        const org = running(salesforce, 'salesforce').org;
        return {
            leads: org.count('Lead'),
            contacts: org.count('Contact'),
            tasks: org.count('Task'),
            people: running(reply, 'reply').workspace.peopleCount
        };
    },
    /** Tasks by the kind their Reply activity id names (`email-12`: email), and external ids held by two Tasks. */
    activityTasks(): { byKind: Record<string, number>; repeated: string[] } {
        const org = running(salesforce, 'salesforce').org;
        const ids = org
            .query('SELECT Reply_Activity_Id__c FROM Task WHERE Reply_Activity_Id__c != null')
            .map((row) => String(row.Reply_Activity_Id__c));
        const byKind: Record<string, number> = {};
        const seen = new Set<string>();
        const repeated: string[] = [];
        for (const id of ids) {
            const kind = id.split('-')[0]!;
            byKind[kind] = (byKind[kind] ?? 0) + 1;
            if (seen.has(id)) repeated.push(id);
            seen.add(id);
        }
        return { byKind, repeated: repeated.slice(0, 20) };
    },
    async close() {
        await Promise.all([salesforce?.close(), reply?.close()]);
        salesforce = undefined;
        reply = undefined;
    }
});
