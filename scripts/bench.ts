/**
 * `npm run bench`: the bridge's speed and API efficiency on the sandboxes, printed as figures (no assertions: the
 * limits are asserted in the tests). Each scenario starts fresh sandboxes and a fresh bridge store.
 *   people in:   10,000 new Reply people -> Leads (with People -> Contacts active too, as in the Default profile)
 *   people out:  10,000 Salesforce Leads -> Reply people
 *   activities:  10,000+ Reply activities -> Tasks (8 activity steps)
 *   idle:        a run with nothing changed
 *   Reply day:   Reply calls of a day of 2-hourly runs with every Default step active (README "Reply's call budget")
 * `npm run bench -- --size 2000` runs smaller.
 */
import { parseArgs } from 'node:util';
import type { RunRecord } from '../bridge/src/store/store.ts';
import { kindsOf, startWorld, type World } from '../test/e2e/world.ts';

const { values } = parseArgs({ options: { size: { type: 'string', default: '10000' } } });
const SIZE = Number(values.size);
const ACTIVITY_KINDS = kindsOf('activity');

interface Figure {
    scenario: string;
    records: number;
    seconds: number;
    salesforceCalls: number;
    replyCalls: number;
}

async function measure(world: World, scenario: string, written: (run: RunRecord) => number): Promise<Figure> {
    const sf = world.salesforce.stats().total;
    const reply = world.reply.stats().total;
    const started = process.hrtime.bigint();
    const run = await world.run();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (run.status !== 'succeeded')
        throw new Error(`${scenario}: run ${run.status}: ${run.message ?? run.steps.map((s) => s.message).join('; ')}`);
    return {
        scenario,
        records: written(run),
        seconds,
        salesforceCalls: world.salesforce.stats().total - sf,
        replyCalls: world.reply.stats().total - reply
    };
}

const sum = (run: RunRecord) => run.steps.reduce((n, s) => n + s.created + s.updated, 0);
const figures: Figure[] = [];

{
    const world = await startWorld({ reply: { seed: { seed: 1, people: SIZE, enrolled: 0 } } });
    world.onlySteps('People_To_Contacts', 'People_To_Leads');
    figures.push(await measure(world, `${SIZE} Reply people -> Leads`, sum));
    figures.push(await measure(world, 'the same, nothing changed', sum));
    await world.close();
}
{
    const world = await startWorld({ salesforce: { seed: { seed: 1, leads: SIZE, contacts: 0, accounts: 50 } } });
    world.onlySteps('Leads_To_People');
    figures.push(await measure(world, `${SIZE} Leads -> Reply people`, sum));
    await world.close();
}
{
    const world = await startWorld({ reply: { seed: { seed: 2, people: Math.max(200, SIZE / 5), enrolled: 0 } } });
    world.onlySteps('People_To_Contacts', 'People_To_Leads');
    await world.run();
    const { activity, tasks } = world.reply.workspace.state;
    const taskable = () => activity.emails.size + activity.calls.size + activity.linkedIn.size + tasks.size;
    world.reply.workspace.simulate({ enrol: Math.max(200, SIZE / 5) });
    for (let day = 0; day < 60 && taskable() < SIZE; day++) world.reply.workspace.simulate({ minutes: 24 * 60 });
    world.onlySteps(...ACTIVITY_KINDS);
    figures.push(await measure(world, `${taskable()} Reply activities -> Tasks`, sum));
    await world.close();
}

// Reply calls per day: every Default step active, the default 2-hour schedule, a workspace of SIZE people with a
// sixth of them in sequences and a hundred more enrolled each day (the simulator's typical outreach).
const replyDay = await (async () => {
    const world = await startWorld({
        salesforce: { seed: { seed: 3, leads: 0, contacts: Math.round(SIZE / 10), accounts: 50 } },
        reply: { seed: { seed: 3, people: SIZE, enrolled: Math.round(SIZE / 6), historyDays: 14 } }
    });
    const backfill = world.reply.stats().total;
    await world.run();
    const first = world.reply.stats().total - backfill;
    const start = world.reply.stats().total;
    const started = process.hrtime.bigint();
    const count = (endpoint: string) => world.reply.stats().byEndpoint[endpoint] ?? 0;
    let statuses = 0;
    let notes = 0;
    for (let run = 0; run < 12; run++) {
        world.reply.workspace.simulate({ enrol: run % 3 === 0 ? 25 : 0, minutes: 120 });
        const before = [count('GET /v3/contacts/{id}/statuses'), count('GET /v3/contacts/{id}/notes')];
        await world.run();
        statuses += count('GET /v3/contacts/{id}/statuses') - before[0]!;
        notes += count('GET /v3/contacts/{id}/notes') - before[1]!;
    }
    const calls = world.reply.stats().total - start;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await world.close();
    return { first, calls, statuses, notes, seconds };
})();

const memory = Math.round(process.memoryUsage().rss / 1024 / 1024);
console.log('\nReply Sync bridge on the sandboxes (one process: sandboxes, bridge and SQLite store)\n');
console.log(
    'scenario'.padEnd(40),
    'records'.padStart(8),
    'seconds'.padStart(8),
    'records/s'.padStart(10),
    'SF calls'.padStart(9),
    'SF calls/1k'.padStart(12),
    'Reply calls'.padStart(12)
);
for (const f of figures) {
    console.log(
        f.scenario.padEnd(40),
        String(f.records).padStart(8),
        f.seconds.toFixed(1).padStart(8),
        (f.records > 0 ? Math.round(f.records / f.seconds) : 0).toString().padStart(10),
        String(f.salesforceCalls).padStart(9),
        (f.records > 0 ? ((f.salesforceCalls * 1000) / f.records).toFixed(1) : '-').padStart(12),
        String(f.replyCalls).padStart(12)
    );
}
console.log(
    `\nReply calls per day, ${SIZE} people, every Default step, a run every 2 hours: ${replyDay.calls} ` +
        `(${Math.round(replyDay.calls / 12)} a run; ${replyDay.statuses} statuses reads, ${replyDay.notes} notes reads; ` +
        `${replyDay.first} for the first run's backfill; 12 runs in ${replyDay.seconds.toFixed(1)} s)`
);
console.log(`\nprocess RSS at the end: ${memory} MB`);
