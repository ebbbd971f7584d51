import { afterAll, it, expect } from 'vitest';
import { kindsOf, startWorld, type World } from './world.ts';

/** Activity writes are batched: ten thousand new activities cost a few dozen Salesforce calls, not ten thousand. */

const ACTIVITY_KINDS = kindsOf('activity');

let world: World;
afterAll(async () => world?.close());

it('syncs 10,000 new activities with at most 60 Salesforce API calls in total', async () => {
    world = await startWorld({ reply: { seed: { seed: 51, people: 2000, enrolled: 0 } } });
    world.onlySteps('People_To_Contacts', 'People_To_Leads');
    await world.run();
    const { activity, tasks } = world.reply.workspace.state;
    const taskable = () => activity.emails.size + activity.calls.size + activity.linkedIn.size + tasks.size;
    world.reply.workspace.simulate({ enrol: 2000 });
    for (let day = 0; day < 30 && taskable() < 10_000; day++) world.reply.workspace.simulate({ minutes: 24 * 60 });
    const activities = taskable();

    world.onlySteps(...ACTIVITY_KINDS);
    const before = world.salesforce.stats().total;
    const run = await world.run();
    const written = run.steps.reduce((sum, s) => sum + s.created + s.updated, 0);
    expect(written).toBe(activities);
    expect(world.salesforce.org.count('Task')).toBe(activities);
    expect(world.salesforce.stats().total - before).toBeLessThanOrEqual(60);
}, 180_000);
