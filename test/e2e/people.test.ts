import { afterEach, describe, expect, it } from 'vitest';
import { EXIT, exitCodeForRun } from '../../bridge/src/cli/exit-codes.ts';
import { startWorld, stepOf, type World } from './world.ts';

/** People sync in both directions, end to end: the bridge against both sandboxes, through its real clients. */

let world: World | undefined;
afterEach(async () => {
    await world?.close();
    world = undefined;
});

const PEOPLE_KINDS = ['Contacts_To_People', 'Leads_To_People', 'People_To_Contacts', 'People_To_Leads'];

function lead(w: World, fields: Record<string, unknown>): string {
    return w.salesforce.org.insert('Lead', {
        FirstName: 'Pat',
        Company: 'Acme',
        Status: 'Open - Not Contacted',
        ...fields
    });
}

function contactIn(w: World, fields: Record<string, unknown>): string {
    return w.salesforce.org.insert('Contact', { FirstName: 'Sam', ...fields });
}

/** Lead and Contact records Salesforce saved through the API (run logs are not counted). */
const recordsWritten = (w: World) =>
    ['Lead', 'Contact'].reduce(
        (sum, type) =>
            sum +
            (w.salesforce.stats().records[type]?.created ?? 0) +
            (w.salesforce.stats().records[type]?.updated ?? 0),
        0
    );

describe('people sync', () => {
    it('sends Leads and Contacts to Reply and creates Leads for new Reply people, with the mapped fields and links both ways', async () => {
        world = await startWorld();
        world.onlySteps(...PEOPLE_KINDS);
        const leadId = lead(world, {
            FirstName: 'Grace',
            LastName: 'Hopper',
            Email: 'grace@navy.example',
            Company: 'US Navy'
        });
        const contactId = contactIn(world, { FirstName: 'Alan', LastName: 'Turing', Email: 'alan@bletchley.example' });
        const person = world.reply.workspace.createContact({
            firstName: 'Ada',
            lastName: 'Lovelace',
            email: 'ada@engines.example',
            company: 'Analytical Engines'
        });

        const run = await world.run();
        expect(run.status).toBe('succeeded');

        const grace = world.reply.workspace.personByEmail('grace@navy.example')!;
        expect(grace).toMatchObject({ firstName: 'Grace', lastName: 'Hopper', company: 'US Navy' });
        expect(world.reply.workspace.personByEmail('alan@bletchley.example')).toMatchObject({
            firstName: 'Alan',
            lastName: 'Turing'
        });
        expect(world.salesforce.org.get(leadId)).toMatchObject({ Reply_Contact_Id__c: String(grace.id) });
        expect(String(world.salesforce.org.get(leadId)!.Reply_Profile_Url__c)).toContain(`/people/${grace.id}`);
        const link = [...grace.customFields.values()].find((v) => String(v).includes(`/lightning/r/Lead/${leadId}`));
        expect(link, 'the Reply person carries a link to the Salesforce record').toBeDefined();
        expect(world.salesforce.org.get(contactId)!.Reply_Contact_Id__c).toBeTruthy();

        const [created] = world.salesforce.org.query(
            `SELECT Id, FirstName, LastName, Company, Email, Reply_Contact_Id__c FROM Lead WHERE Email = 'ada@engines.example'`
        );
        expect(created).toMatchObject({
            FirstName: 'Ada',
            LastName: 'Lovelace',
            Company: 'Analytical Engines',
            Reply_Contact_Id__c: String(person.id)
        });
        expect(world.salesforce.org.query(`SELECT Id FROM Contact WHERE Email = 'ada@engines.example'`)).toHaveLength(
            0
        );
    });

    it('writes nothing on a second run without changes, and spends only the reads it must', async () => {
        world = await startWorld({
            salesforce: { seed: { seed: 3, leads: 40, contacts: 20, accounts: 5 } },
            reply: { seed: { seed: 3, people: 40 } }
        });
        world.onlySteps(...PEOPLE_KINDS);
        expect((await world.run()).status).toBe('succeeded');
        await world.run(); // the bridge's own write-backs come back once, recognised as echoes
        const writes = recordsWritten(world);
        const imports = world.reply.stats().byEndpoint['POST /v3/contacts/import'] ?? 0;
        const calls = world.salesforce.stats().total;

        const third = await world.run();
        expect(third.steps.map((s) => [s.stepKind, s.created + s.updated + s.failed])).toEqual(
            PEOPLE_KINDS.map((k) => [k, 0])
        );
        expect(recordsWritten(world)).toBe(writes);
        expect(world.reply.stats().byEndpoint['POST /v3/contacts/import'] ?? 0).toBe(imports);
        // One Composite read of the definitions, one change query per Salesforce-sourced step, one run-log upsert.
        expect(world.salesforce.stats().total - calls).toBeLessThanOrEqual(4); // + one upsert of the run log
    });

    it('does not lose records that share the cursor timestamp', async () => {
        world = await startWorld();
        world.onlySteps('Leads_To_People');
        const at = Date.parse('2026-11-01T12:00:00.000Z');
        for (let i = 0; i < 3; i++)
            world.salesforce.org.load(
                'Lead',
                {
                    FirstName: 'First',
                    LastName: `${i}`,
                    Email: `first${i}@tie.example`,
                    Company: 'Tie',
                    Status: 'Open - Not Contacted'
                },
                at
            );
        await world.run();
        // More records stamped with exactly the cursor's timestamp, after it was stored.
        for (let i = 0; i < 2500; i++)
            world.salesforce.org.load(
                'Lead',
                {
                    FirstName: 'Later',
                    LastName: `${i}`,
                    Email: `later${i}@tie.example`,
                    Company: 'Tie',
                    Status: 'Open - Not Contacted'
                },
                at
            );
        const run = await world.run();
        expect(stepOf(run, 'Leads_To_People').created).toBe(2500);
        expect(world.reply.workspace.peopleCount).toBe(2503);
    });

    it('links existing records by email instead of duplicating them, a Contact before a Lead', async () => {
        world = await startWorld();
        world.onlySteps('People_To_Contacts', 'People_To_Leads');
        const leadOnly = lead(world, { LastName: 'Lead', Email: 'a@match.example' });
        const contactOnly = contactIn(world, { LastName: 'Contact', Email: 'b@match.example' });
        const bothLead = lead(world, { LastName: 'Both', Email: 'c@match.example' });
        const bothContact = contactIn(world, { LastName: 'Both', Email: 'C@MATCH.example' });
        for (const email of ['a@match.example', 'b@match.example', 'c@match.example', 'd@match.example']) {
            world.reply.workspace.createContact({
                firstName: 'Person',
                lastName: email[0]!.toUpperCase(),
                email,
                company: 'Match Co'
            });
        }
        await world.run();
        await world.run();
        const id = (email: string) => String(world!.reply.workspace.personByEmail(email)!.id);
        expect(world.salesforce.org.get(leadOnly)!.Reply_Contact_Id__c).toBe(id('a@match.example'));
        expect(world.salesforce.org.get(contactOnly)!.Reply_Contact_Id__c).toBe(id('b@match.example'));
        expect(world.salesforce.org.get(bothContact)!.Reply_Contact_Id__c).toBe(id('c@match.example'));
        expect(world.salesforce.org.get(bothLead)!.Reply_Contact_Id__c ?? null).toBeNull();
        expect(world.salesforce.org.count('Lead')).toBe(3);
        expect(world.salesforce.org.count('Contact')).toBe(2);
    });

    it('applies owner mappings in both directions and keeps assignment rules from overriding them', async () => {
        world = await startWorld({ salesforce: { seed: { seed: 2, leads: 0, contacts: 0, accounts: 0 } } });
        world.onlySteps('Leads_To_People', 'People_To_Leads');
        const [rep1, rep2, rep3] = world.salesforce.org
            .users()
            .filter((u) => u.IsActive && u.Username !== world!.salesforce.jwt.username) as { Id: string }[];
        const [replyA, replyB] = world.reply.workspace.users;
        world.salesforce.org.setAssignmentRule({ ownerId: rep3!.Id });
        world.updateStep('Default_People_To_Leads', {
            Owner_Mappings__c: JSON.stringify({
                version: 1,
                mappings: [{ salesforceUserId: rep1!.Id, replyUserId: replyB!.id }]
            })
        });
        world.updateStep('Default_Leads_To_People', {
            Owner_Mappings__c: JSON.stringify({
                version: 1,
                mappings: [{ salesforceUserId: rep2!.Id, replyUserId: replyA!.id }]
            })
        });
        world.reply.workspace.createContact({
            firstName: 'Owned',
            lastName: 'ByB',
            email: 'owned@reply.example',
            company: 'Co',
            ownerUserId: replyB!.id
        });
        lead(world, { LastName: 'OwnedBy2', Email: 'owned@sf.example', OwnerId: rep2!.Id });

        expect((await world.run()).status).toBe('succeeded');
        const [created] = world.salesforce.org.query(`SELECT OwnerId FROM Lead WHERE Email = 'owned@reply.example'`);
        expect(created!.OwnerId).toBe(rep1!.Id);
        expect(world.reply.workspace.personByEmail('owned@sf.example')!.ownerUserId).toBe(replyA!.id);
    });

    it('sends a checkbox, a date and a number from Salesforce into Reply text fields, and refuses the way back', async () => {
        world = await startWorld();
        world.onlySteps('Leads_To_People', 'People_To_Leads');
        world.reply.workspace.createCustomField('Email Opt Out', 'text');
        world.reply.workspace.createCustomField('Last Activity', 'text');
        const extra = [
            { salesforceField: 'HasOptedOutOfEmail', replyField: 'custom:Email Opt Out' },
            { salesforceField: 'Last_Event__c', replyField: 'custom:Last Activity' },
            { salesforceField: 'NumberOfEmployees', replyField: 'title' }
        ];
        for (const name of ['Default_Leads_To_People', 'Default_People_To_Leads']) {
            const kind = name.slice('Default_'.length);
            world.updateStep(name, {
                Field_Mappings__c: JSON.stringify({ version: 1, mappings: [...catalogMappings(kind), ...extra] })
            });
        }
        world.salesforce.org.addField('Lead', { name: 'Last_Event__c', type: 'date', label: 'Last Event' });
        lead(world, {
            LastName: 'Typed',
            Email: 'typed@sf.example',
            HasOptedOutOfEmail: true,
            NumberOfEmployees: 250,
            Last_Event__c: '2026-11-27'
        });

        const run = await world.run();
        expect(stepOf(run, 'Leads_To_People')).toMatchObject({ status: 'succeeded', created: 1 });
        const person = world.reply.workspace.personByEmail('typed@sf.example')!;
        expect(person.title).toBe('250');
        const byTitle = new Map(world.reply.workspace.customFields.map((f) => [f.title, f.id]));
        expect(person.customFields.get(byTitle.get('Email Opt Out')!)).toBe('true');
        expect(person.customFields.get(byTitle.get('Last Activity')!)).toBe('2026-11-27');
        expect(stepOf(run, 'People_To_Leads')).toMatchObject({ status: 'failed' });
        expect(stepOf(run, 'People_To_Leads').message).toContain(
            "Lead.HasOptedOutOfEmail (boolean) and Reply's Email Opt Out (text) do not fit"
        );
    });

    it("adds new people to their owner's sequence at the chosen step, and only new ones when so set", async () => {
        world = await startWorld({ reply: { seed: { seed: 5, people: 0 } } });
        world.onlySteps('Leads_To_People');
        const owner = world.reply.workspace.users[0]!;
        const sequence = world.reply.workspace.sequences.find((s) => s.stepOrder.length >= 3)!;
        const startStepId = sequence.stepOrder[1]!;
        world.updateStep('Default_Leads_To_People', {
            Sequence_Mappings__c: JSON.stringify({
                version: 1,
                mappings: [
                    {
                        replyUserId: owner.id,
                        sequenceId: sequence.id,
                        startStepId,
                        ignoreStepDelay: true,
                        onlyNewRecords: true
                    }
                ]
            })
        });
        const leadId = lead(world, { FirstName: 'Seq', LastName: 'Uence', Email: 'seq@sf.example' });
        const first = await world.run();
        const person = world.reply.workspace.personByEmail('seq@sf.example')!;
        const membership = world.reply.workspace.state.memberships.get(sequence.id, person.id);
        expect(membership?.currentStepId).toBe(startStepId);
        expect(stepOf(first, 'Leads_To_People').message).toContain(`added to Reply sequence ${sequence.id}`);

        world.reply.workspace.state.memberships.remove(sequence.id, person.id);
        world.salesforce.org.update('Lead', leadId, { Title: 'Changed' });
        await world.run();
        expect(world.reply.workspace.state.memberships.get(sequence.id, person.id)).toBeUndefined();
    });

    it('applies filters: Salesforce conditions one way, default filters and Reply lists the other', async () => {
        world = await startWorld();
        world.onlySteps('Leads_To_People', 'People_To_Leads');
        world.updateStep('Default_Leads_To_People', {
            Filter__c: JSON.stringify({
                version: 1,
                filter: {
                    type: 'salesforceConditions',
                    conditions: [{ field: 'LeadSource', operator: 'equals', value: 'Web' }]
                }
            })
        });
        const list = world.reply.workspace.createList('Conference');
        world.updateStep('Default_People_To_Leads', {
            Filter__c: JSON.stringify({ version: 1, filter: { type: 'replyList', listId: list.id } })
        });
        lead(world, { LastName: 'Web', Email: 'web@sf.example', LeadSource: 'Web' });
        lead(world, { LastName: 'Phone', Email: 'phone@sf.example', LeadSource: 'Phone Inquiry' });
        const member = world.reply.workspace.createContact({
            firstName: 'In',
            lastName: 'List',
            email: 'in@reply.example',
            company: 'Co'
        });
        world.reply.workspace.createContact({
            firstName: 'Not',
            lastName: 'Listed',
            email: 'out@reply.example',
            company: 'Co'
        });
        world.reply.workspace.addToList(list.id, [member.id]);

        await world.run();
        expect(world.reply.workspace.personByEmail('web@sf.example')).toBeDefined();
        expect(world.reply.workspace.personByEmail('phone@sf.example')).toBeUndefined();
        expect(world.salesforce.org.query(`SELECT Id FROM Lead WHERE Email = 'in@reply.example'`)).toHaveLength(1);
        expect(world.salesforce.org.query(`SELECT Id FROM Lead WHERE Email = 'out@reply.example'`)).toHaveLength(0);

        world.updateStep('Default_People_To_Leads', {
            Filter__c: JSON.stringify({ version: 1, filter: { type: 'default', key: 'optedOut' } })
        });
        const optedOut = world.reply.workspace.createContact({
            firstName: 'Opted',
            lastName: 'Out',
            email: 'optout@reply.example',
            company: 'Co'
        });
        world.reply.workspace.setOptedOut([optedOut.id]);
        world.reply.workspace.createContact({
            firstName: 'Still',
            lastName: 'In',
            email: 'still@reply.example',
            company: 'Co'
        });
        await world.run();
        expect(world.salesforce.org.query(`SELECT Id FROM Lead WHERE Email = 'optout@reply.example'`)).toHaveLength(1);
        expect(world.salesforce.org.query(`SELECT Id FROM Lead WHERE Email = 'still@reply.example'`)).toHaveLength(0);
    });

    it('sends an update meant for a converted Lead to its Contact, and says so', async () => {
        world = await startWorld();
        world.onlySteps('People_To_Leads');
        const person = world.reply.workspace.createContact({
            firstName: 'Conv',
            lastName: 'Erted',
            email: 'conv@reply.example',
            company: 'Co'
        });
        await world.run();
        const [leadRecord] = world.salesforce.org.query(`SELECT Id FROM Lead WHERE Email = 'conv@reply.example'`);
        const { contactId } = world.salesforce.org.convertLead(leadRecord!.Id as string);
        world.reply.workspace.updateContact(person.id, { lastName: 'Erted-Smith' });

        const run = await world.run();
        const step = stepOf(run, 'People_To_Leads');
        expect(step.failed).toBe(0);
        expect(step.message).toContain('converted');
        expect(world.salesforce.org.get(contactId)).toMatchObject({
            LastName: 'Erted-Smith',
            Reply_Contact_Id__c: String(person.id)
        });
    });

    it('does not bounce its own writes back (no ping-pong between the directions)', async () => {
        world = await startWorld();
        world.onlySteps(...PEOPLE_KINDS);
        const leadId = lead(world, { FirstName: 'Echo', LastName: 'Test', Email: 'echo@sf.example' });
        await world.run();
        await world.run();
        world.salesforce.org.update('Lead', leadId, { LastName: 'Tested' });
        const before = world.salesforce.org.get(leadId)!.SystemModstamp;
        const run = await world.run();
        expect(stepOf(run, 'Leads_To_People').updated).toBe(1);
        expect(world.reply.workspace.personByEmail('echo@sf.example')!.lastName).toBe('Tested');
        // The Reply change that write caused is not written back to the Lead, now or on the next run.
        await world.run();
        expect(world.salesforce.org.get(leadId)!.SystemModstamp).toBe(before);
    });

    it('resolves a field edited on both sides between runs by the step order, leaving both sides equal', async () => {
        world = await startWorld();
        world.onlySteps('Leads_To_People', 'People_To_Leads');
        const withTitle = (kind: string) =>
            JSON.stringify({
                version: 1,
                mappings: [...catalogMappings(kind), { salesforceField: 'Title', replyField: 'title' }]
            });
        world.updateStep('Default_Leads_To_People', { Field_Mappings__c: withTitle('Leads_To_People') });
        world.updateStep('Default_People_To_Leads', { Field_Mappings__c: withTitle('People_To_Leads') });
        const leadId = lead(world, { LastName: 'Both', Email: 'both@sf.example', Title: 'Engineer' });
        await world.run();
        const personId = world.reply.workspace.personByEmail('both@sf.example')!.id;
        const titles = () => [world!.salesforce.org.get(leadId)!.Title, world!.reply.workspace.person(personId)!.title];

        // Default order: Salesforce -> Reply runs first, so the Salesforce edit wins and Reply follows.
        world.salesforce.org.update('Lead', leadId, { Title: 'Edited in Salesforce' });
        world.reply.workspace.updateContact(personId, { title: 'Edited in Reply' });
        await world.run();
        expect(titles()).toEqual(['Edited in Salesforce', 'Edited in Salesforce']);

        // An admin who puts People -> Leads first makes Reply win.
        world.updateStep('Default_People_To_Leads', { Sort_Order__c: 5 });
        world.salesforce.org.update('Lead', leadId, { Title: 'Second Salesforce edit' });
        world.reply.workspace.updateContact(personId, { title: 'Second Reply edit' });
        await world.run();
        expect(titles()).toEqual(['Second Reply edit', 'Second Reply edit']);

        const quiet = await world.run();
        expect([stepOf(quiet, 'Leads_To_People').updated, stepOf(quiet, 'People_To_Leads').updated]).toEqual([0, 0]);
    });

    it('reports invalid step settings and unknown fields clearly while the other steps run', async () => {
        world = await startWorld();
        world.onlySteps(...PEOPLE_KINDS);
        world.updateStep('Default_Leads_To_People', { Field_Mappings__c: '{"version":1,"mappings":[' });
        const leads = catalogMappings('People_To_Leads');
        world.updateStep('Default_People_To_Leads', {
            Field_Mappings__c: JSON.stringify({
                version: 1,
                mappings: [...leads, { salesforceField: 'Nickname__c', replyField: 'title' }]
            })
        });
        contactIn(world, { LastName: 'Runs', Email: 'runs@sf.example' });
        const run = await world.run();
        expect(run.status).toBe('partial');
        expect(stepOf(run, 'Leads_To_People')).toMatchObject({ status: 'failed' });
        expect(stepOf(run, 'Leads_To_People').message).toMatch(/Field_Mappings__c is not valid JSON/);
        expect(stepOf(run, 'People_To_Leads').message).toContain('Salesforce field Nickname__c does not exist on Lead');
        expect(stepOf(run, 'Contacts_To_People')).toMatchObject({ status: 'succeeded', created: 1 });
    });

    it('stops the run when Reply refuses the API key, names the variable to fix, and leaves no run running', async () => {
        world = await startWorld({ env: { REPLY_API_KEY: 'revoked-key-0123456789' } });
        world.onlySteps(...PEOPLE_KINDS);
        lead(world, { LastName: 'Waiting', Email: 'waiting@sf.example' });
        const run = await world.run();
        expect(run).toMatchObject({ status: 'failed', stoppedBy: 'credentials' });
        expect(run.message).toContain('set REPLY_API_KEY to a valid, active key');
        expect(run.steps[0]).toMatchObject({ status: 'failed', created: 0 });
        expect(run.steps.slice(1).map((s) => s.status)).toEqual(['skipped', 'skipped', 'skipped']);
        expect(exitCodeForRun(run)).toBe(EXIT.credentials);
        expect((await world.bridge.services.store.runs.list(5)).map((r) => r.status)).toEqual(['failed']);
    });

    it('logs in again when Salesforce ends its session mid-way', async () => {
        world = await startWorld();
        world.onlySteps('Leads_To_People');
        lead(world, { LastName: 'Session', Email: 'session@sf.example' });
        world.salesforce.faults.expireSessions();
        const run = await world.run();
        expect(run.status).toBe('succeeded');
        expect(world.salesforce.stats().rejected.unauthorized).toBeGreaterThan(0);
        expect(world.reply.workspace.personByEmail('session@sf.example')).toBeDefined();
    });

    it('stops with the credentials reason when Salesforce will not let the bridge log in again', async () => {
        world = await startWorld();
        world.onlySteps('Leads_To_People');
        const integrationUser = world.salesforce.org.userByUsername(world.salesforce.jwt.username)!;
        world.salesforce.org.systemUpdate(integrationUser.Id as string, { IsActive: false });
        world.salesforce.faults.expireSessions();
        const run = await world.run();
        expect(run).toMatchObject({ status: 'failed', stoppedBy: 'credentials' });
        expect(run.message).toContain('Reactivate the integration user');
        expect(exitCodeForRun(run)).toBe(EXIT.credentials);
    });

    it('backs off when Reply says 429 and finishes the run', async () => {
        world = await startWorld();
        world.onlySteps('Leads_To_People');
        lead(world, { LastName: 'Busy', Email: 'busy@sf.example' });
        world.reply.faults.set({ force429: { retryAfterSeconds: 1, count: 2 } });
        const run = await world.run();
        expect(run.status).toBe('succeeded');
        expect(world.reply.stats().rateLimited).toBe(2);
        expect(world.reply.workspace.personByEmail('busy@sf.example')).toBeDefined();
    });

    it('stops Salesforce work at the configured share of the daily allowance, and says so', async () => {
        world = await startWorld({ salesforce: { dailyApiLimit: 10 }, env: { SALESFORCE_API_BUDGET_SHARE: '0.2' } });
        world.onlySteps(...PEOPLE_KINDS);
        lead(world, { LastName: 'Budget', Email: 'budget@sf.example' });
        const run = await world.run();
        expect(run.status).not.toBe('succeeded');
        expect(run.message).toMatch(/SALESFORCE_API_BUDGET_SHARE=0.2/);
        expect(run.stoppedBy).toBe('budget');
        expect(run.steps.filter((s) => s.status === 'skipped').length).toBeGreaterThan(0);
        expect(world.salesforce.stats().apiUsage.used).toBeLessThanOrEqual(3);
    });

    it('stops when Salesforce refuses with REQUEST_LIMIT_EXCEEDED', async () => {
        world = await startWorld();
        world.onlySteps(...PEOPLE_KINDS);
        world.salesforce.faults.exhaustAllowance();
        const run = await world.run();
        expect(run).toMatchObject({ status: 'failed', stoppedBy: 'budget' });
        expect(run.message).toMatch(/API limit|REQUEST_LIMIT_EXCEEDED/);
        expect(exitCodeForRun(run)).toBe(EXIT.failed);
    });

    it('computes everything and writes nothing in a dry run', async () => {
        world = await startWorld();
        world.onlySteps(...PEOPLE_KINDS);
        lead(world, { LastName: 'Dry', Email: 'dry@sf.example' });
        world.reply.workspace.createContact({
            firstName: 'Dry',
            lastName: 'Reply',
            email: 'dry@reply.example',
            company: 'Co'
        });
        const dry = await world.run({ dryRun: true });
        expect(stepOf(dry, 'Leads_To_People').created).toBe(1);
        expect(stepOf(dry, 'People_To_Leads').created).toBe(1);
        expect(stepOf(dry, 'Leads_To_People').message).toContain('Dry run');
        expect(world.reply.workspace.personByEmail('dry@sf.example')).toBeUndefined();
        expect(world.salesforce.org.query(`SELECT Id FROM Lead WHERE Email = 'dry@reply.example'`)).toHaveLength(0);
        const real = await world.run();
        expect(stepOf(real, 'Leads_To_People').created).toBe(1);
        expect(world.reply.workspace.personByEmail('dry@sf.example')).toBeDefined();
    });

    it('syncs 1,000 new Reply people into Leads with at most 10 Salesforce calls beyond the fixed reads', async () => {
        world = await startWorld({ reply: { seed: { seed: 11, people: 1000, enrolled: 0 } } });
        world.onlySteps('People_To_Contacts', 'People_To_Leads');
        const before = world.salesforce.stats().total;
        const run = await world.run();
        expect(stepOf(run, 'People_To_Leads').created).toBe(1000);
        expect(world.salesforce.org.count('Lead')).toBe(1000);
        const stepCalls = run.steps.reduce((sum, s) => sum + s.salesforceApiCalls, 0);
        expect(stepCalls).toBeLessThanOrEqual(10);
        // The fixed reads (one Composite call) and the run log (one upsert) come on top.
        expect(world.salesforce.stats().total - before).toBeLessThanOrEqual(12);
        // The two steps ran side by side, People -> Leads following People -> Contacts on the one read of Reply, and
        // each counted its own calls: the read of Reply and the look-ups are the first's, the Lead upserts the second's.
        const contacts = stepOf(run, 'People_To_Contacts');
        const leads = stepOf(run, 'People_To_Leads');
        expect(leads.startedAt!.getTime()).toBeLessThan(contacts.finishedAt!.getTime());
        expect(contacts).toMatchObject({ replyApiCalls: 1, salesforceApiCalls: 2, created: 0 });
        expect(leads).toMatchObject({ replyApiCalls: 0, salesforceApiCalls: 5, created: 1000 });
    });
});

function catalogMappings(kind: string) {
    return [
        { salesforceField: 'FirstName', replyField: 'firstName' },
        { salesforceField: 'LastName', replyField: 'lastName' },
        { salesforceField: 'Email', replyField: 'email' },
        ...(kind.includes('Lead') ? [{ salesforceField: 'Company', replyField: 'company' }] : [])
    ];
}
