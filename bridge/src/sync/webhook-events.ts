/**
 * Which steps each Reply webhook event feeds (by the catalog's replySource), and so which events the active steps
 * need. Webhooks only make runs come sooner: polling stays the source of truth, so a lost event loses nothing.
 */
export const EVENT_SOURCES: Record<string, string[]> = {
    email_sent: ['emails'],
    email_opened: ['emails', 'personStatuses'],
    email_link_clicked: ['emails', 'personStatuses'],
    email_replied: ['emails', 'personStatuses'],
    email_bounced: ['emails', 'personStatuses'],
    email_auto_reply: ['personStatuses'],
    reply_categorized: ['inboxCategories'],
    linkedin_reply_categorized: ['inboxCategories'],
    linkedin_connection_request_sent: ['linkedin'],
    linkedin_connection_request_accepted: ['linkedin'],
    linkedin_message_sent: ['linkedin'],
    linkedin_message_replied: ['linkedin', 'personStatuses'],
    contact_called: ['calls', 'personStatuses'],
    contact_finished: ['personStatuses'],
    contact_opted_out: ['personStatuses']
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
