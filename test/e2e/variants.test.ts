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

/**
 * "Is the People -> Leads kind active" is a question about the profile the run executes: in the Custom profile with
 * only People -> Contacts active, the Default profile's People -> Leads record (still active, as deployed) does not
 * create anyone, so People -> Contacts creates the new Reply people as Contacts (README: "as a Contact only when it
 * is the only one").
 */
it('creates new Reply people as Contacts in the Custom profile when its only people step is People -> Contacts', async () => {
    const custom = await startWorld();
    try {
        const org = custom.salesforce.org;
        const [defaults] = org.query(
            "SELECT Field_Mappings__c, Filter__c FROM Reply_Sync_Step__mdt WHERE Step_Kind__c = 'People_To_Contacts' AND Profile__c = 'Default'"
        );
        org.setCustomMetadata('Reply_Sync_Step', 'Custom_People_To_Contacts_1', 'People to Contacts (custom)', {
            Step_Kind__c: 'People_To_Contacts',
            Profile__c: 'Custom',
            Active__c: true,
            Sort_Order__c: 10,
            Removed__c: false,
            Field_Mappings__c: defaults!.Field_Mappings__c,
            Filter__c: defaults!.Filter__c
        });
        org.setCustomMetadata('Reply_Sync_Setting', 'Org_Default', 'Org Default', {
            Enabled__c: true,
            Connected__c: true,
            Profile__c: 'Custom',
            Sync_Interval_Minutes__c: 120
        });
        const [leadsStep] = org.query(
            "SELECT Active__c FROM Reply_Sync_Step__mdt WHERE Step_Kind__c = 'People_To_Leads' AND Profile__c = 'Default'"
        );
        expect(leadsStep!.Active__c, "the Default profile's People -> Leads is still active").toBe(true);
        const person = custom.reply.workspace.createContact({
            firstName: 'Edsger',
            lastName: 'Dijkstra',
            email: 'edsger@example.com'
        });
        // A person whose email a Lead has belongs to People -> Leads, which does not run here: the run log says so.
        org.insert('Lead', { LastName: 'Hoare', Company: 'Elliott', Email: 'tony@example.com' });
        custom.reply.workspace.createContact({ firstName: 'Tony', lastName: 'Hoare', email: 'tony@example.com' });

        const run = await custom.run();
        expect(run.steps.map((s) => s.stepName)).toEqual(['Custom_People_To_Contacts_1']);
        const step = stepOf(run, 'People_To_Contacts');
        expect(step.label, 'the run log names the step as the admin named it').toBe('People to Contacts (custom)');
        expect(step.created).toBe(1);
        expect(step.skipped).toBe(1);
        expect(step.message).toContain(
            'Left out 1 person: a Lead has this email: People -> Leads syncs it, and People in Reply -> Leads in Salesforce is not active'
        );
        expect(org.query("SELECT Reply_Contact_Id__c FROM Contact WHERE Email = 'edsger@example.com'")).toEqual([
            expect.objectContaining({ Reply_Contact_Id__c: String(person.id) })
        ]);
        expect(org.query("SELECT Id FROM Lead WHERE Email = 'edsger@example.com'")).toHaveLength(0);
    } finally {
        await custom.close();
    }
}, 60_000);
