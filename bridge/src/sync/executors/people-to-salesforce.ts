import type { FeedCursor } from '../../reply/feed.ts';
import type { ReplyContact } from '../../reply/schemas.ts';
import type { RecordOutcome, SObjectRecord } from '../../salesforce/client.ts';
import { fieldOf, valueIssue, type SObjectDescribe } from '../../salesforce/describe.ts';
import { soqlList } from '../../salesforce/soql.ts';
import type { PersonLink, SalesforcePersonType } from '../../domain/links.ts';
import type { RecordProblem, StepRun } from '../context.ts';
import { replyPersonPasses } from '../filters.ts';
import { changedFields, hashesOf, readReplyField, toSalesforceValue } from '../mapping.ts';
import { salesforceOwnerFor } from '../owners.ts';
import { currentSequence, personStatus, type PersonFacts } from '../person-status.ts';
import { routePerson } from '../routing.ts';
import { counted } from '../../text.ts';
import { otherVariant } from './shared.ts';

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

/** People in Reply -> Leads or Contacts in Salesforce. */
export async function syncPeopleToSalesforce(run: StepRun): Promise<void> {
    const { step, services } = run;
    const object = step.kind.salesforceObject;
    const describe = run.shared.org.describes.get(object)!;
    // People -> Leads creates the unmatched; People -> Contacts only when no People -> Leads runs in this profile.
    const createsUnmatched = object === 'Lead' || !otherVariant(run).active;

    const retries = await run.retryable(RETRY_BATCH);
    if (retries.length > 0) {
        const ids = retries.map((r) => Number(r.replyId)).filter((id) => Number.isInteger(id));
        const { contacts, missing } = await services.reply.contacts.getMany(ids);
        await processBatch(run, describe, object, contacts, createsUnmatched);
        await run.succeeded(missing.map((id) => `reply:${id}`));
        await run.shared.replyPeopleGone(missing);
        if (missing.length > 0)
            run.note(`Closed ${counted(missing.length, 'earlier failure')} whose Reply person no longer exists`);
    }

    const cursor = (await services.store.cursors.get(step.name)) as FeedCursor | undefined;
    for (const page of await run.changedPeople(cursor)) {
        run.counts.read += page.items.length + page.invalid.length;
        await run.fail(
            page.invalid.map((item) => ({
                recordKey: `reply:${item.id ?? 'unknown'}`,
                replyId: item.id,
                code: 'REPLY_INVALID_RECORD',
                message: `Reply sent a person the bridge cannot read (${item.reason})`
            }))
        );
        await processBatch(run, describe, object, page.items, createsUnmatched, page.cursor);
        run.progress();
    }
    await refreshStatuses(run, object);
}

/**
 * Reply_Status__c of linked people whose statuses the reconciliation re-read this run (their contact record did not
 * change, so the feed above did not show them): one field, written only where the status moved.
 */
async function refreshStatuses(run: StepRun, object: SalesforcePersonType): Promise<void> {
    const { services, shared } = run;
    const ids = await shared.rechecks();
    if (ids.length === 0) return;
    const links = await services.store.links.byReplyIds(ids.map(String));
    const facts = await shared.factsOf(ids);
    const due: { link: PersonLink; status: string | null; hash: string }[] = [];
    for (const id of ids) {
        const link = links.get(String(id));
        if (!link || link.salesforceType !== object || !shared.knownStatuses(id)) continue;
        const status = personStatus(facts.get(id)!);
        const hash = hashesOf({ $status: status }).$status!;
        if (link.replyHashes.$status !== hash) due.push({ link, status, hash });
    }
    if (due.length === 0) return;
    const outcomes = run.run.dryRun
        ? due.map(() => ({ ok: true as const, id: '', created: false }))
        : await services.salesforce.update(
              object,
              due.map((d) => ({ Id: d.link.salesforceId, [SYSTEM.status]: d.status })),
              NO_AUTO_ASSIGN
          );
    const saved: PersonLink[] = [];
    due.forEach((d, i) => {
        if (!outcomes[i]!.ok) return;
        run.counts.updated += 1;
        saved.push({
            ...d.link,
            replyHashes: { ...d.link.replyHashes, $status: d.hash },
            salesforceHashes: { ...d.link.salesforceHashes, ...hashesOf({ [SYSTEM.status]: d.status }) }
        });
    });
    if (saved.length > 0)
        run.note(
            `Reply status caught up on ${counted(saved.length, object)} (statuses re-read without a change feed entry)`
        );
    await run.commit({ links: saved });
}

async function processBatch(
    run: StepRun,
    describe: SObjectDescribe,
    object: SalesforcePersonType,
    contacts: ReplyContact[],
    createsUnmatched: boolean,
    nextCursor?: FeedCursor
): Promise<void> {
    const { step, services, shared } = run;
    const problems: RecordProblem[] = [];
    // Reply/bounce flags live on the person's statuses (documented), read for people in a sequence only.
    await shared.statusesOf(contacts.filter((c) => c.sequences.length > 0).map((c) => c.id));
    const facts = await shared.factsOf(
        contacts.map((c) => c.id),
        new Map(contacts.map((c) => [c.id, c]))
    );
    const passing = contacts.filter((contact) => {
        if (replyPersonPasses(step.filter, contact, facts.get(contact.id)!)) return true;
        run.counts.skipped += 1;
        return false;
    });
    const links = await services.store.links.byReplyIds(passing.map((c) => String(c.id)));
    const unlinked = passing.filter((c) => !links.has(String(c.id)));
    const unlinkedEmails = unlinked.filter((c) => c.email).map((c) => c.email!);
    const matches = unlinkedEmails.length > 0 ? await shared.emailMatches(unlinkedEmails) : new Map();
    const ended = await services.store.endedLinks.byReplyIds(unlinked.map((c) => String(c.id)));
    let endedSkips = 0;

    const planned: Planned[] = [];
    const unchangedKeys: string[] = [];
    for (const contact of passing) {
        const key = `reply:${contact.id}`;
        if (!contact.email) {
            problems.push({
                recordKey: key,
                replyId: String(contact.id),
                code: 'MISSING_EMAIL',
                message: 'The Reply person has no email: Salesforce records are matched and linked by email'
            });
            continue;
        }
        const link = links.get(String(contact.id));
        const route = routePerson({
            stepObject: object,
            link,
            match: matches.get(contact.email.toLowerCase()),
            createsUnmatched,
            ended: ended.get(String(contact.id))
        });
        if (route.action === 'skip') {
            run.counts.skipped += 1;
            if (ended.has(String(contact.id))) endedSkips += 1;
            continue;
        }
        const plan = planRecord(run, describe, contact, facts.get(contact.id)!, route, link);
        if ('problem' in plan) {
            problems.push({ ...plan.problem, recordKey: key, replyId: String(contact.id), label: contact.email });
        } else if (plan.unchanged) {
            run.counts.skipped += 1;
            unchangedKeys.push(key);
        } else {
            planned.push({ ...plan.planned, key, email: contact.email });
        }
    }

    if (endedSkips > 0)
        run.note(
            `Left out ${counted(endedSkips, 'person', 'people')} whose ${object} was deleted in Salesforce: not created again (restore the record, or give a ${object} their email, to link them again)`
        );
    const writes = run.run.dryRun ? dryRunOutcomes(planned) : await write(run, object, planned);
    const converted: { plan: Planned; leadId: string }[] = [];
    const deleted: Planned[] = [];
    const newLinks: PersonLink[] = [];
    const synced: string[] = [...unchangedKeys];
    planned.forEach((plan, index) => {
        const outcome = writes[index]!;
        if (outcome.ok) {
            if (plan.route.action === 'create') run.counts.created += 1;
            else run.counts.updated += 1;
            synced.push(plan.key);
            newLinks.push(linkFor(plan, outcome.id, object));
            shared.rememberMatch(
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
            problems.push({
                recordKey: plan.key,
                replyId: String(plan.contact.id),
                salesforceId: plan.route.action === 'create' ? null : plan.route.salesforceId,
                label: plan.email,
                code: outcome.issue.code,
                message: explain(outcome.issue.code, outcome.issue.message, object)
            });
        }
    });
    if (converted.length > 0) {
        const followed = await followConversions(run, converted);
        newLinks.push(...followed.links);
        synced.push(...followed.synced);
        problems.push(...followed.problems);
    }
    if (deleted.length > 0) {
        const followed = await followDeletedRecords(run, object, deleted);
        newLinks.push(...followed.links);
        synced.push(...followed.synced);
        problems.push(...followed.problems);
    }

    await run.commit({ problems, links: newLinks, resolved: synced, cursor: nextCursor });
}

/** What to write for one person, or why it cannot be written, or that nothing changed. */
function planRecord(
    run: StepRun,
    describe: SObjectDescribe,
    contact: ReplyContact,
    facts: PersonFacts,
    route: { action: 'create' } | { action: 'update' | 'link'; salesforceId: string },
    link: PersonLink | undefined
):
    | { planned: Omit<Planned, 'key' | 'email'>; unchanged?: false }
    | { unchanged: true }
    | { problem: { code: string; message: string } } {
    const { step, services } = run;
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
        fields[SYSTEM.url] = services.replyProfileUrl(contact.id);
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

function dryRunOutcomes(planned: Planned[]): RecordOutcome[] {
    return planned.map((p) => ({
        ok: true,
        id: p.route.action === 'create' ? `(new ${p.contact.id})` : p.route.salesforceId,
        created: p.route.action === 'create'
    }));
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
    converted: { plan: Planned; leadId: string }[]
): Promise<{ links: PersonLink[]; synced: string[]; problems: RecordProblem[] }> {
    const { salesforce } = run.services;
    const rows = await salesforce.query<{ Id: string; ConvertedContactId: string | null }>(
        `SELECT Id, ConvertedContactId FROM Lead WHERE Id IN ${soqlList(converted.map((c) => c.leadId))}`,
        'Finding the Contacts of converted Leads'
    );
    const contactOf = new Map(rows.map((row) => [row.Id, row.ConvertedContactId]));
    const contactDescribe = run.shared.org.describes.get('Contact')!;
    const targets: { plan: Planned; leadId: string; contactId: string; fields: SObjectRecord }[] = [];
    const problems: RecordProblem[] = [];
    for (const { plan, leadId } of converted) {
        const contactId =
            contactOf.get(leadId) ?? [...contactOf].find(([id]) => id.slice(0, 15) === leadId.slice(0, 15))?.[1];
        if (!contactId) {
            problems.push({
                recordKey: plan.key,
                replyId: String(plan.contact.id),
                salesforceId: leadId,
                label: plan.email,
                code: 'CANNOT_UPDATE_CONVERTED_LEAD',
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
    const outcomes = run.run.dryRun
        ? targets.map((t) => ({ ok: true as const, id: t.contactId, created: false }))
        : await salesforce.update(
              'Contact',
              targets.map((t) => ({ Id: t.contactId, ...t.fields })),
              NO_AUTO_ASSIGN
          );
    const links: PersonLink[] = [];
    const synced: string[] = [];
    targets.forEach((target, index) => {
        const outcome = outcomes[index]!;
        if (!outcome.ok) {
            problems.push({
                recordKey: target.plan.key,
                replyId: String(target.plan.contact.id),
                salesforceId: target.contactId,
                label: target.plan.email,
                code: outcome.issue.code,
                message: explain(outcome.issue.code, outcome.issue.message, 'Contact')
            });
            return;
        }
        run.counts.updated += 1;
        synced.push(target.plan.key);
        links.push({
            ...linkFor({ ...target.plan, fields: target.fields }, target.contactId, 'Contact'),
            previousSalesforceId: target.leadId
        });
        run.shared.rememberMatch(target.plan.email, { contact: { id: target.contactId } });
    });
    if (links.length > 0)
        run.note(
            `${counted(links.length, 'Lead')} had been converted: the update went to the converted Contact, which is now linked`
        );
    return { links, synced, problems };
}

/**
 * Salesforce refused an update because the record is deleted (ENTITY_IS_DELETED): it is followed (deletions.ts).
 * Merged: the update goes to the surviving record, and the link with it. Deleted: the link has ended; nothing is
 * written and nothing is created in its place (the run log says so).
 */
async function followDeletedRecords(
    run: StepRun,
    object: SalesforcePersonType,
    deleted: Planned[]
): Promise<{ links: PersonLink[]; synced: string[]; problems: RecordProblem[] }> {
    const ids = deleted.map((p) => (p.route as { salesforceId: string }).salesforceId);
    const fates = await run.shared.deletions.follow(ids);
    const retry = deleted.flatMap((plan, i) => {
        const fate = fates.get(ids[i]!);
        return fate?.kind === 'merged' ? [{ plan, masterId: fate.masterId }] : [];
    });
    const outcomes = run.run.dryRun
        ? retry.map((r) => ({ ok: true as const, id: r.masterId, created: false }))
        : await run.services.salesforce.update(
              object,
              retry.map((r) => ({ Id: r.masterId, ...r.plan.fields })),
              NO_AUTO_ASSIGN
          );
    const links: PersonLink[] = [];
    const synced: string[] = [];
    const problems: RecordProblem[] = [];
    retry.forEach(({ plan, masterId }, index) => {
        const outcome = outcomes[index]!;
        if (!outcome.ok) {
            problems.push({
                recordKey: plan.key,
                replyId: String(plan.contact.id),
                salesforceId: masterId,
                label: plan.email,
                code: outcome.issue.code,
                message: explain(outcome.issue.code, outcome.issue.message, object)
            });
            return;
        }
        run.counts.updated += 1;
        synced.push(plan.key);
        links.push({
            ...linkFor(plan, masterId, object),
            previousSalesforceId: (plan.route as { salesforceId: string }).salesforceId
        });
    });
    run.counts.skipped += deleted.length - retry.length;
    // The deleted ones: said in the run log by deletions.ts; the record failures they had are closed.
    synced.push(...deleted.filter((_, i) => fates.get(ids[i]!)?.kind !== 'merged').map((p) => p.key));
    return { links, synced, problems };
}

/** Salesforce's own message, plus what the admin can do about it. */
export function explain(code: string, message: string, object: string): string {
    const hints: Record<string, string> = {
        DUPLICATES_DETECTED: `a duplicate rule in Salesforce blocks this ${object}: merge the duplicates or relax the rule for the integration user`,
        DUPLICATE_VALUE: `another ${object} already carries this Reply id: merge the duplicate ${object}s in Salesforce`,
        FIELD_CUSTOM_VALIDATION_EXCEPTION: 'a validation rule refused the values: adjust the rule or the mapping',
        INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: 'add the value to the picklist or change the mapping',
        REQUIRED_FIELD_MISSING: 'map a Reply field to the required Salesforce field',
        INSUFFICIENT_ACCESS_OR_READONLY:
            'give the integration user edit access (Reply_Sync_Integration permission set)',
        INVALID_CROSS_REFERENCE_KEY: 'an owner in the owner mappings is not an active Salesforce user'
    };
    const hint = hints[code];
    return hint ? `${message} (${hint})` : message;
}

function truncate(value: string | null, length: number): string | null {
    return value && value.length > length ? value.slice(0, length) : value;
}
