import { afterEach, describe, expect, it } from 'vitest';
import { afterCalls, bridgeProcess } from './bridge-process.ts';
import { expectSyncedOnce } from './invariants.ts';
import { startWorld, stepOf, type World } from './world.ts';

/**
 * Killing the bridge at any point and starting it again loses nothing and duplicates nothing: every write is an
 * upsert on a stable key or guarded by a stored link, and cursors move in the same transaction as the links.
 */

let world: World | undefined;
afterEach(async () => {
    await world?.close();
    world = undefined;
});

describe('crash and restart', () => {
    it('loses and duplicates nothing when the process is killed at several points of its runs', async () => {
        world = await startWorld({
            salesforce: { seed: { seed: 41, leads: 30, contacts: 20, accounts: 5 } },
            reply: { seed: { seed: 41, people: 60, enrolled: 40, historyDays: 10 } }
        });
        world.salesforce.faults.set({ latencyMs: 15 });
        await world.bridge.close(); // the bridge runs in child processes from here on
        // Kill points drawn at random each time (the test names them when it fails).
        const killPoints = Array.from({ length: 5 }, () => 1 + Math.floor(Math.random() * 30));
        for (const killAfterCalls of killPoints) {
            await bridgeProcess(world, afterCalls(world, killAfterCalls));
        }
        const context = `killed after ${killPoints.join(', ')} Salesforce calls`;
        world.salesforce.faults.clear();
        await bridgeProcess(world);
        await bridgeProcess(world);

        await expectSyncedOnce(world, context);
    }, 240_000);

    it('finds a note written just before a crash instead of writing it twice', async () => {
        world = await startWorld({ reply: { seed: false } });
        world.onlySteps('People_To_Leads', 'Notes_To_Lead_Notes');
        const person = world.reply.workspace.createContact({
            firstName: 'Crash',
            lastName: 'Test',
            email: 'crash@reply.example',
            company: 'Co'
        });
        world.reply.workspace.addNote(person.id, 'Written right before the crash');
        world.onlySteps('People_To_Leads');
        await world.run();
        world.onlySteps('People_To_Leads', 'Notes_To_Lead_Notes');

        // The process "dies" after Salesforce took the notes, before the store recorded it.
        const store = world.bridge.services.store;
        const realTransaction = store.transaction.bind(store);
        let crashed = false;
        store.transaction = (async (work) => {
            if (!crashed && (await store.items.pending('Default_Notes_To_Lead_Notes')).length > 0) {
                crashed = true;
                throw new Error('killed');
            }
            return realTransaction(work);
        }) as typeof store.transaction;
        const broken = await world.run();
        expect(crashed).toBe(true);
        expect(stepOf(broken, 'Notes_To_Lead_Notes').status).not.toBe('succeeded');
        expect(world.salesforce.org.count('ContentNote')).toBe(1);

        await world.restart();
        const recovered = await world.run();
        expect(stepOf(recovered, 'Notes_To_Lead_Notes').message).toContain('found in Salesforce and not written again');
        await world.run();
        expect(world.salesforce.org.count('ContentNote')).toBe(1);
        expect(world.salesforce.org.count('ContentDocumentLink')).toBeGreaterThanOrEqual(1);
    });
});
