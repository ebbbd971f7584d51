import type { EndedLinkRow, PersonLink, SalesforcePersonType } from '../domain/links.ts';
import type { OrgSnapshot } from '../salesforce/org.ts';
import { convertedContactsOf } from '../salesforce/people.ts';
import type { SalesforceIdMap } from '../domain/keys.ts';
import type { RecordProblem, StepRun } from './context.ts';
import { matchedRecord, type EmailMatch } from './routing.ts';
import { kindActiveIn, otherObjectKind } from './steps.ts';
import { counted } from '../text.ts';

/**
 * Who a Reply person is in Salesforce, for every step that writes for people: their link, else an email match,
 * else an ended link. The one place links, email matches and converted Leads are looked up and followed.
 */

/** What the store and Salesforce know of some Reply people: links, email matches (for the unlinked), ended links. */
export interface PeopleKnown {
    links: Map<string, PersonLink>;
    /** By lower-cased email. */
    matches: Map<string, EmailMatch>;
    ended: Map<string, EndedLinkRow>;
}

/** Looks up links, then email matches and ended links of those without one: three batch reads at most. */
export async function lookUpPeople(
    run: StepRun,
    persons: { replyContactId: number; email: string | null }[]
): Promise<PeopleKnown> {
    const ids = [...new Set(persons.map((p) => String(p.replyContactId)))];
    const links = await run.services.store.links.byReplyIds(ids);
    const emails = persons.filter((p) => p.email && !links.has(String(p.replyContactId))).map((p) => p.email!);
    const matches = emails.length > 0 ? await run.shared.emailMatches(emails) : new Map<string, EmailMatch>();
    const ended = await run.services.store.endedLinks.byReplyIds(ids.filter((id) => !links.has(id)));
    return { links, matches, ended };
}

/** Where a Reply person's activities, notes or statuses go for a step writing to `object`. */
export interface LinkedTarget {
    kind: 'mine';
    salesforceId: string;
    link: PersonLink | undefined;
}
/**
 * `waiting`: not in Salesforce yet (a people step has not created or linked them); `ended`: their record was deleted
 * in Salesforce (or merged into another person's), so nothing is written for them.
 */
export type PersonTarget =
    LinkedTarget | { kind: 'other' } | { kind: 'waiting' } | { kind: 'ended'; ended: EndedLinkRow };

export type PersonTargets = Map<number, PersonTarget> & { newLinks: PersonLink[] };

/**
 * Finds each person's Salesforce record: their link, else an email match of the step's object (which becomes their
 * link), else they wait for a people step. People linked or matched to the other object belong to the other variant.
 */
export async function resolvePeople(
    run: StepRun,
    persons: { replyContactId: number; email: string | null }[]
): Promise<PersonTargets> {
    const object = run.step.kind.salesforceObject;
    const known = await lookUpPeople(run, persons);
    const emails = new Map<number, string>();
    for (const p of persons) if (p.email) emails.set(p.replyContactId, p.email.toLowerCase());
    const result = new Map<number, PersonTarget>() as PersonTargets;
    result.newLinks = [];
    for (const id of new Set(persons.map((p) => p.replyContactId))) {
        const link = known.links.get(String(id));
        if (link) {
            result.set(
                id,
                link.salesforceType === object
                    ? { kind: 'mine', salesforceId: link.salesforceId, link }
                    : { kind: 'other' }
            );
            continue;
        }
        const email = emails.get(id);
        const found = matchedRecord(email ? known.matches.get(email) : undefined);
        const gone = known.ended.get(String(id));
        if (!found && gone) {
            result.set(id, gone.salesforceType === object ? { kind: 'ended', ended: gone } : { kind: 'other' });
        } else if (!found) {
            result.set(id, { kind: 'waiting' });
        } else if (found.type !== object) {
            result.set(id, { kind: 'other' });
        } else {
            const newLink = personLink({ replyContactId: String(id), email: email ?? null }, found.id, object);
            result.newLinks.push(newLink);
            result.set(id, { kind: 'mine', salesforceId: found.id, link: newLink });
        }
    }
    return result;
}

/** A person's link to a record, keeping what an earlier link knew (hashes, the record it followed from). */
export function personLink(
    from: Pick<PersonLink, 'replyContactId' | 'email'> & Partial<PersonLink>,
    salesforceId: string,
    salesforceType: SalesforcePersonType,
    previousSalesforceId: string | null = from.previousSalesforceId ?? null
): PersonLink {
    return {
        replyContactId: from.replyContactId,
        salesforceId,
        salesforceType,
        email: from.email ?? null,
        previousSalesforceId,
        salesforceHashes: from.salesforceType === salesforceType ? (from.salesforceHashes ?? {}) : {},
        replyHashes: from.replyHashes ?? {}
    };
}

/**
 * Following a converted Lead, the one way: Salesforce never updates a converted Lead, so what was meant for it goes
 * to the Contact it became, and the person's link moves there. Returns the Contact of each converted Lead asked.
 */
export function contactsOfConvertedLeads(run: StepRun, leadIds: string[]): Promise<SalesforceIdMap<string>> {
    return convertedContactsOf(run.services.salesforce, [...new Set(leadIds)]);
}

/** The link of a person whose Lead was converted: now to the Contact, remembering the Lead. */
export function convertedLink(
    from: Pick<PersonLink, 'replyContactId' | 'email'> & Partial<PersonLink>,
    leadId: string,
    contactId: string
): PersonLink {
    return personLink(from, contactId, 'Contact', leadId);
}

/**
 * The one rule for an item (an activity, a person's notes) whose person has no record of this step's object: while
 * they are not in Salesforce yet it waits, kept in the store with what its retry needs, never passed over (ten times
 * the retry limit: a people step may take a while); when their record was deleted it is reported, not written, and
 * retried only as long as any failure (the record may come back from the recycle bin).
 */
export function unlinkedProblem(
    object: SalesforcePersonType,
    target:
        | { kind: 'waiting' }
        | { kind: 'ended'; ended: Pick<EndedLinkRow, 'salesforceId' | 'salesforceType' | 'reason'> },
    item: { recordKey: string; replyContactId: number; label: string | null; payload?: string }
): RecordProblem {
    const base = {
        recordKey: item.recordKey,
        replyId: String(item.replyContactId),
        label: item.label ?? `Reply person ${item.replyContactId}`,
        ...(item.payload === undefined ? {} : { payload: item.payload })
    };
    if (target.kind === 'ended')
        return {
            ...base,
            salesforceId: target.ended.salesforceId,
            code: 'SALESFORCE_RECORD_DELETED',
            message: `Not written: the person's ${target.ended.salesforceType} ${target.ended.salesforceId} was ${target.ended.reason}`
        };
    return {
        ...base,
        code: 'WAITING_FOR_PERSON',
        message: `The Reply person is not in Salesforce yet: kept and synced once People -> ${object}s has created or linked them`
    };
}

export interface Variant {
    object: SalesforcePersonType;
    label: string;
    active: boolean;
}

/**
 * The same kind's variant for the other object (Emails -> Contact Tasks for Emails -> Lead Tasks, People -> Leads
 * for People -> Contacts), and whether it runs in this step's profile.
 */
export function otherVariant(run: StepRun): Variant {
    const kind = run.step.kind;
    const otherKind = otherObjectKind(run.services.catalog, kind);
    return {
        object: otherKind?.salesforceObject ?? (kind.salesforceObject === 'Lead' ? 'Contact' : 'Lead'),
        label: otherKind?.label ?? 'the other step',
        active: kindActiveIn(run.shared.org.steps, run.step.profile, otherKind?.key)
    };
}

/** Items of people linked to the other object: that variant's work; when it is not active the log says so. */
export function otherVariantSkip(other: Variant, noun: (n: number) => string) {
    return other.active
        ? { code: 'OTHER_VARIANT' }
        : {
              code: 'OTHER_VARIANT_INACTIVE',
              say: (n: number) => `Left out ${noun(n)} linked to ${other.object}s: ${other.label} is not active`
          };
}

/** People whose filter the step's filter leaves out. */
export const FILTERED = (noun: string, plural: string) => ({
    code: 'FILTERED',
    say: (n: number) => `Left out ${counted(n, noun, plural)}: the step's filter does not take them`
});

/** A closed Task status of the org: Completed when it exists, else its first closed status. */
export function closedTaskStatus(org: OrgSnapshot): string {
    const closed = org.taskStatuses.filter((s) => s.IsClosed);
    return (closed.find((s) => s.ApiName === 'Completed') ?? closed[0])?.ApiName ?? 'Completed';
}

/** The org's default open Task status. */
export function openTaskStatus(org: OrgSnapshot): string {
    const open = org.taskStatuses.filter((s) => !s.IsClosed);
    return (open.find((s) => s.IsDefault) ?? open[0])?.ApiName ?? 'Not Started';
}
