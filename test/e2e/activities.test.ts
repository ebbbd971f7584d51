import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateIn } from '../../bridge/src/sync/activities.ts';
import { kindsOf, startWorld, stepOf, type World } from './world.ts';

/**
 * Activities, notes and statuses end to end. One workspace: Reply people synced to Salesforce (most as Leads,
 * some as Contacts), then a simulated stretch of outreach in Reply, then the twelve activity, note and status steps.
 */

const PEOPLE = kindsOf('people');
const ACTIVITY_KINDS = kindsOf('activity');
const OTHER_KINDS = [...kindsOf('status'), ...kindsOf('note')];

let world: World;
interface TaskRow {
    Id: string;
    WhoId: string;
    WhatId: string | null;
    Subject: string;
    TaskSubtype: string | null;
    Status: string;
    ActivityDate: string;
    Description: string | null;
    Reply_Activity_Id__c: string;
    CallDurationInSeconds: number | null;
    CallType: string | null;
    CallDisposition: string | null;
}

function tasks(): Map<string, TaskRow> {
    const rows = world.salesforce.org.query(
        'SELECT Id, WhoId, WhatId, Subject, TaskSubtype, Status, ActivityDate, Description, Reply_Activity_Id__c, CallDurationInSeconds, CallType, CallDisposition FROM Task WHERE Reply_Activity_Id__c != null'
    ) as unknown as TaskRow[];
    return new Map(rows.map((row) => [row.Reply_Activity_Id__c, row]));
}

/** Activity id -> the Reply person it belongs to, for one of the sandbox's activity logs. */
function activityOwners(log: 'emails' | 'calls' | 'linkedIn'): Map<number, number> {
    return new Map([...world.reply.workspace.state.activity[log].window()].map((a) => [a.id, a.contactId]));
}

/** Reply contact id -> the Salesforce record it is linked to (by Reply_Contact_Id__c). */
function linkedRecords(): Map<number, { id: string; type: 'Lead' | 'Contact' }> {
    const map = new Map<number, { id: string; type: 'Lead' | 'Contact' }>();
    for (const type of ['Lead', 'Contact'] as const) {
        for (const row of world.salesforce.org.query(
            `SELECT Id, Reply_Contact_Id__c FROM ${type} WHERE Reply_Contact_Id__c != null`
        )) {
            map.set(Number(row.Reply_Contact_Id__c), { id: row.Id as string, type });
        }
    }
    return map;
}

beforeAll(async () => {
    world = await startWorld({
        salesforce: { seed: { seed: 21, leads: 0, contacts: 40, accounts: 8 } },
        reply: { seed: { seed: 21, people: 40, enrolled: 0 } }
    });
    world.salesforce.org.setTimeZone('America/Los_Angeles');
    world.onlySteps(...PEOPLE);
    // Phones reach Reply too, so its callers can call the Contacts as well.
    world.updateStep('Default_Contacts_To_People', {
        Field_Mappings__c: JSON.stringify({
            version: 1,
            mappings: [
                { salesforceField: 'FirstName', replyField: 'firstName' },
                { salesforceField: 'LastName', replyField: 'lastName' },
                { salesforceField: 'Email', replyField: 'email' },
                { salesforceField: 'Phone', replyField: 'phone' }
            ]
        })
    });
    expect((await world.run()).status).toBe('succeeded');
    // Reply enriches the imported Contacts with their LinkedIn profiles, so LinkedIn steps reach them too.
    for (const person of world.reply.workspace.people.filter((p) => !p.linkedInUrl)) {
        world.reply.workspace.updateContact(person.id, {
            linkedInUrl: `https://www.linkedin.com/in/person-${person.id}`
        });
    }
    // Everyone enters a sequence; weeks of outreach follow.
    world.reply.workspace.simulate({ enrol: 80, minutes: 21 * 24 * 60 });
    const person = world.reply.workspace.people[0]!;
    world.reply.workspace.addNote(
        person.id,
        `Met at the "AI & Sales" <conference> — it's promising!\nNext: send pricing 🚀 ünïcödé &apos; &amp;`
    );
    // A note for someone linked to a Contact, and an "Interested" reply from someone linked to a Lead.
    const links = linkedRecords();
    const contactPerson = world.reply.workspace.people.find((p) => links.get(p.id)?.type === 'Contact')!;
    world.reply.workspace.addNote(contactPerson.id, 'Prefers calls after 3pm');
    const interested = world.reply.workspace.categories.find((c) => c.name === 'Interested')!;
    const leadThread = world.reply.workspace.threads.find((t) => links.get(t.contactId)?.type === 'Lead')!;
    world.reply.workspace.assignCategory(leadThread.id, interested.id);
    world.onlySteps(...PEOPLE, ...ACTIVITY_KINDS, ...OTHER_KINDS);
}, 120_000);
afterAll(async () => world?.close());

describe('activity steps', () => {
    let first: Awaited<ReturnType<World['run']>>;
    let reportCalls: Record<string, number>;
    beforeAll(async () => {
        world.reply.resetStats();
        first = await world.run();
        reportCalls = Object.fromEntries(
            Object.entries(world.reply.stats().byEndpoint).filter(([endpoint]) => endpoint.includes('/reporting/'))
        );
    }, 120_000);

    it('read each Reply report once for both variants, one call per month-long window of the backfill', () => {
        // 90 days in windows of 30, each under a page: the Lead and Contact steps (run side by side) share each read.
        expect(reportCalls).toEqual({
            'POST /v3/reporting/emails': 3,
            'POST /v3/reporting/calls': 3,
            'POST /v3/reporting/linkedin': 3
        });
    });

    it('run all twelve kinds without failures, each writing to Salesforce', () => {
        for (const kind of [...ACTIVITY_KINDS, ...OTHER_KINDS]) {
            const step = stepOf(first, kind);
            expect(step.status, kind).toBe('succeeded');
            expect(step.created + step.updated, `${kind} wrote something`).toBeGreaterThan(0);
        }
    });

    it('leave nothing spooled once the run ended (shared feeds, report windows, inbox threads)', () => {
        expect(readdirSync(join(world.dir, 'spool'))).toEqual([]);
    });

    it('put every Task on the record its person is linked to, Lead Tasks never related to anything', () => {
        const links = linkedRecords();
        const byKind = {
            email: activityOwners('emails'),
            call: activityOwners('calls'),
            linkedin: activityOwners('linkedIn')
        };
        for (const task of tasks().values()) {
            const [kind, id] = task.Reply_Activity_Id__c.split('-') as [string, string];
            const contactId =
                kind === 'task'
                    ? world.reply.workspace.state.tasks.byId.get(Number(id))!.contactId
                    : byKind[kind as keyof typeof byKind].get(Number(id))!;
            expect(task.WhoId, task.Reply_Activity_Id__c).toBe(links.get(contactId)!.id);
            if (task.WhoId.startsWith('00Q')) expect(task.WhatId ?? null).toBeNull();
        }
    });

    it('set a Lead Status from the inbox category of the latest reply', () => {
        const links = linkedRecords();
        const interested = world.reply.workspace.categories.find((c) => c.name === 'Interested')!;
        const thread = world.reply.workspace.threads.find(
            (t) => t.categoryId === interested.id && links.get(t.contactId)?.type === 'Lead'
        )!;
        expect(world.salesforce.org.get(links.get(thread.contactId)!.id)!.Status).toBe('Working - Contacted');
    });

    it('write one Task per email event, on the record its person is linked to, with the fields reps need', () => {
        const byKey = tasks();
        const links = linkedRecords();
        const events = [...world.reply.workspace.state.activity.emails.window()];
        expect(events.length).toBeGreaterThan(20);
        let contacts = 0;
        for (const event of events) {
            const task = byKey.get(`email-${event.id}`);
            const linked = links.get(event.contactId)!;
            expect(task, `email event ${event.id}`).toBeDefined();
            expect(task!.WhoId).toBe(linked.id);
            if (linked.type === 'Contact') contacts += 1;
            expect(task!.Subject).toMatch(/^Reply: email (sent|opened|link clicked|replied|bounced) - /);
            expect(task!.TaskSubtype).toBe('Email');
            expect(task!.Status).toBe('Completed');
            expect(task!.WhatId ?? null).toBeNull();
            expect(task!.ActivityDate).toBe(dateIn('America/Los_Angeles', new Date(event.occurredAt).toISOString()));
            expect(task!.Description).toContain(event.subject);
        }
        expect(contacts, 'some email events belong to people linked to Contacts').toBeGreaterThan(0);
    });

    it('write calls with their duration, direction and disposition', () => {
        const byKey = tasks();
        const calls = [...world.reply.workspace.state.activity.calls.window()];
        expect(calls.length).toBeGreaterThan(0);
        for (const call of calls) {
            const task = byKey.get(`call-${call.id}`)!;
            expect(task.Subject).toMatch(/^Reply: call - /);
            expect(task.TaskSubtype).toBe('Call');
            expect(task.CallDurationInSeconds).toBe(call.durationSeconds);
            expect(task.CallType).toBe(call.direction === 'inbound' ? 'Inbound' : 'Outbound');
            expect(task.CallDisposition).toBeTruthy();
        }
    });

    it('write LinkedIn actions and Reply tasks', () => {
        const byKey = tasks();
        const linkedIn = [...world.reply.workspace.state.activity.linkedIn.window()];
        expect(linkedIn.length).toBeGreaterThan(0);
        for (const action of linkedIn) expect(byKey.get(`linkedin-${action.id}`)?.Subject).toMatch(/^Reply: LinkedIn /);
        const replyTasks = [...world.reply.workspace.state.tasks.byId.values()];
        expect(replyTasks.length).toBeGreaterThan(0);
        for (const task of replyTasks) {
            const row = byKey.get(`task-${task.id}`)!;
            expect(row, `task ${task.id}`).toBeDefined();
            expect(row.Status).toBe(task.status === 'new' ? 'Not Started' : 'Completed');
        }
    });

    it('write nothing more on a second run: every activity exactly once', async () => {
        const before = tasks();
        const writes = world.salesforce.stats().records.Task?.created ?? 0;
        const again = await world.run();
        for (const kind of ACTIVITY_KINDS)
            expect(stepOf(again, kind).created + stepOf(again, kind).updated, kind).toBe(0);
        expect(tasks().size).toBe(before.size);
        expect(world.salesforce.stats().records.Task?.created ?? 0).toBe(writes);
    });

    it('turn a hostile note into a ContentNote Salesforce accepts, linked to the record, once', async () => {
        const person = world.reply.workspace.people[0]!;
        const record = linkedRecords().get(person.id)!;
        const links = world.salesforce.org.query(
            `SELECT ContentDocumentId FROM ContentDocumentLink WHERE LinkedEntityId = '${record.id}'`
        );
        const notes = links.map((l) => world.salesforce.org.get(l.ContentDocumentId as string)!);
        const hostile = notes.find((n) => String(n.TextPreview).includes('conference'));
        expect(hostile, 'the note is linked to the person').toBeDefined();
        expect(String(hostile!.Title)).toMatch(/^Reply note, \d{4}-\d{2}-\d{2} \[reply:\d+\]$/);
        // Like Salesforce, the sandbox answers the body at its own URL.
        const response = await fetch(`${world.salesforce.url}${String(hostile!.Content)}`, {
            headers: { Authorization: `Bearer ${world.salesforce.developerToken}` }
        });
        const body = await response.text();
        expect(body).toBe(
            '<p>Met at the &quot;AI &amp; Sales&quot; &lt;conference&gt; — it&#39;s promising!<br>Next: send pricing 🚀 ünïcödé &amp;apos; &amp;amp;</p>'
        );
        const titles = world.salesforce.org.query('SELECT Title FROM ContentNote').map((n) => n.Title as string);
        expect(new Set(titles).size).toBe(titles.length);
    });

    it("set Lead Status from the person's Reply status through the value mappings", () => {
        const links = linkedRecords();
        const optedOut = world.reply.workspace.people.find((p) => p.isOptedOut && links.get(p.id)?.type === 'Lead');
        const updated = stepOf(first, 'Statuses_To_Lead_Statuses').updated;
        expect(updated).toBeGreaterThan(0);
        if (optedOut)
            expect(world.salesforce.org.get(links.get(optedOut.id)!.id)!.Status).toBe('Closed - Not Converted');
    });
});

describe('converted leads', () => {
    it('send later activities and notes of a converted Lead to its Contact, and never touch its status', async () => {
        const links = linkedRecords();
        const person = world.reply.workspace.people.find((p) => links.get(p.id)?.type === 'Lead' && !p.isOptedOut)!;
        const leadId = links.get(person.id)!.id;
        const { contactId } = world.salesforce.org.convertLead(leadId);
        const statusBefore = world.salesforce.org.get(leadId)!.Status;
        world.reply.workspace.addNote(person.id, 'After conversion');
        world.reply.workspace.setOptedOut([person.id]);
        world.reply.workspace.simulate({ minutes: 3 * 24 * 60 });

        const run = await world.run();
        expect(
            run.steps.filter((step) => step.status !== 'succeeded').map((step) => `${step.stepKind}: ${step.message}`)
        ).toEqual([]);
        const links2 = world.salesforce.org.query(
            `SELECT ContentDocumentId FROM ContentDocumentLink WHERE LinkedEntityId = '${contactId}'`
        );
        const noteTitles = links2.map((l) => String(world.salesforce.org.get(l.ContentDocumentId as string)!.Title));
        expect(noteTitles.some((t) => t.includes('[reply:'))).toBe(true);
        expect(world.salesforce.org.get(leadId)!.Status).toBe(statusBefore);
        const onLead = world.salesforce.org.query(`SELECT Id FROM Task WHERE WhoId = '${leadId}'`);
        expect(onLead, 'conversion moved the Lead Tasks to the Contact').toHaveLength(0);
    });
});

describe('status mapping validation', () => {
    it('refuses a mapping to an unknown or a converted Lead Status with a clear message', async () => {
        world.updateStep('Default_Statuses_To_Lead_Statuses', {
            Value_Mappings__c: JSON.stringify({
                version: 1,
                mappings: [{ replyValue: 'Replied', salesforceValue: 'Hot Hot Hot' }]
            })
        });
        world.updateStep('Default_Categories_To_Lead_Statuses', {
            Value_Mappings__c: JSON.stringify({
                version: 1,
                mappings: [{ replyValue: 'Interested', salesforceValue: 'Closed - Converted' }]
            })
        });
        const run = await world.run();
        expect(stepOf(run, 'Statuses_To_Lead_Statuses')).toMatchObject({ status: 'failed' });
        expect(stepOf(run, 'Statuses_To_Lead_Statuses').message).toMatch(
            /"Hot Hot Hot", which is not a Lead Status of this org; choose one of Open - Not Contacted/
        );
        expect(stepOf(run, 'Categories_To_Lead_Statuses').message).toMatch(
            /a converted status: Leads are converted in Salesforce/
        );
        expect(stepOf(run, 'Emails_To_Lead_Tasks').status).toBe('succeeded');
    });
});
