import type { ReplyContact, ReplyContactStatuses } from '../reply/schemas.ts';
import type { Engagement } from '../store/reply-state.ts';

/** The person statuses of Reply's vocabulary (reply-team/n8n-public nodes/Reply/actions/contactStatus; C20). */
export const PERSON_STATUSES = [
    'Active',
    'Paused',
    'Finished',
    'Replied',
    'Bounced',
    'OptedOut',
    'ToCall',
    'Called',
    'MeetingBooked',
    'OutOfOffice'
] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

/**
 * What decides a person's status and the default filters, from documented sources only: the contact record (opt-out,
 * call and meeting status, memberships: docs filter-contacts), the person's statuses (the same plus per sequence the
 * in-sequence status and the reply/bounce flags: docs get-a-contacts-statuses), and engagement the bridge saw in
 * webhooks and the email report (opened, clicked). Fresher statuses win over the contact record.
 */
export interface PersonFacts {
    isOptedOut: boolean;
    callStatus: 'none' | 'toCall' | 'called';
    meetingStatus: 'none' | 'meetingBooked';
    /** In-sequence status of each membership. */
    memberships: (string | null)[];
    opened: boolean;
    clicked: boolean;
    replied: boolean;
    bounced: boolean;
}

/** Pure. */
export function personFacts(
    contact: ReplyContact | undefined,
    statuses: ReplyContactStatuses | undefined,
    engagement: Engagement | undefined
): PersonFacts {
    const flags = statuses?.sequences.map((s) => s.emailDisposition).filter((d) => d !== null) ?? [];
    return {
        isOptedOut: statuses?.isOptedOut ?? contact?.isOptedOut ?? false,
        callStatus: statuses?.callStatus ?? contact?.callStatus ?? 'none',
        meetingStatus: statuses?.meetingStatus ?? contact?.meetingStatus ?? 'none',
        memberships: statuses
            ? statuses.sequences.map((s) => s.statusInSequence)
            : (contact?.sequences.map((s) => s.status) ?? []),
        opened: Boolean(engagement?.opened),
        clicked: Boolean(engagement?.clicked),
        // A statuses read is the truth about replies and bounces; without one, what the bridge last saw.
        replied: statuses ? flags.some((d) => d.isReplied) : Boolean(engagement?.replied),
        bounced: statuses ? flags.some((d) => d.isBounced) : Boolean(engagement?.bounced)
    };
}

/** Where a person stands in their sequences, the most engaged membership first. */
const MEMBERSHIP: [string, PersonStatus][] = [
    ['active', 'Active'],
    ['outOfOffice', 'OutOfOffice'],
    ['paused', 'Paused'],
    ['finished', 'Finished']
];

/**
 * One status per person, the most telling first: opted out and bounced end outreach; a meeting or a reply is the
 * news a rep wants; then calls; then where their sequences stand. Null for a person in no sequence. Pure.
 */
export function personStatus(facts: PersonFacts): PersonStatus | null {
    if (facts.isOptedOut) return 'OptedOut';
    if (facts.bounced) return 'Bounced';
    if (facts.meetingStatus === 'meetingBooked') return 'MeetingBooked';
    if (facts.replied) return 'Replied';
    if (facts.callStatus === 'called') return 'Called';
    if (facts.callStatus === 'toCall') return 'ToCall';
    return MEMBERSHIP.find(([status]) => facts.memberships.includes(status))?.[1] ?? null;
}

/** In-sequence statuses that mean Reply is still working on the person: their statuses can change any time. */
export const RUNNING_MEMBERSHIPS = ['active', 'paused', 'outOfOffice', 'new'];

/** The sequence a rep sees on the record: the most recently joined one. */
export function currentSequence(contact: ReplyContact): string | null {
    const latest = [...contact.sequences].sort((a, b) => (b.addingDate ?? '').localeCompare(a.addingDate ?? ''))[0];
    return latest?.sequenceName ?? null;
}
