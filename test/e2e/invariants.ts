import { expect } from 'vitest';
import { noteHtml, noteMarker } from '../../bridge/src/sync/notes.ts';
import type { World } from './world.ts';

/** The values that occur more than once. */
export function duplicates(values: unknown[]): unknown[] {
    const seen = new Set<unknown>();
    return values.filter((value) => (seen.has(value) ? true : (seen.add(value), false)));
}

/** Every activity key the Reply workspace holds: email events, calls, LinkedIn actions, tasks (as the bridge keys them). */
export function replyActivityKeys(world: World): string[] {
    const { state } = world.reply.workspace;
    return [
        ...[...state.activity.emails.window()].map((e) => `email-${e.id}`),
        ...[...state.activity.calls.window()].map((c) => `call-${c.id}`),
        ...[...state.activity.linkedIn.window()].map((l) => `linkedin-${l.id}`),
        ...world.reply.workspace.tasks.map((t) => `task-${t.id}`)
    ];
}

/** What is missing on either side, and what is there twice, each said so a person can find it. */
export interface SyncGaps {
    lost: string[];
    duplicated: string[];
}

/**
 * Measured against "no duplicates, no lost records" once the sync has caught up: every person once on each side and
 * on both sides, every Reply activity as one Task, every Reply note as one ContentNote with Reply's text attached to
 * its person's record, and nothing written twice.
 */
export async function syncGaps(world: World): Promise<SyncGaps> {
    const { org } = world.salesforce;
    const lost: string[] = [];
    const duplicated: string[] = [];
    const records = [...org.query('SELECT Id, Email FROM Lead'), ...org.query('SELECT Id, Email FROM Contact')];
    const emails = records.map((r) => String(r.Email).toLowerCase());
    duplicated.push(...duplicates(emails).map((email) => `Salesforce record ${String(email)}`));
    const people = world.reply.workspace.people;
    const replyEmails = people.map((p) => p.email!.toLowerCase());
    duplicated.push(...duplicates(replyEmails).map((email) => `Reply person ${String(email)}`));
    lost.push(...replyEmails.filter((e) => !emails.includes(e)).map((e) => `Salesforce record of ${e}`));
    lost.push(...emails.filter((e) => !replyEmails.includes(e)).map((e) => `Reply person of ${e}`));

    const keys = org
        .query('SELECT Reply_Activity_Id__c FROM Task WHERE Reply_Activity_Id__c != null')
        .map((r) => String(r.Reply_Activity_Id__c));
    duplicated.push(...duplicates(keys).map((key) => `Task ${String(key)}`));
    const written = new Set(keys);
    lost.push(
        ...replyActivityKeys(world)
            .filter((key) => !written.has(key))
            .map((key) => `Task ${key}`)
    );

    const notes = org.query('SELECT Id, Title FROM ContentNote');
    duplicated.push(...duplicates(notes.map((n) => n.Title)).map((title) => `ContentNote ${String(title)}`));
    const recordOf = new Map(records.map((r) => [String(r.Email).toLowerCase(), String(r.Id)]));
    for (const person of people) {
        for (const note of world.reply.workspace.notesOf(person.id)) {
            const what = `note ${note.id} of ${person.email}`;
            const found = notes.filter((n) => String(n.Title).includes(noteMarker(String(note.id))));
            if (found.length === 0) {
                lost.push(what);
                continue;
            }
            const id = String(found[0]!.Id);
            if ((await noteBody(world, id)) !== noteHtml(note.text)) lost.push(`${what}: its text`);
            const links = org
                .query(`SELECT LinkedEntityId FROM ContentDocumentLink WHERE ContentDocumentId = '${id}'`)
                .map((l) => String(l.LinkedEntityId));
            if (!links.includes(recordOf.get(person.email!.toLowerCase()) ?? '')) lost.push(`${what}: on its record`);
        }
    }
    return { lost, duplicated };
}

/** Nothing lost, nothing twice (syncGaps). `context` says how the test got there. */
export async function expectSyncedOnce(world: World, context: string): Promise<void> {
    expect(await syncGaps(world), context).toEqual({ lost: [], duplicated: [] });
}

/** No record left behind: the bridge holds no open failure and no unfinished write. */
export async function leftBehind(world: World): Promise<string[]> {
    const { store } = world.bridge.services;
    const open = (await store.errors.open()).map((e) => `${e.stepName} ${e.recordKey} ${e.code}: ${e.message}`);
    const pending = await store.prisma.syncedItem.findMany({ where: { pending: true } });
    return [...open, ...pending.map((p) => `${p.stepName} ${p.key}: unfinished write`)];
}

export async function expectNothingLeftBehind(world: World, context: string): Promise<void> {
    expect(await leftBehind(world), context).toEqual([]);
}

/** A ContentNote's body as Salesforce serves it (the Content blob). */
async function noteBody(world: World, id: string): Promise<string> {
    const { salesforce } = world;
    const url = `${salesforce.url}/services/data/v${salesforce.apiVersion}/sobjects/ContentNote/${id}/Content`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${salesforce.developerToken}` } });
    return response.text();
}
