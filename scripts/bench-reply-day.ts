/**
 * The Reply side of a day of ordinary operation (bench.ts, scenario `reply-day`): a workspace of `size` people, a
 * tenth of them Salesforce Contacts, a sixth enrolled in sequences with two weeks of history, every Default step
 * active, a run every 2 hours (12 runs) while 25 more people are enrolled every six hours. It counts Reply calls only,
 * so the sandboxes and the bridge share this process (the simulated clock is the Reply sandbox's).
 */
import { startWorld } from '../test/e2e/world.ts';

export interface ReplyDay {
    size: number;
    /** Reply calls of the first run (the backfill). */
    first: number;
    /** Reply calls of the 12 runs that follow. */
    calls: number;
    statuses: number;
    notes: number;
    seconds: number;
}

const STATUSES = 'GET /v3/contacts/{id}/statuses';
const NOTES = 'GET /v3/contacts/{id}/notes';

export async function replyCallsPerDay(size: number): Promise<ReplyDay> {
    const world = await startWorld({
        salesforce: { seed: { seed: 3, leads: 0, contacts: Math.round(size / 10), accounts: 50 } },
        reply: { seed: { seed: 3, people: size, enrolled: Math.round(size / 6), historyDays: 14 } }
    });
    try {
        const count = (endpoint: string) => world.reply.stats().byEndpoint[endpoint] ?? 0;
        const backfill = world.reply.stats().total;
        await world.run();
        const first = world.reply.stats().total - backfill;
        const start = world.reply.stats().total;
        const started = process.hrtime.bigint();
        let statuses = 0;
        let notes = 0;
        for (let run = 0; run < 12; run++) {
            world.reply.workspace.simulate({ enrol: run % 3 === 0 ? 25 : 0, minutes: 120 });
            const before = [count(STATUSES), count(NOTES)] as const;
            await world.run();
            statuses += count(STATUSES) - before[0];
            notes += count(NOTES) - before[1];
        }
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        return { size, first, calls: world.reply.stats().total - start, statuses, notes, seconds };
    } finally {
        await world.close();
    }
}
