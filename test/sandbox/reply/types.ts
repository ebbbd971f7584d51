/**
 * The sandbox workspace's domain model. Times are epoch milliseconds internally and become ISO-8601 strings only in
 * the wire views (views.ts), so ordering and windows are plain number comparisons.
 */

export type Millis = number;

export type UserRole = 'owner' | 'admin' | 'member';

export interface TeamUser {
    id: number;
    email: string;
    firstName: string;
    lastName: string;
    role: UserRole;
    emailAccountId: number;
    linkedInAccountId: number;
}

export interface Team {
    id: number;
    name: string;
    ownerUserId: number;
}

/** docs.reply.io update-a-contact: empty, selfEmployed, ten ... overTenThousand (older snapshots PascalCase). */
export const COMPANY_SIZES = [
    'empty',
    'selfEmployed',
    'ten',
    'fifty',
    'twoHundred',
    'fiveHundred',
    'oneThousand',
    'fiveThousand',
    'tenThousand',
    'overTenThousand'
] as const;
export type CompanySize = (typeof COMPANY_SIZES)[number];

export const CALL_STATUSES = ['none', 'toCall', 'called'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
export const MEETING_STATUSES = ['none', 'meetingBooked'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** The profile fields a client may write; everything else on a Contact is maintained by the workspace. */
export const CONTACT_TEXT_FIELDS = [
    'email',
    'firstName',
    'lastName',
    'title',
    'company',
    'domain',
    'city',
    'state',
    'country',
    'timeZoneId',
    'phone',
    'phoneStatus',
    'linkedInUrl',
    'linkedInSalesNavigatorUrl',
    'linkedInRecruiterUrl',
    'industry',
    'notes'
] as const;
export type ContactTextField = (typeof CONTACT_TEXT_FIELDS)[number];

export type ContactProfile = { [K in ContactTextField]: string | null } & {
    companySize: CompanySize | null;
    accountId: number | null;
};

export interface Contact extends ContactProfile {
    id: number;
    ownerUserId: number;
    isOptedOut: boolean;
    callStatus: CallStatus;
    meetingStatus: MeetingStatus;
    addingDate: Millis;
    createdAt: Millis;
    lastModifiedAt: Millis;
    /** custom field id -> value (number fields hold numbers) */
    customFields: Map<number, string | number>;
    /** ids of the lists the contact belongs to (small, so an array beats a Set per contact) */
    listIds: number[];
}

export type CustomFieldType = 'text' | 'number';

export interface CustomField {
    id: number;
    title: string;
    fieldType: CustomFieldType;
    metadata: unknown;
    orgWide: boolean;
}

export interface ContactList {
    id: number;
    name: string;
    isShared: boolean;
    ownerUserId: number;
    createdAt: Millis;
    members: Set<number>;
}

export type StepType = 'email' | 'linkedIn' | 'call' | 'task';
export type LinkedInAction = 'connect' | 'message' | 'inMail' | 'viewProfile';

export interface StepVariant {
    id: number;
    subject?: string;
    body?: string;
    actionType?: LinkedInAction;
    message?: string;
    isEnabled: boolean;
}

export interface SequenceStep {
    id: number;
    type: StepType;
    delayInMinutes: number;
    executionMode: 'automatic' | 'manual';
    parentId: number | null;
    variants: StepVariant[];
}

export type SequenceStatus = 'new' | 'active' | 'paused';

export interface Sequence {
    id: number;
    ownerUserId: number;
    name: string;
    status: SequenceStatus;
    created: Millis;
    isArchived: boolean;
    health: 'healthy' | 'degraded';
    scheduleId: number;
    emailAccountIds: number[];
    linkedInAccountIds: number[];
    steps: SequenceStep[];
    /** step ids along the parentId chain from the root: derived once, steps are not editable through the API */
    stepOrder: number[];
}

export type StatusInSequence = 'active' | 'paused' | 'finished' | 'inactive' | 'outOfOffice';

/** Reply/bounce flags of the latest email of a membership (documented: only these two; null = never emailed). */
export interface EmailDisposition {
    isReplied: boolean;
    isBounced: boolean;
}

export interface Membership {
    contactId: number;
    sequenceId: number;
    status: StatusInSequence;
    currentStepId: number | null;
    addingDate: Millis;
    emailDisposition: EmailDisposition | null;
    emailAccountId: number | null;
    linkedInAccountId: number | null;
    /** bumped on every move/pause/finish so scheduled step runs for an older state are ignored */
    version: number;
}

export type EmailEventType = 'sent' | 'opened' | 'clicked' | 'replied' | 'bounced';
export type CallDisposition = 'connected' | 'noAnswer' | 'leftVoicemail' | 'busy' | 'wrongNumber';
export type LinkedInEventType =
    | 'connectionRequestSent'
    | 'connectionRequestAccepted'
    | 'messageSent'
    | 'messageReplied'
    | 'inMailSent'
    | 'profileViewed';

/** Where an activity came from in a sequence; all null for manual actions. */
export interface SequenceRef {
    sequenceId: number | null;
    sequenceName: string | null;
    stepId: number | null;
    stepNumber: number | null;
}

interface ActivityBase extends SequenceRef {
    id: number;
    occurredAt: Millis;
    contactId: number;
    contactEmail: string | null;
    userId: number;
}

export interface EmailActivity extends ActivityBase {
    kind: 'email';
    eventType: EmailEventType;
    subject: string;
    bodyPreview: string;
    linkUrl: string | null;
    bounceType: 'hard' | 'soft' | null;
}

export interface CallActivity extends ActivityBase {
    kind: 'call';
    direction: 'outbound' | 'inbound';
    disposition: CallDisposition;
    durationSeconds: number;
    notes: string | null;
    phone: string | null;
}

export interface LinkedInActivity extends ActivityBase {
    kind: 'linkedIn';
    eventType: LinkedInEventType;
    message: string | null;
}

/** A status change, kept for the per-contact timeline (Reply's UI shows them; no feed endpoint exists). */
export interface StatusActivity extends ActivityBase {
    kind: 'status';
    status: string;
    cleared: boolean;
}

export interface Note {
    kind: 'note';
    id: number;
    contactId: number;
    text: string;
    occurredAt: Millis;
    userId: number;
}

export type TaskType = 'toDo' | 'call' | 'meeting' | 'linkedIn' | 'manualEmail' | 'sms' | 'whatsApp';
export type TaskStatus = 'new' | 'finished' | 'cancelled' | 'archived' | 'sequenceDetached';

export interface Task {
    kind: 'task';
    id: number;
    taskType: TaskType;
    status: TaskStatus;
    linkedInTaskType: LinkedInAction | null;
    assignedUserId: number;
    contactId: number;
    contactName: string;
    /** the timeline sorts every activity by occurredAt; for a task that is its startAt */
    occurredAt: Millis;
    dueTo: Millis;
    finishedAt: Millis | null;
    isScheduled: boolean;
    sequenceId: number | null;
    sequenceStepId: number | null;
    title: string;
    notes: string | null;
}

export interface InboxMessage {
    kind: 'message';
    id: number;
    threadId: number;
    contactId: number;
    occurredAt: Millis;
    body: string;
    fromName: string;
    isOutbound: boolean;
    channel: 'email' | 'linkedIn';
    subject: string | null;
    userId: number;
}

export interface InboxThread {
    id: number;
    channel: 'email' | 'linkedIn';
    contactId: number;
    /** snapshot, so a thread still names its contact after the contact is deleted */
    contactName: string;
    contactEmail: string | null;
    userId: number;
    sequenceId: number | null;
    subject: string | null;
    isRead: boolean;
    hasMeetingIntent: boolean;
    categoryId: number | null;
    createdAt: Millis;
    lastActivityDate: Millis;
    messages: InboxMessage[];
}

export interface InboxCategory {
    id: number;
    name: string;
    color: string;
    isReserved: boolean;
}

export type Activity = EmailActivity | CallActivity | LinkedInActivity | StatusActivity | Note | Task | InboxMessage;

export const WEBHOOK_EVENT_TYPES = [
    'email_sent',
    'email_opened',
    'email_link_clicked',
    'email_replied',
    'reply_categorized',
    'email_bounced',
    'email_auto_reply',
    'email_account_connection_lost',
    'email_account_error',
    'linkedin_connection_request_sent',
    'linkedin_connection_request_accepted',
    'linkedin_message_sent',
    'linkedin_message_replied',
    'linkedin_reply_categorized',
    'linkedin_account_alerts',
    'contact_called',
    'contact_finished',
    'contact_opted_out',
    'autopilot_stopped'
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export type WebhookScope = 'Personal' | 'Team' | 'Organization';

export interface WebhookPayloadConfig {
    includeEmailUrl: boolean;
    includeEmailText: boolean;
    includeProspectCustomFields: boolean;
}

export interface WebhookSubscription {
    id: number;
    eventType: WebhookEventType;
    url: string;
    scope: WebhookScope;
    enabled: boolean;
    createdAt: Millis;
    ownerUserId: number;
    payloadConfig: WebhookPayloadConfig;
}

/** Something happened in the workspace that a webhook subscriber may hear about. */
export interface WorkspaceEvent {
    seq: number;
    type: WebhookEventType;
    occurredAt: Millis;
    /** the Reply user the event belongs to (sequence owner, or whoever acted) */
    userId: number;
    contact: Contact;
    sequence: Sequence | null;
    stepNumber: number | null;
    /** event-specific fields, already snake_case, merged flat into the payload */
    fields: Record<string, unknown>;
    /** only sent when the subscription's payloadConfig asks for them */
    emailUrl?: string;
    emailText?: string;
}

/** Long-running work answered with `202 Accepted` + `Location: /v3/background-jobs/{jobId}` (documented). */
export type BackgroundJobStatus = 'Scheduled' | 'Processing' | 'Done' | 'Failed' | 'Expired' | 'Cancelled';

export interface BackgroundJob {
    jobId: string;
    category: string;
    status: BackgroundJobStatus;
    startedAt: Millis;
    finishedAt: Millis | null;
    /** polls answered so far: the job reports Processing on the first, Done after */
    polls: number;
    /** raw JSON strings, opaque per category (documented) */
    jsonData: string;
    jsonDataResult: string | null;
    ownerUserId: number;
}
