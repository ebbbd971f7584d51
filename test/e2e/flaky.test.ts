import { afterEach, expect, it } from 'vitest';
import { expectNothingLeftBehind, expectSyncedOnce } from './invariants.ts';
import { startWorld, stepOf, type World } from './world.ts';

/**
 * Unreliable APIs lose and duplicate nothing: Salesforce answering 503 and UNABLE_TO_LOCK_ROW, Reply answering 5xx,
 * truncated JSON and dropped connections. Runs under such faults may end partial; once the faults stop, the next runs
 * bring both sides to the same state a clean sync would.
 */

let world: World | undefined;
afterEach(async () => {
    await world?.close();
    world = undefined;
});

it('loses and duplicates nothing while both APIs fail a share of their calls', async () => {
    const seed = 1 + Math.floor(Math.random() * 1000);
    const context = `fault seed ${seed}`;
    world = await startWorld({
        salesforce: { seed: { seed: 43, leads: 30, contacts: 20, accounts: 5 } },
        reply: { seed: { seed: 43, people: 60, enrolled: 40, historyDays: 10 } }
    });
    world.salesforce.faults.set({ serviceUnavailableRate: 0.15, lockRowRate: 0.1, seed });
    world.reply.faults.set({ errorRate: 0.1, errorStatus: 503, malformedRate: 0.05, dropRate: 0.05 });

    for (let i = 0; i < 3; i++) await world.run();
    // The faults did fire on both sides (the runs survived them: world.run() resolves with a finished run).
    const salesforce = world.salesforce.stats();
    expect(salesforce.rejected.serviceUnavailable, context).toBeGreaterThan(0);
    expect(
        Object.values(salesforce.records).reduce((n, r) => n + r.failed, 0),
        context
    ).toBeGreaterThan(0);
    expect(world.reply.stats().faultsInjected, context).toBeGreaterThan(0);

    world.salesforce.faults.clear();
    world.reply.faults.clear();
    const clean = await world.run();
    await world.run();
    expect(clean.status, `${context}: ${clean.message ?? ''}`).not.toBe('failed');
    await expectSyncedOnce(world, context);
    await expectNothingLeftBehind(world, context);
}, 120_000);

it("one failed read of Reply's custom fields fails only the step that met it: the next step asks again", async () => {
    world = await startWorld({
        salesforce: { seed: { seed: 44, leads: 3, contacts: 3, accounts: 2 } },
        reply: { seed: { seed: 44, people: 6 } }
    });
    // Exactly one call's five attempts fail.
    world.reply.faults.set({ errorCount: 5, errorStatus: 503, pathPrefix: '/v3/custom-fields' });
    const run = await world.run();
    const people = ['Contacts_To_People', 'Leads_To_People', 'People_To_Contacts', 'People_To_Leads'].map(
        (kind) => stepOf(run, kind).status
    );
    expect(people).toEqual(['failed', 'succeeded', 'succeeded', 'succeeded']);
    expect(stepOf(run, 'Contacts_To_People').message).toContain('Reply GET /v3/custom-fields: Reply answered 503');
});
