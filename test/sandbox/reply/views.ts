/**
 * Wire shapes: domain records -> the JSON Reply v3 sends, only the documented fields (docs.reply.io pages named in
 * ASSUMPTIONS.md). Times become ISO-8601 UTC strings with milliseconds (the contact record's createdAt and
 * lastModifiedAt without an offset, as documented); nothing here changes state.
 */
import { iso, isoOrNull, isoWithOffset, isoWithoutOffset } from './clock.ts';
import { stepNumber } from './sequence-graph.ts';
import type { WorkspaceState } from './state.ts';
import type {
    Activity,
    BackgroundJob,
    CallActivity,
    Contact,
    ContactList,
    CustomField,
    EmailActivity,
    InboxCategory,
    InboxMessage,
    InboxThread,
    LinkedInActivity,
    Membership,
    Note,
    Sequence,
    Task,
    TeamUser,
    WebhookSubscription
} from './types.ts';

/**
 * A row of `GET /v3/whoami/team-users`: the team and the user (reply-team/reply-cli src/teams.ts reads teamId,
 * teamName, userId; reply-team/reply-skills mapping-18 says a row carries the team, the user id, the display name and
 * the email; the names of those two fields have no public source).
 */
export function teamUserRow(team: { id: number; name: string }, user: TeamUser) {
    return {
        teamId: team.id,
        teamName: team.name,
        userId: user.id,
        userName: `${user.firstName} ${user.lastName}`,
        email: user.email
    };
}

/** The step a membership is on as a number along the main path (the contact record's `currentStep: 2`). */
function currentStepNumber(s: WorkspaceState, membership: Membership): number | null {
    const sequence = s.sequences.get(membership.sequenceId);
    if (!sequence || membership.status === 'finished') return null;
    return stepNumber(sequence, membership.currentStepId);
}

/** The membership endpoint's `currentStep`: always present, `{stepId: null, displayName: "Finished"}` when done. */
function currentStep(s: WorkspaceState, membership: Membership) {
    const number = currentStepNumber(s, membership);
    return number === null
        ? { stepId: null, displayName: 'Finished' }
        : { stepId: membership.currentStepId, displayName: String(number) };
}

function disposition(membership: Membership) {
    const d = membership.emailDisposition;
    return d ? { isReplied: d.isReplied, isBounced: d.isBounced } : null;
}

export function customFieldValues(s: WorkspaceState, contact: Contact): { key: string; value: string | number }[] {
    const values: { key: string; value: string | number }[] = [];
    for (const [fieldId, value] of contact.customFields) {
        const field = s.customFields.get(fieldId);
        if (field) values.push({ key: field.title, value });
    }
    return values;
}

export function contactView(s: WorkspaceState, contact: Contact) {
    return {
        id: contact.id,
        email: contact.email,
        firstName: contact.firstName,
        lastName: contact.lastName,
        title: contact.title,
        company: contact.company,
        domain: contact.domain,
        companySize: contact.companySize,
        city: contact.city,
        state: contact.state,
        country: contact.country,
        timeZoneId: contact.timeZoneId,
        phone: contact.phone,
        phoneStatus: contact.phoneStatus,
        linkedInUrl: contact.linkedInUrl,
        linkedInSalesNavigatorUrl: contact.linkedInSalesNavigatorUrl,
        linkedInRecruiterUrl: contact.linkedInRecruiterUrl,
        industry: contact.industry,
        notes: contact.notes,
        ownerUserId: contact.ownerUserId,
        accountId: contact.accountId,
        isOptedOut: contact.isOptedOut,
        callStatus: contact.callStatus,
        meetingStatus: contact.meetingStatus,
        addingDate: isoWithOffset(contact.addingDate),
        createdAt: isoWithoutOffset(contact.createdAt),
        lastModifiedAt: isoWithoutOffset(contact.lastModifiedAt),
        customFields: customFieldValues(s, contact),
        // Documented entry: no email disposition here (it is on /statuses), currentStep a number.
        sequences: s.memberships.forContact(contact.id).map((membership) => ({
            sequenceId: membership.sequenceId,
            sequenceName: s.sequences.get(membership.sequenceId)?.name ?? null,
            status: membership.status,
            currentStep: currentStepNumber(s, membership),
            addingDate: isoWithOffset(membership.addingDate),
            emailAccountId: membership.emailAccountId,
            linkedInAccountId: membership.linkedInAccountId
        })),
        lists: contact.listIds.map((listId) => {
            const list = s.lists.get(listId);
            return { listId, listName: list?.name ?? null, isShared: list?.isShared ?? false };
        })
    };
}

export function statusesView(s: WorkspaceState, contact: Contact) {
    return {
        contactId: contact.id,
        isOptedOut: contact.isOptedOut,
        callStatus: contact.callStatus,
        meetingStatus: contact.meetingStatus,
        sequences: s.memberships.forContact(contact.id).map((membership) => ({
            sequenceId: membership.sequenceId,
            sequenceName: s.sequences.get(membership.sequenceId)?.name ?? null,
            statusInSequence: membership.status,
            emailDisposition: disposition(membership)
        }))
    };
}

export function membershipView(s: WorkspaceState, membership: Membership, contact: Contact) {
    return {
        contactId: contact.id,
        sequenceId: membership.sequenceId,
        email: contact.email,
        firstName: contact.firstName,
        lastName: contact.lastName,
        company: contact.company,
        title: contact.title,
        statusInSequence: membership.status,
        isOptedOut: contact.isOptedOut,
        callStatus: contact.callStatus,
        meetingStatus: contact.meetingStatus,
        emailDisposition: disposition(membership),
        currentStep: currentStep(s, membership),
        addingDate: isoWithOffset(membership.addingDate),
        emailAccountId: membership.emailAccountId,
        linkedInAccountId: membership.linkedInAccountId
    };
}

export function sequenceSummaryView(sequence: Sequence) {
    return {
        id: sequence.id,
        ownerUserId: sequence.ownerUserId,
        name: sequence.name,
        status: sequence.status,
        created: iso(sequence.created),
        isArchived: sequence.isArchived,
        health: sequence.health
    };
}

export function sequenceDetailView(s: WorkspaceState, sequence: Sequence) {
    const users = [...s.users.values()];
    return {
        ...sequenceSummaryView(sequence),
        scheduleId: sequence.scheduleId,
        emailAccounts: sequence.emailAccountIds.map((id) => ({
            id,
            email: users.find((user) => user.emailAccountId === id)?.email ?? null
        })),
        linkedInAccounts: sequence.linkedInAccountIds.map((id) => {
            const user = users.find((candidate) => candidate.linkedInAccountId === id);
            return { id, name: user ? `${user.firstName} ${user.lastName}` : null };
        }),
        settings: {
            emailsCountPerDay: 100,
            daysToFinishProspect: 7,
            stopIfProspectReplies: true,
            stopIfProspectRepliesLinkedIn: true,
            trackOpens: true,
            trackClicks: true
        },
        steps: sequence.steps.map((step) => ({
            id: step.id,
            type: step.type,
            delayInMinutes: step.delayInMinutes,
            executionMode: step.executionMode,
            parentId: step.parentId,
            // docs get-a-sequence: a LinkedIn step's action sits on the step, a variant's text is its `message`.
            ...(step.type === 'linkedIn' ? { actionType: step.variants[0]?.actionType ?? 'message' } : {}),
            variants: step.variants.map((variant) => ({
                id: variant.id,
                isEnabled: variant.isEnabled,
                ...(variant.subject === undefined ? {} : { subject: variant.subject }),
                message: variant.body ?? variant.message ?? ''
            }))
        }))
    };
}

export function customFieldView(field: CustomField) {
    return {
        id: field.id,
        title: field.title,
        fieldType: field.fieldType,
        metadata: field.metadata,
        orgWide: field.orgWide
    };
}

export function listView(list: ContactList) {
    return { id: list.id, name: list.name, isShared: list.isShared, contactsCount: list.members.size };
}

export function emailItemView(email: EmailActivity) {
    return {
        id: email.id,
        eventType: email.eventType,
        occurredAt: iso(email.occurredAt),
        contactId: email.contactId,
        contactEmail: email.contactEmail,
        userId: email.userId,
        sequenceId: email.sequenceId,
        sequenceName: email.sequenceName,
        stepId: email.stepId,
        stepNumber: email.stepNumber,
        subject: email.subject,
        bodyPreview: email.bodyPreview,
        ...(email.linkUrl ? { linkUrl: email.linkUrl } : {}),
        ...(email.bounceType ? { bounceType: email.bounceType } : {})
    };
}

export function callItemView(call: CallActivity) {
    return {
        id: call.id,
        occurredAt: iso(call.occurredAt),
        contactId: call.contactId,
        contactEmail: call.contactEmail,
        userId: call.userId,
        direction: call.direction,
        disposition: call.disposition,
        durationSeconds: call.durationSeconds,
        notes: call.notes,
        phone: call.phone,
        sequenceId: call.sequenceId,
        sequenceName: call.sequenceName,
        stepId: call.stepId,
        stepNumber: call.stepNumber
    };
}

export function linkedInItemView(item: LinkedInActivity) {
    return {
        id: item.id,
        eventType: item.eventType,
        occurredAt: iso(item.occurredAt),
        contactId: item.contactId,
        contactEmail: item.contactEmail,
        userId: item.userId,
        ...(item.message ? { message: item.message } : {}),
        sequenceId: item.sequenceId,
        sequenceName: item.sequenceName,
        stepId: item.stepId,
        stepNumber: item.stepNumber
    };
}

export function taskView(task: Task) {
    return {
        id: task.id,
        taskType: task.taskType,
        status: task.status,
        linkedInTaskType: task.linkedInTaskType,
        assignedUserId: task.assignedUserId,
        contact: { id: task.contactId, fullName: task.contactName },
        startAt: iso(task.occurredAt),
        dueTo: iso(task.dueTo),
        finishedAt: isoOrNull(task.finishedAt),
        isScheduled: task.isScheduled,
        sequenceId: task.sequenceId,
        sequenceStepId: task.sequenceStepId
    };
}

export function noteView(note: Note) {
    return { id: note.id, text: note.text, createdAt: iso(note.occurredAt), userId: note.userId };
}

export function messageView(message: InboxMessage) {
    return {
        id: message.id,
        date: iso(message.occurredAt),
        body: message.body,
        fromName: message.fromName,
        isOutbound: message.isOutbound,
        channel: message.channel,
        subject: message.subject
    };
}

export function threadView(s: WorkspaceState, thread: InboxThread, withMessages = false) {
    const contact = s.contacts.get(thread.contactId);
    const last = thread.messages[thread.messages.length - 1];
    const category = thread.categoryId === null ? undefined : s.inbox.categories.get(thread.categoryId);
    const sequence = thread.sequenceId === null ? undefined : s.sequences.get(thread.sequenceId);
    return {
        id: thread.id,
        channel: thread.channel,
        isRead: thread.isRead,
        lastActivityDate: iso(thread.lastActivityDate),
        isLastMessagePlanned: false,
        // A deleted person's threads stay, with a null contact id (documented, list-inbox-threads).
        contact: {
            id: contact ? thread.contactId : null,
            ownerId: contact?.ownerUserId ?? null,
            fullName: contact ? s.fullName(contact) : thread.contactName,
            email: contact ? contact.email : thread.contactEmail,
            linkedInProfileUrl: contact?.linkedInUrl ?? null,
            phone: contact?.phone ?? null,
            companyName: contact?.company ?? null,
            title: contact?.title ?? null,
            isDeleted: !contact
        },
        hasMeetingIntent: thread.hasMeetingIntent,
        status: { state: 'ok' },
        subject: thread.subject,
        bodyPreview: last ? last.body.slice(0, 200) : '',
        sequence: sequence ? { id: sequence.id, name: sequence.name } : null,
        category: category ? { id: category.id, name: category.name } : null,
        ...(withMessages ? { messages: thread.messages.map(messageView) } : {})
    };
}

export function categoryView(s: WorkspaceState, category: InboxCategory, ownerUserId?: number) {
    let unread = 0;
    for (const thread of s.inbox.threads.values()) {
        if (
            thread.categoryId === category.id &&
            !thread.isRead &&
            (ownerUserId === undefined || thread.userId === ownerUserId)
        ) {
            unread++;
        }
    }
    return {
        id: category.id,
        name: category.name,
        color: category.color,
        isReserved: category.isReserved,
        unreadThreadsCount: unread
    };
}

export function webhookView(subscription: WebhookSubscription) {
    return {
        id: subscription.id,
        eventType: subscription.eventType,
        url: subscription.url,
        scope: subscription.scope,
        enabled: subscription.enabled,
        createdAt: iso(subscription.createdAt),
        payloadConfig: { ...subscription.payloadConfig }
    };
}

const TIMELINE_TYPES: Record<Activity['kind'], string> = {
    email: 'email',
    call: 'call',
    linkedIn: 'linkedIn',
    status: 'statusChange',
    note: 'note',
    task: 'task',
    message: 'inboxMessage'
};

/** One entry of a contact's timeline: the common fields, a one-line summary, and the feed item as `data`. */
export function timelineItemView(s: WorkspaceState, activity: Activity) {
    const base = { id: activity.id, type: TIMELINE_TYPES[activity.kind], occurredAt: iso(activity.occurredAt) };
    switch (activity.kind) {
        case 'email':
            return {
                ...base,
                userId: activity.userId,
                sequenceId: activity.sequenceId,
                summary: `Email ${activity.eventType}: ${activity.subject}`,
                data: emailItemView(activity)
            };
        case 'call':
            return {
                ...base,
                userId: activity.userId,
                sequenceId: activity.sequenceId,
                summary: `Call (${activity.disposition}, ${activity.durationSeconds}s)`,
                data: callItemView(activity)
            };
        case 'linkedIn':
            return {
                ...base,
                userId: activity.userId,
                sequenceId: activity.sequenceId,
                summary: `LinkedIn ${activity.eventType}`,
                data: linkedInItemView(activity)
            };
        case 'status':
            return {
                ...base,
                userId: activity.userId,
                sequenceId: activity.sequenceId,
                summary: `${activity.cleared ? 'Cleared' : 'Set'} status ${activity.status}`,
                data: { status: activity.status, cleared: activity.cleared, sequenceName: activity.sequenceName }
            };
        case 'note':
            return {
                ...base,
                userId: activity.userId,
                sequenceId: null,
                summary: 'Note added',
                data: noteView(activity)
            };
        case 'task':
            return {
                ...base,
                userId: activity.assignedUserId,
                sequenceId: activity.sequenceId,
                summary: `Task (${activity.taskType}, ${activity.status}): ${activity.title}`,
                data: taskView(activity)
            };
        case 'message': {
            const thread = s.inbox.threads.get(activity.threadId);
            return {
                ...base,
                userId: activity.userId,
                sequenceId: thread?.sequenceId ?? null,
                summary: `${activity.isOutbound ? 'Sent' : 'Received'} ${activity.channel} message`,
                data: { threadId: activity.threadId, ...messageView(activity) }
            };
        }
    }
}

export function backgroundJobView(job: BackgroundJob, withData = true) {
    return {
        jobId: job.jobId,
        status: job.status,
        category: job.category,
        startedAt: iso(job.startedAt),
        finishedAt: isoOrNull(job.finishedAt),
        progress: job.finishedAt === null ? 0.5 : 1,
        ...(withData ? { jsonData: job.jsonData, jsonDataResult: job.jsonDataResult } : {})
    };
}
