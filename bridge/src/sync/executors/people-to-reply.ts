import { RecordKey, SalesforceIdMap, sameSalesforceId } from '../../domain/keys.ts';
import type { PersonLink, SalesforcePersonType } from '../../domain/links.ts';
import { StepConfigError } from '../../errors.ts';
import type { ContactImportItem } from '../../reply/contacts.ts';
import { readChanges, type SalesforceCursor } from '../../salesforce/changes.ts';
import type { SObjectRecord } from '../../salesforce/client.ts';
import type { FieldCondition } from '../../salesforce/conditions.ts';
import { explainRecordError } from '../../salesforce/errors.ts';
import { leadsConvertedInto, recordsById } from '../../salesforce/people.ts';
import type { RecordProblem, StepRun } from '../context.ts';
import { salesforceConditions } from '../filters.ts';
import { CUSTOM_PREFIX, changedFields, hashesOf, mappedSalesforceFields, toReplyValue } from '../mapping.ts';
import { replyOwnerFor } from '../owners.ts';
import { convertedLink, personLink } from '../person-targets.ts';
import { runPipeline, type Decision, type SkipReason, type Written } from '../pipeline.ts';
import type { Step } from '../steps.ts';
import { counted } from '../../text.ts';
import { pushToSequences, sendToReply } from '../reply-people.ts';

/** The Reply custom field that links each person back to their Salesforce record (created when missing). */
export const SALESFORCE_LINK_FIELD = 'Salesforce Record';
const RETRY_BATCH = 200;

interface Planned {
    record: SObjectRecord;
    key: string;
    email: string;
    link: PersonLink | undefined;
    item: ContactImportItem;
    /** Salesforce-side values read (by Salesforce field name), hashed for the next run's comparison. */
    salesforceValues: Record<string, unknown>;
    /** Reply-side values written (by Reply field name). */
    replyValues: Record<string, unknown>;
    /** The link followed a Lead's conversion to this Contact. */
    followed: boolean;
}

/** What deciding a page of records needs, read in batch. */
interface RecordContext {
    step: Step;
    object: SalesforcePersonType;
    links: Map<string, PersonLink>;
    linksByEmail: Map<string, PersonLink>;
    replyTypes: Map<string, string>;
    /** Contact -> the Lead it was converted from (Contacts whose email a Lead's person has). */
    conversions: SalesforceIdMap<string>;
    /** The one record of the page that may take each email (lower-cased): the linked one, else the first. */
    claims: Map<string, string>;
    integrationUserId: string | undefined;
    instanceUrl: string;
}

const UNCHANGED: SkipReason = { code: 'UNCHANGED' };
const ECHO: SkipReason = {
    code: 'ECHO',
    say: (n) => `Recognised ${counted(n, 'change')} as the bridge's own writes coming back: not sent to Reply again`
};

/** Leads or Contacts in Salesforce -> People in Reply. */
export async function syncPeopleToReply(run: StepRun): Promise<void> {
    const { step, services } = run;
    const object = step.kind.salesforceObject;
    const describe = run.shared.org.describes.get(object)!;
    const filter = salesforceConditions(step.filter, describe);
    if (filter.problems.length > 0) throw new StepConfigError(filter.problems.join('; '));
    const conditions: FieldCondition[] = [
        ...filter.conditions,
        ...(object === 'Lead'
            ? [{ field: 'IsConverted', type: 'boolean', operator: 'equals', value: false } as const]
            : [])
    ];
    const fields = [...new Set(['OwnerId', 'Email', 'Reply_Contact_Id__c', ...mappedSalesforceFields(step)])];
    await runPipeline<SObjectRecord, RecordContext, Planned>(run, {
        retry: {
            limit: RETRY_BATCH,
            read: async (rows) => {
                const ids = rows.map((r) => r.salesforceId).filter((id): id is string => Boolean(id));
                const records = await recordsById(services.salesforce, {
                    object,
                    fields,
                    ids,
                    conditions,
                    what: `Re-reading ${object}s that failed before`
                });
                const found = new SalesforceIdMap(records.map((r) => [String(r.Id), true]));
                return { items: records, resolved: ids.filter((id) => !found.has(id)).map(RecordKey.salesforce) };
            }
        },
        pages: async function* () {
            const cursor = (await services.store.cursors.get(step.name)) as SalesforceCursor | undefined;
            for await (const page of readChanges(services.salesforce, { object, fields, conditions, cursor }))
                yield { items: page.records, cursor: page.cursor };
        },
        context: (page) => recordContext(run, page.items),
        decide: decideRecord,
        write: (batch) => sendPeople(run, batch),
        preview: (batch) => previewPeople(run, batch),
        // Deciding reads the record's link and its email's links and claims; writing changes them.
        keys: (record) => {
            const email = emailOf(record)?.toLowerCase();
            const key = RecordKey.salesforce(String(record.Id));
            return email ? [key, `email:${email}`] : [key];
        }
    });
}

async function recordContext(run: StepRun, records: SObjectRecord[]): Promise<RecordContext> {
    const { step, services, shared } = run;
    const object = step.kind.salesforceObject;
    const ids = records.map((r) => String(r.Id));
    const emails = records.map((r) => (typeof r.Email === 'string' ? r.Email.toLowerCase() : '')).filter(Boolean);
    let links = await services.store.links.bySalesforceIds(ids);
    let linksByEmail = await services.store.links.byEmails(emails);
    if (await followMergedAway(run, records, links, linksByEmail)) {
        // Following a merge moved links: the page decides on the links as they are now.
        links = await services.store.links.bySalesforceIds(ids);
        linksByEmail = await services.store.links.byEmails(emails);
    }
    const claims = new Map<string, string>();
    for (const record of records) {
        const email = emailOf(record)?.toLowerCase();
        if (!email) continue;
        const linked = linksByEmail.get(email);
        if (linked && ids.some((id) => sameSalesforceId(id, linked.salesforceId)))
            claims.set(email, linked.salesforceId);
        else if (!claims.has(email)) claims.set(email, String(record.Id));
    }
    const candidates = records.filter(
        (r) => linksByEmail.get(emailOf(r)?.toLowerCase() ?? '')?.salesforceType === 'Lead'
    );
    return {
        step,
        object,
        links,
        linksByEmail,
        replyTypes: new Map((await shared.replyFieldList()).map((f) => [f.name.toLowerCase(), f.type])),
        conversions:
            object === 'Contact' && candidates.length > 0
                ? await leadsConvertedInto(
                      services.salesforce,
                      candidates.map((r) => String(r.Id))
                  )
                : new SalesforceIdMap(),
        claims,
        integrationUserId: shared.org.integrationUserId,
        instanceUrl: services.salesforce.instanceUrl
    };
}

function emailOf(record: SObjectRecord): string | undefined {
    return typeof record.Email === 'string' && record.Email.trim() ? record.Email.trim() : undefined;
}

/** What to send to Reply for one record, or why not. Pure. */
function decideRecord(record: SObjectRecord, ctx: RecordContext): Decision<Planned> {
    const { step, object } = ctx;
    const id = String(record.Id);
    const key = RecordKey.salesforce(id);
    const email = emailOf(record);
    if (!email)
        return {
            do: 'problem',
            problem: {
                recordKey: key,
                salesforceId: id,
                code: 'MISSING_EMAIL',
                message: `The ${object} has no Email: Reply identifies people by email`
            }
        };
    let link = ctx.links.get(id);
    let followed = false;
    const other = ctx.linksByEmail.get(email.toLowerCase());
    const convertedFrom = other && ctx.conversions.get(id);
    if (!link && other && convertedFrom && sameSalesforceId(other.salesforceId, convertedFrom)) {
        // The Contact a linked Lead was converted into: the person's link follows the conversion.
        link = convertedLink(other, other.salesforceId, id);
        followed = true;
    }
    const holder = ctx.claims.get(email.toLowerCase());
    if (
        (other &&
            !sameSalesforceId(other.salesforceId, id) &&
            !(link && link.replyContactId === other.replyContactId)) ||
        (holder && !sameSalesforceId(holder, id))
    ) {
        return {
            do: 'problem',
            problem: {
                recordKey: key,
                salesforceId: id,
                label: email,
                code: 'DUPLICATE_IN_SALESFORCE',
                message: `${email} is already synced with Salesforce record ${other?.salesforceId ?? holder}: a Reply person links to one record, so merge the duplicates in Salesforce (or convert the Lead)`
            }
        };
    }

    const useOwner = step.ownerMappings.length > 0;
    const salesforceValues: Record<string, unknown> = {};
    for (const mapping of step.fieldMappings)
        salesforceValues[mapping.salesforceField] = record[mapping.salesforceField] ?? null;
    if (useOwner) salesforceValues.$owner = record.OwnerId;
    const changed = changedFields(salesforceValues, link?.salesforceHashes);
    if (link && changed.length === 0) {
        const echo = ctx.integrationUserId && sameSalesforceId(String(record.LastModifiedById), ctx.integrationUserId);
        return { do: 'skip', reason: echo ? ECHO : UNCHANGED, settles: key };
    }

    const item: ContactImportItem = { email };
    const replyValues: Record<string, unknown> = {};
    const customFields: { name: string; value: string | number | null }[] = [];
    for (const mapping of step.fieldMappings) {
        // An update sends what changed, plus the email (the import's key) and first name (Reply requires it on every item).
        if (link && !changed.includes(mapping.salesforceField) && !['email', 'firstName'].includes(mapping.replyField))
            continue;
        const type = ctx.replyTypes.get(mapping.replyField.toLowerCase()) ?? 'text';
        const value = toReplyValue(record[mapping.salesforceField], type as Parameters<typeof toReplyValue>[1]);
        replyValues[mapping.replyField] = value;
        if (mapping.replyField.startsWith(CUSTOM_PREFIX))
            customFields.push({ name: mapping.replyField.slice(CUSTOM_PREFIX.length), value });
        else item[mapping.replyField] = value;
    }
    if (!link || record.Reply_Contact_Id__c === null || record.Reply_Contact_Id__c === undefined) {
        customFields.push({
            name: SALESFORCE_LINK_FIELD,
            value: `${ctx.instanceUrl}/lightning/r/${object}/${id}/view`
        });
    }
    if (customFields.length > 0) item.customFields = customFields;
    if (useOwner && (!link || changed.includes('$owner'))) {
        const owner = replyOwnerFor(record.OwnerId as string | null, step.ownerMappings);
        if (owner !== undefined) {
            item.ownerUserId = owner;
            replyValues.$owner = owner;
        }
    }
    if (!item.firstName && !link)
        return {
            do: 'problem',
            problem: {
                recordKey: key,
                salesforceId: id,
                label: email,
                code: 'REQUIRED_FIELD_MISSING',
                message: `Reply requires a first name, and this ${object} has none: fill First Name in Salesforce`
            }
        };
    return {
        do: 'write',
        write: { record, key, email, link, item, salesforceValues, replyValues, followed },
        creates: !link
    };
}

/** What a batch's send says before it goes: Contacts that take over their converted Lead's Reply person. */
function sayFollowed(run: StepRun, planned: Planned[]): void {
    const followed = planned.filter((p) => p.followed).length;
    if (followed > 0)
        run.note(`${counted(followed, 'Contact')} converted from synced Leads took over their Lead's Reply person`);
}

/** A dry run's stand-in for sendPeople: what it would say, and who would join which sequence. */
async function previewPeople(run: StepRun, planned: Planned[]): Promise<void> {
    sayFollowed(run, planned);
    // A new person has no Reply id yet: a placeholder stands in, only the number of people is said.
    await pushToSequences(
        run,
        planned.map((plan, i) => ({
            replyId: plan.link ? Number(plan.link.replyContactId) : -(i + 1),
            ownerUserId: (plan.item.ownerUserId as number | undefined) ?? null,
            isNew: !plan.link
        }))
    );
}

/** The write seam: sends the batch to Reply, writes the Reply ids back to Salesforce, adds people to sequences. */
async function sendPeople(run: StepRun, planned: Planned[]): Promise<Written> {
    const { step, services, shared } = run;
    const object = step.kind.salesforceObject;
    sayFollowed(run, planned);
    if (planned.some((p) => !p.link || p.item.customFields)) await shared.ensureReplyCustomField(SALESFORCE_LINK_FIELD);
    const results = await sendToReply(run, planned);
    const written = { created: 0, updated: 0, problems: [] as RecordProblem[], links: [] as PersonLink[] };
    const resolved: string[] = [];
    const skipped: SkipReason[] = [];
    const writeBack: SObjectRecord[] = [];
    const pushed: { replyId: number; ownerUserId: number | null; isNew: boolean }[] = [];
    const gone: number[] = [];
    planned.forEach((plan, index) => {
        const result = results[index]!;
        if (!result.ok && 'deleted' in result) {
            // The person was deleted in Reply: their link ends, the record is left as it is, and nothing fails.
            skipped.push(DELETED_IN_REPLY(object));
            resolved.push(plan.key);
            const replyId = result.replyId ?? (plan.link ? Number(plan.link.replyContactId) : undefined);
            if (replyId !== undefined) gone.push(replyId);
            return;
        }
        if (!result.ok) {
            written.problems.push({
                recordKey: plan.key,
                salesforceId: String(plan.record.Id),
                label: plan.email,
                code: result.code,
                message: result.message
            });
            return;
        }
        if (result.created) {
            written.created += 1;
            // A person Reply just created is in no sequence yet: People -> Leads/Contacts has no status to bring back.
            plan.replyValues.$status = null;
            plan.replyValues.$sequence = null;
        } else {
            written.updated += 1;
        }
        resolved.push(plan.key);
        pushed.push({
            replyId: result.replyId,
            ownerUserId: (plan.item.ownerUserId as number | undefined) ?? null,
            isNew: result.created
        });
        written.links.push({
            ...personLink(
                { ...plan.link, replyContactId: String(result.replyId), email: plan.email },
                String(plan.record.Id),
                object
            ),
            salesforceHashes: { ...plan.link?.salesforceHashes, ...hashesOf(plan.salesforceValues) },
            replyHashes: { ...plan.link?.replyHashes, ...hashesOf(plan.replyValues) }
        });
        if (String(plan.record.Reply_Contact_Id__c ?? '') !== String(result.replyId)) {
            writeBack.push({
                Id: String(plan.record.Id),
                Reply_Contact_Id__c: String(result.replyId),
                Reply_Profile_Url__c: services.replyProfileUrl(result.replyId)
            });
        }
    });

    // Tell Salesforce which Reply person each record is, so Reply -> Salesforce steps find it by its key.
    const outcomes = await services.salesforce.update(object, writeBack);
    outcomes.forEach((outcome, index) => {
        if (outcome.ok) return;
        const record = writeBack[index]!;
        written.problems.push({
            recordKey: RecordKey.salesforce(String(record.Id)),
            salesforceId: String(record.Id),
            code: outcome.issue.code,
            message: explainRecordError(
                outcome.issue.code,
                `Reply has the person, but Salesforce did not take the link back: ${outcome.issue.message}`,
                object
            )
        });
    });
    await pushToSequences(run, pushed);
    if (gone.length > 0) await shared.replyPeopleGone(gone);
    return { ...written, resolved, skipped };
}

/** Reply holds the email as a person deleted in Reply and refuses to import it again. */
const DELETED_IN_REPLY = (object: string): SkipReason => ({
    code: 'DELETED_IN_REPLY',
    say: (n) =>
        `Not sent: ${counted(n, object)} whose email belongs to a person deleted in Reply (Reply keeps it and refuses to import it again)`
});

/**
 * A record whose email is linked to another record of its object may be the survivor of a merge the run has not
 * heard of yet (Get Deleted reads whole minutes): the other record is followed (one QueryAll call, only then), and a
 * link that moves here makes this record the person's instead of a duplicate. Says whether it followed any (then
 * the page's links are read again).
 */
async function followMergedAway(
    run: StepRun,
    records: SObjectRecord[],
    own: Map<string, PersonLink>,
    byEmail: Map<string, PersonLink>
): Promise<boolean> {
    const object = run.step.kind.salesforceObject;
    const elsewhere = records.flatMap((record) => {
        const other = typeof record.Email === 'string' ? byEmail.get(record.Email.toLowerCase()) : undefined;
        const id = String(record.Id);
        return other && other.salesforceType === object && !sameSalesforceId(other.salesforceId, id) && !own.has(id)
            ? [other.salesforceId]
            : [];
    });
    if (elsewhere.length === 0) return false;
    await run.shared.deletions.follow(elsewhere);
    return true;
}
