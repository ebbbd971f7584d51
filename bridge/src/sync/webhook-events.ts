import type { Engagement } from '../store/reply-state.ts';
import { ACTIVITY_SOURCES } from './activities.ts';

/**
 * How long a person stays "recently active" (in the statuses reconciliation rotation) after a webhook, an activity or
 * a running sequence membership named them.
 */
export const ACTIVE_DAYS = 14;

/**
 * Which steps each Reply webhook event feeds (by the catalog's replySource), and so which events the active steps
 * need. Webhooks make runs come sooner and name the people whose statuses or threads to read again: polling and the
 * reconciliation stay the source of truth, so a lost event loses nothing. Event names: docs.reply.io
 * /pages/webhook-event-payloads (the catalog) and reply-team/n8n-public nodes/Reply/utils/constants.ts.
 */
export const EVENT_SOURCES: Record<string, string[]> = withActivityEvents({
    email_opened: ['personStatuses'],
    email_link_clicked: ['personStatuses'],
    email_replied: ['personStatuses'],
    email_bounced: ['personStatuses'],
    email_auto_reply: ['personStatuses'],
    reply_categorized: ['inboxCategories'],
    linkedin_reply_categorized: ['inboxCategories'],
    linkedin_message_replied: ['personStatuses'],
    contact_called: ['personStatuses'],
    contact_finished: ['personStatuses'],
    contact_opted_out: ['personStatuses']
});

/** The status and inbox events, with each activity source's own events (activities.ts lists them) in front. */
function withActivityEvents(others: Record<string, string[]>): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [source, spec] of Object.entries(ACTIVITY_SOURCES))
        for (const event of spec.events) (out[event] ??= []).push(source);
    for (const [event, sources] of Object.entries(others)) (out[event] ??= []).push(...sources);
    return out;
}

/**
 * What an event says of its person: engagement it proves (an open, a click, a reply, a bounce), and what to read
 * again because it changed (statuses, inbox threads). `email_replied` also fires for a person marked as replied by
 * hand (documented), so it asks for a statuses read rather than standing for one.
 */
const EVENT_FACTS: Record<string, Partial<Engagement> & { statusesDue?: boolean; threadsDue?: boolean }> = {
    email_opened: { opened: true },
    email_link_clicked: { opened: true, clicked: true },
    email_replied: { replied: true, statusesDue: true },
    email_bounced: { bounced: true, statusesDue: true },
    email_auto_reply: { statusesDue: true },
    linkedin_message_replied: { statusesDue: true },
    contact_called: { statusesDue: true },
    contact_finished: { statusesDue: true },
    contact_opted_out: { statusesDue: true },
    reply_categorized: { threadsDue: true },
    linkedin_reply_categorized: { threadsDue: true }
};

/** The Reply sources a batch of events feeds. Pure. */
export function sourcesFor(eventTypes: string[]): Set<string> {
    return new Set(eventTypes.flatMap((type) => EVENT_SOURCES[type] ?? []));
}

/** The event types worth subscribing to for steps reading these sources. Pure. */
export function eventsFor(sources: Iterable<string>): string[] {
    const wanted = new Set(sources);
    return Object.entries(EVENT_SOURCES)
        .filter(([, feeds]) => feeds.some((source) => wanted.has(source)))
        .map(([type]) => type);
}

export interface EventFacts {
    contactId: number;
    facts: Partial<Engagement> & { statusesDue?: boolean; threadsDue?: boolean };
}

/**
 * The person an event is about (`contact_fields.id`, documented) and what it says of them; undefined for events
 * about no person or a payload without a usable contact id. Pure.
 */
export function eventFacts(type: string, payload: unknown): EventFacts | undefined {
    const id = (payload as { contact_fields?: { id?: unknown } } | null)?.contact_fields?.id;
    const contactId = typeof id === 'number' ? id : typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : NaN;
    if (!Number.isSafeInteger(contactId) || contactId <= 0 || !(type in EVENT_SOURCES)) return undefined;
    return { contactId, facts: EVENT_FACTS[type] ?? {} };
}
