/**
 * Contacts with the three indexes the API reads by: id (insertion order = id order, since ids only grow), email
 * (case-insensitive, unique) and lastModifiedAt (for "changed since" filters, ties in id order).
 */
import { TimeOrderedIds } from './collections.ts';
import type { Contact } from './types.ts';

export function emailKey(email: string): string {
    return email.trim().toLowerCase();
}

export class ContactStore {
    private readonly byId = new Map<number, Contact>();
    private readonly byEmail = new Map<string, number>();
    private readonly modified = new TimeOrderedIds();

    get size(): number {
        return this.byId.size;
    }

    get(id: number): Contact | undefined {
        return this.byId.get(id);
    }

    findByEmail(email: string): Contact | undefined {
        const id = this.byEmail.get(emailKey(email));
        return id === undefined ? undefined : this.byId.get(id);
    }

    add(contact: Contact): void {
        this.byId.set(contact.id, contact);
        if (contact.email) this.byEmail.set(emailKey(contact.email), contact.id);
        this.modified.set(contact.id, contact.lastModifiedAt);
    }

    /** Call before changing `contact.email` so the email index follows. */
    reindexEmail(contact: Contact, newEmail: string | null): void {
        if (contact.email && this.byEmail.get(emailKey(contact.email)) === contact.id) {
            this.byEmail.delete(emailKey(contact.email));
        }
        if (newEmail) this.byEmail.set(emailKey(newEmail), contact.id);
    }

    /** Records a change at `at`; lastModifiedAt never moves backwards. */
    touch(contact: Contact, at: number): void {
        if (at > contact.lastModifiedAt) contact.lastModifiedAt = at;
        this.modified.set(contact.id, contact.lastModifiedAt);
    }

    delete(id: number): Contact | undefined {
        const contact = this.byId.get(id);
        if (!contact) return undefined;
        this.byId.delete(id);
        if (contact.email && this.byEmail.get(emailKey(contact.email)) === id)
            this.byEmail.delete(emailKey(contact.email));
        this.modified.delete(id);
        return contact;
    }

    values(): IterableIterator<Contact> {
        return this.byId.values();
    }

    /** Contacts with lastModifiedAt >= from (> from when exclusive), ascending by (lastModifiedAt, id). */
    *byModifiedAscending(from?: number, exclusive = false): Generator<Contact> {
        for (const id of this.modified.ascending(from, exclusive)) {
            const contact = this.byId.get(id);
            if (contact) yield contact;
        }
    }

    /** Newest change first, ties in descending id order. */
    *byModifiedDescending(): Generator<Contact> {
        for (const id of this.modified.descending()) {
            const contact = this.byId.get(id);
            if (contact) yield contact;
        }
    }
}
