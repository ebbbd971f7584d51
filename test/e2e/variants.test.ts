import { afterAll, expect, it } from 'vitest';
import { startWorld, stepOf, kindsOf, type World } from './world.ts';

/**
 * The Lead and Contact variants of an activity kind split the work by where each person is linked. With one variant
 * off, the other leaves that side's activities alone and says how many; turning it on later syncs them.
 */

let world: World;
afterAll(async () => world?.close());

it("leaves an inactive variant's activities unsynced, counts them, and syncs them once it is turned on", async () => {
    world = await startWorld({
        salesforce: { seed: { seed: 27, leads: 0, contacts: 12, accounts: 3 } },
        reply: { seed: { seed: 27, people: 12, enrolled: 0 } }
    });
    world.onlySteps(...kindsOf('people'));
    expect((await world.run()).status).toBe('succeeded');
    world.reply.workspace.simulate({ enrol: 24, minutes: 10 * 24 * 60 });

    const contactLinked = new Set(
        world.salesforce.org
            .query('SELECT Reply_Contact_Id__c FROM Contact WHERE Reply_Contact_Id__c != null')
            .map((row) => Number(row.Reply_Contact_Id__c))
    );
    const emails = [...world.reply.workspace.state.activity.emails.window()];
    const contactEmails = emails.filter((e) => contactLinked.has(e.contactId)).length;
    expect(contactEmails, 'the simulation reached people linked to Contacts').toBeGreaterThan(0);
    expect(emails.length - contactEmails, 'and people linked to Leads').toBeGreaterThan(0);

    world.onlySteps(...kindsOf('people'), 'Emails_To_Lead_Tasks');
    const leadOnly = stepOf(await world.run(), 'Emails_To_Lead_Tasks');
    expect(leadOnly.created).toBe(emails.length - contactEmails);
    expect(leadOnly.message).toContain(
        `Left out ${contactEmails} activities of people linked to Contacts: Emails in Reply -> Contact Tasks in Salesforce is not active`
    );
    const onContacts = () =>
        world.salesforce.org.query(
            "SELECT Id FROM Task WHERE Reply_Activity_Id__c LIKE 'email-%' AND Who.Type = 'Contact'"
        );
    expect(onContacts()).toHaveLength(0);

    world.onlySteps(...kindsOf('people'), 'Emails_To_Lead_Tasks', 'Emails_To_Contact_Tasks');
    const both = await world.run();
    expect(stepOf(both, 'Emails_To_Contact_Tasks').created).toBe(contactEmails);
    expect(stepOf(both, 'Emails_To_Lead_Tasks').created).toBe(0);
    expect(stepOf(both, 'Emails_To_Lead_Tasks').message ?? '').not.toContain('Left out');
    expect(onContacts()).toHaveLength(contactEmails);
}, 120_000);
