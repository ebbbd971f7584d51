import { expect } from 'vitest';
import { leftBehind, syncGaps } from './invariants.ts';
import { API_TOKEN, startWorld, type World } from './world.ts';

/**
 * The fault matrix: each fault class of issue 12 over a small scenario with people, activities and notes, run the
 * way `sync --once` runs (the coordinator) or the way `serve` runs (Sync now over the HTTP API, followed to its end).
 * The first sync happens under the fault; then the fault stops and runs follow until both sides hold exactly one
 * record per Reply person, one Task per activity and one Note per note with Reply's text, and the bridge keeps no
 * open failure. Used by fault-matrix.test.ts (asserts) and, larger, by its figures variant.
 */

export type Mode = 'once' | 'serve';

/** The status and stop reason of a run, as `sync --once` returns it or `GET /v1/runs/{id}` answers it. */
export interface RunOutcome {
    status: string;
    stoppedBy: string | null;
    message: string | null;
}

export interface FaultCase {
    name: string;
    /** Breaks something before the first run. */
    inject(world: World): void | Promise<void>;
    /** What clearing both sandboxes' faults does not undo (an allowance, a Retry-After still running). */
    recover?(world: World): void | Promise<void>;
    /** What the run under the fault must show, beyond ending. */
    faulty?(run: RunOutcome): void;
}

const control = (world: World, path: string, body: unknown) =>
    fetch(`${world.salesforce.url}/__sandbox/${path}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body)
    });

export const FAULT_CASES: FaultCase[] = [
    {
        name: 'Salesforce 503 on 30% of calls',
        inject: (w) => w.salesforce.faults.set({ serviceUnavailableRate: 0.3, seed: 3 })
    },
    {
        name: 'Salesforce lock contention on 30% of writes',
        inject: (w) => w.salesforce.faults.set({ lockRowRate: 0.3, seed: 4 })
    },
    { name: 'Salesforce session expiry', inject: (w) => w.salesforce.faults.expireSessions() },
    {
        name: 'Salesforce connections dropped before the headers',
        inject: (w) => w.salesforce.faults.set({ dropConnections: 4, dropStage: 'before-headers' })
    },
    {
        name: 'Salesforce answers cut mid-body',
        inject: (w) => w.salesforce.faults.set({ dropConnections: 4, dropStage: 'mid-body' })
    },
    {
        name: 'Salesforce daily allowance exhausted',
        inject: (w) => w.salesforce.faults.exhaustAllowance(),
        recover: async (w) => void (await control(w, 'allowance', { used: 0 })),
        faulty: (run) => expect(run.stoppedBy).toBe('budget')
    },
    { name: 'Reply 5xx on 30% of calls', inject: (w) => w.reply.faults.set({ errorRate: 0.3, errorStatus: 503 }) },
    {
        name: 'Reply 429 storm, Retry-After 1 s',
        inject: (w) => w.reply.faults.set({ force429: { retryAfterSeconds: 1, count: 12 } })
    },
    {
        name: 'Reply 429 storm, Retry-After 200 s',
        inject: (w) => w.reply.faults.set({ force429: { retryAfterSeconds: 200, count: 3 } }),
        // The wait Reply asked for passes before the next run.
        recover: (w) => void w.reply.workspace.advance(5),
        faulty: (run) => {
            expect(run.stoppedBy).toBe('budget');
            expect(run.message).toContain('Reply asks the bridge to wait 200 s');
        }
    },
    { name: 'Reply malformed JSON on 30% of answers', inject: (w) => w.reply.faults.set({ malformedRate: 0.3 }) },
    {
        name: 'Reply import answers lost (the people imported, the answer never arrives)',
        inject: (w) =>
            w.reply.faults.set({ dropRate: 1, dropStage: 'after-processing', pathPrefix: '/v3/contacts/import' })
    },
    {
        name: 'Reply custom fields 503 for a whole run',
        inject: (w) => w.reply.faults.set({ errorRate: 1, errorStatus: 503, pathPrefix: '/v3/custom-fields' })
    },
    {
        name: 'Reply key revoked',
        inject: (w) => w.reply.faults.set({ invalidKeys: true }),
        faulty: (run) => expect(run.stoppedBy).toBe('credentials')
    },
    {
        name: 'everything at once',
        inject: (w) => {
            w.salesforce.faults.set({ serviceUnavailableRate: 0.15, lockRowRate: 0.2, dropConnections: 2, seed: 5 });
            w.reply.faults.set({ errorRate: 0.1, malformedRate: 0.1, dropRate: 0.05 });
        }
    }
];

export interface ScenarioSize {
    people: number;
    leads: number;
    contacts: number;
    /** Notes added to the first people of the workspace, beyond the seed's. */
    notes: number;
}

export const SMALL: ScenarioSize = { people: 12, leads: 4, contacts: 3, notes: 6 };
export const LARGE: ScenarioSize = { people: 300, leads: 80, contacts: 60, notes: 120 };

export interface FaultFigures {
    fault: string;
    mode: Mode;
    faulty: RunOutcome;
    /** Runs after the fault stopped until nothing was lost, twice or left behind (MAX_RECOVERY_RUNS + 1: never). */
    runsNeeded: number;
    lost: string[];
    duplicated: string[];
    leftBehind: string[];
}

const MAX_RECOVERY_RUNS = 3;
/** A run that has not ended by then is hung (the bridge bounds every call and every wait well within it). */
const RUN_BOUND_MS = 60_000;

export async function runFaultCase(fault: FaultCase, mode: Mode, size: ScenarioSize = SMALL): Promise<FaultFigures> {
    const world = await startWorld({
        salesforce: { seed: { seed: 81, leads: size.leads, contacts: size.contacts, accounts: 2 } },
        reply: { seed: { seed: 81, people: size.people, enrolled: Math.ceil(size.people * 0.7), historyDays: 4 } },
        // Every person's notes in one run, so "runs needed" counts what the fault cost, not the notes allowance.
        env: { REPLY_NOTE_READS_PER_RUN: '5000' },
        // Reply's waits (Retry-After, the rate limit) pass in the sandbox's simulated time, not the test's.
        bridge: { replySleep: async (ms) => void world.reply.workspace.advance(ms / 60_000) }
    });
    try {
        addNotes(world, size.notes);
        await fault.inject(world);
        const faulty = await runIn(world, mode);
        fault.faulty?.(faulty);
        world.salesforce.faults.clear();
        world.reply.faults.clear();
        await fault.recover?.(world);
        let runsNeeded = 0;
        let gaps = await syncGaps(world);
        let left = await leftBehind(world);
        while (runsNeeded <= MAX_RECOVERY_RUNS) {
            runsNeeded += 1;
            await runIn(world, mode);
            gaps = await syncGaps(world);
            left = await leftBehind(world);
            if (gaps.lost.length === 0 && gaps.duplicated.length === 0 && left.length === 0) break;
        }
        return {
            fault: fault.name,
            mode,
            faulty,
            runsNeeded,
            lost: gaps.lost,
            duplicated: gaps.duplicated,
            leftBehind: left
        };
    } finally {
        await world.close();
    }
}

/**
 * Notes on the first people, a minute apart, then a later change to someone else: the notes' people do not share
 * the change feed's last timestamp (which the bridge reads again), so a note passed over stays passed over.
 */
function addNotes(world: World, count: number): void {
    const { workspace } = world.reply;
    const people = workspace.people;
    people.slice(0, count).forEach((person, i) => {
        workspace.advance(1);
        workspace.addNote(person.id, `Note ${i} for ${person.firstName}: "quotes" & <brackets>\nsecond line`);
    });
    workspace.advance(1);
    workspace.updateContact(people[people.length - 1]!.id, { title: 'Last to change' });
}

const serving = new WeakMap<World, string>();

/** One run, as `sync --once` makes it or as Sync now makes it through `serve`'s HTTP API (followed to its end). */
async function runIn(world: World, mode: Mode): Promise<RunOutcome> {
    if (mode === 'once') {
        const run = await withBound(world.run(), 'sync --once');
        return { status: run.status, stoppedBy: run.stoppedBy, message: run.message };
    }
    let url = serving.get(world);
    if (!url) {
        url = await world.bridge.listen(0, '127.0.0.1');
        serving.set(world, url);
    }
    const headers = { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' };
    const ticket = (await (await fetch(`${url}/v1/sync`, { method: 'POST', headers, body: '{}' })).json()) as {
        runId: string;
    };
    const started = Date.now();
    for (;;) {
        const run = (await (await fetch(`${url}/v1/runs/${ticket.runId}`, { headers })).json()) as RunOutcome;
        if (run.status !== 'queued' && run.status !== 'running') {
            // serve keeps no run "running" once its work has stopped.
            const status = (await (await fetch(`${url}/v1/status`, { headers })).json()) as {
                currentRunId: string | null;
            };
            expect(status.currentRunId, 'serve still names a current run').toBeNull();
            return { status: run.status, stoppedBy: run.stoppedBy, message: run.message };
        }
        if (Date.now() - started > RUN_BOUND_MS) throw new Error(`serve: run ${ticket.runId} hung (${run.status})`);
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
}

async function withBound<T>(work: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: the run hung`)), RUN_BOUND_MS);
    });
    try {
        return await Promise.race([work, bound]);
    } finally {
        clearTimeout(timer);
    }
}
