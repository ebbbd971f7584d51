import { sameSalesforceId } from '../domain/keys.ts';
import type { OwnerMappings, SequenceMappings } from './step-settings.ts';

type OwnerMapping = OwnerMappings['mappings'][number];

/** Salesforce owner -> Reply owner (Salesforce -> Reply steps); undefined leaves Reply's default owner. Pure. */
export function replyOwnerFor(
    salesforceOwnerId: string | null | undefined,
    mappings: OwnerMapping[]
): number | undefined {
    if (!salesforceOwnerId) return undefined;
    return mappings.find((m) => sameSalesforceId(m.salesforceUserId, salesforceOwnerId))?.replyUserId;
}

/** Reply owner -> Salesforce owner (Reply -> Salesforce steps); undefined leaves the record's owner alone. Pure. */
export function salesforceOwnerFor(
    replyUserId: number | null | undefined,
    mappings: OwnerMapping[]
): string | undefined {
    if (replyUserId === null || replyUserId === undefined) return undefined;
    return mappings.find((m) => m.replyUserId === replyUserId)?.salesforceUserId;
}

export interface SequencePush {
    sequenceId: number;
    startStepId: number | null;
    ignoreStepDelay: boolean;
    contactIds: number[];
}

/**
 * People to sequence: each synced person goes to the sequence mapped for their Reply owner (one per owner), skipping
 * updated people when the mapping says "only for new records". Pure.
 */
export function sequencePushes(
    people: { replyId: number; ownerUserId: number | null; isNew: boolean }[],
    mappings: SequenceMappings['mappings'],
    defaultOwnerId: number | null
): SequencePush[] {
    const pushes = new Map<number, SequencePush>();
    for (const person of people) {
        const owner = person.ownerUserId ?? defaultOwnerId;
        const mapping = mappings.find((m) => m.replyUserId === owner);
        if (!mapping || (mapping.onlyNewRecords && !person.isNew)) continue;
        const push = pushes.get(mapping.sequenceId) ?? {
            sequenceId: mapping.sequenceId,
            startStepId: mapping.startStepId,
            ignoreStepDelay: mapping.ignoreStepDelay,
            contactIds: []
        };
        push.contactIds.push(person.replyId);
        pushes.set(mapping.sequenceId, push);
    }
    return [...pushes.values()];
}
