import { RecordKey } from '../../domain/keys.ts';
import type { PersonLink, SalesforcePersonType } from '../../domain/links.ts';
import type { FeedCursor } from '../../reply/feed.ts';
import type { ReplyContact } from '../../reply/schemas.ts';
import type { RecordOutcome, SObjectRecord } from '../../salesforce/client.ts';
import { fieldOf, valueIssue, type SObjectDescribe } from '../../salesforce/describe.ts';
import { explainRecordError } from '../../salesforce/errors.ts';
import type { RecordProblem, StepRun } from '../context.ts';
import { replyPersonPasses } from '../filters.ts';
import { changedFields, hashesOf, readReplyField, toSalesforceValue } from '../mapping.ts';
import { salesforceOwnerFor } from '../owners.ts';
import { currentSequence, personStatus, type PersonFacts } from '../person-status.ts';
import { FILTERED, contactsOfConvertedLeads, lookUpPeople, otherVariant, type PeopleKnown } from '../person-targets.ts';
import { runPipeline, type Decision, type Page, type SkipReason, type Written } from '../pipeline.ts';
import { routePerson } from '../routing.ts';
import type { Step } from '../steps.ts';
import { counted } from '../../text.ts';

/** Writes that must keep the bridge's owner choice: Salesforce's lead assignment rules would override it. */
const NO_AUTO_ASSIGN = { 'Sforce-Auto-Assign': 'FALSE' };
const RETRY_BATCH = 50;
/** Fields the bridge keeps on every linked Lead and Contact, whatever the mappings say. */
const SYSTEM = {
    id: 'Reply_Contact_Id__c',
    url: 'Reply_Profile_Url__c',
    status: 'Reply_Status__c',
    sequence: 'Reply_Sequence__c'
} as const;

interface Planned {
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

/** What deciding a page of people needs, read in batch. */
interface PersonContext {
    step: Step;
    describe: SObjectDescribe;
    createsUnmatched: boolean;
    facts: Map<number, PersonFacts>;
    known: PeopleKnown;
    replyProfileUrl: (contactId: number) => string;
}

const UNCHANGED: SkipReason = { code: 'UNCHANGED' };

/** People in Reply -> Leads or Contacts in Salesforce. */
export async function syncPeopleToSalesforce(run: StepRun): Promise<void> {
    const { step, services, shared } = run;
    const object = step.kind.salesforceObject;
    const describe = shared.org.describes.get(object)!;
    // People -> Leads creates the unmatched; People -> Contacts only when no People -> Leads runs in this profile.
    const createsUnmatched = object === 'Lead' || !otherVariant(run).active;
    await runPipeline<ReplyContact, PersonContext, Planned>(run, {
        retry: {
            limit: RETRY_BATCH,
            read: async (rows) => {
                const ids = rows.map((r) => Number(r.replyId)).filter((id) => Number.isInteger(id));
                const { contacts, missing } = await services.reply.contacts.getMany(ids);
                await shared.replyPeopleGone(missing);
                if (missing.length > 0)
                    run.note(
                        `Closed ${counted(missing.length, 'earlier failure')} whose Reply person no longer exists`
                    );
                return { items: contacts, resolved: missing.map((id) => RecordKey.reply(id)) };
            }
        },
        pages: () => changedPeoplePages(run),
        context: async (page) => {
            const contacts = page.items;
            // Reply/bounce flags live on the person's statuses (documented), read for people in a sequence only.
            await shared.statusesOf(contacts.filter((c) => c.sequences.length > 0).map((c) => c.id));
            return {
                step,
                describe,
                createsUnmatched,
                replyProfileUrl: services.replyProfileUrl,
                facts: await shared.factsOf(
                    contacts.map((c) => c.id),
                    new Map(contacts.map((c) => [c.id, c]))
                ),
                known: await lookUpPeople(
                    run,
                    contacts.map((c) => ({ replyContactId: c.id, email: c.email }))
                )
            };
        },
        decide: decidePerson,
        write: (batch) => writePeople(run, batch)
    });
    await refreshStatuses(run, object);
}

/** The change feed of Reply people from the step's cursor (shared by the run's steps). */
export async function* changedPeoplePages(run: StepRun): AsyncGenerator<Page<ReplyContact>> {
    const cursor = (await run.services.store.cursors.get(run.step.name)) as FeedCursor | undefined;
    for (const page of await run.changedPeople(cursor)) {
        yield {
            items: page.items,
            read: page.items.length + page.invalid.length,
            invalid: page.invalid.map((item) => ({
                recordKey: RecordKey.reply(item.id),
                replyId: item.id,
                code: 'REPLY_INVALID_RECORD',
                message: `Reply sent a person the bridge cannot read (${item.reason})`
            })),
            cursor: page.cursor
        };
    }
}

/** Where one Reply person goes and what is written there. Pure. */
function decidePerson(contact: ReplyContact, ctx: PersonContext): Decision<Planned> {
    const { step } = ctx;
    const object = step.kind.salesforceObject;
    const key = RecordKey.reply(contact.id);
    if (!replyPersonPasses(step.filter, contact, ctx.facts.get(contact.id)!))
        return { do: 'skip', reason: FILTERED('person', 'people') };
    if (!contact.email)
        return {
            do: 'problem',
            problem: {
                recordKey: key,
                replyId: String(contact.id),
                code: 'MISSING_EMAIL',
                message: 'The Reply person has no email: Salesforce records are matched and linked by email'
            }
        };
    const link = ctx.known.links.get(String(contact.id));
    const ended = ctx.known.ended.get(String(contact.id));
    const route = routePerson({
        stepObject: object,
        link,
        match: ctx.known.matches.get(contact.email.toLowerCase()),
        createsUnmatched: ctx.createsUnmatched,
        ended
    });
    if (route.action === 'skip')
        return {
            do: 'skip',
            reason: ended
                ? {
                      code: 'RECORD_DELETED',
                      say: (n) =>
                          `Left out ${counted(n, 'person', 'people')} whose ${object} was deleted in Salesforce: not created again (restore the record, or give a ${object} their email, to link them again)`
                  }
                : { code: route.reason, say: (n) => `Left out ${counted(n, 'person', 'people')}: ${route.reason}` }
        };
    const plan = planRecord(ctx, contact, ctx.facts.get(contact.id)!, route, link);
    if ('problem' in plan)
        return {
            do: 'problem',
            problem: { ...plan.problem, recordKey: key, replyId: String(contact.id), label: contact.email }
        };
    if (plan.unchanged) return { do: 'skip', reason: UNCHANGED, settles: key };
    return { do: 'write', write: { ...plan.planned, key, email: contact.email }, creates: route.action === 'create' };
}

/** The write seam: creates and updates the batch's records, then follows converted Leads and deleted records. */
async function writePeople(run: StepRun, planned: Planned[]): Promise<Written> {
    const object = run.step.kind.salesforceObject;
    const writes = await write(run, object, planned);
    const result: PeopleWritten = { created: 0, updated: 0, problems: [], links: [], resolved: [], skipped: [] };
    const converted: { plan: Planned; leadId: string }[] = [];
    const deleted: Planned[] = [];
    planned.forEach((plan, index) => {
        const outcome = writes[index]!;
        if (outcome.ok) {
            if (plan.route.action === 'create') result.created += 1;
            else result.updated += 1;
            result.resolved.push(plan.key);
            result.links.push(linkFor(plan, outcome.id, object));
            run.shared.rememberMatch(
                plan.email,
                object === 'Lead'
                    ? { lead: { id: outcome.id, isConverted: false, convertedContactId: null } }
                    : { contact: { id: outcome.id } }
            );
        } else if (outcome.issue.code === 'CANNOT_UPDATE_CONVERTED_LEAD' && plan.route.action !== 'create') {
            converted.push({ plan, leadId: plan.route.salesforceId });
        } else if (outcome.issue.code === 'ENTITY_IS_DELETED' && plan.route.action !== 'create') {
            deleted.push(plan);
        } else {
            result.problems.push(
                refused(plan, plan.route.action === 'create' ? null : plan.route.salesforceId, outcome.issue, object)
            );
        }
    });
    if (converted.length > 0) await followConversions(run, converted, result);
    if (deleted.length > 0) await followDeletedRecords(run, object, deleted, result);
    return result;
}

interface PeopleWritten extends Written {
    problems: RecordProblem[];
    links: PersonLink[];
    resolved: string[];
    skipped: SkipReason[];
}

function refused(
    plan: Planned,
    salesforceId: string | null,
    issue: { code: string; message: string },
    object: string
): RecordProblem {
    return {
        recordKey: plan.key,
        replyId: String(plan.contact.id),
        salesforceId,
        label: plan.email,
        code: issue.code,
        message: explainRecordError(issue.code, issue.message, object)
    };
}

interface StatusCatchUp {
    link: PersonLink;
    status: string | null;
    hash: string;
}

/**
 * Reply_Status__c of linked people whose statuses the reconciliation re-read this run (their contact record did not
 * change, so the feed above did not show them): one field, written only where the status moved.
 */
async function refreshStatuses(run: StepRun, object: SalesforcePersonType): Promise<void> {
    const { services, shared } = run;
    const ids = await shared.rechecks();
    if (ids.length === 0) return;
    let caughtUp = 0;
    await runPipeline<number, { links: Map<string, PersonLink>; facts: Map<number, PersonFacts> }, StatusCatchUp>(run, {
        // The people were counted when their statuses were read; this pass is not a read of its own.
        pages: async function* () {
            yield { items: ids, read: 0 };
        },
        context: async () => ({
            links: await services.store.links.byReplyIds(ids.map(String)),
            facts: await shared.factsOf(ids)
        }),
        decide: (id, ctx) => {
            const link = ctx.links.get(String(id));
            if (!link || link.salesforceType !== object || !shared.knownStatuses(id)) return { do: 'none' };
            const status = personStatus(ctx.facts.get(id)!);
            const hash = hashesOf({ $status: status }).$status!;
            return link.replyHashes.$status === hash
                ? { do: 'none' }
                : { do: 'write', write: { link, status, hash }, creates: false };
        },
        write: async (due) => {
            const outcomes = await services.salesforce.update(
                object,
                due.map((d) => ({ Id: d.link.salesforceId, [SYSTEM.status]: d.status })),
                NO_AUTO_ASSIGN
            );
            const links = due.flatMap((d, i) =>
                outcomes[i]!.ok
                    ? [
                          {
                              ...d.link,
                              replyHashes: { ...d.link.replyHashes, $status: d.hash },
                              salesforceHashes: {
                                  ...d.link.salesforceHashes,
                                  ...hashesOf({ [SYSTEM.status]: d.status })
                              }
                          }
                      ]
                    : []
            );
            caughtUp += links.length;
            return { created: 0, updated: links.length, links };
        }
    });
    if (caughtUp > 0)
        run.note(
            `Reply status caught up on ${counted(caughtUp, object)} (statuses re-read without a change feed entry)`
        );
}

/** What to write for one person, or why it cannot be written, or that nothing changed. */
function planRecord(
    ctx: PersonContext,
    contact: ReplyContact,
    facts: PersonFacts,
    route: { action: 'create' } | { action: 'update' | 'link'; salesforceId: string },
    link: PersonLink | undefined
):
    | { planned: Omit<Planned, 'key' | 'email'>; unchanged?: false }
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

async function write(run: StepRun, object: SalesforcePersonType, planned: Planned[]): Promise<RecordOutcome[]> {
    const { salesforce } = run.services;
    const outcomes: RecordOutcome[] = new Array<RecordOutcome>(planned.length);
    const creates = planned.map((p, i) => ({ p, i })).filter(({ p }) => p.route.action === 'create');
    const updates = planned.map((p, i) => ({ p, i })).filter(({ p }) => p.route.action !== 'create');
    if (creates.length > 0) {
        // Upsert on the Reply id: a retry after a crash updates the record it already created instead of duplicating it.
        const results = await salesforce.upsert(
            object,
            SYSTEM.id,
            creates.map(({ p }) => p.fields),
            NO_AUTO_ASSIGN
        );
        creates.forEach(({ i }, k) => (outcomes[i] = results[k]!));
    }
    if (updates.length > 0) {
        const results = await salesforce.update(
            object,
            updates.map(({ p }) => ({ Id: (p.route as { salesforceId: string }).salesforceId, ...p.fields })),
            NO_AUTO_ASSIGN
        );
        updates.forEach(({ i }, k) => (outcomes[i] = results[k]!));
    }
    return outcomes;
}

function linkFor(plan: Planned, salesforceId: string, object: SalesforcePersonType): PersonLink {
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

/**
 * Salesforce refuses to update a converted Lead. The person follows the conversion: the link moves to the Lead's
 * Contact, and the update lands on the Contact (the fields a Contact has).
 */
async function followConversions(
    run: StepRun,
    converted: { plan: Planned; leadId: string }[],
    result: PeopleWritten
): Promise<void> {
    const contactOf = await contactsOfConvertedLeads(
        run,
        converted.map((c) => c.leadId)
    );
    const contactDescribe = run.shared.org.describes.get('Contact')!;
    const targets: { plan: Planned; leadId: string; contactId: string; fields: SObjectRecord }[] = [];
    for (const { plan, leadId } of converted) {
        const contactId = contactOf.get(leadId);
        if (!contactId) {
            result.problems.push({
                ...refused(plan, leadId, { code: 'CANNOT_UPDATE_CONVERTED_LEAD', message: '' }, 'Lead'),
                message: 'The Lead is converted and has no Contact to follow: nothing was written'
            });
            continue;
        }
        const fields: SObjectRecord = {
            [SYSTEM.id]: String(plan.contact.id),
            [SYSTEM.url]: run.services.replyProfileUrl(plan.contact.id)
        };
        for (const [name, value] of Object.entries(plan.fields)) {
            const field = fieldOf(contactDescribe, name);
            if (field?.updateable) fields[field.name] = value;
        }
        targets.push({ plan, leadId, contactId, fields });
    }
    const outcomes = await run.services.salesforce.update(
        'Contact',
        targets.map((t) => ({ Id: t.contactId, ...t.fields })),
        NO_AUTO_ASSIGN
    );
    let followed = 0;
    targets.forEach((target, index) => {
        const outcome = outcomes[index]!;
        if (!outcome.ok) {
            result.problems.push(refused(target.plan, target.contactId, outcome.issue, 'Contact'));
            return;
        }
        followed += 1;
        result.updated += 1;
        result.resolved.push(target.plan.key);
        result.links.push({
            ...linkFor({ ...target.plan, fields: target.fields }, target.contactId, 'Contact'),
            previousSalesforceId: target.leadId
        });
        run.shared.rememberMatch(target.plan.email, { contact: { id: target.contactId } });
    });
    if (followed > 0)
        run.note(
            `${counted(followed, 'Lead')} had been converted: the update went to the converted Contact, which is now linked`
        );
}

/**
 * Salesforce refused an update because the record is deleted (ENTITY_IS_DELETED): it is followed (deletions.ts).
 * Merged: the update goes to the surviving record, and the link with it. Deleted: the link has ended; nothing is
 * written and nothing is created in its place (the run log says so).
 */
async function followDeletedRecords(
    run: StepRun,
    object: SalesforcePersonType,
    deleted: Planned[],
    result: PeopleWritten
): Promise<void> {
    const ids = deleted.map((p) => (p.route as { salesforceId: string }).salesforceId);
    const fates = await run.shared.deletions.follow(ids);
    const retry = deleted.flatMap((plan, i) => {
        const fate = fates.get(ids[i]!);
        return fate?.kind === 'merged' ? [{ plan, masterId: fate.masterId }] : [];
    });
    const outcomes = await run.services.salesforce.update(
        object,
        retry.map((r) => ({ Id: r.masterId, ...r.plan.fields })),
        NO_AUTO_ASSIGN
    );
    retry.forEach(({ plan, masterId }, index) => {
        const outcome = outcomes[index]!;
        if (!outcome.ok) {
            result.problems.push(refused(plan, masterId, outcome.issue, object));
            return;
        }
        result.updated += 1;
        result.resolved.push(plan.key);
        result.links.push({
            ...linkFor(plan, masterId, object),
            previousSalesforceId: (plan.route as { salesforceId: string }).salesforceId
        });
    });
    // The deleted ones: said in the run log by deletions.ts; the record failures they had are closed.
    for (const plan of deleted.filter((_, i) => fates.get(ids[i]!)?.kind !== 'merged')) {
        result.skipped.push({ code: 'RECORD_DELETED_NOW' });
        result.resolved.push(plan.key);
    }
}

function truncate(value: string | null, length: number): string | null {
    return value && value.length > length ? value.slice(0, length) : value;
}
