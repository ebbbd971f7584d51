import { it } from 'vitest';
import { startWorld } from './world.ts';
it('dbg', async () => {
    const world = await startWorld({ reply: { seed: { seed: 91, people: 5, enrolled: 0, historyDays: 0 } } });
    await world.run();
    const { org } = world.salesforce;
    const person = world.reply.workspace.people[0]!;
    const merged = (await world.bridge.services.store.links.byReplyIds([String(person.id)])).get(
        String(person.id)
    )!.salesforceId;
    const master = org.insert('Lead', { LastName: 'Survivor', Company: 'Co', Email: 'survivor@merge.example' });
    org.merge(master, [merged]);
    world.reply.workspace.advance(1);
    world.reply.workspace.updateContact(person.id, { lastName: 'Renamed' });
    world.reply.workspace.addNote(person.id, 'After the merge');
    const run = await world.run();
    console.log(
        run.steps
            .filter((s) => s.status !== 'succeeded' || s.message)
            .map((s) => `${s.stepName} ${s.status} ${s.message}`)
            .join('\n')
    );
    console.log(JSON.stringify(await world.bridge.services.store.errors.open()));
    await world.close();
});
