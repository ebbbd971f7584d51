import type { PersonLink, SalesforcePersonType } from '../domain/links.ts';

/** Salesforce records that share a Reply person's email. */
export interface EmailMatch {
    contact?: { id: string };
    lead?: { id: string; isConverted: boolean; convertedContactId: string | null };
}

export type PersonRoute =
    | { action: 'update'; salesforceId: string }
    | { action: 'link'; salesforceId: string }
    | { action: 'create' }
    | { action: 'skip'; reason: string };

/**
 * The record an email match makes a person: a Contact before a Lead, and a converted Lead counts as the Contact it
 * became (Salesforce never updates a converted Lead). Pure.
 */
export function matchedRecord(match: EmailMatch | undefined): { type: SalesforcePersonType; id: string } | undefined {
    const contactId =
        match?.contact?.id ?? (match?.lead?.isConverted ? (match.lead.convertedContactId ?? undefined) : undefined);
    if (contactId) return { type: 'Contact', id: contactId };
    if (match?.lead && !match.lead.isConverted) return { type: 'Lead', id: match.lead.id };
    return undefined;
}

/**
 * Where a Reply person goes for a People -> Leads or People -> Contacts step. A person is linked to at most one
 * Salesforce record: an existing link wins, then an email match (Contact before Lead; a converted Lead counts as its
 * Contact), and an unmatched person is created once, by the step that creates (Leads, unless only Contacts are synced),
 * unless their record was deleted in Salesforce: the bridge does not bring back what an admin deleted. Pure.
 */
export function routePerson(input: {
    stepObject: SalesforcePersonType;
    link: PersonLink | undefined;
    match: EmailMatch | undefined;
    createsUnmatched: boolean;
    /** Set when the person's link ended: their record was deleted (or merged into another person's) in Salesforce. */
    ended?: { salesforceId: string; salesforceType: SalesforcePersonType; reason: string } | undefined;
}): PersonRoute {
    const { stepObject, link, match, createsUnmatched, ended } = input;
    if (link) {
        return link.salesforceType === stepObject
            ? { action: 'update', salesforceId: link.salesforceId }
            : { action: 'skip', reason: `linked to a ${link.salesforceType}: its own step syncs it` };
    }
    const matched = matchedRecord(match);
    if (matched?.type === 'Contact') {
        return stepObject === 'Contact'
            ? { action: 'link', salesforceId: matched.id }
            : { action: 'skip', reason: 'a Contact has this email: People -> Contacts syncs it' };
    }
    if (matched?.type === 'Lead') {
        return stepObject === 'Lead'
            ? { action: 'link', salesforceId: matched.id }
            : { action: 'skip', reason: 'a Lead has this email: People -> Leads syncs it' };
    }
    if (ended)
        return {
            action: 'skip',
            reason: `their ${ended.salesforceType} ${ended.salesforceId} was ${ended.reason}`
        };
    return createsUnmatched
        ? { action: 'create' }
        : { action: 'skip', reason: 'no Salesforce record has this email, and People -> Leads creates new people' };
}
