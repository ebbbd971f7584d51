/**
 * Contact writes: create, Reply's POST-overwrite quirk, partial update, delete, import (upsert by email) and custom
 * field values. Every effective change moves `lastModifiedAt` (ASSUMPTIONS C4); a write that changes nothing does not.
 */
import { conflict, invalidField, notFound, ReplyProblem } from '../problems.ts';
import { contactFieldsSchema, type ContactInput, type CustomFieldWrite, type ImportOptions } from '../schemas.ts';
import type { WorkspaceState } from '../state.ts';
import { CONTACT_TEXT_FIELDS, type Contact, type ContactProfile, type CustomField } from '../types.ts';
import { issuesToErrors } from '../validation.ts';
import { addToList } from './lists.ts';

const PROFILE_FIELDS = [...CONTACT_TEXT_FIELDS, 'companySize', 'accountId'] as const;
type ProfileField = (typeof PROFILE_FIELDS)[number];

export function emptyProfile(): ContactProfile {
    const profile = { companySize: null, accountId: null } as Record<string, null>;
    for (const field of CONTACT_TEXT_FIELDS) profile[field] = null;
    return profile as unknown as ContactProfile;
}

export function requireContact(s: WorkspaceState, id: number): Contact {
    const contact = s.contacts.get(id);
    if (!contact) throw notFound('contact.notFound', `Contact ${id} was not found`);
    return contact;
}

function requireOwner(s: WorkspaceState, userId: number, pointer: string): number {
    if (!s.users.has(userId)) throw invalidField(pointer, `user ${userId} is not a member of this team`);
    return userId;
}

/** Resolves `[{id | name, value}]` against the defined fields, coercing values to the field's type. */
export function resolveCustomFields(
    s: WorkspaceState,
    writes: readonly CustomFieldWrite[],
    pointer = '/customFields'
): [CustomField, string | number | null][] {
    return writes.map((write, index) => {
        const field =
            write.id !== undefined
                ? s.customFields.get(write.id)
                : [...s.customFields.values()].find(
                      (candidate) => candidate.title.toLowerCase() === write.name?.toLowerCase()
                  );
        if (!field) {
            throw invalidField(`${pointer}/${index}`, `no custom field ${write.id ?? `'${write.name}'`}`);
        }
        const value = write.value;
        if (value === null || value === '') return [field, null];
        if (field.fieldType === 'number') {
            const number = typeof value === 'number' ? value : Number(value);
            if (!Number.isFinite(number) || (typeof value === 'string' && value.trim() === '')) {
                throw invalidField(`${pointer}/${index}/value`, `'${field.title}' is a number field`);
            }
            return [field, number];
        }
        return [field, String(value)];
    });
}

const TIME_ZONES: [RegExp, string][] = [
    [/^(united states|usa|us)$/i, 'Eastern Standard Time'],
    [/^(united kingdom|uk|england|ireland)$/i, 'GMT Standard Time'],
    [/^(germany|france|spain|italy|netherlands|poland|sweden|austria|belgium)$/i, 'Central European Standard Time'],
    [/^(ukraine|finland|greece|romania)$/i, 'FLE Standard Time'],
    [/^(india)$/i, 'India Standard Time'],
    [/^(australia)$/i, 'AUS Eastern Standard Time'],
    [/^(canada)$/i, 'Eastern Standard Time']
];
const PACIFIC_STATES = /^(california|washington|oregon|nevada|ca|wa|or|nv)$/i;

/** Reply's "detect time zone" import option, reduced to country (and US west-coast states). */
export function detectTimeZone(country: string | null, state: string | null): string {
    if (country && /^(united states|usa|us)$/i.test(country) && state && PACIFIC_STATES.test(state)) {
        return 'Pacific Standard Time';
    }
    return TIME_ZONES.find(([pattern]) => country && pattern.test(country))?.[1] ?? 'UTC';
}

/** Applies the given profile fields and custom field values; returns whether anything changed. Validates first. */
function applyInput(s: WorkspaceState, contact: Contact, input: ContactInput, fillEmptyOnly: boolean): boolean {
    const customFields = resolveCustomFields(s, input.customFields ?? []);
    if (input.ownerUserId !== undefined) requireOwner(s, input.ownerUserId, '/ownerUserId');
    if (input.email && (!fillEmptyOnly || contact.email === null)) {
        const holder = s.contacts.findByEmail(input.email);
        if (holder && holder.id !== contact.id) {
            throw conflict('contact.emailAlreadyExists', `Another contact (${holder.id}) already has ${input.email}`);
        }
    }
    let changed = false;
    for (const field of PROFILE_FIELDS) {
        const value = (input as Partial<Record<ProfileField, unknown>>)[field];
        if (value === undefined) continue;
        const current = contact[field];
        if (fillEmptyOnly && current !== null) continue;
        if (current === value) continue;
        if (field === 'email') s.contacts.reindexEmail(contact, value as string | null);
        (contact as unknown as Record<string, unknown>)[field] = value;
        changed = true;
    }
    if (input.ownerUserId !== undefined && input.ownerUserId !== contact.ownerUserId && !fillEmptyOnly) {
        contact.ownerUserId = input.ownerUserId;
        changed = true;
    }
    if (input.callStatus !== undefined && input.callStatus !== contact.callStatus) {
        contact.callStatus = input.callStatus;
        changed = true;
    }
    if (input.meetingStatus !== undefined && input.meetingStatus !== contact.meetingStatus) {
        contact.meetingStatus = input.meetingStatus;
        changed = true;
    }
    for (const [field, value] of customFields) {
        const current = contact.customFields.get(field.id);
        if (fillEmptyOnly && current !== undefined) continue;
        if (value === null) {
            if (current !== undefined) {
                contact.customFields.delete(field.id);
                changed = true;
            }
        } else if (current !== value) {
            contact.customFields.set(field.id, value);
            changed = true;
        }
    }
    return changed;
}

function checkIdentity(input: ContactInput, pointerPrefix = ''): void {
    if (!input.firstName) throw invalidField(`${pointerPrefix}/firstName`, 'firstName is required');
    if (!input.email && !input.linkedInUrl) {
        throw invalidField(`${pointerPrefix}/email`, 'a contact needs an email or a linkedInUrl');
    }
}

export function createContact(
    s: WorkspaceState,
    input: ContactInput,
    actingUserId: number,
    at: number,
    options: { detectTimeZone?: boolean } = {}
): Contact {
    checkIdentity(input);
    if (input.email && s.contacts.findByEmail(input.email)) {
        throw conflict('contact.emailAlreadyExists', `A contact with ${input.email} already exists`);
    }
    const ownerUserId = requireOwner(s, input.ownerUserId ?? actingUserId, '/ownerUserId');
    const customFields = resolveCustomFields(s, input.customFields ?? []);
    const contact: Contact = {
        ...emptyProfile(),
        id: s.nextId('contact'),
        ownerUserId,
        isOptedOut: false,
        callStatus: input.callStatus ?? 'none',
        meetingStatus: input.meetingStatus ?? 'none',
        addingDate: at,
        createdAt: at,
        lastModifiedAt: at,
        customFields: new Map(),
        listIds: []
    };
    for (const field of PROFILE_FIELDS) {
        const value = (input as Partial<Record<ProfileField, unknown>>)[field];
        if (value !== undefined) (contact as unknown as Record<string, unknown>)[field] = value;
    }
    for (const [field, value] of customFields) if (value !== null) contact.customFields.set(field.id, value);
    if (options.detectTimeZone && !contact.timeZoneId) {
        contact.timeZoneId = detectTimeZone(contact.country, contact.state);
    }
    s.contacts.add(contact);
    return contact;
}

/**
 * POST /v3/contacts for an email that already exists: Reply overwrites that contact with the body and blanks every
 * profile field and custom field the body does not carry (observed, ref §1). Owner, statuses, sequences, lists and
 * notes survive.
 */
export function overwriteContact(s: WorkspaceState, contact: Contact, input: ContactInput, at: number): Contact {
    checkIdentity(input);
    const blanked: ContactInput = { ...input };
    for (const field of PROFILE_FIELDS) {
        if ((blanked as Record<string, unknown>)[field] === undefined)
            (blanked as Record<string, unknown>)[field] = null;
    }
    const sent = new Set(resolveCustomFields(s, input.customFields ?? []).map(([field]) => field.id));
    const cleared = [...contact.customFields.keys()].filter((id) => !sent.has(id)).map((id) => ({ id, value: null }));
    blanked.customFields = [...(input.customFields ?? []), ...cleared];
    if (applyInput(s, contact, blanked, false)) s.touch(contact, at);
    return contact;
}

export function updateContact(s: WorkspaceState, contact: Contact, input: ContactInput, at: number): Contact {
    if (input.firstName === null) throw invalidField('/firstName', 'firstName cannot be blank');
    // "The new owner must be a member of the caller's team; otherwise the request fails with 404"
    // (docs.reply.io/api-reference/contacts/update-a-contact; the code slug has no public source).
    if (input.ownerUserId !== undefined && !s.users.has(input.ownerUserId)) {
        throw notFound('user.notFound', `User ${input.ownerUserId} is not a member of this team`);
    }
    const nextEmail = input.email === undefined ? contact.email : input.email;
    const nextLinkedIn = input.linkedInUrl === undefined ? contact.linkedInUrl : input.linkedInUrl;
    if (!nextEmail && !nextLinkedIn) throw invalidField('/email', 'a contact needs an email or a linkedInUrl');
    if (applyInput(s, contact, input, false)) s.touch(contact, at);
    return contact;
}

export function deleteContact(s: WorkspaceState, id: number): void {
    const contact = requireContact(s, id);
    if (contact.email) s.deletedEmails.set(contact.email.toLowerCase(), contact.id);
    for (const listId of contact.listIds) s.lists.get(listId)?.members.delete(id);
    s.memberships.removeContact(id);
    s.activity.forgetContact(id);
    s.contacts.delete(id);
}

export type ImportItemStatus = 'created' | 'updated' | 'skipped' | 'failed';
/** Documented `{id, status, error}` (import-contacts); `skipReason` is what reply-team/reply-cli contacts.ts reads. */
export interface ImportItemResult {
    id: number | null;
    status: ImportItemStatus;
    error: string | null;
    skipReason?: string;
}
export interface ImportResult {
    items: ImportItemResult[];
    added: number;
    updated: number;
    skipped: number;
    failed: number;
}

/**
 * Upsert by email (ASSUMPTIONS C6): a new email is created; an existing one is skipped (skipExisting), overwritten
 * with the fields sent (overwriteExisting), or else only has its empty fields filled. Items fail one by one.
 */
export function importContacts(
    s: WorkspaceState,
    items: readonly unknown[],
    options: ImportOptions,
    actingUserId: number,
    at: number
): ImportResult {
    options.listIds.forEach((listId, index) => {
        if (!s.lists.has(listId)) throw invalidField(`/options/listIds/${index}`, `contact list ${listId} not found`);
    });
    const result: ImportResult = { items: [], added: 0, updated: 0, skipped: 0, failed: 0 };
    items.forEach((raw, index) => {
        const item = importOne(s, raw, index, options, actingUserId, at);
        result.items.push(item);
        if (item.status === 'created') result.added++;
        else result[item.status]++;
        if ((item.status === 'created' || item.status === 'updated') && item.id !== null) {
            for (const listId of options.listIds) addToList(s, listId, [item.id], at);
        }
    });
    return result;
}

function importOne(
    s: WorkspaceState,
    raw: unknown,
    index: number,
    options: ImportOptions,
    actingUserId: number,
    at: number
): ImportItemResult {
    const parsed = contactFieldsSchema.safeParse(raw);
    if (!parsed.success) {
        const first = issuesToErrors(parsed.error.issues, `/items/${index}`)[0];
        return { id: null, status: 'failed', error: `${first?.pointer}: ${first?.detail}` };
    }
    const input = parsed.data;
    if (!input.email) return { id: null, status: 'failed', error: 'email is required for import' };
    if (!input.firstName) return { id: null, status: 'failed', error: 'firstName is required' };
    try {
        const existing = s.contacts.findByEmail(input.email);
        const deleted = existing ? undefined : s.deletedEmails.get(input.email.toLowerCase());
        // A deleted contact's address is not imported again (reply-team/reply-cli src/operations/contacts.ts:
        // "except a deleted one, which can't be worked with"; ASSUMPTIONS.md C29).
        if (deleted !== undefined) return { id: deleted, status: 'skipped', error: null, skipReason: 'contactDeleted' };
        if (!existing) {
            const contact = createContact(s, input, actingUserId, at, { detectTimeZone: options.detectTimeZone });
            return { id: contact.id, status: 'created', error: null };
        }
        if (options.skipExisting) {
            return { id: existing.id, status: 'skipped', error: null, skipReason: 'alreadyExists' };
        }
        const changed = applyInput(s, existing, input, !options.overwriteExisting);
        if (!changed) return { id: existing.id, status: 'skipped', error: null, skipReason: 'noChanges' };
        s.touch(existing, at);
        return { id: existing.id, status: 'updated', error: null };
    } catch (error) {
        if (!(error instanceof ReplyProblem)) throw error;
        const where = error.errors?.[0];
        const detail = where ? `${where.pointer ?? ''}: ${where.detail}`.replace(/^: /, '') : error.message;
        return { id: null, status: 'failed', error: detail };
    }
}
