import { expect } from 'vitest';
import type { World } from './world.ts';

/** The values that occur more than once. */
export function duplicates(values: unknown[]): unknown[] {
    const seen = new Set<unknown>();
    return values.filter((value) => (seen.has(value) ? true : (seen.add(value), false)));
}

/**
 * What "no duplicates, no lost records" means once the sync has caught up: every person once on each side and on
 * both sides, every email event as one Task, no Task or note written twice. `context` says how the test got there.
 */
export function expectSyncedOnce(world: World, context: string): void {
    const { org } = world.salesforce;
    const leads = org.query('SELECT Email FROM Lead').map((r) => String(r.Email).toLowerCase());
    const contacts = org.query('SELECT Email FROM Contact').map((r) => String(r.Email).toLowerCase());
    expect(duplicates([...leads, ...contacts]), context).toEqual([]);
    const people = world.reply.workspace.people.map((p) => p.email!.toLowerCase());
    expect(duplicates(people), context).toEqual([]);
    expect(new Set([...leads, ...contacts]), context).toEqual(new Set(people));

    const keys = org
        .query('SELECT Reply_Activity_Id__c FROM Task WHERE Reply_Activity_Id__c != null')
        .map((r) => r.Reply_Activity_Id__c);
    expect(duplicates(keys), context).toEqual([]);
    const emails = [...world.reply.workspace.state.activity.emails.window()].map((e) => `email-${e.id}`);
    expect(keys, context).toEqual(expect.arrayContaining(emails));
    const titles = org.query('SELECT Title FROM ContentNote').map((r) => r.Title);
    expect(duplicates(titles), context).toEqual([]);
}
