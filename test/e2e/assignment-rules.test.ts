import { afterEach, expect, it } from 'vitest';
import { startWorld, stepOf, type World } from './world.ts';

/**
 * REST runs the active Lead assignment rule on every create and update that does not say `Sforce-Auto-Assign: FALSE`
 * (REST API Developer Guide, Assignment Rule Header). A sync that forgot it would hand a rep's Leads to the rule's
 * queue each time it wrote a status, a field or a Reply id.
 */

let world: World | undefined;
afterEach(async () => {
    await world?.close();
    world = undefined;
});

it("never moves a Lead's owner by an assignment rule when it updates statuses, fields or the Reply id", async () => {
    world = await startWorld({
        salesforce: { seed: { seed: 31, leads: 20, contacts: 0, accounts: 0 } },
        reply: { seed: { seed: 31, people: 30, enrolled: 20, historyDays: 2 } }
    });
    expect((await world.run()).status).toBe('succeeded');
    const { org } = world.salesforce;
    const queueOwner = org.users().find((u) => u.IsActive && u.Username !== world!.salesforce.jwt.username)!
        .Id as string;
    // Leads the rule would take: those someone else owns.
    const owners = new Map(
        org
            .query('SELECT Id, OwnerId FROM Lead')
            .filter((l) => l.OwnerId !== queueOwner)
            .map((l) => [l.Id as string, l.OwnerId])
    );
    // A Lead made in Salesforce now gets its Reply id written back by update on the next run.
    const fresh = org.insert('Lead', {
        FirstName: 'Fresh',
        LastName: 'Lead',
        Company: 'Acme',
        Email: 'fresh@assign.example',
        Status: 'Open - Not Contacted'
    });
    owners.set(fresh, org.get(fresh)!.OwnerId);
    org.setAssignmentRule({ ownerId: queueOwner });

    const linked = await world.bridge.services.store.links.byReplyIds(
        world.reply.workspace.people.map((p) => String(p.id))
    );
    const onLeads = world.reply.workspace.people.filter((p) => linked.get(String(p.id))?.salesforceType === 'Lead');
    world.reply.workspace.setOptedOut(onLeads.slice(0, 5).map((p) => p.id));
    for (const person of onLeads.slice(5, 10)) world.reply.workspace.updateContact(person.id, { title: 'Renamed VP' });
    world.reply.workspace.simulate({ minutes: 24 * 60 });

    const run = await world.run();
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'Statuses_To_Lead_Statuses').updated).toBeGreaterThan(0);
    expect(stepOf(run, 'People_To_Leads').updated).toBeGreaterThan(0);
    expect(org.get(fresh)!.Reply_Contact_Id__c).toBeTruthy();
    const moved = org
        .query('SELECT Id, OwnerId FROM Lead')
        .filter((l) => owners.has(l.Id as string) && l.OwnerId !== owners.get(l.Id as string));
    expect(moved.map((l) => l.Id)).toEqual([]);
});
