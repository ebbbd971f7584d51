/**
 * The webhook delivery body (ref §5): `event:{date, id, type, user_id, team_id, subscription_id}`, the event's own
 * fields flat at the top level in snake_case (enum values PascalCase), `contact_fields`, `sequence_fields` (empty
 * for a manual action), and the optional parts the subscription's payloadConfig asks for.
 */
import { createHash } from 'node:crypto';
import { iso } from './clock.ts';
import type { WorkspaceState } from './state.ts';
import type { Contact, WebhookSubscription, WorkspaceEvent } from './types.ts';
import { customFieldValues } from './views.ts';

/** A UUID derived from the subscription and the event, so the same workspace history gives the same ids. */
export function deliveryId(teamId: number, subscriptionId: number, eventSeq: number): string {
    const hex = createHash('sha1').update(`${teamId}:${subscriptionId}:${eventSeq}`).digest('hex');
    const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function contactFields(contact: Contact) {
    return {
        id: contact.id,
        email: contact.email,
        first_name: contact.firstName,
        last_name: contact.lastName,
        title: contact.title,
        company: contact.company,
        phone: contact.phone,
        linkedin_url: contact.linkedInUrl,
        city: contact.city,
        state: contact.state,
        country: contact.country,
        time_zone_id: contact.timeZoneId,
        owner_user_id: contact.ownerUserId,
        is_opted_out: contact.isOptedOut
    };
}

export function buildPayload(
    s: WorkspaceState,
    event: WorkspaceEvent,
    subscription: WebhookSubscription,
    id: string
): Record<string, unknown> {
    const config = subscription.payloadConfig;
    return {
        event: {
            date: iso(event.occurredAt),
            id,
            type: event.type,
            // "Reply user id that owns the subscription" (docs.reply.io/pages/webhook-event-payloads)
            user_id: subscription.ownerUserId,
            team_id: s.team.id,
            subscription_id: subscription.id
        },
        ...event.fields,
        contact_fields: contactFields(event.contact),
        ...(config.includeProspectCustomFields
            ? {
                  contact_custom_fields: Object.fromEntries(
                      customFieldValues(s, event.contact).map(({ key, value }) => [key, value])
                  )
              }
            : {}),
        sequence_fields: event.sequence
            ? {
                  id: event.sequence.id,
                  name: event.sequence.name,
                  owner_user_id: event.sequence.ownerUserId,
                  ...(event.stepNumber === null ? {} : { step_number: event.stepNumber })
              }
            : {},
        ...(config.includeEmailUrl && event.emailUrl ? { email_url: event.emailUrl } : {}),
        ...(config.includeEmailText && event.emailText ? { email_text: event.emailText } : {})
    };
}
