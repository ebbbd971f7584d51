import type { OrgSnapshot } from '../../salesforce/org.ts';
import type { EndedLinkRow, PersonLink, SalesforcePersonType } from '../../domain/links.ts';
import type { RecordProblem, StepRun } from '../context.ts';
import { kindActiveIn, otherObjectKind } from '../steps.ts';

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

/**
 * Finds each person's Salesforce record: their link, else an email match of the step's object (which becomes their
 * link), else they wait for a people step. People linked or matched to the other object belong to the other variant.
 */
export async function resolvePeople(
    run: StepRun,
    persons: { replyContactId: number; email: string | null }[]
): Promise<Map<number, PersonTarget> & { newLinks: PersonLink[] }> {
    const object = run.step.kind.salesforceObject;
    const ids = [...new Set(persons.map((p) => p.replyContactId))];
    const links = await run.services.store.links.byReplyIds(ids.map(String));
    const emails = new Map<number, string>();
    for (const p of persons)
        if (p.email && !links.has(String(p.replyContactId))) emails.set(p.replyContactId, p.email.toLowerCase());
    const matches = emails.size > 0 ? await run.shared.emailMatches([...emails.values()]) : new Map();
    const ended = await run.services.store.endedLinks.byReplyIds(
        ids.filter((id) => !links.has(String(id))).map(String)
    );
    const result = new Map<number, PersonTarget>() as Map<number, PersonTarget> & { newLinks: PersonLink[] };
    result.newLinks = [];
    for (const id of ids) {
        const link = links.get(String(id));
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
        const match = email ? matches.get(email) : undefined;
        const contactId =
            match?.contact?.id ?? (match?.lead?.isConverted ? (match.lead.convertedContactId ?? undefined) : undefined);
        const found: [SalesforcePersonType, string] | undefined = contactId
            ? ['Contact', contactId]
            : match?.lead && !match.lead.isConverted
              ? ['Lead', match.lead.id]
              : undefined;
        const gone = ended.get(String(id));
        if (!found && gone) {
            result.set(id, gone.salesforceType === object ? { kind: 'ended', ended: gone } : { kind: 'other' });
        } else if (!found) {
            result.set(id, { kind: 'waiting' });
        } else if (found[0] !== object) {
            result.set(id, { kind: 'other' });
        } else {
            const newLink: PersonLink = {
                replyContactId: String(id),
                salesforceId: found[1],
                salesforceType: object,
                email: email ?? null,
                previousSalesforceId: null,
                salesforceHashes: {},
                replyHashes: {}
            };
            result.newLinks.push(newLink);
            result.set(id, { kind: 'mine', salesforceId: found[1], link: newLink });
        }
    }
    return result;
}

/**
 * The one rule for an item (an activity, a person's notes) whose person has no record of this step's object: while
 * they are not in Salesforce yet it waits, kept in the store with what its retry needs, never passed over (ten times
 * the retry limit: a people step may take a while); when their record was deleted it is reported, not written, and
 * retried only as long as any failure (the record may come back from the recycle bin).
 */
export function unlinkedProblem(
    run: StepRun,
    target:
        | { kind: 'waiting' }
        | { kind: 'ended'; ended: Pick<EndedLinkRow, 'salesforceId' | 'salesforceType' | 'reason'> },
    item: { recordKey: string; replyContactId: number; label: string | null; payload?: string }
): RecordProblem {
    const object = run.step.kind.salesforceObject;
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

interface Variant {
    object: SalesforcePersonType;
    label: string;
    active: boolean;
    leftOut: number;
    count: () => void;
}
const variants = new WeakMap<StepRun, Variant>();

/**
 * The same kind's variant for the other object (Emails -> Contact Tasks for Emails -> Lead Tasks). When it is not
 * active, what belongs to it is left out, and the step says how much.
 */
export function otherVariant(run: StepRun): Variant {
    let variant = variants.get(run);
    if (!variant) {
        const otherKind = otherObjectKind(run.services.catalog, run.step.kind);
        const active = kindActiveIn(run.shared.org.steps, run.step.profile, otherKind?.key);
        const state: Variant = {
            object: otherKind?.salesforceObject ?? (run.step.kind.salesforceObject === 'Lead' ? 'Contact' : 'Lead'),
            label: otherKind?.label ?? 'the other step',
            active,
            leftOut: 0,
            count: () => {
                if (!state.active) state.leftOut += 1;
            }
        };
        variant = state;
        variants.set(run, variant);
    }
    return variant;
}

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
