/**
 * Recording activity: emails, calls, LinkedIn actions, tasks, inbox messages, categories, notes and status changes.
 * Each record gets a stable id from one shared counter (so ids are unique across kinds), joins the feeds and the
 * contact's timeline, updates what the contact shows (C4, C7), and announces the matching webhook event.
 */
import { notFound } from '../problems.ts';
import { stepNumber } from '../sequence-graph.ts';
import type { WorkspaceState } from '../state.ts';
import type {
    CallActivity,
    CallDisposition,
    Contact,
    EmailActivity,
    EmailEventType,
    InboxMessage,
    InboxThread,
    LinkedInActivity,
    LinkedInEventType,
    Membership,
    Note,
    Sequence,
    SequenceRef,
    StatusActivity,
    Task,
    TaskType,
    LinkedInAction
} from '../types.ts';

const pascal = (value: string): string => value.charAt(0).toUpperCase() + value.slice(1);

export function sequenceRef(sequence: Sequence | null | undefined, stepId: number | null = null): SequenceRef {
    if (!sequence) return { sequenceId: null, sequenceName: null, stepId: null, stepNumber: null };
    return { sequenceId: sequence.id, sequenceName: sequence.name, stepId, stepNumber: stepNumber(sequence, stepId) };
}

function sequenceOf(s: WorkspaceState, ref: SequenceRef): Sequence | null {
    return ref.sequenceId === null ? null : (s.sequences.get(ref.sequenceId) ?? null);
}

export interface EmailEventInput {
    contact: Contact;
    membership: Membership | null;
    ref: SequenceRef;
    eventType: EmailEventType;
    at: number;
    userId: number;
    subject: string;
    body: string;
    linkUrl?: string;
    bounceType?: 'hard' | 'soft';
    replyReason?: 'EmailDetected' | 'MarkedAsReplied';
}

const EMAIL_WEBHOOK: Record<
    EmailEventType,
    'email_sent' | 'email_opened' | 'email_link_clicked' | 'email_replied' | 'email_bounced'
> = {
    sent: 'email_sent',
    opened: 'email_opened',
    clicked: 'email_link_clicked',
    replied: 'email_replied',
    bounced: 'email_bounced'
};

export function recordEmail(s: WorkspaceState, input: EmailEventInput): EmailActivity {
    const { contact, membership, ref, at } = input;
    const activity: EmailActivity = {
        kind: 'email',
        id: s.nextId('activity'),
        eventType: input.eventType,
        occurredAt: at,
        contactId: contact.id,
        contactEmail: contact.email,
        userId: input.userId,
        ...ref,
        subject: input.subject,
        bodyPreview: input.body.slice(0, 200),
        linkUrl: input.linkUrl ?? null,
        bounceType: input.bounceType ?? null
    };
    s.activity.add(activity);
    s.activityCount++;
    if (membership && updateDisposition(membership, input.eventType)) s.touchStatus(contact, at);
    s.emit({
        type: EMAIL_WEBHOOK[input.eventType],
        occurredAt: at,
        userId: input.userId,
        contact,
        sequence: sequenceOf(s, ref),
        stepNumber: ref.stepNumber,
        fields: {
            activity_id: activity.id,
            email_subject: activity.subject,
            ...(input.linkUrl ? { link_url: input.linkUrl } : {}),
            ...(input.bounceType ? { bounce_type: pascal(input.bounceType) } : {}),
            ...(input.eventType === 'replied' ? { reply_reason: input.replyReason ?? 'EmailDetected' } : {})
        },
        emailUrl: `https://run.reply.io/Dashboard/Material#/emails/${activity.id}`,
        emailText: input.body
    });
    return activity;
}

/**
 * Sets the flag an email event implies (a sent email makes the disposition non-null; opens and clicks are no flag of
 * it, documented); returns whether the disposition changed.
 */
export function updateDisposition(membership: Membership, eventType: EmailEventType): boolean {
    const before = JSON.stringify(membership.emailDisposition);
    const d = (membership.emailDisposition ??= { isReplied: false, isBounced: false });
    if (eventType === 'replied') d.isReplied = true;
    if (eventType === 'bounced') d.isBounced = true;
    return JSON.stringify(d) !== before;
}

export interface CallInput {
    contact: Contact;
    ref: SequenceRef;
    at: number;
    userId: number;
    direction: 'outbound' | 'inbound';
    disposition: CallDisposition;
    durationSeconds: number;
    notes: string | null;
}

export function recordCall(s: WorkspaceState, input: CallInput): CallActivity {
    const { contact, at } = input;
    const activity: CallActivity = {
        kind: 'call',
        id: s.nextId('activity'),
        occurredAt: at,
        contactId: contact.id,
        contactEmail: contact.email,
        userId: input.userId,
        ...input.ref,
        direction: input.direction,
        disposition: input.disposition,
        durationSeconds: input.durationSeconds,
        notes: input.notes,
        phone: contact.phone
    };
    s.activity.add(activity);
    s.activityCount++;
    if (contact.callStatus !== 'called') {
        contact.callStatus = 'called';
        s.touchStatus(contact, at);
    }
    s.emit({
        type: 'contact_called',
        occurredAt: at,
        userId: input.userId,
        contact,
        sequence: sequenceOf(s, input.ref),
        stepNumber: input.ref.stepNumber,
        fields: {
            activity_id: activity.id,
            call_direction: pascal(input.direction),
            call_disposition: pascal(input.disposition),
            call_duration: input.durationSeconds,
            phone: contact.phone
        }
    });
    return activity;
}

const LINKEDIN_WEBHOOK: Partial<
    Record<
        LinkedInEventType,
        | 'linkedin_connection_request_sent'
        | 'linkedin_connection_request_accepted'
        | 'linkedin_message_sent'
        | 'linkedin_message_replied'
    >
> = {
    connectionRequestSent: 'linkedin_connection_request_sent',
    connectionRequestAccepted: 'linkedin_connection_request_accepted',
    messageSent: 'linkedin_message_sent',
    inMailSent: 'linkedin_message_sent',
    messageReplied: 'linkedin_message_replied'
};

export function recordLinkedIn(
    s: WorkspaceState,
    input: {
        contact: Contact;
        ref: SequenceRef;
        at: number;
        userId: number;
        eventType: LinkedInEventType;
        message: string | null;
    }
): LinkedInActivity {
    const { contact, at } = input;
    const activity: LinkedInActivity = {
        kind: 'linkedIn',
        id: s.nextId('activity'),
        eventType: input.eventType,
        occurredAt: at,
        contactId: contact.id,
        contactEmail: contact.email,
        userId: input.userId,
        ...input.ref,
        message: input.message
    };
    s.activity.add(activity);
    s.activityCount++;
    const type = LINKEDIN_WEBHOOK[input.eventType];
    if (type) {
        s.emit({
            type,
            occurredAt: at,
            userId: input.userId,
            contact,
            sequence: sequenceOf(s, input.ref),
            stepNumber: input.ref.stepNumber,
            fields: {
                activity_id: activity.id,
                linkedin_profile_url: contact.linkedInUrl,
                ...(input.message ? { linkedin_message: input.message } : {})
            }
        });
    }
    return activity;
}

export interface TaskInput {
    contact: Contact;
    taskType: TaskType;
    linkedInTaskType?: LinkedInAction | null;
    assignedUserId: number;
    startAt: number;
    dueTo: number;
    title: string;
    notes?: string | null;
    sequenceId?: number | null;
    sequenceStepId?: number | null;
}

export function createTask(s: WorkspaceState, input: TaskInput): Task {
    const task: Task = {
        kind: 'task',
        id: s.nextId('activity'),
        taskType: input.taskType,
        status: 'new',
        linkedInTaskType: input.linkedInTaskType ?? null,
        assignedUserId: input.assignedUserId,
        contactId: input.contact.id,
        contactName: s.fullName(input.contact),
        occurredAt: input.startAt,
        dueTo: input.dueTo,
        finishedAt: null,
        isScheduled: input.sequenceId != null,
        sequenceId: input.sequenceId ?? null,
        sequenceStepId: input.sequenceStepId ?? null,
        title: input.title,
        notes: input.notes ?? null
    };
    s.tasks.add(task);
    s.activity.add(task);
    s.activityCount++;
    return task;
}

export function finishTask(
    s: WorkspaceState,
    task: Task,
    at: number,
    status: 'finished' | 'cancelled' = 'finished'
): void {
    if (task.status !== 'new') return;
    task.status = status;
    task.finishedAt = at;
}

export function requireThread(s: WorkspaceState, id: number): InboxThread {
    const thread = s.inbox.threads.get(id);
    if (!thread) throw notFound('inboxThread.notFound', `Inbox thread ${id} was not found`);
    return thread;
}

function newMessage(
    s: WorkspaceState,
    thread: InboxThread,
    input: { at: number; body: string; fromName: string; isOutbound: boolean; subject: string | null; userId: number }
): InboxMessage {
    const message: InboxMessage = {
        kind: 'message',
        id: s.nextId('activity'),
        threadId: thread.id,
        contactId: thread.contactId,
        occurredAt: input.at,
        body: input.body,
        fromName: input.fromName,
        isOutbound: input.isOutbound,
        channel: thread.channel,
        subject: input.subject,
        userId: input.userId
    };
    s.inbox.addMessage(thread, message);
    s.activity.add(message);
    s.activityCount++;
    return message;
}

/**
 * A prospect's message arrives: it joins the conversation for this contact, channel and sequence, or opens one
 * that starts with the outbound message it answers.
 */
export function receiveMessage(
    s: WorkspaceState,
    input: {
        contact: Contact;
        channel: 'email' | 'linkedIn';
        sequenceId: number | null;
        userId: number;
        subject: string | null;
        body: string;
        at: number;
        inReplyTo?: { body: string; at: number; fromName: string };
        hasMeetingIntent?: boolean;
    }
): { thread: InboxThread; message: InboxMessage } {
    const { contact } = input;
    let thread = s.inbox.findConversation(contact.id, input.channel, input.sequenceId);
    if (!thread) {
        thread = {
            id: s.nextId('thread'),
            channel: input.channel,
            contactId: contact.id,
            contactName: s.fullName(contact),
            contactEmail: contact.email,
            userId: input.userId,
            sequenceId: input.sequenceId,
            subject: input.subject,
            isRead: false,
            hasMeetingIntent: false,
            categoryId: null,
            createdAt: input.inReplyTo?.at ?? input.at,
            lastActivityDate: input.inReplyTo?.at ?? input.at,
            messages: []
        };
        s.inbox.addThread(thread);
        if (input.inReplyTo) {
            newMessage(s, thread, {
                at: input.inReplyTo.at,
                body: input.inReplyTo.body,
                fromName: input.inReplyTo.fromName,
                isOutbound: true,
                subject: input.subject,
                userId: input.userId
            });
        }
    }
    const message = newMessage(s, thread, {
        at: input.at,
        body: input.body,
        fromName: s.fullName(contact),
        isOutbound: false,
        subject: input.subject === null ? null : `Re: ${input.subject}`,
        userId: input.userId
    });
    thread.isRead = false;
    if (input.hasMeetingIntent) thread.hasMeetingIntent = true;
    return { thread, message };
}

export function sendMessage(
    s: WorkspaceState,
    thread: InboxThread,
    body: string,
    at: number,
    userId: number
): InboxMessage {
    const user = s.users.get(userId);
    const message = newMessage(s, thread, {
        at,
        body,
        fromName: user ? `${user.firstName} ${user.lastName}` : 'Reply user',
        isOutbound: true,
        subject: thread.subject === null ? null : `Re: ${thread.subject}`,
        userId
    });
    thread.isRead = true;
    return message;
}

/**
 * Sets or clears a thread's category. Either counts as thread activity and moves lastActivityDate (C16, no public
 * source: the categoryMovesLastActivity switch turns it off); only setting one announces reply_categorized (Reply
 * does not fire it for "uncategorized").
 */
export function assignCategory(
    s: WorkspaceState,
    thread: InboxThread,
    categoryId: number | null,
    at: number,
    userId: number
): void {
    const category = categoryId === null ? null : s.inbox.categories.get(categoryId);
    if (categoryId !== null && !category) {
        throw notFound('inboxCategory.notFound', `Inbox category ${categoryId} was not found`);
    }
    thread.categoryId = categoryId;
    thread.isRead = true;
    if (s.capabilities.get().categoryMovesLastActivity) s.inbox.touch(thread, at);
    const contact = s.contacts.get(thread.contactId);
    if (!category || !contact) return;
    s.emit({
        type: thread.channel === 'linkedIn' ? 'linkedin_reply_categorized' : 'reply_categorized',
        occurredAt: at,
        userId,
        contact,
        sequence: thread.sequenceId === null ? null : (s.sequences.get(thread.sequenceId) ?? null),
        stepNumber: null,
        fields: { thread_id: thread.id, category_id: category.id, category_name: category.name }
    });
}

/** Adds a note; a note is a change to its contact (C18). */
export function addNote(s: WorkspaceState, contact: Contact, text: string, userId: number, at: number): Note {
    const note: Note = { kind: 'note', id: s.nextId('activity'), contactId: contact.id, text, occurredAt: at, userId };
    s.activity.add(note);
    s.activityCount++;
    s.touch(contact, at);
    return note;
}

/** A status change for the timeline; callers make the change itself and touch the contact. */
export function recordStatus(
    s: WorkspaceState,
    input: { contact: Contact; status: string; cleared?: boolean; ref?: SequenceRef; at: number; userId: number }
): StatusActivity {
    const activity: StatusActivity = {
        kind: 'status',
        id: s.nextId('activity'),
        occurredAt: input.at,
        contactId: input.contact.id,
        contactEmail: input.contact.email,
        userId: input.userId,
        ...(input.ref ?? sequenceRef(null)),
        status: input.status,
        cleared: input.cleared ?? false
    };
    s.activity.add(activity);
    return activity;
}
