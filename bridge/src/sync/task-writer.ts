import { RecordKey } from '../domain/keys.ts';
import type { PersonLink } from '../domain/links.ts';
import type { RecordOutcome, SObjectRecord } from '../salesforce/client.ts';
import { fieldOf, type SObjectDescribe } from '../salesforce/describe.ts';
import { explainRecordError } from '../salesforce/errors.ts';
import type { Activity } from './activities.ts';
import type { RecordProblem, StepRun } from './context.ts';
import { valueHash } from './mapping.ts';
import { contactsOfConvertedLeads, convertedLink, unlinkedProblem, type LinkedTarget } from './person-targets.ts';
import type { Written } from './pipeline.ts';
import { counted } from '../text.ts';

/**
 * Writing activities as Salesforce Tasks: upserts on Reply_Activity_Id__c, then what Salesforce refused because the
 * person's record moved (a converted Lead's Contact, a merge's survivor) written again where the person is now.
 */

export const ACTIVITY_KEY_FIELD = 'Reply_Activity_Id__c';

/** One activity's Task, decided. */
export interface TaskWrite {
    activity: Activity;
    target: LinkedTarget;
    record: SObjectRecord;
    hash: string;
    create: boolean;
}

/** A batch's results as they build up: first writes, then the converted and deleted ones followed. */
interface TaskResults extends Written {
    problems: RecordProblem[];
    links: PersonLink[];
    items: NonNullable<Written['items']>;
    resolved: string[];
}

/** The write seam: upserts the batch's Tasks, then follows converted Leads and deleted records. */
export async function writeTasks(run: StepRun, batch: TaskWrite[]): Promise<Written> {
    const describe = run.shared.org.describes.get('Task')!;
    const results: TaskResults = { created: 0, updated: 0, problems: [], links: [], items: [], resolved: [] };
    const outcomes = await upsertTasks(run, batch, describe);
    const converted: TaskWrite[] = [];
    const deleted: TaskWrite[] = [];
    batch.forEach((plan, index) => {
        const outcome = outcomes[index]!;
        if (
            !outcome.ok &&
            outcome.issue.code === 'CANNOT_UPDATE_CONVERTED_LEAD' &&
            run.step.kind.salesforceObject === 'Lead'
        )
            converted.push(plan);
        else if (!outcome.ok && outcome.issue.code === 'ENTITY_IS_DELETED') deleted.push(plan);
        else record(run, results, plan, plan.target.salesforceId, outcome);
    });
    if (converted.length > 0) await redirectConverted(run, converted, describe, results);
    if (deleted.length > 0) await followDeleted(run, deleted, describe, results);
    return results;
}

/** One Task's outcome into the batch's results. */
function record(run: StepRun, results: TaskResults, plan: TaskWrite, whoId: string, outcome: RecordOutcome): boolean {
    const recordKey = RecordKey.activity(plan.activity.key);
    if (!outcome.ok) {
        results.problems.push({
            recordKey,
            replyId: String(plan.activity.replyContactId),
            salesforceId: whoId,
            label: plan.activity.subject,
            code: outcome.issue.code,
            message: explainRecordError(outcome.issue.code, outcome.issue.message, 'Task'),
            payload: JSON.stringify(plan.activity)
        });
        return false;
    }
    if (outcome.created) results.created += 1;
    else results.updated += 1;
    results.items.push({ key: plan.activity.key, stepName: run.step.name, hash: plan.hash, salesforceId: outcome.id });
    results.resolved.push(recordKey);
    return true;
}

/**
 * Upserts on Reply_Activity_Id__c, 200 a call: a re-run or a retry after a crash updates the Task it wrote instead
 * of writing a second one. Fields Salesforce lets you set only on create (TaskSubtype) are sent only for new Tasks.
 */
async function upsertTasks(
    run: StepRun,
    planned: { record: SObjectRecord; create: boolean }[],
    describe: SObjectDescribe
): Promise<RecordOutcome[]> {
    const writable = planned.map(({ record, create }) =>
        Object.fromEntries(
            Object.entries(record).filter(([name]) => {
                const field = fieldOf(describe, name);
                return name === ACTIVITY_KEY_FIELD || !field || (create ? field.createable : field.updateable);
            })
        )
    );
    if (writable.length === 0) return [];
    const outcomes = await run.services.salesforce.upsert('Task', ACTIVITY_KEY_FIELD, writable);
    // A Task written before a crash exists although the store does not know it: Salesforce refuses the create-only
    // fields on what turns out to be an update. Those go again without them.
    const refused = outcomes.flatMap((o, i) =>
        !o.ok && o.issue.code === 'INVALID_FIELD_FOR_INSERT_UPDATE' && planned[i]!.create ? [i] : []
    );
    if (refused.length > 0) {
        const again = await upsertTasks(
            run,
            refused.map((i) => ({ record: planned[i]!.record, create: false })),
            describe
        );
        refused.forEach((i, k) => (outcomes[i] = again[k]!));
    }
    return outcomes;
}

/** Writes Tasks again at another WhoId (the Contact a converted Lead became, a merge's survivor). Returns those written. */
async function rewriteTo(
    run: StepRun,
    plans: (TaskWrite & { whoId: string })[],
    describe: SObjectDescribe,
    results: TaskResults
): Promise<(TaskWrite & { whoId: string })[]> {
    const moved = plans.map((plan) => {
        const record = { ...plan.record, WhoId: plan.whoId };
        return { ...plan, record, hash: valueHash(record) };
    });
    const outcomes = moved.length > 0 ? await upsertTasks(run, moved, describe) : [];
    return moved.filter((plan, index) => record(run, results, plan, plan.whoId, outcomes[index]!));
}

/**
 * Salesforce refused a Task because its person's record is deleted (ENTITY_IS_DELETED): the record is followed
 * (deletions.ts). Merged: the Task goes to the surviving record, where the link moved. Deleted: the activity is
 * reported, not written.
 */
async function followDeleted(
    run: StepRun,
    plans: TaskWrite[],
    describe: SObjectDescribe,
    results: TaskResults
): Promise<void> {
    const fates = await run.shared.deletions.follow(plans.map((p) => p.target.salesforceId));
    const merged: (TaskWrite & { whoId: string })[] = [];
    for (const plan of plans) {
        const fate = fates.get(plan.target.salesforceId);
        if (fate?.kind === 'merged') {
            merged.push({ ...plan, whoId: fate.masterId });
            continue;
        }
        const reason = fate?.kind === 'ended' ? fate.reason : 'deleted in Salesforce';
        const object = run.step.kind.salesforceObject;
        results.problems.push(
            unlinkedProblem(
                object,
                { kind: 'ended', ended: { salesforceId: plan.target.salesforceId, salesforceType: object, reason } },
                {
                    recordKey: RecordKey.activity(plan.activity.key),
                    replyContactId: plan.activity.replyContactId,
                    label: plan.activity.subject,
                    payload: JSON.stringify(plan.activity)
                }
            )
        );
    }
    await rewriteTo(run, merged, describe, results);
}

/** Activities of converted Leads go to the Contact each Lead became; the person's link follows. */
async function redirectConverted(
    run: StepRun,
    converted: TaskWrite[],
    describe: SObjectDescribe,
    results: TaskResults
): Promise<void> {
    const contactOf = await contactsOfConvertedLeads(
        run,
        converted.map((c) => c.target.salesforceId)
    );
    const retry = converted.flatMap((c) => {
        const contactId = contactOf.get(c.target.salesforceId);
        return contactId ? [{ ...c, whoId: contactId }] : [];
    });
    const written = await rewriteTo(run, retry, describe, results);
    const links = new Map<number, PersonLink>();
    for (const plan of written) {
        const replyContactId = String(plan.activity.replyContactId);
        const email = plan.target.link?.email ?? plan.activity.contactEmail?.toLowerCase() ?? null;
        links.set(
            plan.activity.replyContactId,
            convertedLink({ ...plan.target.link, replyContactId, email }, plan.target.salesforceId, plan.whoId)
        );
    }
    for (const c of converted.filter((c) => !contactOf.get(c.target.salesforceId))) {
        results.problems.push({
            recordKey: RecordKey.activity(c.activity.key),
            replyId: String(c.activity.replyContactId),
            salesforceId: c.target.salesforceId,
            code: 'CANNOT_UPDATE_CONVERTED_LEAD',
            message: 'The Lead is converted and has no Contact to take its activities'
        });
    }
    results.links.push(...links.values());
    if (links.size > 0)
        run.note(
            `${counted(retry.length, 'activity', 'activities')} of converted Leads went to the Contacts they became (${counted(links.size, 'person', 'people')} now linked to their Contact)`
        );
}
