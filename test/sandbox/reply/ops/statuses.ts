/**
 * Contact-level statuses (the C20 vocabulary): set-status, clear-status and set-opted-out. Sequence statuses apply to
 * the named sequence, or to every sequence the contact is in; contact flags (opted out, call, meeting) to the contact.
 */
import type { PersonStatus } from '../schemas.ts';
import type { WorkspaceState } from '../state.ts';
import type { Contact, Membership, StatusInSequence } from '../types.ts';
import { recordStatus, sequenceRef } from './activity.ts';
import type { FailureDictionary } from './lists.ts';
import { applySequenceStatus, canTransition, finishMembership, markMembership, requireSequence } from './sequences.ts';

const IN_SEQUENCE: Partial<Record<PersonStatus, 'active' | 'paused' | 'finished' | 'outOfOffice'>> = {
    Active: 'active',
    Paused: 'paused',
    Finished: 'finished',
    OutOfOffice: 'outOfOffice'
};

function targets(s: WorkspaceState, contactId: number, sequenceId: number | undefined): Membership[] {
    const all = s.memberships.forContact(contactId);
    return sequenceId === undefined ? [...all] : all.filter((m) => m.sequenceId === sequenceId);
}

export function setStatus(
    s: WorkspaceState,
    contactIds: readonly number[],
    status: PersonStatus,
    sequenceId: number | undefined,
    at: number,
    userId: number
): FailureDictionary {
    if (sequenceId !== undefined) requireSequence(s, sequenceId);
    const failures: FailureDictionary = {};
    for (const contactId of new Set(contactIds)) {
        const contact = s.contacts.get(contactId);
        if (!contact) {
            failures[contactId] = { error: 'contactNotFound', errorDetails: `Contact ${contactId} was not found` };
            continue;
        }
        const failure = setOne(s, contact, status, sequenceId, at, userId);
        if (failure) failures[contactId] = failure;
    }
    return failures;
}

function setOne(
    s: WorkspaceState,
    contact: Contact,
    status: PersonStatus,
    sequenceId: number | undefined,
    at: number,
    userId: number
): { error: string; errorDetails: string } | undefined {
    if (status === 'OptedOut') {
        optOut(s, contact, at, userId, 'Manual');
        return undefined;
    }
    if (status === 'ToCall' || status === 'Called' || status === 'MeetingBooked') {
        const changed =
            status === 'MeetingBooked'
                ? swap(contact, 'meetingStatus', 'meetingBooked')
                : swap(contact, 'callStatus', status === 'ToCall' ? 'toCall' : 'called');
        if (changed) {
            s.touchStatus(contact, at);
            recordStatus(s, { contact, status, at, userId });
        }
        return undefined;
    }
    const memberships = targets(s, contact.id, sequenceId);
    if (memberships.length === 0) {
        return {
            error: 'notInSequence',
            errorDetails: `Contact ${contact.id} is not in ${sequenceId ?? 'any'} sequence`
        };
    }
    let refused = 0;
    for (const membership of memberships) {
        const sequence = s.sequences.get(membership.sequenceId);
        if (!sequence) continue;
        if (status === 'Replied' || status === 'Bounced') {
            markMembership(s, sequence, membership, contact, status === 'Replied' ? 'replied' : 'bounced', at, userId);
            continue;
        }
        const target = IN_SEQUENCE[status] as StatusInSequence & ('active' | 'paused' | 'finished' | 'outOfOffice');
        if (membership.status === target) continue;
        if (!canTransition(membership.status, target)) {
            refused++;
            continue;
        }
        applySequenceStatus(s, sequence, membership, contact, target, at, userId);
    }
    if (refused === memberships.length) {
        return { error: 'invalidStatusTransition', errorDetails: `Cannot set ${status} from the current status` };
    }
    return undefined;
}

function swap<K extends 'callStatus' | 'meetingStatus'>(contact: Contact, key: K, value: Contact[K]): boolean {
    if (contact[key] === value) return false;
    contact[key] = value;
    return true;
}

const CLEARABLE: readonly PersonStatus[] = [
    'OptedOut',
    'ToCall',
    'Called',
    'MeetingBooked',
    'Replied',
    'Bounced',
    'Paused',
    'OutOfOffice'
];

/** Clears the named statuses (all clearable ones by default); Active and Finished have nothing to clear. */
export function clearStatus(
    s: WorkspaceState,
    contactIds: readonly number[],
    statuses: readonly PersonStatus[] | undefined,
    sequenceId: number | undefined,
    at: number,
    userId: number
): FailureDictionary {
    if (sequenceId !== undefined) requireSequence(s, sequenceId);
    const failures: FailureDictionary = {};
    for (const contactId of new Set(contactIds)) {
        const contact = s.contacts.get(contactId);
        if (!contact) {
            failures[contactId] = { error: 'contactNotFound', errorDetails: `Contact ${contactId} was not found` };
            continue;
        }
        for (const status of statuses ?? CLEARABLE) {
            if (clearOne(s, contact, status, sequenceId, at, userId)) {
                s.touchStatus(contact, at);
                recordStatus(s, { contact, status, cleared: true, at, userId });
            }
        }
    }
    return failures;
}

function clearOne(
    s: WorkspaceState,
    contact: Contact,
    status: PersonStatus,
    sequenceId: number | undefined,
    at: number,
    userId: number
): boolean {
    switch (status) {
        case 'OptedOut':
            return swapFlag(contact, false);
        case 'ToCall':
            return contact.callStatus === 'toCall' && swap(contact, 'callStatus', 'none');
        case 'Called':
            return contact.callStatus === 'called' && swap(contact, 'callStatus', 'none');
        case 'MeetingBooked':
            return swap(contact, 'meetingStatus', 'none');
        case 'Replied':
        case 'Bounced': {
            const flag = status === 'Replied' ? 'isReplied' : 'isBounced';
            let changed = false;
            for (const membership of targets(s, contact.id, sequenceId)) {
                if (membership.emailDisposition?.[flag]) {
                    membership.emailDisposition[flag] = false;
                    changed = true;
                }
            }
            return changed;
        }
        case 'Paused':
        case 'OutOfOffice': {
            const from = status === 'Paused' ? 'paused' : 'outOfOffice';
            let changed = false;
            for (const membership of targets(s, contact.id, sequenceId)) {
                const sequence = s.sequences.get(membership.sequenceId);
                if (membership.status !== from || !sequence) continue;
                applySequenceStatus(s, sequence, membership, contact, 'active', at, userId);
                changed = true;
            }
            return changed;
        }
        default:
            return false;
    }
}

function swapFlag(contact: Contact, isOptedOut: boolean): boolean {
    if (contact.isOptedOut === isOptedOut) return false;
    contact.isOptedOut = isOptedOut;
    return true;
}

/** Opting out stops every running sequence for the contact and announces contact_opted_out. */
export function optOut(
    s: WorkspaceState,
    contact: Contact,
    at: number,
    userId: number,
    source: 'Manual' | 'Api' | 'Unsubscribe'
): void {
    if (!swapFlag(contact, true)) return;
    for (const membership of s.memberships.forContact(contact.id)) {
        if (membership.status !== 'finished') finishMembership(s, membership, at, userId, 'optedOut');
    }
    s.touchStatus(contact, at);
    recordStatus(s, { contact, status: 'OptedOut', ref: sequenceRef(null), at, userId });
    s.emit({
        type: 'contact_opted_out',
        occurredAt: at,
        userId,
        contact,
        sequence: null,
        stepNumber: null,
        fields: { opt_out_source: source }
    });
}

/** POST /v3/contacts/set-opted-out: `{contactIds, isOptedOut}`, failures per id (`notFound`). */
export function setOptedOut(
    s: WorkspaceState,
    contactIds: readonly number[],
    isOptedOut: boolean,
    at: number,
    userId: number
): FailureDictionary {
    const failures: FailureDictionary = {};
    for (const contactId of new Set(contactIds)) {
        const contact = s.contacts.get(contactId);
        if (!contact) {
            failures[contactId] = { error: 'notFound', errorDetails: `Contact ${contactId} was not found` };
        } else if (isOptedOut) {
            optOut(s, contact, at, userId, 'Api');
        } else if (swapFlag(contact, false)) {
            s.touchStatus(contact, at);
            recordStatus(s, { contact, status: 'OptedOut', cleared: true, at, userId });
        }
    }
    return failures;
}
