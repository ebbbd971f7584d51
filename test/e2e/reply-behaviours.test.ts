import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../bridge/src/cli/doctor.ts';
import { loadConfig } from '../../bridge/src/config/env.ts';
import { createLogger } from '../../bridge/src/logging.ts';
import { kindsOf, startWorld, stepOf, type World } from './world.ts';

/**
 * What the bridge does when the live Reply differs from what the sandbox assumes by default (ASSUMPTIONS.md, "no
 * public source"): a report or the notes read missing for the key, a change feed whose rule or sort Reply ignores,
 * status changes that do not move `lastModifiedAt`, an import answered with a background job, and the call budget.
 */

const PEOPLE = kindsOf('people');
const ACTIVITY_KINDS = kindsOf('activity');
const REPORT_KINDS = ACTIVITY_KINDS.filter((k) => !k.startsWith('Tasks_'));
const NOTE_KINDS = kindsOf('note');
const PAUSABLE = [...REPORT_KINDS, ...NOTE_KINDS];

function taskKeys(world: World): Set<string> {
    return new Set(
        world.salesforce.org
            .query('SELECT Reply_Activity_Id__c FROM Task WHERE Reply_Activity_Id__c != null')
            .map((r) => String(r.Reply_Activity_Id__c))
    );
}

function leadOf(world: World, replyId: number): Record<string, unknown> | undefined {
    return world.salesforce.org.query(
        `SELECT Id, Status, Reply_Status__c FROM Lead WHERE Reply_Contact_Id__c = '${replyId}'`
    )[0];
}

describe('a Reply capability the key lacks', () => {
    let world: World;
    beforeAll(async () => {
        world = await startWorld({
            salesforce: { seed: { seed: 41, leads: 0, contacts: 8, accounts: 4 } },
            reply: { seed: { seed: 41, people: 24, enrolled: 0 } }
        });
        world.onlySteps(...PEOPLE);
        expect((await world.run()).status).toBe('succeeded');
        world.reply.workspace.simulate({ enrol: 40, minutes: 10 * 24 * 60 });
        world.reply.workspace.addNote(world.reply.workspace.people[0]!.id, 'Wants the enterprise plan');
        world.onlySteps(...PEOPLE, ...ACTIVITY_KINDS, ...NOTE_KINDS, 'Statuses_To_Lead_Statuses');
    }, 60_000);
    afterAll(async () => world?.close());

    it('pauses the steps that need it, with what is missing and what to do, and the run does not fail', async () => {
        world.reply.capabilities.set({
            emailActivity: false,
            callActivity: false,
            linkedInActivity: false,
            notesRead: false
        });
        const cursors = await Promise.all(
            PAUSABLE.map((kind) => world.bridge.services.store.cursors.get(`Default_${kind}`))
        );
        const run = await world.run();
        expect(run.status).toBe('succeeded');
        for (const kind of PAUSABLE) {
            const step = stepOf(run, kind);
            expect(step.status, kind).toBe('paused');
            expect(step.message, kind).toMatch(/^Paused: .*not available|cannot|does not let.*To do: /s);
            expect(step.created + step.updated + step.failed, kind).toBe(0);
        }
        expect(stepOf(run, 'Emails_To_Lead_Tasks').message).toContain('reporting:read');
        expect(stepOf(run, 'Notes_To_Lead_Notes').message).toContain("read a contact's notes");
        for (const kind of ['Tasks_To_Lead_Tasks', 'Statuses_To_Lead_Statuses', ...PEOPLE])
            expect(stepOf(run, kind).status, kind).toBe('succeeded');
        expect([...taskKeys(world)].every((key) => key.startsWith('task-'))).toBe(true);
        // Nothing moved: each paused step resumes from where it stood.
        const after = await Promise.all(
            PAUSABLE.map((kind) => world.bridge.services.store.cursors.get(`Default_${kind}`))
        );
        expect(after).toEqual(cursors);
        // The run log in Salesforce says Paused, with the message.
        const logs = world.salesforce.org.query(
            `SELECT Status__c, Message__c FROM Reply_Sync_Log__c WHERE Run_Id__c = '${run.id}' AND Step_Kind__c = 'Emails_To_Lead_Tasks'`
        );
        expect(logs[0]).toMatchObject({ Status__c: 'Paused' });
        expect(String(logs[0]!.Message__c)).toContain('To do:');
    });

    it('loses nothing: once the capability is back, everything since is synced, once', async () => {
        world.reply.capabilities.reset();
        const run = await world.run();
        for (const kind of PAUSABLE) expect(stepOf(run, kind).status, kind).toBe('succeeded');
        const keys = taskKeys(world);
        const { emails, calls, linkedIn } = world.reply.workspace.state.activity;
        for (const e of emails.window()) expect(keys.has(`email-${e.id}`), `email ${e.id}`).toBe(true);
        for (const c of calls.window()) expect(keys.has(`call-${c.id}`), `call ${c.id}`).toBe(true);
        for (const l of linkedIn.window()) expect(keys.has(`linkedin-${l.id}`), `linkedin ${l.id}`).toBe(true);
        const titles = world.salesforce.org.query('SELECT Title FROM ContentNote').map((n) => String(n.Title));
        expect(titles.some((t) => t.includes('[reply:'))).toBe(true);
        const again = await world.run();
        for (const kind of PAUSABLE) expect(stepOf(again, kind).created, kind).toBe(0);
    });
});

describe('doctor', () => {
    it('probes each unpublished Reply behaviour live and says per step whether it can run and what to do', async () => {
        const world = await startWorld({ reply: { seed: { seed: 46, people: 30, enrolled: 10 } } });
        try {
            world.reply.workspace.addNote(world.reply.workspace.people[0]!.id, 'Probe me');
            const config = loadConfig(world.env, { cwd: world.dir });
            const logger = createLogger({ level: 'silent' });
            const all = await runDoctor(config, logger);
            const capability = (label: string) => all.find((f) => f.check.startsWith(`Reply capability: ${label}`))!;
            for (const label of ['change feed', 'email activity', 'call activity', 'LinkedIn activity', 'read of'])
                expect(capability(label), label).toMatchObject({ ok: true });
            expect(all.find((f) => f.check === 'Reply access: sequences:operate')).toMatchObject({ ok: true });
            expect(all.find((f) => f.check === 'Reply call budget')!.detail).toMatch(/^\d+ of 1000000 calls this hour/);

            world.reply.capabilities.set({ emailActivity: false, notesRead: false, contactFilterRules: 'ignored' });
            const missing = await runDoctor(config, logger);
            const find = (check: string) => missing.find((f) => f.check === check)!;
            expect(missing.find((f) => f.check.startsWith('Reply capability: email activity'))).toMatchObject({
                ok: false,
                fix: expect.stringContaining('reporting:read')
            });
            // A change feed that is not honoured slows runs down but stops nothing.
            expect(missing.find((f) => f.check.startsWith('Reply capability: change feed'))).toMatchObject({
                ok: true,
                detail: expect.stringContaining('reads every contact')
            });
            expect(find('Step Default_Emails_To_Lead_Tasks on this Reply key')).toMatchObject({
                ok: false,
                detail: expect.stringMatching(/will pause \(not fail\)/)
            });
            expect(find('Step Default_Notes_To_Contact_Notes on this Reply key').detail).toMatch(/will pause/);
            expect(find('Step Default_Calls_To_Lead_Tasks on this Reply key')).toMatchObject({ ok: true });
            expect(find('Step Default_Statuses_To_Lead_Statuses on this Reply key')).toMatchObject({
                ok: true,
                detail: expect.stringContaining('more slowly')
            });
        } finally {
            await world.close();
        }
    });
});

describe('a change feed whose rule or sort Reply ignores or refuses', () => {
    let world: World;
    beforeAll(async () => {
        world = await startWorld({ reply: { seed: { seed: 42, people: 30, enrolled: 0 } } });
        world.onlySteps('People_To_Leads');
        expect((await world.run()).status).toBe('succeeded');
    }, 60_000);
    afterAll(async () => world?.close());

    for (const mode of [
        { contactFilterRules: 'ignored' },
        { contactFilterRules: 'rejected' },
        { contactFilterSort: 'ignored' }
    ] as const) {
        it(`still finds every change, by reading every contact (${JSON.stringify(mode)})`, async () => {
            world.reply.capabilities.reset();
            world.reply.capabilities.set(mode);
            world.reply.workspace.advance(5);
            const person = world.reply.workspace.people[3]!;
            const lastName = `Renamed ${Object.values(mode)[0]}`;
            world.reply.workspace.updateContact(person.id, { lastName });
            const created = world.reply.workspace.createContact({
                firstName: 'New',
                lastName: `Person ${Object.values(mode)[0]}`,
                email: `new.${Object.keys(mode)[0]}.${Object.values(mode)[0]}@feed.example`,
                company: 'Feed'
            });
            const run = await world.run();
            const step = stepOf(run, 'People_To_Leads');
            expect(step.status).toBe('succeeded');
            expect(step.message).toContain('reads every contact each run instead');
            expect(
                world.salesforce.org.query(`SELECT LastName FROM Lead WHERE Reply_Contact_Id__c = '${person.id}'`)
            ).toEqual([expect.objectContaining({ LastName: lastName })]);
            expect(leadOf(world, created.id)).toBeDefined();
            // Only the changed ones were written: the full read filters by lastModifiedAt itself.
            expect(step.created + step.updated).toBe(2);
        });
    }
});

describe('status changes that do not move lastModifiedAt', () => {
    let world: World;
    beforeAll(async () => {
        world = await startWorld({
            reply: { seed: { seed: 43, people: 20, enrolled: 0 } },
            // 5 re-reads a run, each person due again as soon as the run that read them is over.
            env: { REPLY_STATUS_RECHECKS_PER_RUN: '5', REPLY_STATUS_RECHECK_HOURS: '0' }
        });
        world.onlySteps('People_To_Leads', 'Statuses_To_Lead_Statuses');
        world.reply.capabilities.set({ statusChangesMoveLastModified: false });
        const sequence = world.reply.workspace.sequences.find((s) => s.status === 'active' && !s.isArchived)!;
        world.reply.workspace.simulate({ enrol: 20, sequenceId: sequence.id, minutes: 60 });
        expect((await world.run()).status).toBe('succeeded');
    }, 60_000);
    afterAll(async () => world?.close());

    it('catches a bounce the change feed never shows, within a bounded number of runs', async () => {
        const person = world.reply.workspace.people.find((p) => !p.isOptedOut && leadOf(world, p.id))!;
        const before = Date.parse(`${(await fetchContact(world, person.id)).lastModifiedAt}Z`);
        world.reply.workspace.setStatus([person.id], 'Bounced');
        expect(Date.parse(`${(await fetchContact(world, person.id)).lastModifiedAt}Z`)).toBe(before);
        // 20 people in a running sequence, 5 re-read a run: every one has had its turn after 4 runs.
        let runs = 0;
        while (leadOf(world, person.id)!.Reply_Status__c !== 'Bounced' && runs < 4) {
            const run = await world.run();
            runs += 1;
            expect(stepOf(run, 'Statuses_To_Lead_Statuses').message).toMatch(/Re-read the statuses of 5 people/);
        }
        expect(leadOf(world, person.id)).toMatchObject({
            Status: 'Closed - Not Converted',
            Reply_Status__c: 'Bounced'
        });
        expect(runs).toBeLessThanOrEqual(4);
    });

    it('reads a person a webhook named at the next run, whatever the rotation', async () => {
        const person = world.reply.workspace.people.find(
            (p) => !p.isOptedOut && leadOf(world, p.id)?.Reply_Status__c === 'Active'
        )!;
        world.reply.workspace.setStatus([person.id], 'Bounced');
        await world.bridge.services.store.inbox.add({
            eventId: `test-${person.id}`,
            type: 'email_bounced',
            payload: JSON.stringify({ event: { type: 'email_bounced' }, contact_fields: { id: person.id } })
        });
        // The webhook-triggered run runs the steps the event feeds (the status step) and reads this person.
        await world.bridge.webhooks.process();
        expect(leadOf(world, person.id)).toMatchObject({ Status: 'Closed - Not Converted' });
    });
});

async function fetchContact(world: World, id: number): Promise<{ lastModifiedAt: string }> {
    const response = await fetch(`${world.reply.url}/v3/contacts/${id}`, {
        headers: { Authorization: `Bearer ${world.reply.apiKey}` }
    });
    return (await response.json()) as { lastModifiedAt: string };
}

describe('an import Reply answers with a background job', () => {
    it('waits for the job, then links everyone it holds, without duplicates', async () => {
        const world = await startWorld({
            salesforce: { seed: { seed: 44, leads: 60, contacts: 0, accounts: 5 } },
            reply: { seed: false }
        });
        try {
            world.reply.capabilities.set({ backgroundImportsAbove: 20 });
            world.onlySteps('Leads_To_People');
            const run = await world.run();
            expect(stepOf(run, 'Leads_To_People')).toMatchObject({ status: 'succeeded', failed: 0 });
            const people = world.reply.workspace.people;
            expect(people).toHaveLength(60);
            const linked = world.salesforce.org.query('SELECT Reply_Contact_Id__c FROM Lead');
            expect(new Set(linked.map((l) => l.Reply_Contact_Id__c))).toEqual(new Set(people.map((p) => String(p.id))));
            const stats = world.reply.stats();
            expect(Object.keys(stats.byEndpoint).some((e) => e.startsWith('GET /v3/background-jobs/'))).toBe(true);
            expect((await world.run()).steps[0]!.created).toBe(0);
        } finally {
            await world.close();
        }
    });
});

describe("Reply's call budget", () => {
    it('shows hour and month use, and defers optional reads before the allowance runs out', async () => {
        const world = await startWorld({
            reply: { seed: { seed: 45, people: 40, enrolled: 0 } },
            env: { REPLY_RATE_PER_HOUR: '80', REPLY_BUDGET_RESERVE: '0.5', REPLY_NOTE_READS_PER_RUN: '1000' }
        });
        try {
            world.onlySteps('People_To_Leads');
            await world.run();
            for (const person of world.reply.workspace.people) world.reply.workspace.addNote(person.id, 'A note');
            world.onlySteps('People_To_Leads', 'Notes_To_Lead_Notes');
            const run = await world.run();
            const notes = stepOf(run, 'Notes_To_Lead_Notes');
            expect(notes.status).toBe('partial');
            expect(notes.message).toMatch(/^Deferred: the notes of the remaining people wait for the next run/m);
            expect(notes.created).toBeGreaterThan(0);
            const status = await world.bridge.status();
            expect(status.reply.calls.hour.limit).toBe(80);
            // Optional reads stopped near the reserve (half of 80), well before Reply's allowance.
            expect(status.reply.calls.hour.used).toBeGreaterThanOrEqual(35);
            expect(status.reply.calls.hour.used).toBeLessThan(50);
            expect(status.reply.calls.month.used).toBeGreaterThanOrEqual(status.reply.calls.hour.used);
            const metrics = await world.bridge.metrics.registry.metrics();
            expect(metrics).toMatch(/reply_sync_reply_calls_used\{window="hour"\} \d+/);
            // The next hour has room again: the rest of the notes follow, none twice.
            world.reply.workspace.advance(61);
            const later = await world.run();
            expect(stepOf(later, 'Notes_To_Lead_Notes').status).toBe('succeeded');
            const titles = world.salesforce.org.query('SELECT Title FROM ContentNote').map((n) => String(n.Title));
            const inReply = world.reply.workspace.people.reduce(
                (n, p) => n + world.reply.workspace.notesOf(p.id).length,
                0
            );
            expect(titles).toHaveLength(inReply);
            expect(new Set(titles).size).toBe(inReply);
        } finally {
            await world.close();
        }
    });
});
