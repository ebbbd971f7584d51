/**
 * Sequence membership: Reply's bulk add (with its quirks), removal, per-sequence statuses, and starting, pausing and
 * archiving a sequence. Membership changes are changes to the contact (C4).
 */
import { MINUTE } from '../clock.ts';
import { badRequest, conflict, invalidField, notFound } from '../problems.ts';
import type { BulkAddInput, SequenceStatusWrite } from '../schemas.ts';
import { stepOf } from '../sequence-graph.ts';
import type { WorkspaceState } from '../state.ts';
import type { Contact, Membership, Sequence, StatusInSequence } from '../types.ts';
import { recordStatus, sequenceRef, updateDisposition } from './activity.ts';
import type { FailureDictionary } from './lists.ts';

export function requireSequence(s: WorkspaceState, id: number): Sequence {
    const sequence = s.sequences.get(id);
    if (!sequence) throw notFound('sequence.notFound', `Sequence ${id} was not found`);
    return sequence;
}

const RUNNING: readonly StatusInSequence[] = ['active', 'paused', 'outOfOffice'];

function position(sequence: Sequence, stepId: number | null): number {
    return stepId === null ? -1 : sequence.stepOrder.indexOf(stepId);
}

/** Reply queues what a client schedules; a step never runs sooner than this after it was (re)scheduled. */
export const DISPATCH_LATENCY = 5 * MINUTE;

/** Schedules the membership's current step: after the step's delay (or none when ignored), plus dispatch latency. */
function schedule(
    s: WorkspaceState,
    sequence: Sequence,
    membership: Membership,
    at: number,
    ignoreDelay: boolean
): void {
    s.bumpVersion(membership);
    if (sequence.status !== 'active' || sequence.isArchived || membership.status !== 'active') return;
    const step = stepOf(sequence, membership.currentStepId);
    if (!step) return;
    s.scheduleStep(membership, (ignoreDelay ? at : at + step.delayInMinutes * MINUTE) + DISPATCH_LATENCY);
}

function invalidInput(failures: FailureDictionary, contactId: number, details: string): void {
    failures[contactId] = { error: 'invalidInput', errorDetails: details };
}

/**
 * POST /v3/sequences/{id}/contact-links/bulk. Reply's observed behaviour (ref §4): every refusal is the generic
 * `invalidInput`; a contact already in the sequence is never reported as such, it is counted as added and moved
 * forward to `startStepId` when that step lies ahead of its current one (never backwards).
 */
export function bulkAdd(
    s: WorkspaceState,
    sequenceId: number,
    input: BulkAddInput,
    at: number
): { added: number[]; notProcessed: FailureDictionary } {
    const sequence = requireSequence(s, sequenceId);
    if (sequence.isArchived) throw conflict('sequenceAction.archived', `Sequence ${sequenceId} is archived`);
    if (sequence.stepOrder.length === 0) {
        throw badRequest('sequenceContact.noStepsInSequence', `Sequence ${sequenceId} has no steps`);
    }
    const startStepId = input.startStepId ?? null;
    if (startStepId !== null && position(sequence, startStepId) < 0) {
        throw invalidField('/startStepId', `step ${startStepId} is not a step of sequence ${sequenceId}`);
    }
    const startAt = Math.max(at, input.startFrom ?? at);
    const added: number[] = [];
    const notProcessed: FailureDictionary = {};
    for (const contactId of new Set(input.contactIds)) {
        const contact = s.contacts.get(contactId);
        if (!contact) {
            invalidInput(notProcessed, contactId, 'The contact cannot be added to the sequence');
            continue;
        }
        if (contact.isOptedOut) {
            invalidInput(notProcessed, contactId, 'The contact cannot be added to the sequence');
            continue;
        }
        const existing = s.memberships.get(sequenceId, contactId);
        if (existing) {
            moveForward(s, sequence, existing, contact, startStepId, startAt, input.ignoreStepDelay, at);
            added.push(contactId);
            continue;
        }
        const elsewhere = s.memberships
            .forContact(contactId)
            .filter((m) => m.sequenceId !== sequenceId && RUNNING.includes(m.status));
        if (elsewhere.length > 0 && !input.removeFromExisting) {
            invalidInput(notProcessed, contactId, 'The contact cannot be added to the sequence');
            continue;
        }
        for (const other of elsewhere) {
            s.bumpVersion(other);
            s.memberships.remove(other.sequenceId, contactId);
        }
        enrol(
            s,
            sequence,
            contact,
            startStepId ?? (sequence.stepOrder[0] as number),
            startAt,
            input.ignoreStepDelay,
            at
        );
        added.push(contactId);
    }
    return { added, notProcessed };
}

/** Adds a contact to a sequence at a step; also used by the seed and the simulator with their own times. */
export function enrol(
    s: WorkspaceState,
    sequence: Sequence,
    contact: Contact,
    stepId: number,
    startAt: number,
    ignoreDelay: boolean,
    at: number
): Membership {
    const owner = s.users.get(sequence.ownerUserId);
    const membership: Membership = {
        contactId: contact.id,
        sequenceId: sequence.id,
        status: 'active',
        currentStepId: stepId,
        addingDate: at,
        emailDisposition: null,
        emailAccountId: sequence.emailAccountIds[0] ?? owner?.emailAccountId ?? null,
        linkedInAccountId: sequence.linkedInAccountIds[0] ?? owner?.linkedInAccountId ?? null,
        version: 0
    };
    s.memberships.add(membership);
    schedule(s, sequence, membership, startAt, ignoreDelay);
    s.touch(contact, at);
    return membership;
}

function moveForward(
    s: WorkspaceState,
    sequence: Sequence,
    membership: Membership,
    contact: Contact,
    startStepId: number | null,
    startAt: number,
    ignoreDelay: boolean,
    at: number
): void {
    if (startStepId === null || membership.status === 'finished') return;
    if (position(sequence, startStepId) <= position(sequence, membership.currentStepId)) return;
    membership.currentStepId = startStepId;
    schedule(s, sequence, membership, startAt, ignoreDelay);
    s.touch(contact, at);
}

export function removeFromSequence(s: WorkspaceState, sequenceId: number, contactId: number, at: number): void {
    const membership = s.memberships.get(sequenceId, contactId);
    if (!membership) {
        throw notFound('sequenceContact.notInSequence', `Contact ${contactId} is not in sequence ${sequenceId}`);
    }
    s.bumpVersion(membership);
    s.memberships.remove(sequenceId, contactId);
    const contact = s.contacts.get(contactId);
    if (contact) s.touch(contact, at);
}

/** Ends a membership; `completed` (the last step ran) is what Reply announces as contact_finished. */
export function finishMembership(
    s: WorkspaceState,
    membership: Membership,
    at: number,
    userId: number,
    reason: 'completed' | 'replied' | 'bounced' | 'optedOut' | 'manual'
): void {
    if (membership.status === 'finished') return;
    membership.status = 'finished';
    s.bumpVersion(membership);
    const contact = s.contacts.get(membership.contactId);
    const sequence = s.sequences.get(membership.sequenceId);
    if (!contact || !sequence) return;
    s.touchStatus(contact, at);
    if (reason === 'completed') {
        s.emit({
            type: 'contact_finished',
            occurredAt: at,
            userId,
            contact,
            sequence,
            stepNumber: null,
            fields: { finish_reason: 'SequenceCompleted' }
        });
    }
}

/** target status -> the statuses it may be reached from */
const TRANSITIONS: Record<SequenceStatusWrite, readonly StatusInSequence[]> = {
    active: ['paused', 'outOfOffice'],
    paused: ['active'],
    finished: ['active', 'paused', 'outOfOffice', 'inactive'],
    outOfOffice: ['active', 'paused']
};

export function canTransition(from: StatusInSequence, to: SequenceStatusWrite): boolean {
    return TRANSITIONS[to].includes(from);
}

/**
 * Sets a status in one sequence for up to 100 contacts. Writable: active, paused (only from active), finished,
 * outOfOffice; refusals come back per id (`notInSequence`, `invalidStatusTransition`, `sequenceArchived`).
 */
export function setStatusInSequence(
    s: WorkspaceState,
    sequenceId: number,
    contactIds: readonly number[],
    status: SequenceStatusWrite,
    at: number,
    userId: number
): FailureDictionary {
    const sequence = requireSequence(s, sequenceId);
    const failures: FailureDictionary = {};
    for (const contactId of new Set(contactIds)) {
        const membership = s.memberships.get(sequenceId, contactId);
        const contact = s.contacts.get(contactId);
        if (sequence.isArchived) {
            failures[contactId] = { error: 'sequenceArchived', errorDetails: `Sequence ${sequenceId} is archived` };
        } else if (!membership || !contact) {
            failures[contactId] = {
                error: 'notInSequence',
                errorDetails: `Contact ${contactId} is not in the sequence`
            };
        } else if (membership.status !== status) {
            if (!canTransition(membership.status, status)) {
                failures[contactId] = {
                    error: 'invalidStatusTransition',
                    errorDetails: `Cannot change status from ${membership.status} to ${status}`
                };
                continue;
            }
            applySequenceStatus(s, sequence, membership, contact, status, at, userId);
        }
    }
    return failures;
}

export function applySequenceStatus(
    s: WorkspaceState,
    sequence: Sequence,
    membership: Membership,
    contact: Contact,
    status: StatusInSequence,
    at: number,
    userId: number
): void {
    if (membership.status === status) return;
    if (status === 'finished') {
        finishMembership(s, membership, at, userId, 'manual');
    } else {
        membership.status = status;
        if (status === 'active') schedule(s, sequence, membership, at, true);
        else s.bumpVersion(membership);
        s.touchStatus(contact, at);
    }
    recordStatus(s, { contact, status, ref: sequenceRef(sequence, membership.currentStepId), at, userId });
}

/** Marks contacts as replied (or bounced) in a sequence: the flag is set and the membership finishes. */
export function markInSequence(
    s: WorkspaceState,
    sequenceId: number,
    contactIds: readonly number[],
    what: 'replied' | 'bounced',
    at: number,
    userId: number
): FailureDictionary {
    const sequence = requireSequence(s, sequenceId);
    const failures: FailureDictionary = {};
    for (const contactId of new Set(contactIds)) {
        const membership = s.memberships.get(sequenceId, contactId);
        const contact = s.contacts.get(contactId);
        if (sequence.isArchived) {
            failures[contactId] = { error: 'sequenceArchived', errorDetails: `Sequence ${sequenceId} is archived` };
        } else if (!membership || !contact) {
            failures[contactId] = {
                error: 'notInSequence',
                errorDetails: `Contact ${contactId} is not in the sequence`
            };
        } else {
            markMembership(s, sequence, membership, contact, what, at, userId);
        }
    }
    return failures;
}

/**
 * A manual "replied" fires email_replied like a detected reply does (ref §5: "or status manually set to Replied");
 * a manual "bounced" only changes the status.
 */
export function markMembership(
    s: WorkspaceState,
    sequence: Sequence,
    membership: Membership,
    contact: Contact,
    what: 'replied' | 'bounced',
    at: number,
    userId: number
): void {
    const changed = updateDisposition(membership, what);
    finishMembership(s, membership, at, userId, what);
    if (!changed) return;
    s.touchStatus(contact, at);
    recordStatus(s, {
        contact,
        status: what === 'replied' ? 'Replied' : 'Bounced',
        ref: sequenceRef(sequence, membership.currentStepId),
        at,
        userId
    });
    if (what === 'replied') {
        s.emit({
            type: 'email_replied',
            occurredAt: at,
            userId,
            contact,
            sequence,
            stepNumber: null,
            fields: { reply_reason: 'MarkedAsReplied' }
        });
    }
}

export function setSequenceState(
    s: WorkspaceState,
    sequenceId: number,
    action: 'start' | 'pause' | 'archive',
    at: number
): Sequence {
    const sequence = requireSequence(s, sequenceId);
    if (action === 'archive') {
        sequence.isArchived = true;
        if (sequence.status === 'active') sequence.status = 'paused';
        return sequence;
    }
    if (sequence.isArchived) throw conflict('sequenceAction.archived', `Sequence ${sequenceId} is archived`);
    if (action === 'pause') {
        if (sequence.status === 'active') sequence.status = 'paused';
        return sequence;
    }
    if (sequence.status === 'active') return sequence;
    if (sequence.stepOrder.length === 0) {
        throw badRequest('sequenceContact.noStepsInSequence', `Sequence ${sequenceId} has no steps`);
    }
    sequence.status = 'active';
    for (const membership of s.memberships.forSequence(sequenceId)) {
        if (membership.status === 'active') schedule(s, sequence, membership, at, true);
    }
    return sequence;
}
