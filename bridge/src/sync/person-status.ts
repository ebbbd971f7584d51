import type { ReplyContact } from '../reply/schemas.ts';

/** The person statuses of Reply's vocabulary (reply-api.md §6; ASSUMPTIONS.md C20). */
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

const MEMBERSHIP: Record<string, PersonStatus> = {
    active: 'Active',
    paused: 'Paused',
    finished: 'Finished',
    outOfOffice: 'OutOfOffice'
};

/**
 * One status per person, the most telling first: opted out and bounced end outreach; a meeting or a reply is the
 * news a rep wants; then calls; then where the latest sequence stands. Null for a person in no sequence. Pure.
 */
export function personStatus(contact: ReplyContact): PersonStatus | null {
    const dispositions = contact.sequences.map((s) => s.emailDisposition).filter((d) => d !== null);
    if (contact.isOptedOut) return 'OptedOut';
    if (dispositions.some((d) => d.isBounced)) return 'Bounced';
    if (contact.meetingStatus === 'meetingBooked') return 'MeetingBooked';
    if (dispositions.some((d) => d.isReplied)) return 'Replied';
    if (contact.callStatus === 'called') return 'Called';
    if (contact.callStatus === 'toCall') return 'ToCall';
    const latest = [...contact.sequences].sort((a, b) => (b.addingDate ?? '').localeCompare(a.addingDate ?? ''))[0];
    return latest?.status ? (MEMBERSHIP[latest.status] ?? null) : null;
}

/** The sequence a rep sees on the record: the most recently joined one. */
export function currentSequence(contact: ReplyContact): string | null {
    const latest = [...contact.sequences].sort((a, b) => (b.addingDate ?? '').localeCompare(a.addingDate ?? ''))[0];
    return latest?.sequenceName ?? null;
}
