/**
 * The sequence engine that makes the workspace live. Scheduled actions (a membership's next step, and what follows
 * an email or a call: opens, clicks, replies, bounces, categorisation, meetings) sit in a min-heap ordered by
 * (time, insertion order) and run when the clock passes them; outcomes are drawn from a seeded PRNG in that order,
 * so the same seed and the same calls always give the same events.
 */
import { DAY, HOUR, MINUTE, iso } from './clock.ts';
import { MinHeap } from './collections.ts';
import {
    CALL_DISPOSITIONS,
    CALL_NOTES,
    LINK_URLS,
    LINKEDIN_REPLIES,
    OUT_OF_OFFICE,
    OWNER_ANSWERS,
    REPLY_CATEGORY,
    REPLY_KINDS,
    REPLY_TEXTS,
    render,
    type ReplyKind
} from './content.ts';
import {
    addNote,
    assignCategory,
    createTask,
    finishTask,
    receiveMessage,
    recordCall,
    recordEmail,
    recordLinkedIn,
    recordStatus,
    sendMessage,
    sequenceRef
} from './ops/activity.ts';
import { applySequenceStatus, enrol, finishMembership } from './ops/sequences.ts';
import { optOut } from './ops/statuses.ts';
import type { Random } from './random.ts';
import { nextStepId, stepOf } from './sequence-graph.ts';
import type { WorkspaceState } from './state.ts';
import type { Contact, Membership, Sequence, SequenceStep } from './types.ts';

type Follow =
    | { what: 'open' | 'click' | 'bounce' | 'autoReply'; stepId: number; sentAt: number; subject: string; body: string }
    | { what: 'reply'; stepId: number; sentAt: number; subject: string; body: string; kind: ReplyKind }
    | { what: 'resume' }
    | { what: 'categorize'; threadId: number; category: string }
    | { what: 'ownerAnswer'; threadId: number }
    | { what: 'callDone'; taskId: number; stepId: number }
    | { what: 'taskDone'; taskId: number; stepId: number | null }
    | { what: 'linkedInAccepted'; stepId: number }
    | { what: 'linkedInReply'; stepId: number; sentAt: number; message: string };

interface Action {
    at: number;
    order: number;
    contactId: number;
    sequenceId: number;
    /** the membership version the action was scheduled for; step runs and sequence-bound follow-ups check it */
    version: number;
    follow: Follow | null;
}

export interface SimulateOptions {
    /** advance the clock by this many minutes, running everything that falls due */
    minutes?: number;
    /** advance the clock to this time (ISO string or epoch ms) */
    until?: string | number;
    /** first enrol this many contacts that are in no sequence yet into active sequences */
    enrol?: number;
    /** with `enrol`: the sequence to enrol them into (default: spread over the active sequences) */
    sequenceId?: number;
    /** keep enrolling and advancing (in 6-hour strides) until at least this many new activity records exist */
    activities?: number;
}

export interface SimulationSummary {
    from: string;
    to: string;
    enrolled: number;
    activities: number;
    events: Record<string, number>;
}

const EMAIL_ODDS = { bounce: 0.03, autoReply: 0.03, reply: 0.09, open: 0.55, click: 0.25 };

export class SequenceEngine {
    private readonly heap = new MinHeap<Action>((a, b) => a.at < b.at || (a.at === b.at && a.order < b.order));
    private order = 0;

    constructor(
        private readonly s: WorkspaceState,
        private readonly random: Random
    ) {
        s.scheduleStep = (membership, at) => this.push(at, membership, null);
    }

    get pending(): number {
        return this.heap.size;
    }

    /** Runs every action due at or before `t`, in time order. */
    runUntil(t: number): number {
        let ran = 0;
        for (let next = this.heap.peek(); next && next.at <= t; next = this.heap.peek()) {
            this.heap.pop();
            this.run(next);
            ran++;
        }
        return ran;
    }

    /** Enrols up to `count` contacts that are in no sequence (not opted out, with an email) at `at`. */
    enrolFresh(count: number, at: number, sequenceId?: number): number {
        const sequences = [...this.s.sequences.values()].filter(
            (sequence) =>
                sequence.status === 'active' &&
                !sequence.isArchived &&
                sequence.stepOrder.length > 0 &&
                (sequenceId === undefined || sequence.id === sequenceId)
        );
        if (sequences.length === 0 || count <= 0) return 0;
        let enrolled = 0;
        for (const contact of this.s.contacts.values()) {
            if (enrolled >= count) break;
            if (contact.isOptedOut || !contact.email || this.s.memberships.isEnrolled(contact.id)) continue;
            const sequence = this.random.pick(sequences);
            enrol(this.s, sequence, contact, sequence.stepOrder[0] as number, at, false, at);
            enrolled++;
        }
        return enrolled;
    }

    private push(
        at: number,
        membership: Pick<Membership, 'contactId' | 'sequenceId' | 'version'>,
        follow: Follow | null
    ): void {
        this.heap.push({
            at,
            order: ++this.order,
            contactId: membership.contactId,
            sequenceId: membership.sequenceId,
            version: membership.version,
            follow
        });
    }

    private after(at: number, minMinutes: number, maxMinutes: number): number {
        return at + this.random.int(minMinutes, maxMinutes) * MINUTE;
    }

    private run(action: Action): void {
        const contact = this.s.contacts.get(action.contactId);
        const sequence = this.s.sequences.get(action.sequenceId);
        if (!contact || !sequence) return;
        const membership = this.s.memberships.get(action.sequenceId, action.contactId);
        if (action.follow === null) {
            if (!membership || membership.version !== action.version || membership.status !== 'active') return;
            // A paused or archived sequence is rescheduled when it starts again.
            if (sequence.status !== 'active' || sequence.isArchived) return;
            this.runStep(action.at, contact, sequence, membership);
            return;
        }
        this.runFollow(action, contact, sequence, membership);
    }

    private runStep(at: number, contact: Contact, sequence: Sequence, membership: Membership): void {
        const step = stepOf(sequence, membership.currentStepId);
        if (contact.isOptedOut || !step) {
            finishMembership(
                this.s,
                membership,
                at,
                sequence.ownerUserId,
                contact.isOptedOut ? 'optedOut' : 'completed'
            );
            return;
        }
        if (step.type === 'email') this.runEmail(at, contact, sequence, membership, step);
        else if (step.type === 'linkedIn') this.runLinkedIn(at, contact, sequence, membership, step);
        else if (step.type === 'call') this.runCall(at, contact, sequence, membership, step);
        else this.runTask(at, contact, sequence, membership, step);
    }

    /** Moves to the next step on the main path, or finishes the sequence after the last one. */
    private advance(at: number, sequence: Sequence, membership: Membership): void {
        const current = membership.currentStepId;
        const next = current === null ? null : nextStepId(sequence, current);
        if (next === null) {
            finishMembership(this.s, membership, at, sequence.ownerUserId, 'completed');
            return;
        }
        membership.currentStepId = next;
        this.s.bumpVersion(membership);
        const contact = this.s.contacts.get(membership.contactId);
        if (contact) this.s.touch(contact, at);
        const step = stepOf(sequence, next);
        this.push(at + (step?.delayInMinutes ?? 0) * MINUTE, membership, null);
    }

    private runEmail(
        at: number,
        contact: Contact,
        sequence: Sequence,
        membership: Membership,
        step: SequenceStep
    ): void {
        if (!contact.email) {
            // Reply's "inactive" status: the contact lacks data the step needs.
            membership.status = 'inactive';
            this.s.bumpVersion(membership);
            this.s.touchStatus(contact, at);
            return;
        }
        const variant = this.random.pick(step.variants.filter((v) => v.isEnabled));
        const owner = this.s.users.get(sequence.ownerUserId);
        const subject = render(variant.subject ?? '', contact, owner);
        const body = render(variant.body ?? '', contact, owner);
        const ref = sequenceRef(sequence, step.id);
        recordEmail(this.s, {
            contact,
            membership,
            ref,
            eventType: 'sent',
            at,
            userId: sequence.ownerUserId,
            subject,
            body
        });
        const r = this.random;
        const about = { stepId: step.id, sentAt: at, subject, body };
        if (r.chance(EMAIL_ODDS.bounce)) {
            this.push(this.after(at, 1, 10), membership, { what: 'bounce', ...about });
        } else {
            if (r.chance(EMAIL_ODDS.autoReply)) {
                this.push(this.after(at, 2, 60), membership, { what: 'autoReply', ...about });
            }
            const replies = r.chance(EMAIL_ODDS.reply);
            const replyAt = this.after(at, 45, 3 * 24 * 60);
            if (replies || r.chance(EMAIL_ODDS.open)) {
                const openAt = replies
                    ? at + Math.floor((replyAt - at) * r.next() * 0.8) + MINUTE
                    : this.after(at, 5, 2 * 24 * 60);
                this.push(openAt, membership, { what: 'open', ...about });
                if (r.chance(EMAIL_ODDS.click)) {
                    this.push(openAt + r.int(1, 30) * MINUTE, membership, { what: 'click', ...about });
                }
            }
            if (replies) {
                const kind = r.weighted(REPLY_KINDS);
                this.push(replyAt, membership, { what: 'reply', stepId: step.id, sentAt: at, subject, body, kind });
            }
        }
        this.advance(at, sequence, membership);
    }

    private runLinkedIn(
        at: number,
        contact: Contact,
        sequence: Sequence,
        membership: Membership,
        step: SequenceStep
    ): void {
        const variant = this.random.pick(step.variants.filter((v) => v.isEnabled));
        const owner = this.s.users.get(sequence.ownerUserId);
        const message = variant.message ? render(variant.message, contact, owner) : null;
        if (contact.linkedInUrl) {
            const ref = sequenceRef(sequence, step.id);
            const base = { contact, ref, at, userId: sequence.ownerUserId };
            const r = this.random;
            switch (variant.actionType ?? 'message') {
                case 'connect':
                    recordLinkedIn(this.s, { ...base, eventType: 'connectionRequestSent', message });
                    if (r.chance(0.35))
                        this.push(this.after(at, 60, 5 * 24 * 60), membership, {
                            what: 'linkedInAccepted',
                            stepId: step.id
                        });
                    break;
                case 'viewProfile':
                    recordLinkedIn(this.s, { ...base, eventType: 'profileViewed', message: null });
                    break;
                default: {
                    const inMail = variant.actionType === 'inMail';
                    recordLinkedIn(this.s, { ...base, eventType: inMail ? 'inMailSent' : 'messageSent', message });
                    if (r.chance(inMail ? 0.05 : 0.1)) {
                        this.push(this.after(at, 60, 3 * 24 * 60), membership, {
                            what: 'linkedInReply',
                            stepId: step.id,
                            sentAt: at,
                            message: message ?? ''
                        });
                    }
                }
            }
        }
        this.advance(at, sequence, membership);
    }

    /** A call step creates a call task; the call happens later and only then does the sequence move on. */
    private runCall(
        at: number,
        contact: Contact,
        sequence: Sequence,
        membership: Membership,
        step: SequenceStep
    ): void {
        if (!contact.phone) {
            this.advance(at, sequence, membership);
            return;
        }
        const task = createTask(this.s, {
            contact,
            taskType: 'call',
            assignedUserId: sequence.ownerUserId,
            startAt: at,
            dueTo: at + DAY,
            title: `Call ${this.s.fullName(contact)}`,
            notes: step.variants[0]?.body ?? null,
            sequenceId: sequence.id,
            sequenceStepId: step.id
        });
        if (contact.callStatus === 'none') {
            contact.callStatus = 'toCall';
            this.s.touchStatus(contact, at);
        }
        this.push(this.after(at, 10, 20 * 60), membership, { what: 'callDone', taskId: task.id, stepId: step.id });
    }

    /** A manual task: finished most of the time (then the sequence moves on), otherwise it stalls as overdue. */
    private runTask(
        at: number,
        contact: Contact,
        sequence: Sequence,
        membership: Membership,
        step: SequenceStep
    ): void {
        const owner = this.s.users.get(sequence.ownerUserId);
        const task = createTask(this.s, {
            contact,
            taskType: 'toDo',
            assignedUserId: sequence.ownerUserId,
            startAt: at,
            dueTo: at + DAY,
            title: render(step.variants[0]?.body ?? 'Follow up', contact, owner),
            sequenceId: sequence.id,
            sequenceStepId: step.id
        });
        if (this.random.chance(0.9)) {
            this.push(this.after(at, 30, 2 * 24 * 60), membership, {
                what: 'taskDone',
                taskId: task.id,
                stepId: step.id
            });
        }
    }

    private runFollow(action: Action, contact: Contact, sequence: Sequence, membership: Membership | undefined): void {
        const follow = action.follow as Follow;
        const at = action.at;
        const userId = sequence.ownerUserId;
        const current = membership && membership.version === action.version ? membership : undefined;
        switch (follow.what) {
            case 'open':
            case 'click':
            case 'bounce':
                this.emailEvent(at, contact, sequence, membership ?? null, follow, follow.what);
                if (follow.what === 'bounce' && membership) finishMembership(this.s, membership, at, userId, 'bounced');
                return;
            case 'autoReply':
                this.autoReply(at, contact, sequence, membership, follow);
                return;
            case 'resume':
                if (current && current.status === 'outOfOffice') {
                    applySequenceStatus(this.s, sequence, current, contact, 'active', at, userId);
                }
                return;
            case 'reply':
                this.reply(at, contact, sequence, membership, follow);
                return;
            case 'categorize':
                this.categorize(at, contact, sequence, follow.threadId, follow.category);
                return;
            case 'ownerAnswer': {
                const thread = this.s.inbox.threads.get(follow.threadId);
                if (thread) sendMessage(this.s, thread, render(this.random.pick(OWNER_ANSWERS), contact), at, userId);
                return;
            }
            case 'callDone':
                this.callDone(at, contact, sequence, current, follow.taskId, follow.stepId);
                return;
            case 'taskDone': {
                const task = this.s.tasks.byId.get(follow.taskId);
                if (task) finishTask(this.s, task, at);
                if (current && current.status === 'active' && follow.stepId !== null)
                    this.advance(at, sequence, current);
                return;
            }
            case 'linkedInAccepted':
                recordLinkedIn(this.s, {
                    contact,
                    ref: sequenceRef(sequence, follow.stepId),
                    at,
                    userId,
                    eventType: 'connectionRequestAccepted',
                    message: null
                });
                return;
            case 'linkedInReply':
                this.linkedInReply(at, contact, sequence, membership, follow);
                return;
        }
    }

    private emailEvent(
        at: number,
        contact: Contact,
        sequence: Sequence,
        membership: Membership | null,
        sent: { stepId: number; subject: string; body: string },
        what: 'open' | 'click' | 'bounce'
    ): void {
        recordEmail(this.s, {
            contact,
            membership,
            ref: sequenceRef(sequence, sent.stepId),
            eventType: what === 'open' ? 'opened' : what === 'click' ? 'clicked' : 'bounced',
            at,
            userId: sequence.ownerUserId,
            subject: sent.subject,
            body: sent.body,
            ...(what === 'click' ? { linkUrl: this.random.pick(LINK_URLS) } : {}),
            ...(what === 'bounce'
                ? { bounceType: this.random.chance(0.7) ? ('hard' as const) : ('soft' as const) }
                : {})
        });
    }

    private autoReply(
        at: number,
        contact: Contact,
        sequence: Sequence,
        membership: Membership | undefined,
        sent: { sentAt: number; subject: string; body: string }
    ): void {
        const back = at + this.random.int(2, 7) * DAY;
        const body = render(OUT_OF_OFFICE, contact, undefined, { returnDate: iso(back).slice(0, 10) });
        const { thread } = receiveMessage(this.s, {
            contact,
            channel: 'email',
            sequenceId: sequence.id,
            userId: sequence.ownerUserId,
            subject: sent.subject,
            body,
            at,
            inReplyTo: { body: sent.body, at: sent.sentAt, fromName: this.ownerName(sequence) }
        });
        this.s.emit({
            type: 'email_auto_reply',
            occurredAt: at,
            userId: sequence.ownerUserId,
            contact,
            sequence,
            stepNumber: null,
            fields: { thread_id: thread.id, email_subject: thread.subject, auto_reply_type: 'OutOfOffice' },
            emailText: body
        });
        if (membership && membership.status === 'active') {
            applySequenceStatus(this.s, sequence, membership, contact, 'outOfOffice', at, sequence.ownerUserId);
            this.push(back, membership, { what: 'resume' });
        }
    }

    private reply(
        at: number,
        contact: Contact,
        sequence: Sequence,
        membership: Membership | undefined,
        follow: Extract<Follow, { what: 'reply' }>
    ): void {
        const owner = this.s.users.get(sequence.ownerUserId);
        const body = render(this.random.pick(REPLY_TEXTS[follow.kind]), contact, owner);
        recordEmail(this.s, {
            contact,
            membership: membership ?? null,
            ref: sequenceRef(sequence, follow.stepId),
            eventType: 'replied',
            at,
            userId: sequence.ownerUserId,
            subject: `Re: ${follow.subject}`,
            body,
            replyReason: 'EmailDetected'
        });
        const { thread } = receiveMessage(this.s, {
            contact,
            channel: 'email',
            sequenceId: sequence.id,
            userId: sequence.ownerUserId,
            subject: follow.subject,
            body,
            at,
            inReplyTo: { body: follow.body, at: follow.sentAt, fromName: this.ownerName(sequence) },
            hasMeetingIntent: follow.kind === 'meeting'
        });
        if (membership) finishMembership(this.s, membership, at, sequence.ownerUserId, 'replied');
        if (follow.kind === 'unsubscribe') optOut(this.s, contact, at, sequence.ownerUserId, 'Unsubscribe');
        this.afterReply(at, contact, sequence, thread.id, follow.kind);
    }

    private linkedInReply(
        at: number,
        contact: Contact,
        sequence: Sequence,
        membership: Membership | undefined,
        follow: Extract<Follow, { what: 'linkedInReply' }>
    ): void {
        const body = this.random.pick(LINKEDIN_REPLIES);
        recordLinkedIn(this.s, {
            contact,
            ref: sequenceRef(sequence, follow.stepId),
            at,
            userId: sequence.ownerUserId,
            eventType: 'messageReplied',
            message: body
        });
        const { thread } = receiveMessage(this.s, {
            contact,
            channel: 'linkedIn',
            sequenceId: sequence.id,
            userId: sequence.ownerUserId,
            subject: null,
            body,
            at,
            inReplyTo: { body: follow.message, at: follow.sentAt, fromName: this.ownerName(sequence) }
        });
        if (membership) finishMembership(this.s, membership, at, sequence.ownerUserId, 'replied');
        this.afterReply(at, contact, sequence, thread.id, this.random.chance(0.6) ? 'interested' : 'neutral');
    }

    /** Someone reads the reply and files it under a category (not every reply gets one). */
    private afterReply(at: number, contact: Contact, sequence: Sequence, threadId: number, kind: ReplyKind): void {
        const category = REPLY_CATEGORY[kind];
        if (category === null) return;
        this.push(this.after(at, 10, 24 * 60), unbound(contact, sequence), { what: 'categorize', threadId, category });
    }

    private categorize(at: number, contact: Contact, sequence: Sequence, threadId: number, name: string): void {
        const thread = this.s.inbox.threads.get(threadId);
        const category = [...this.s.inbox.categories.values()].find((c) => c.name === name);
        if (!thread || !category) return;
        const userId = sequence.ownerUserId;
        assignCategory(this.s, thread, category.id, at, userId);
        const link = unbound(contact, sequence);
        if (name === 'Meeting booked') {
            if (contact.meetingStatus !== 'meetingBooked') {
                contact.meetingStatus = 'meetingBooked';
                this.s.touchStatus(contact, at);
                recordStatus(this.s, { contact, status: 'MeetingBooked', ref: sequenceRef(sequence), at, userId });
            }
            const startAt = at + this.random.int(1, 5) * DAY;
            const meeting = createTask(this.s, {
                contact,
                taskType: 'meeting',
                assignedUserId: userId,
                startAt,
                dueTo: startAt + 30 * MINUTE,
                title: `Meeting with ${this.s.fullName(contact)}`,
                notes: 'Booked from an email reply'
            });
            addNote(
                this.s,
                contact,
                `Meeting booked for ${iso(startAt).slice(0, 16).replace('T', ' ')} UTC.`,
                userId,
                at
            );
            this.push(startAt + 30 * MINUTE, link, { what: 'taskDone', taskId: meeting.id, stepId: null });
        } else if (name === 'Interested') {
            this.push(this.after(at, 10, 4 * 60), link, { what: 'ownerAnswer', threadId });
            const followUp = createTask(this.s, {
                contact,
                taskType: 'toDo',
                assignedUserId: userId,
                startAt: at,
                dueTo: at + DAY,
                title: `Follow up with ${this.s.fullName(contact)}`,
                notes: 'Replied with interest'
            });
            if (this.random.chance(0.7)) {
                this.push(this.after(at, 60, 2 * 24 * 60), link, {
                    what: 'taskDone',
                    taskId: followUp.id,
                    stepId: null
                });
            }
        }
    }

    private callDone(
        at: number,
        contact: Contact,
        sequence: Sequence,
        membership: Membership | undefined,
        taskId: number,
        stepId: number
    ): void {
        const task = this.s.tasks.byId.get(taskId);
        if (task) finishTask(this.s, task, at);
        const disposition = this.random.weighted(CALL_DISPOSITIONS);
        const durationSeconds =
            disposition === 'connected'
                ? this.random.int(60, 900)
                : disposition === 'leftVoicemail'
                  ? this.random.int(20, 60)
                  : 0;
        const notes = render(this.random.pick(CALL_NOTES[disposition]), contact);
        recordCall(this.s, {
            contact,
            ref: sequenceRef(sequence, stepId),
            at,
            userId: sequence.ownerUserId,
            direction: 'outbound',
            disposition,
            durationSeconds,
            notes
        });
        if (disposition === 'connected' && this.random.chance(0.5))
            addNote(this.s, contact, notes, sequence.ownerUserId, at);
        if (membership && membership.status === 'active') this.advance(at, sequence, membership);
    }

    private ownerName(sequence: Sequence): string {
        const owner = this.s.users.get(sequence.ownerUserId);
        return owner ? `${owner.firstName} ${owner.lastName}` : 'Reply user';
    }
}

/** Follow-ups that belong to a contact and sequence but not to one membership state. */
function unbound(contact: Contact, sequence: Sequence): Pick<Membership, 'contactId' | 'sequenceId' | 'version'> {
    return { contactId: contact.id, sequenceId: sequence.id, version: -1 };
}

export const SIMULATION_STRIDE = 6 * HOUR;
