import { afterAll, beforeAll, expect, it } from 'vitest';
import { Bridge } from '../../bridge/src/bridge.ts';
import { loadConfig } from '../../bridge/src/config/env.ts';
import { createLogger } from '../../bridge/src/logging.ts';
import type { RunRecord } from '../../bridge/src/domain/runs.ts';
import { createPostgresDatabase } from '../bridge/databases.ts';
import { startWorld, type World } from './world.ts';

/** Several bridge processes sharing one PostgreSQL database split the steps through leases: none runs twice at once. */

let world: World;
let second: Bridge;
let drop: () => Promise<void>;

beforeAll(async () => {
    const database = await createPostgresDatabase();
    drop = database.drop;
    world = await startWorld({
        salesforce: { seed: { seed: 71, leads: 150, contacts: 50, accounts: 10 } },
        reply: { seed: { seed: 71, people: 150, enrolled: 100, historyDays: 7 } },
        env: { DATABASE_URL: database.url }
    });
    // Slow the org a little so the two runs overlap.
    world.salesforce.faults.set({ latencyMs: 5 });
    const config = loadConfig(world.env, { cwd: world.dir });
    // The same clock as the first bridge (the Reply sandbox's), so the two runs' step times compare.
    second = await Bridge.open(config, createLogger({ level: 'silent' }), {
        retryDelayMs: 1,
        now: () => new Date(world.reply.workspace.now())
    });
}, 60_000);
afterAll(async () => {
    await second?.close();
    await world?.close();
    await drop?.();
});

const overlaps = (a: RunRecord['steps'][number], b: RunRecord['steps'][number]) =>
    a.startedAt &&
    b.startedAt &&
    a.finishedAt &&
    b.finishedAt &&
    a.startedAt < b.finishedAt &&
    b.startedAt < a.finishedAt;

it('two bridges on one PostgreSQL database run all steps, never the same step at once, and duplicate nothing', async () => {
    const [a, b] = await Promise.all([
        world.bridge.coordinator.runNow({ trigger: 'scheduled' }),
        second.coordinator.runNow({ trigger: 'scheduled' })
    ]);
    for (const step of a.steps) {
        const other = b.steps.find((s) => s.stepName === step.stepName)!;
        const ran = [step, other].filter((s) => s.status !== 'skipped');
        expect(ran.length, `${step.stepName} ran at least once`).toBeGreaterThan(0);
        expect(
            ran.every((s) => s.status === 'succeeded'),
            step.stepName
        ).toBe(true);
        expect(overlaps(step, other), `${step.stepName} ran in both at once`).toBeFalsy();
        if (ran.length === 1)
            expect([step, other].find((s) => s.status === 'skipped')!.message).toContain('Another bridge process');
    }
    expect(a.steps.some((s) => s.status === 'skipped') || b.steps.some((s) => s.status === 'skipped')).toBe(true);

    // A third run (either bridge) finishes what a skipped step left, then everything is there once.
    await world.run();
    const emails = [
        ...world.salesforce.org.query('SELECT Email FROM Lead').map((r) => String(r.Email).toLowerCase()),
        ...world.salesforce.org.query('SELECT Email FROM Contact').map((r) => String(r.Email).toLowerCase())
    ];
    expect(new Set(emails).size).toBe(emails.length);
    expect(new Set(emails)).toEqual(new Set(world.reply.workspace.people.map((p) => p.email!.toLowerCase())));
    const keys = world.salesforce.org
        .query('SELECT Reply_Activity_Id__c FROM Task WHERE Reply_Activity_Id__c != null')
        .map((r) => r.Reply_Activity_Id__c);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBeGreaterThan(0);
}, 120_000);
