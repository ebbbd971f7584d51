/**
 * Contact lists and their membership. Joining or leaving a list is a change to the contact (ASSUMPTIONS C4). Bulk
 * membership calls answer Reply's failure dictionary: only the ids that failed, `{}` when all went through.
 */
import { conflict, notFound } from '../problems.ts';
import type { WorkspaceState } from '../state.ts';
import type { ContactList } from '../types.ts';

export type FailureDictionary = Record<string, { error: string | number; errorDetails: string }>;

/** add-contacts reports a contact it could not add as integer code 8, ContactNotProcessed (documented). */
const CONTACT_NOT_PROCESSED = 8;

export function requireList(s: WorkspaceState, id: number): ContactList {
    const list = s.lists.get(id);
    if (!list) throw notFound('contactList.notFound', `Contact list ${id} was not found`);
    return list;
}

export function createList(
    s: WorkspaceState,
    input: { name: string; isShared: boolean },
    ownerUserId: number,
    at: number
): ContactList {
    if ([...s.lists.values()].some((list) => list.name.toLowerCase() === input.name.toLowerCase())) {
        throw conflict('contactList.alreadyExists', `A contact list named '${input.name}' already exists`);
    }
    const list: ContactList = {
        id: s.nextId('list'),
        name: input.name,
        isShared: input.isShared,
        ownerUserId,
        createdAt: at,
        members: new Set()
    };
    s.lists.set(list.id, list);
    return list;
}

export function deleteList(s: WorkspaceState, id: number, at: number): void {
    const list = requireList(s, id);
    for (const contactId of list.members) {
        const contact = s.contacts.get(contactId);
        if (!contact) continue;
        contact.listIds = contact.listIds.filter((listId) => listId !== id);
        s.touch(contact, at);
    }
    s.lists.delete(id);
}

export function addToList(
    s: WorkspaceState,
    listId: number,
    contactIds: readonly number[],
    at: number
): FailureDictionary {
    const list = requireList(s, listId);
    const failures: FailureDictionary = {};
    for (const contactId of contactIds) {
        const contact = s.contacts.get(contactId);
        if (!contact) {
            failures[contactId] = { error: CONTACT_NOT_PROCESSED, errorDetails: `Contact ${contactId} was not found` };
            continue;
        }
        if (list.members.has(contactId)) continue;
        list.members.add(contactId);
        contact.listIds.push(listId);
        s.touch(contact, at);
    }
    return failures;
}
