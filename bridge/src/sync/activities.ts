import { ItemKey } from '../domain/keys.ts';
import type { ActivityReport, ReportItems, ReplyCall, ReplyEmailEvent, ReplyLinkedInEvent } from '../reply/reports.ts';
import type { ReplyTask } from '../reply/schemas.ts';
import { filterReadsEngagement } from './filters.ts';
import type { Step } from './steps.ts';

/**
 * A Reply activity in the bridge's terms: what one Salesforce Task records. The mappers below are the only
 * per-source code; everything else about activity steps is shared.
 */
export interface Activity {
    /** Stable key per activity and event: the Task's Reply_Activity_Id__c. */
    key: string;
    replyContactId: number;
    contactEmail: string | null;
    /** When it happened (ISO); the Task's ActivityDate is its date in the org's time zone. */
    occurredAt: string;
    replyUserId: number | null;
    subject: string;
    description: string;
    taskSubtype: 'Email' | 'Call' | 'Task';
    /** Reply tasks can still be open; everything else already happened. */
    open: boolean;
    call?: { durationSeconds: number | null; direction: 'outbound' | 'inbound'; disposition: string | null };
}

const SUBJECT_LIMIT = 255;
const DESCRIPTION_LIMIT = 32_000;

function clip(text: string, limit: number): string {
    return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function lines(...parts: (string | null | undefined | false)[]): string {
    return clip(
        parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join('\n'),
        DESCRIPTION_LIMIT
    );
}

function sequenceLine(event: { sequenceName: string | null; stepNumber: number | null }): string | null {
    if (!event.sequenceName) return null;
    return `Sequence: ${event.sequenceName}${event.stepNumber ? `, step ${event.stepNumber}` : ''}`;
}

const EMAIL_VERBS: Record<ReplyEmailEvent['eventType'], string> = {
    sent: 'email sent',
    opened: 'email opened',
    clicked: 'email link clicked',
    replied: 'email replied',
    bounced: 'email bounced'
};

export function emailActivity(event: ReplyEmailEvent): Activity {
    const subject = event.subject?.trim() || '(no subject)';
    return {
        key: ItemKey.activity('email', event.id),
        replyContactId: event.contactId,
        contactEmail: event.contactEmail,
        occurredAt: event.occurredAt,
        replyUserId: event.userId,
        subject: clip(`Reply: ${EMAIL_VERBS[event.eventType]} - ${subject}`, SUBJECT_LIMIT),
        description: lines(
            `Email ${event.eventType} in Reply on ${event.occurredAt}`,
            `Subject: ${subject}`,
            sequenceLine(event),
            event.linkUrl && `Link: ${event.linkUrl}`,
            event.bounceType && `Bounce: ${event.bounceType}`,
            event.bodyPreview && `\n${event.bodyPreview}`
        ),
        taskSubtype: 'Email',
        open: false
    };
}

export function callActivity(call: ReplyCall): Activity {
    const disposition = call.disposition?.trim() || 'no disposition';
    const duration =
        call.durationSeconds === null
            ? null
            : `${Math.floor(call.durationSeconds / 60)} min ${call.durationSeconds % 60} s`;
    return {
        key: ItemKey.activity('call', call.id),
        replyContactId: call.contactId,
        contactEmail: call.contactEmail,
        occurredAt: call.occurredAt,
        replyUserId: call.userId,
        subject: clip(`Reply: call - ${disposition}`, SUBJECT_LIMIT),
        description: lines(
            `${call.direction === 'inbound' ? 'Inbound' : 'Outbound'} call in Reply on ${call.occurredAt}`,
            call.phone && `Phone: ${call.phone}`,
            duration && `Duration: ${duration}`,
            `Disposition: ${disposition}`,
            sequenceLine(call),
            call.notes && `\nNotes:\n${call.notes}`
        ),
        taskSubtype: 'Call',
        open: false,
        call: { durationSeconds: call.durationSeconds, direction: call.direction, disposition: call.disposition }
    };
}

const LINKEDIN_VERBS: Record<ReplyLinkedInEvent['eventType'], string> = {
    connectionRequestSent: 'LinkedIn connection request sent',
    connectionRequestAccepted: 'LinkedIn connection accepted',
    messageSent: 'LinkedIn message sent',
    messageReplied: 'LinkedIn message replied',
    inMailSent: 'LinkedIn InMail sent',
    profileViewed: 'LinkedIn profile viewed'
};

export function linkedInActivity(event: ReplyLinkedInEvent): Activity {
    return {
        key: ItemKey.activity('linkedin', event.id),
        replyContactId: event.contactId,
        contactEmail: event.contactEmail,
        occurredAt: event.occurredAt,
        replyUserId: event.userId,
        subject: clip(`Reply: ${LINKEDIN_VERBS[event.eventType]}`, SUBJECT_LIMIT),
        description: lines(
            `${LINKEDIN_VERBS[event.eventType]} in Reply on ${event.occurredAt}`,
            sequenceLine(event),
            event.message && `\n${event.message}`
        ),
        taskSubtype: 'Task',
        open: false
    };
}

const TASK_TYPES: Record<string, string> = {
    todo: 'to-do',
    call: 'call',
    manualemail: 'manual email',
    linkedin: 'LinkedIn',
    sms: 'SMS',
    whatsapp: 'WhatsApp',
    meeting: 'meeting'
};

export function taskActivity(task: ReplyTask): Activity {
    const type = TASK_TYPES[task.taskType.toLowerCase()] ?? task.taskType;
    const open = task.status === 'new';
    // The documented task item has no title or notes (docs filter-tasks): the subject says what kind of task it is.
    const title = task.linkedInTaskType ? `LinkedIn ${task.linkedInTaskType}` : `${type} task`;
    const ended =
        task.status === 'finished'
            ? 'completed'
            : task.status === 'new'
              ? null
              : task.status.replace(/([A-Z])/g, ' $1').toLowerCase();
    return {
        key: ItemKey.activity('task', task.id),
        replyContactId: task.contact.id,
        contactEmail: null,
        occurredAt: (open ? (task.dueTo ?? task.startAt) : (task.finishedAt ?? task.dueTo ?? task.startAt)) as string,
        replyUserId: task.assignedUserId,
        subject: clip(`Reply: ${type} task - ${title}`, SUBJECT_LIMIT),
        description: lines(
            `Reply ${type} task${ended ? `, ${ended}` : ', open'}`,
            `Starts ${task.startAt}${task.dueTo ? `, due ${task.dueTo}` : ''}`,
            task.linkedInTaskType && `LinkedIn action: ${task.linkedInTaskType}`,
            task.sequenceId
                ? `Sequence ${task.sequenceId}${task.sequenceStepId ? `, step ${task.sequenceStepId}` : ''}`
                : null
        ),
        taskSubtype: task.taskType.toLowerCase() === 'call' ? 'Call' : 'Task',
        open
    };
}

/** One formatter per time zone: making one costs a hundred times more than formatting (every activity asks). */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(timeZone: string): Intl.DateTimeFormat {
    let format = dateFormats.get(timeZone);
    if (!format) {
        format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
        dateFormats.set(timeZone, format);
    }
    return format;
}

/** The calendar date of an instant in a time zone (YYYY-MM-DD): a Task's ActivityDate as the org's users see it. */
export function dateIn(timeZone: string, instant: string): string {
    const parts = dateFormat(timeZone).formatToParts(new Date(instant));
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return `${get('year')}-${get('month')}-${get('day')}`;
}

interface SourceSpec<R, I> {
    read: R;
    map: (item: I) => Activity;
    events: readonly string[];
}

/**
 * The Reply activity sources whose items become Tasks, listed once: how each is read (a report, or the task window)
 * and mapped, and the webhook events that say it has news. The catalog's kinds name them by `replySource`; a new
 * report source is its Reply report (reply/reports.ts: the type then asks for its entry here), an entry here, its
 * catalog kinds and the sandbox's report.
 */
export const ACTIVITY_SOURCES = {
    emails: {
        read: 'report',
        map: emailActivity,
        events: ['email_sent', 'email_opened', 'email_link_clicked', 'email_replied', 'email_bounced']
    },
    calls: { read: 'report', map: callActivity, events: ['contact_called'] },
    linkedin: {
        read: 'report',
        map: linkedInActivity,
        events: [
            'linkedin_connection_request_sent',
            'linkedin_connection_request_accepted',
            'linkedin_message_sent',
            'linkedin_message_replied'
        ]
    },
    tasks: { read: 'taskWindow', map: taskActivity, events: [] }
} as const satisfies { [K in ActivityReport]: SourceSpec<'report', ReportItems[K]> } & {
    tasks: SourceSpec<'taskWindow', ReplyTask>;
};

export type ActivitySource = keyof typeof ACTIVITY_SOURCES;
export type ReportSource = {
    [K in ActivitySource]: (typeof ACTIVITY_SOURCES)[K]['read'] extends 'report' ? K : never;
}[ActivitySource];

/** The activity source a catalog kind reads, when it is one. */
export function activitySourceOf(replySource: string | undefined): ActivitySource | undefined {
    return replySource !== undefined && replySource in ACTIVITY_SOURCES ? (replySource as ActivitySource) : undefined;
}

/**
 * How a report's windows are handed to the steps of a run: as Reply answers each page, so writing overlaps reading,
 * unless a step reading this report filters on engagement, which the email report itself notes (opened, clicked,
 * replied, bounced): that step must see the whole window's engagement before it decides on any of its emails, so the
 * window is read whole first. Later steps find the window's engagement noted either way. Pure.
 */
export function reportHandOn(report: ReportSource, steps: readonly Step[]): 'whole' | 'asRead' {
    const notesEngagement = report === 'emails';
    const waitsForIt = steps.some(
        (step) => activitySourceOf(step.kind.replySource) === report && filterReadsEngagement(step.filter)
    );
    return notesEngagement && waitsForIt ? 'whole' : 'asRead';
}
