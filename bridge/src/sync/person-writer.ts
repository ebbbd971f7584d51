import type { PersonLink, SalesforcePersonType } from '../domain/links.ts';
import type { RecordOutcome, SObjectRecord } from '../salesforce/client.ts';
import { fieldOf } from '../salesforce/describe.ts';
import { explainRecordError } from '../salesforce/errors.ts';
import type { RecordProblem, StepRun } from './context.ts';
import { linkFor, SYSTEM, type PersonWrite } from './person-records.ts';
import { contactsOfConvertedLeads } from './person-targets.ts';
import type { SkipReason, Written } from './pipeline.ts';
import { counted } from '../text.ts';

/**
 * Writing Reply people as Leads or Contacts: creates (upserts on the Reply id) and updates in collections of 200,
 * then what Salesforce refused because the record moved (converted, merged) written where the person is now.
 */

/** The write seam: creates and updates the batch's records, then follows converted Leads and deleted records. */
export async function writePeople(run: StepRun, planned: PersonWrite[]): Promise<Written> {
    const object = run.step.kind.salesforceObject;
    const writes = await write(run, object, planned);
    const result: PeopleWritten = { created: 0, updated: 0, problems: [], links: [], resolved: [], skipped: [] };
    const converted: { plan: PersonWrite; leadId: string }[] = [];
    const deleted: PersonWrite[] = [];
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
    plan: PersonWrite,
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

async function write(run: StepRun, object: SalesforcePersonType, planned: PersonWrite[]): Promise<RecordOutcome[]> {
    const { salesforce } = run.services;
    const outcomes: RecordOutcome[] = new Array<RecordOutcome>(planned.length);
    const creates = planned.map((p, i) => ({ p, i })).filter(({ p }) => p.route.action === 'create');
    const updates = planned.map((p, i) => ({ p, i })).filter(({ p }) => p.route.action !== 'create');
    if (creates.length > 0) {
        // Upsert on the Reply id: a retry after a crash updates the record it already created instead of duplicating it.
        const results = await salesforce.upsert(
            object,
            SYSTEM.id,
            creates.map(({ p }) => p.fields)
        );
        creates.forEach(({ i }, k) => (outcomes[i] = results[k]!));
    }
    if (updates.length > 0) {
        const results = await salesforce.update(
            object,
            updates.map(({ p }) => ({ Id: (p.route as { salesforceId: string }).salesforceId, ...p.fields }))
        );
        updates.forEach(({ i }, k) => (outcomes[i] = results[k]!));
    }
    return outcomes;
}

/**
 * Salesforce refuses to update a converted Lead. The person follows the conversion: the link moves to the Lead's
 * Contact, and the update lands on the Contact (the fields a Contact has).
 */
async function followConversions(
    run: StepRun,
    converted: { plan: PersonWrite; leadId: string }[],
    result: PeopleWritten
): Promise<void> {
    const contactOf = await contactsOfConvertedLeads(
        run,
        converted.map((c) => c.leadId)
    );
    const contactDescribe = run.shared.org.describes.get('Contact')!;
    const targets: { plan: PersonWrite; leadId: string; contactId: string; fields: SObjectRecord }[] = [];
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
        targets.map((t) => ({ Id: t.contactId, ...t.fields }))
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
    deleted: PersonWrite[],
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
        retry.map((r) => ({ Id: r.masterId, ...r.plan.fields }))
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
