import type { PersonLink, SalesforcePersonType } from '../domain/links.ts';
import type { ReplyContact } from '../reply/schemas.ts';
import type { SObjectRecord } from '../salesforce/client.ts';
import { fieldOf, valueIssue, type SObjectDescribe } from '../salesforce/describe.ts';
import { changedFields, hashesOf, readReplyField, toSalesforceValue } from './mapping.ts';
import { salesforceOwnerFor } from './owners.ts';
import { currentSequence, personStatus, type PersonFacts } from './person-status.ts';
import type { Step } from './steps.ts';

/**
 * A Reply person as the Lead or Contact fields a People -> Leads/Contacts step writes (the step's mappings, owner,
 * Reply status and sequence, the Reply id and profile link), and the link that remembers what was written. Pure.
 */

export /** Fields the bridge keeps on every linked Lead and Contact, whatever the mappings say. */
const SYSTEM = {
    id: 'Reply_Contact_Id__c',
    url: 'Reply_Profile_Url__c',
    status: 'Reply_Status__c',
    sequence: 'Reply_Sequence__c'
} as const;

/** One person's write, decided. */
export interface PersonWrite {
    contact: ReplyContact;
    key: string;
    email: string;
    /** Salesforce values to write (only what changed, for updates). */
    fields: SObjectRecord;
    /** Reply-side values that were read, by Reply field name: the next run compares against their hashes. */
    replyValues: Record<string, unknown>;
    route: { action: 'create' } | { action: 'update' | 'link'; salesforceId: string };
    link: PersonLink | undefined;
}

/** What to write for one person, or why it cannot be written, or that nothing changed. */
export function planRecord(
    ctx: { step: Step; describe: SObjectDescribe; replyProfileUrl: (contactId: number) => string },
    contact: ReplyContact,
    facts: PersonFacts,
    route: { action: 'create' } | { action: 'update' | 'link'; salesforceId: string },
    link: PersonLink | undefined
):
    | { planned: Omit<PersonWrite, 'key' | 'email'>; unchanged?: false }
    | { unchanged: true }
    | { problem: { code: string; message: string } } {
    const { step, describe } = ctx;
    const object = step.kind.salesforceObject;
    const useOwner = step.ownerMappings.length > 0;
    const replyValues: Record<string, unknown> = {};
    for (const mapping of step.fieldMappings)
        replyValues[mapping.replyField] = readReplyField(contact, mapping.replyField);
    replyValues.$status = personStatus(facts);
    replyValues.$sequence = currentSequence(contact);
    if (useOwner) replyValues.$owner = contact.ownerUserId;

    const changed = new Set(
        route.action === 'update' ? changedFields(replyValues, link?.replyHashes) : Object.keys(replyValues)
    );
    if (changed.size === 0) return { unchanged: true };

    const fields: SObjectRecord = {};
    for (const mapping of step.fieldMappings) {
        if (!changed.has(mapping.replyField)) continue;
        const field = fieldOf(describe, mapping.salesforceField)!;
        const value = toSalesforceValue(replyValues[mapping.replyField], field.type);
        const issue = valueIssue(object, field, value);
        if (issue) return { problem: issue };
        fields[field.name] = value;
    }
    if (changed.has('$status')) fields[SYSTEM.status] = replyValues.$status ?? null;
    if (changed.has('$sequence')) fields[SYSTEM.sequence] = truncate(replyValues.$sequence as string | null, 255);
    if (useOwner && changed.has('$owner')) {
        const owner = salesforceOwnerFor(contact.ownerUserId, step.ownerMappings);
        if (owner) fields.OwnerId = owner;
    }
    if (route.action !== 'update') {
        fields[SYSTEM.id] = String(contact.id);
        fields[SYSTEM.url] = ctx.replyProfileUrl(contact.id);
        const missing = requiredMissing(object, describe, fields);
        if (missing) return { problem: missing };
    }
    return { planned: { contact, fields, replyValues, route, link } };
}

/** Salesforce refuses a new Lead without LastName and Company, a Contact without LastName: say so before spending a call. */
function requiredMissing(
    object: SalesforcePersonType,
    describe: SObjectDescribe,
    fields: SObjectRecord
): { code: string; message: string } | undefined {
    const required = object === 'Lead' ? ['LastName', 'Company'] : ['LastName'];
    const empty = required.filter(
        (name) => fieldOf(describe, name) && (fields[name] === null || fields[name] === undefined)
    );
    if (empty.length === 0) return undefined;
    return {
        code: 'REQUIRED_FIELD_MISSING',
        message: `Salesforce requires ${empty.join(' and ')} on a new ${object}, and the Reply person has no value for ${empty.length > 1 ? 'them' : 'it'}: fill ${empty.map((f) => (f === 'Company' ? 'Account' : 'Last Name')).join(' and ')} in Reply`
    };
}

export function linkFor(plan: PersonWrite, salesforceId: string, object: SalesforcePersonType): PersonLink {
    const written: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(plan.fields)) written[field] = value;
    return {
        replyContactId: String(plan.contact.id),
        salesforceId,
        salesforceType: object,
        email: plan.email,
        previousSalesforceId: plan.link?.previousSalesforceId ?? null,
        salesforceHashes: { ...plan.link?.salesforceHashes, ...hashesOf(written) },
        replyHashes: { ...plan.link?.replyHashes, ...hashesOf(plan.replyValues) }
    };
}

function truncate(value: string | null, length: number): string | null {
    return value && value.length > length ? value.slice(0, length) : value;
}
