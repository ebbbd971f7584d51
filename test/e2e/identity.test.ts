import { afterEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../bridge/src/domain/runs.ts';
import { noteMarker } from '../../bridge/src/sync/notes.ts';
import { startWorld, stepOf, type World } from './world.ts';

/**
 * Records that change identity: a Lead merged or deleted in Salesforce (the sandbox does both as Salesforce documents
 * them: test/sandbox/salesforce/README.md, "Merge, delete, undelete"), a person deleted in Reply (DELETE
 * /v3/contacts/{id}: 404 afterwards, a null contact on their threads, their address refused by the import).
 */

let world: World | undefined;
afterEach(async () => {
    await world?.close();
    world = undefined;
});

/** Salesforce's clock as the bridge reads it for Get Deleted, moved ahead by a test (the org's own stays real). */
let salesforceAhead = 0;

async function syncedWorld(env: Record<string, string> = {}): Promise<World> {
    salesforceAhead = 0;
    const w = await startWorld({
        reply: { seed: { seed: 91, people: 5, enrolled: 0, historyDays: 0 } },
        env,
        bridge: { salesforceNow: () => Date.now() + salesforceAhead }
    });
    const first = await w.run();
    expect(first.status, first.message ?? '').toBe('succeeded');
    return w;
}

/** What the admin reads of a run: every step's message in the run log. */
function runLog(run: RunRecord): string {
    return run.steps.map((s) => `${s.stepName}: ${s.message ?? ''}`).join('\n');
}

async function linkOf(w: World, replyId: number) {
    return (await w.bridge.services.store.links.byReplyIds([String(replyId)])).get(String(replyId));
}

function notesOn(w: World, recordId: string): string[] {
    const ids = w.salesforce.org
        .query(`SELECT ContentDocumentId FROM ContentDocumentLink WHERE LinkedEntityId = '${recordId}'`)
        .map((r) => `'${String(r.ContentDocumentId)}'`);
    if (ids.length === 0) return [];
    return w.salesforce.org
        .query(`SELECT Title FROM ContentNote WHERE Id IN (${ids.join(', ')})`)
        .map((r) => String(r.Title));
}

describe('a Lead merged in Salesforce', () => {
    it('moves the link to the surviving duplicate, which gets the Reply id and the notes, with one QueryAll call', async () => {
        world = await syncedWorld();
        const { org } = world.salesforce;
        const person = world.reply.workspace.people[0]!;
        const merged = (await linkOf(world, person.id))!.salesforceId;
        const master = org.insert('Lead', {
            FirstName: person.firstName,
            LastName: person.lastName,
            Company: 'Co',
            Email: person.email
        });
        org.merge(master, [merged]);
        world.reply.workspace.advance(1);
        const note = world.reply.workspace.addNote(person.id, 'After the merge');
        const people = world.reply.workspace.peopleCount;
        world.salesforce.resetStats();
        const run = await world.run();

        expect(run.status, run.message ?? '').toBe('succeeded');
        expect((await linkOf(world, person.id))?.salesforceId).toBe(master);
        const survivor = org.query(`SELECT Reply_Contact_Id__c FROM Lead WHERE Id = '${master}'`)[0]!;
        expect(survivor.Reply_Contact_Id__c).toBe(String(person.id));
        expect(notesOn(world, master).some((t) => t.includes(noteMarker(String(note.id))))).toBe(true);
        // No second person in Reply, no second Lead, no error; the admin reads it in the run log.
        expect(world.reply.workspace.peopleCount).toBe(people);
        expect(org.query(`SELECT Id FROM Lead WHERE Email = '${person.email}'`)).toEqual([
            { attributes: expect.anything(), Id: master }
        ]);
        expect(await world.bridge.services.store.errors.open()).toEqual([]);
        expect(runLog(run)).toContain(
            `Lead merged in Salesforce: the link followed to the surviving record (${merged} -> ${master})`
        );
        // Followed with one QueryAll (in one Composite call), not a read per record.
        expect(world.salesforce.stats().compositeSubrequests['queryAll'] ?? 0).toBe(1);
    });

    it('is followed before any step writes once Get Deleted lists it (a minute later)', async () => {
        world = await syncedWorld();
        const { org } = world.salesforce;
        const person = world.reply.workspace.people[4]!;
        const merged = (await linkOf(world, person.id))!.salesforceId;
        const master = org.insert('Lead', {
            FirstName: 'Sur',
            LastName: 'Vivor',
            Company: 'Co',
            Email: 'survivor@merge.example'
        });
        org.merge(master, [merged]);
        salesforceAhead = 2 * 60_000;
        world.reply.workspace.advance(1);
        world.reply.workspace.addNote(person.id, 'After the merge');
        const people = world.reply.workspace.peopleCount;
        world.salesforce.resetStats();
        const run = await world.run();

        expect(run.status, run.message ?? '').toBe('succeeded');
        expect((await linkOf(world, person.id))?.salesforceId).toBe(master);
        expect(world.reply.workspace.peopleCount).toBe(people);
        expect(world.salesforce.stats().records.Lead?.failed ?? 0).toBe(0);
        expect(runLog(run)).toContain(`(${merged} -> ${master})`);
    });
});

describe('a Lead deleted in Salesforce', () => {
    it('is never written again nor created anew; what is meant for it is reported, then left; an undelete links it again', async () => {
        world = await syncedWorld({ RECORD_RETRY_LIMIT: '2' });
        const { org } = world.salesforce;
        const person = world.reply.workspace.people[1]!;
        const leadId = (await linkOf(world, person.id))!.salesforceId;
        org.delete('Lead', leadId);
        // A minute on, Get Deleted (in the run's first Composite call) lists it before any step writes.
        salesforceAhead = 2 * 60_000;

        world.reply.workspace.advance(1);
        world.reply.workspace.updateContact(person.id, { lastName: 'Gone' });
        const note = world.reply.workspace.addNote(person.id, 'For a deleted Lead');
        world.salesforce.resetStats();
        const run = await world.run();

        expect(await linkOf(world, person.id)).toBeUndefined();
        expect(world.salesforce.stats().records.Lead?.failed ?? 0).toBe(0);
        expect(org.query(`SELECT Id FROM Lead WHERE Email = '${person.email}'`)).toEqual([]);
        expect(runLog(run)).toContain(`Lead ${leadId} (Reply person ${person.id}): deleted in Salesforce`);
        expect(runLog(run)).toContain('whose Lead was deleted in Salesforce: not created again');
        const reported = (await world.bridge.services.store.errors.open('Default_Notes_To_Lead_Notes'))[0];
        expect(reported).toMatchObject({ code: 'SALESFORCE_RECORD_DELETED', recordKey: `person:${person.id}` });
        expect(reported!.message).toContain(`the person's Lead ${leadId} was deleted in Salesforce`);

        // Reported, not retried forever: RECORD_RETRY_LIMIT runs, then left for the admin.
        await world.run();
        const rows = await world.bridge.services.store.errors.open('Default_Notes_To_Lead_Notes');
        expect(rows[0]).toMatchObject({ attempts: 2, gaveUp: true });
        expect(org.query('SELECT Id FROM Lead WHERE IsDeleted = false').length).toBe(4);

        // Back from the recycle bin: the person links again by email; what comes next is written there.
        org.undelete([leadId]);
        world.reply.workspace.advance(1);
        const later = world.reply.workspace.addNote(person.id, 'After the undelete');
        await world.run();
        expect((await linkOf(world, person.id))?.salesforceId).toBe(leadId);
        expect(notesOn(world, leadId).some((t) => t.includes(noteMarker(String(later.id))))).toBe(true);
        expect(notesOn(world, leadId).some((t) => t.includes(noteMarker(String(note.id))))).toBe(true);
    });

    it('found by a refused write when Get Deleted has not listed it yet (the same minute)', async () => {
        world = await syncedWorld();
        const { org } = world.salesforce;
        const person = world.reply.workspace.people[2]!;
        const leadId = (await linkOf(world, person.id))!.salesforceId;
        org.delete('Lead', leadId);
        world.reply.workspace.advance(1);
        world.reply.workspace.updateContact(person.id, { lastName: 'Refused' });
        const run = await world.run();
        expect(await linkOf(world, person.id)).toBeUndefined();
        expect(stepOf(run, 'People_To_Leads').status).toBe('succeeded');
        expect(runLog(run)).toContain(`Lead ${leadId} (Reply person ${person.id}): deleted in Salesforce`);
        expect(org.query(`SELECT Id FROM Lead WHERE Email = '${person.email}'`)).toEqual([]);
        expect(await world.bridge.services.store.errors.open('Default_People_To_Leads')).toEqual([]);
    });
});

describe('a person deleted in Reply', () => {
    it('ends their link without errors; their Lead stays, and is not sent to Reply again', async () => {
        world = await syncedWorld();
        const { org } = world.salesforce;
        const person = world.reply.workspace.people[3]!;
        const leadId = (await linkOf(world, person.id))!.salesforceId;
        world.reply.workspace.deleteContact(person.id);
        // The Lead changes in Salesforce: Leads -> People sends it, and Reply answers that the address is a deleted person's.
        org.update('Lead', leadId, { FirstName: 'Edited' });
        const run = await world.run();

        expect(run.status, run.message ?? '').toBe('succeeded');
        expect(await world.bridge.services.store.errors.open()).toEqual([]);
        expect(await linkOf(world, person.id)).toBeUndefined();
        expect(org.query(`SELECT Id FROM Lead WHERE Id = '${leadId}'`).length).toBe(1);
        expect(world.reply.workspace.personByEmail(person.email!)).toBeUndefined();
        expect(runLog(run)).toContain('whose email belongs to a person deleted in Reply');
        expect(runLog(run)).toContain(`deleted in Reply (${person.id}): their links ended`);
        expect((await world.run()).status).toBe('succeeded');
    });
});
