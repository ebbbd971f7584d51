/**
 * `npm run bench`: the bridge's own speed, CPU, memory and API calls on the sandboxes, printed as figures (no
 * assertions: limits are asserted in the tests). The sandboxes run in their own process (bench-sandboxes.ts) and
 * each scenario's bridge in a fresh process of its own (bench-bridge.ts), so CPU time and peak RSS are the bridge's.
 *
 *   people in    N new Reply people -> Leads (People -> Contacts active too, as in the Default profile)
 *   people out   N Salesforce Leads -> Reply people
 *   activities   N Reply activities (emails, calls, LinkedIn, tasks) -> Tasks, all eight activity steps
 *   idle         a run with nothing changed, as the number of linked people grows
 *   bulk         the Bulk API 2.0 client alone: N Tasks upserted through ingest jobs and read back by a query job
 *   reply-day    Reply calls a day at the default 2-hour schedule, every Default step (bench-reply-day.ts)
 *
 * Two passes: "the bridge alone" (no latency, no rate limits: what the bridge costs) and "under the latency profile"
 * (the sandboxes' realistic latency and Reply's rate limits: how long a backfill takes, next to the floor the limits
 * set, see bench-floor.ts).
 *
 *   npm run bench                          10,000 records (latency pass at 5,000)
 *   npm run bench -- --size 100000         other sizes, comma separated: --size 10000,100000
 *   npm run bench -- --million             adds 1,000,000 to the bridge-alone pass (takes long)
 *   npm run bench -- --latency-size 0      skips the latency pass; --latency-size 5000,20000 runs it at each size
 *   npm run bench -- --markdown            prints the tables as Markdown; --write-readme puts them in README.md
 *   npm run bench -- --heap-mb 512         caps each bridge process's V8 heap (default: Node's own limit, as `npm start`
 *                                          runs): a backfill that fits shows its memory is bounded
 *   npm run bench -- --profile             writes a CPU profile of each bridge process to .data/bench-profiles/
 *   npm run bench -- --trace               notes every call the sandboxes answer in each run of the latency pass: prints
 *                                          where the time went and writes the calls to .data/bench-traces/
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { kindsOf } from '../test/e2e/world.ts';
import { REALISTIC_REPLY_LATENCY } from '../test/sandbox/reply/latency.ts';
import { REALISTIC_SALESFORCE_LATENCY } from '../test/sandbox/salesforce/latency.ts';
import type { RunSummary } from './bench-bridge.ts';
import { replyCallsPerDay, type ReplyDay } from './bench-reply-day.ts';
import { activitiesPlan, floorOf, peopleInPlan, peopleOutPlan, type CallPlan, type Floor } from './bench-floor.ts';
import { spawnChild, type Child } from './bench-ipc.ts';
import { fixed, markdown, replaceBetween, text, whole, type Table } from './bench-report.ts';
import type { Feeds, ReportWindows, SandboxInfo, SandboxStart, SandboxStats, Trace } from './bench-sandboxes.ts';
import { traceLines } from './bench-trace.ts';

const { values } = parseArgs({
    options: {
        size: { type: 'string', default: '10000' },
        million: { type: 'boolean', default: false },
        'latency-size': { type: 'string', default: '5000' },
        'idle-sizes': { type: 'string' },
        'sf-in-flight': { type: 'string', default: '4' },
        'bulk-size': { type: 'string', default: '100000' },
        only: { type: 'string' },
        'heap-mb': { type: 'string' },
        profile: { type: 'boolean', default: false },
        trace: { type: 'boolean', default: false },
        markdown: { type: 'boolean', default: false },
        'write-readme': { type: 'boolean', default: false }
    }
});

const numbers = (list: string) =>
    list
        .split(',')
        .map((s) => Number(s.trim().replace(/_/g, '')))
        .filter((n) => Number.isInteger(n) && n > 0);
const SIZES = [...numbers(values.size), ...(values.million ? [1_000_000] : [])];
const LATENCY_SIZES = numbers(values['latency-size']);
const IDLE_SIZES = values['idle-sizes']
    ? numbers(values['idle-sizes'])
    : [...new Set([1000, ...SIZES.filter((s) => s <= 100_000)])].sort((a, b) => a - b);
const IN_FLIGHT = Number(values['sf-in-flight']);
const BULK_SIZES = [...numbers(values['bulk-size']), ...(values.million ? [1_000_000] : [])];
const HEAP_MB = values['heap-mb'] ? numbers(values['heap-mb'])[0] : undefined;
const ONLY = values.only?.split(',').map((s) => s.trim());
const LATENCY = { ...REALISTIC_SALESFORCE_LATENCY, ...REALISTIC_REPLY_LATENCY };
const PEOPLE_KINDS = ['People_To_Contacts', 'People_To_Leads'];
const ACTIVITY_KINDS = kindsOf('activity');

type Pass = 'alone' | 'latency';

interface World {
    sandboxes: Child;
    bridge: Child;
    info: SandboxInfo;
    pass: Pass;
    /** The scenario's bridge store, kept across a bridge restart. */
    dataDir: string;
    /** How far back the bridge reads Reply's activity reports on its first run (its configuration). */
    backfillDays: number;
}

interface Measured {
    scenario: string;
    pass: Pass;
    size: number;
    run: RunSummary;
    salesforceCalls: number;
    replyCalls: number;
    floor?: Floor;
}

const log = (message: string) => console.error(`[bench] ${message}`);

const bridgeProcess = (): Child =>
    spawnChild('./bench-bridge.ts', [
        ...(HEAP_MB ? [`--max-old-space-size=${HEAP_MB}`] : []),
        ...(values.profile ? ['--cpu-prof', '--cpu-prof-dir=.data/bench-profiles'] : [])
    ]);

/** Fresh sandboxes and a fresh bridge for one scenario, closed afterwards whatever happens. */
async function inWorld<T>(start: SandboxStart, pass: Pass, work: (world: World) => Promise<T>): Promise<T> {
    const sandboxes = spawnChild('./bench-sandboxes.ts', ['--max-old-space-size=16000']);
    const world: World = {
        sandboxes,
        bridge: bridgeProcess(),
        info: undefined as never,
        pass,
        dataDir: '',
        backfillDays: 0
    };
    try {
        world.info = await sandboxes.call<SandboxInfo>('start', start);
        log(`  sandboxes seeded in ${fixed(world.info.seconds)} s`);
        const opened = await world.bridge.call<{ dataDir: string; activityBackfillDays: number }>(
            'open',
            openArgs(world)
        );
        world.dataDir = opened.dataDir;
        world.backfillDays = opened.activityBackfillDays;
        return await work(world);
    } finally {
        await world.bridge.call('close').catch(() => undefined);
        await world.bridge.close();
        await sandboxes.call('close').catch(() => undefined);
        await sandboxes.close();
    }
}

const openArgs = (world: World, dataDir?: string) => ({
    sandboxes: world.info,
    limits: world.pass === 'latency' ? 'real' : 'off',
    ...(dataDir ? { dataDir } : {})
});

/** Stops the scenario's bridge process and starts a new one on the same store, as a cron'd `sync --once` would. */
async function restartBridge(world: World): Promise<void> {
    await world.bridge.call('close', { keep: true });
    await world.bridge.close();
    world.bridge = bridgeProcess();
    await world.bridge.call('open', openArgs(world, world.dataDir));
}

const stats = (world: World) => world.sandboxes.call<SandboxStats>('stats');

async function measure(world: World, scenario: string, pass: Pass, size: number): Promise<Measured> {
    const before = await stats(world);
    const tracing = values.trace && pass === 'latency';
    if (tracing) await world.sandboxes.call('startTrace');
    const startedAt = Date.now();
    const run = await world.bridge.call<RunSummary>('run');
    const endedAt = Date.now();
    const after = await stats(world);
    if (tracing) {
        const trace = await world.sandboxes.call<Trace>('takeTrace');
        mkdirSync('.data/bench-traces', { recursive: true });
        const file = `.data/bench-traces/${pass}-${scenario.replace(/\s+/g, '-')}-${size}.json`;
        writeFileSync(file, JSON.stringify({ startedAt, endedAt, ...trace }));
        for (const line of traceLines(trace, startedAt, endedAt)) log(`    ${line}`);
    }
    if (run.status !== 'succeeded') {
        throw new Error(`${scenario} (${size}): the run ${run.status}: ${run.message ?? ''}`);
    }
    const result: Measured = {
        scenario,
        pass,
        size,
        run,
        salesforceCalls: after.salesforce.total - before.salesforce.total,
        replyCalls: after.reply.total - before.reply.total
    };
    log(
        `  ${scenario} ${whole(size)}: ${whole(run.written)} written in ${fixed(run.seconds)} s, ` +
            `CPU ${whole(run.cpuMs)} ms, peak RSS ${whole(run.peakRssMb)} MB, calls ${result.salesforceCalls} SF / ${result.replyCalls} Reply`
    );
    // Where the time went: each step that did something, with its own wall time.
    const busy = run.steps.filter((s) => s.read + s.created + s.updated + s.failed > 0);
    if (busy.length > 0) {
        log(`    ${busy.map((s) => `${s.kind} ${fixed(s.seconds)} s (${whole(s.read)} read)`).join(', ')}`);
    }
    return result;
}

const withFloor = (m: Measured, plan: CallPlan[]): Measured => ({
    ...m,
    floor: floorOf({ plan, latency: LATENCY, salesforceInFlight: IN_FLIGHT })
});

const startFor = (pass: Pass, start: Omit<SandboxStart, 'latency' | 'replyRateLimits'>): SandboxStart => ({
    ...start,
    latency: pass === 'latency' ? 'realistic' : 'off',
    replyRateLimits: pass === 'latency'
});

async function peopleIn(size: number, pass: Pass): Promise<{ main: Measured; idle: Measured }> {
    return inWorld(startFor(pass, { reply: { people: size, enrolled: 0 } }), pass, async (world) => {
        await world.sandboxes.call('onlySteps', PEOPLE_KINDS);
        const main = withFloor(await measure(world, 'people in', pass, size), peopleInPlan(size));
        await restartBridge(world);
        const idle = await measure(world, 'idle', pass, size);
        return { main, idle };
    });
}

async function peopleOut(size: number, pass: Pass): Promise<Measured> {
    return inWorld(startFor(pass, { salesforce: { leads: size, contacts: 0, accounts: 50 } }), pass, async (world) => {
        await world.sandboxes.call('onlySteps', ['Leads_To_People']);
        return withFloor(await measure(world, 'people out', pass, size), peopleOutPlan(size));
    });
}

async function activities(size: number, pass: Pass): Promise<Measured> {
    const people = Math.max(200, Math.round(size / 5));
    return inWorld(startFor(pass, { reply: { seed: 2, people, enrolled: 0 } }), pass, async (world) => {
        await world.sandboxes.call('onlySteps', PEOPLE_KINDS);
        const linked = await world.bridge.call<RunSummary>('run');
        if (linked.status !== 'succeeded') throw new Error(`activities: linking people ${linked.status}`);
        const feeds = await world.sandboxes.call<Feeds>('outreach', { enrol: people, activities: size });
        await world.sandboxes.call('onlySteps', ACTIVITY_KINDS);
        await world.bridge.call('keepTime', { replyNow: await world.sandboxes.call<number>('replyNow') });
        const total = feeds.emails + feeds.calls + feeds.linkedIn + feeds.tasks;
        const tasks = async () => (await world.sandboxes.call<Record<string, number>>('counts')).tasks!;
        const before = await tasks();
        const measured = await measure(world, 'activities', pass, total);
        // Every activity becomes exactly one Task: a figure over fewer would measure a sync that lost records, over
        // more one that duplicated them. Reply's clock runs on during a long run (emails and follow-up tasks fall
        // due), and an activity after its feed was read is the next run's: so each kind's Tasks lie between what Reply
        // held at the start and at the end of the run, and no activity has two. (`written` counts updates too.)
        const held = await world.sandboxes.call<Feeds>('feeds');
        const made = (await tasks()) - before;
        const { byKind, repeated } = await world.sandboxes.call<{ byKind: Record<string, number>; repeated: string[] }>(
            'activityTasks'
        );
        const kinds = { emails: 'email', calls: 'call', linkedIn: 'linkedin', tasks: 'task' } as const;
        const off = (Object.keys(kinds) as (keyof Feeds)[]).filter(
            (feed) => !((byKind[kinds[feed]] ?? 0) >= feeds[feed] && (byKind[kinds[feed]] ?? 0) <= held[feed])
        );
        if (off.length > 0 || repeated.length > 0) {
            throw new Error(
                `activities: ${made} Tasks made (by kind ${JSON.stringify(byKind)}) for ${JSON.stringify(feeds)} activities at the start, ${JSON.stringify(held)} at the end; external ids on two Tasks: ${repeated.join(', ') || 'none'}`
            );
        }
        const windows = await world.sandboxes.call<ReportWindows>('reportWindows', { days: world.backfillDays });
        return withFloor(measured, activitiesPlan(feeds, windows));
    });
}

interface BulkFigures {
    pass: Pass;
    size: number;
    ingest: { seconds: number; cpuMs: number; peakRssMb: number; saved: number; calls: number };
    query: { seconds: number; cpuMs: number; peakRssMb: number; rows: number; calls: number };
}

async function bulk(size: number, pass: Pass): Promise<BulkFigures> {
    return inWorld(startFor(pass, { salesforce: { leads: 1, contacts: 0, accounts: 1 } }), pass, async (world) => {
        const ingest = await world.bridge.call<BulkFigures['ingest']>('bulkIngest', { records: size });
        await restartBridge(world);
        const query = await world.bridge.call<BulkFigures['query']>('bulkQuery');
        log(
            `  bulk ${whole(size)}: ingest ${fixed(ingest.seconds)} s / ${ingest.calls} calls, ` +
                `query ${fixed(query.seconds)} s / ${query.calls} calls`
        );
        return { pass, size, ingest, query };
    });
}

const wanted = (name: string) => !ONLY || ONLY.includes(name);

// ------------------------------------------------------------------------------------------------ run

const alone: Measured[] = [];
const idle: Measured[] = [];
const latency: Measured[] = [];
const bulkFigures: BulkFigures[] = [];
const replyDays: ReplyDay[] = [];
const started = performance.now();

for (const size of SIZES) {
    log(`the bridge alone, ${whole(size)} records`);
    if (wanted('people-in') || wanted('idle')) {
        const { main, idle: idleRun } = await peopleIn(size, 'alone');
        if (wanted('people-in')) alone.push(main);
        idle.push(idleRun);
    }
    if (wanted('people-out')) alone.push(await peopleOut(size, 'alone'));
    if (wanted('activities')) alone.push(await activities(size, 'alone'));
}
if (wanted('bulk')) {
    for (const size of BULK_SIZES) {
        log(`the Bulk API 2.0 client, ${whole(size)} records`);
        bulkFigures.push(await bulk(size, 'alone'));
    }
}
if (wanted('idle')) {
    for (const size of IDLE_SIZES.filter((s) => !idle.some((m) => m.size === s))) {
        log(`idle run at ${whole(size)} linked people`);
        idle.push((await peopleIn(size, 'alone')).idle);
    }
}
if (wanted('reply-day')) {
    const size = Math.min(...SIZES);
    log(`Reply calls a day for ${whole(size)} people`);
    replyDays.push(await replyCallsPerDay(size));
}
for (const size of LATENCY_SIZES) {
    log(`under the latency profile, ${whole(size)} records`);
    if (wanted('people-in')) latency.push((await peopleIn(size, 'latency')).main);
    if (wanted('people-out')) latency.push(await peopleOut(size, 'latency'));
    if (wanted('activities')) latency.push(await activities(size, 'latency'));
}

// ------------------------------------------------------------------------------------------------ report

const per1000 = (n: number, records: number) => (records > 0 ? fixed((n * 1000) / records) : '-');
const tables: Table[] = [];

if (alone.length > 0) {
    tables.push({
        key: 'alone',
        title: 'The bridge alone',
        note: '(sandboxes in their own process, no latency, no rate limits; a fresh bridge process per scenario)',
        columns: [
            { title: 'scenario' },
            { title: 'records', right: true },
            { title: 'seconds', right: true },
            { title: 'records/s', right: true },
            { title: 'bridge CPU ms / 1k', right: true },
            { title: 'bridge peak RSS MB', right: true },
            { title: 'SF calls / 1k', right: true },
            { title: 'Reply calls / 1k', right: true }
        ],
        rows: alone.map((m) => [
            m.scenario,
            whole(m.run.written),
            fixed(m.run.seconds),
            whole(m.run.written / m.run.seconds),
            per1000(m.run.cpuMs, m.run.written),
            whole(m.run.peakRssMb),
            per1000(m.salesforceCalls, m.run.written),
            per1000(m.replyCalls, m.run.written)
        ])
    });
}
if (idle.length > 0) {
    tables.push({
        key: 'idle',
        title: 'An idle run as linked records grow',
        note:
            '(People in Reply -> Leads and -> Contacts, nothing changed since the backfill; a new bridge process on the ' +
            "backfill's store, as `sync --once` from a scheduler runs)",
        columns: [
            { title: 'linked people', right: true },
            { title: 'seconds', right: true },
            { title: 'bridge CPU ms', right: true },
            { title: 'bridge peak RSS MB', right: true },
            { title: 'SF calls', right: true },
            { title: 'Reply calls', right: true }
        ],
        rows: [...idle]
            .sort((a, b) => a.size - b.size)
            .map((m) => [
                whole(m.size),
                fixed(m.run.seconds, 2),
                whole(m.run.cpuMs),
                whole(m.run.peakRssMb),
                String(m.salesforceCalls),
                String(m.replyCalls)
            ])
    });
}
if (latency.length > 0) {
    tables.push({
        key: 'latency',
        title: 'Under the latency profile, next to the floor',
        note:
            `(realistic latency in both sandboxes, Reply's 100/min and 3,000/h enforced; floor: the slower side at its ` +
            `limits, Reply calls serialized, ${IN_FLIGHT} Salesforce calls in flight; see scripts/bench-floor.ts)`,
        columns: [
            { title: 'scenario' },
            { title: 'records', right: true },
            { title: 'seconds', right: true },
            { title: 'floor s', right: true },
            { title: 'x floor', right: true },
            { title: 'floor set by' },
            { title: 'SF calls', right: true },
            { title: 'Reply calls', right: true },
            { title: 'bridge peak RSS MB', right: true }
        ],
        rows: latency.map((m) => [
            m.scenario,
            whole(m.run.written),
            fixed(m.run.seconds),
            fixed(m.floor?.seconds ?? NaN),
            m.floor && m.floor.seconds > 0 ? fixed(m.run.seconds / m.floor.seconds, 2) : '-',
            m.floor?.slower ?? '-',
            String(m.salesforceCalls),
            String(m.replyCalls),
            whole(m.run.peakRssMb)
        ])
    });
}
if (bulkFigures.length > 0) {
    tables.push({
        key: 'bulk',
        title: "Bulk API 2.0 jobs (the sync's path for batches above SALESFORCE_BULK_THRESHOLD and reads above SALESFORCE_BULK_QUERY_THRESHOLD)",
        note:
            '(Tasks upserted through ingest jobs of up to 100,000 records, then read back by a query job, 10,000 rows ' +
            'a page, in a new bridge process; calls per 1,000,000 projected linearly from the measured run)',
        columns: [
            { title: 'direction' },
            { title: 'records', right: true },
            { title: 'seconds', right: true },
            { title: 'API calls', right: true },
            { title: 'calls per 1,000,000 records', right: true },
            { title: 'bridge peak RSS MB', right: true }
        ],
        rows: bulkFigures.flatMap((b) => [
            [
                'ingest (upsert)',
                whole(b.ingest.saved),
                fixed(b.ingest.seconds),
                String(b.ingest.calls),
                whole((b.ingest.calls * 1_000_000) / Math.max(1, b.ingest.saved)),
                whole(b.ingest.peakRssMb)
            ],
            [
                'query (read)',
                whole(b.query.rows),
                fixed(b.query.seconds),
                String(b.query.calls),
                whole((b.query.calls * 1_000_000) / Math.max(1, b.query.rows)),
                whole(b.query.peakRssMb)
            ]
        ])
    });
}

if (replyDays.length > 0) {
    tables.push({
        key: 'reply-day',
        title: "Reply's call budget: a day at the default schedule",
        note:
            '(every Default step, a run every 2 hours; a tenth of the people are Salesforce Contacts, a sixth in ' +
            'sequences, 25 more enrolled every six hours; Reply allows 3,000 calls an hour)',
        columns: [
            { title: 'Reply people' },
            { title: 'first run (backfill)', right: true },
            { title: 'calls a day', right: true },
            { title: 'calls a run', right: true },
            { title: 'statuses reads a day', right: true },
            { title: 'notes reads a day', right: true }
        ],
        rows: replyDays.map((d) => [
            whole(d.size),
            whole(d.first),
            whole(d.calls),
            whole(d.calls / 12),
            whole(d.statuses),
            whole(d.notes)
        ])
    });
}

const minutes = fixed((performance.now() - started) / 60_000);
const machine = `Node ${process.version}, ${cpus().length} cores; whole benchmark ${minutes} min`;
console.log(`\n${[...tables.map(values.markdown || values['write-readme'] ? markdown : text), machine].join('\n\n')}`);
if (values['write-readme']) {
    // Each table replaces its own section, so a run of some scenarios leaves the others' figures as they were.
    const how = `\`npm run bench -- ${process.argv.slice(2).join(' ')}\`: Node ${process.version}, ${cpus().length} cores, ${minutes} min for the whole run.`;
    const readme = new URL('../README.md', import.meta.url);
    let document = readFileSync(readme, 'utf8');
    for (const table of tables) {
        document = replaceBetween(
            document,
            `<!-- bench:${table.key} -->`,
            `<!-- /bench:${table.key} -->`,
            `${markdown(table)}\n\n${how}`
        );
    }
    writeFileSync(readme, document);
    log(`README.md: ${tables.map((t) => t.key).join(', ')} updated`);
}
