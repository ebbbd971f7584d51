import type { FeedCursor } from '../../reply/feed.ts';
import type { RecordOutcome, SObjectRecord } from '../../salesforce/client.ts';
import { fieldOf, type SObjectDescribe } from '../../salesforce/describe.ts';
import { soqlList } from '../../salesforce/soql.ts';
import type { PersonLink, SalesforcePersonType } from '../../domain/links.ts';
import { dateIn, type Activity } from '../activities.ts';
import type { RecordProblem, StepRun } from '../context.ts';
import { replyPersonPasses } from '../filters.ts';
import { valueHash } from '../mapping.ts';
import { salesforceOwnerFor } from '../owners.ts';
import { explain } from './people-to-salesforce.ts';
import {
    closedTaskStatus,
    openTaskStatus,
    otherVariant,
    resolvePeople,
    unlinkedProblem,
    type LinkedTarget
} from './shared.ts';
import { counted } from '../../text.ts';

const ACTIVITY_KEY_FIELD = 'Reply_Activity_Id__c';

interface PlannedTask {
    activity: Activity;
    target: LinkedTarget;
    record: SObjectRecord;
    hash: string;
    create: boolean;
}

/** What a batch's writes come to: the items written, the record keys done (their failures close), the problems. */
interface TaskResults {
    items: { key: string; stepName: string; hash: string; salesforceId: string | null }[];
    done: string[];
    problems: RecordProblem[];
}
const RETRY_BATCH = 2000;

/** Emails, Tasks, Calls or LinkedIn activities in Reply -> Lead Tasks or Contact Tasks in Salesforce. */
export async function syncActivities(run: StepRun): Promise<void> {
    const { step, services, shared } = run;
    const source = step.kind.replySource as 'emails' | 'calls' | 'linkedin' | 'tasks';

    const retries = await run.retryable(RETRY_BATCH);
    const retried = retries.flatMap((r) => (r.payload ? [JSON.parse(r.payload) as Activity] : []));
    if (retried.length > 0) await processBatch(run, retried);

    const cursor = (await services.store.cursors.get(step.name)) as FeedCursor | undefined;
    const feed = await shared.activityFeed(source, cursor);
    for (const page of feed) {
        run.counts.read += page.activities.length + page.invalid.length;
        await run.fail(
            page.invalid.map((item) => ({
                recordKey: `activity:${source}-${item.id ?? 'unknown'}`,
                replyId: item.id,
                code: 'REPLY_INVALID_RECORD',
                message: `Reply sent an activity the bridge cannot read (${item.reason})`
            }))
        );
        await processBatch(run, page.activities, page.cursor);
        run.progress();
    }
    const other = otherVariant(run);
    if (other.leftOut > 0) {
        run.note(
            `Left out ${counted(other.leftOut, 'activity', 'activities')} of people linked to ${other.object}s: ${other.label} is not active`
        );
    }
    if (feed.deferred) throw feed.deferred;
}

async function processBatch(run: StepRun, activities: Activity[], nextCursor?: FeedCursor): Promise<void> {
    const { step, services, shared } = run;
    const object = step.kind.salesforceObject;
    const taskDescribe = shared.org.describes.get('Task')!;
    const problems: RecordProblem[] = [];

    const people = await resolvePeople(
        run,
        activities.map((a) => ({ replyContactId: a.replyContactId, email: a.contactEmail }))
    );
    const passing = step.filter ? await shared.replyPeopleById() : undefined;
    const facts = passing
        ? await shared.factsOf([...new Set(activities.map((a) => a.replyContactId))], passing)
        : undefined;
    const keys = activities.map((a) => a.key);
    const synced = await services.store.items.get(keys);
    const resolvedElsewhere: string[] = [];

    const planned: PlannedTask[] = [];
    const seen = new Set<string>();
    for (const activity of activities) {
        // One upsert may not carry the same key twice (Salesforce fails both): a re-read item goes once.
        if (seen.has(activity.key)) continue;
        seen.add(activity.key);
        const target = people.get(activity.replyContactId)!;
        const recordKey = `activity:${activity.key}`;
        if (target.kind === 'other') {
            run.counts.skipped += 1;
            otherVariant(run).count();
            resolvedElsewhere.push(recordKey);
            continue;
        }
        if (target.kind === 'waiting' || target.kind === 'ended') {
            problems.push(
                unlinkedProblem(run, target, {
                    recordKey,
                    replyContactId: activity.replyContactId,
                    label: activity.contactEmail,
                    payload: JSON.stringify(activity)
                })
            );
            continue;
        }
        const person = passing?.get(activity.replyContactId);
        if (passing && (!person || !replyPersonPasses(step.filter, person, facts!.get(activity.replyContactId)!))) {
            run.counts.skipped += 1;
            continue;
        }
        const known = synced.get(activity.key);
        const record = taskRecord(run, activity, target.salesforceId, taskDescribe);
        const hash = valueHash(record);
        if (known && known.hash === hash) {
            run.counts.skipped += 1;
            continue;
        }
        planned.push({ activity, target, record, hash, create: !known });
    }

    const outcomes = run.run.dryRun
        ? planned.map((p): RecordOutcome => ({ ok: true, id: '(dry run)', created: p.create }))
        : await upsertTasks(run, planned, taskDescribe);
    const results: TaskResults = { items: [], done: [...resolvedElsewhere], problems };
    const { items, done } = results;
    const converted: typeof planned = [];
    const deleted: typeof planned = [];
    planned.forEach((plan, index) => {
        const outcome = outcomes[index]!;
        if (outcome.ok) {
            if (outcome.created) run.counts.created += 1;
            else run.counts.updated += 1;
            items.push({ key: plan.activity.key, stepName: step.name, hash: plan.hash, salesforceId: outcome.id });
            done.push(`activity:${plan.activity.key}`);
        } else if (outcome.issue.code === 'CANNOT_UPDATE_CONVERTED_LEAD' && object === 'Lead') {
            converted.push(plan);
        } else if (outcome.issue.code === 'ENTITY_IS_DELETED') {
            deleted.push(plan);
        } else {
            problems.push({
                recordKey: `activity:${plan.activity.key}`,
                replyId: String(plan.activity.replyContactId),
                salesforceId: plan.target.salesforceId,
                label: plan.activity.subject,
                code: outcome.issue.code,
                message: explain(outcome.issue.code, outcome.issue.message, 'Task'),
                payload: JSON.stringify(plan.activity)
            });
        }
    });
    const relinked = converted.length > 0 ? await redirectConverted(run, converted, taskDescribe, results) : [];
    if (deleted.length > 0) await followDeleted(run, deleted, taskDescribe, results);

    await run.commit({ problems, links: [...people.newLinks, ...relinked], items, resolved: done, cursor: nextCursor });
}

/** The Task for an activity; fields Salesforce would refuse (unknown, not writable, not a valid subtype) are left out. */
function taskRecord(run: StepRun, activity: Activity, whoId: string, describe: SObjectDescribe): SObjectRecord {
    const { org } = run.shared;
    const has = (name: string) => Boolean(fieldOf(describe, name));
    const record: SObjectRecord = {
        [ACTIVITY_KEY_FIELD]: activity.key,
        WhoId: whoId,
        Subject: activity.subject,
        Description: activity.description,
        ActivityDate: dateIn(org.timeZone, activity.occurredAt),
        Status: activity.open ? openTaskStatus(org) : closedTaskStatus(org),
        Priority: 'Normal'
    };
    const subtype = fieldOf(describe, 'TaskSubtype');
    if (subtype?.picklistValues.some((p) => p.active && p.value === activity.taskSubtype))
        record.TaskSubtype = activity.taskSubtype;
    if (activity.call) {
        if (has('CallDurationInSeconds') && activity.call.durationSeconds !== null)
            record.CallDurationInSeconds = activity.call.durationSeconds;
        if (has('CallType')) record.CallType = activity.call.direction === 'inbound' ? 'Inbound' : 'Outbound';
        if (has('CallDisposition') && activity.call.disposition)
            record.CallDisposition = activity.call.disposition.slice(0, 255);
    }
    const owner = salesforceOwnerFor(activity.replyUserId, run.step.ownerMappings);
    if (owner) record.OwnerId = owner;
    return record;
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

/**
 * Writes Tasks again at another WhoId (the Contact a converted Lead became, a merge's survivor): the results join the
 * batch's. Returns the plans written.
 */
async function rewriteTo(
    run: StepRun,
    plans: (PlannedTask & { whoId: string })[],
    describe: SObjectDescribe,
    results: TaskResults
): Promise<(PlannedTask & { whoId: string })[]> {
    const moved = plans.map((plan) => {
        const record = { ...plan.record, WhoId: plan.whoId };
        return { ...plan, record, hash: valueHash(record) };
    });
    const outcomes = moved.length > 0 ? await upsertTasks(run, moved, describe) : [];
    return moved.filter((plan, index) => {
        const outcome = outcomes[index]!;
        if (!outcome.ok) {
            results.problems.push({
                recordKey: `activity:${plan.activity.key}`,
                replyId: String(plan.activity.replyContactId),
                salesforceId: plan.whoId,
                label: plan.activity.subject,
                code: outcome.issue.code,
                message: explain(outcome.issue.code, outcome.issue.message, 'Task'),
                payload: JSON.stringify(plan.activity)
            });
            return false;
        }
        if (outcome.created) run.counts.created += 1;
        else run.counts.updated += 1;
        results.items.push({
            key: plan.activity.key,
            stepName: run.step.name,
            hash: plan.hash,
            salesforceId: outcome.id
        });
        results.done.push(`activity:${plan.activity.key}`);
        return true;
    });
}

/**
 * Salesforce refused a Task because its person's record is deleted (ENTITY_IS_DELETED): the record is followed
 * (deletions.ts). Merged: the Task goes to the surviving record, where the link moved. Deleted: the activity is
 * reported, not written.
 */
async function followDeleted(
    run: StepRun,
    plans: PlannedTask[],
    describe: SObjectDescribe,
    results: TaskResults
): Promise<void> {
    const fates = await run.shared.deletions.follow(plans.map((p) => p.target.salesforceId));
    const merged: (PlannedTask & { whoId: string })[] = [];
    for (const plan of plans) {
        const fate = fates.get(plan.target.salesforceId);
        if (fate?.kind === 'merged') {
            merged.push({ ...plan, whoId: fate.masterId });
            continue;
        }
        const reason = fate?.kind === 'ended' ? fate.reason : 'deleted in Salesforce';
        results.problems.push(
            unlinkedProblem(
                run,
                {
                    kind: 'ended',
                    ended: {
                        salesforceId: plan.target.salesforceId,
                        salesforceType: run.step.kind.salesforceObject,
                        reason
                    }
                },
                {
                    recordKey: `activity:${plan.activity.key}`,
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
    converted: PlannedTask[],
    describe: SObjectDescribe,
    results: TaskResults
): Promise<PersonLink[]> {
    const { salesforce } = run.services;
    const leadIds = [...new Set(converted.map((c) => c.target.salesforceId))];
    const rows = await salesforce.query<{ Id: string; ConvertedContactId: string | null }>(
        `SELECT Id, ConvertedContactId FROM Lead WHERE Id IN ${soqlList(leadIds)}`,
        'Finding the Contacts of converted Leads'
    );
    const contactOf = new Map(rows.map((r) => [r.Id.slice(0, 15), r.ConvertedContactId]));
    const retry = converted.flatMap((c) => {
        const contactId = contactOf.get(c.target.salesforceId.slice(0, 15));
        return contactId ? [{ ...c, whoId: contactId }] : [];
    });
    const written = await rewriteTo(run, retry, describe, results);
    const links = new Map<number, PersonLink>();
    for (const plan of written) {
        const previous = plan.target.link;
        links.set(plan.activity.replyContactId, {
            replyContactId: String(plan.activity.replyContactId),
            salesforceId: plan.whoId,
            salesforceType: 'Contact' as SalesforcePersonType,
            email: previous?.email ?? plan.activity.contactEmail?.toLowerCase() ?? null,
            previousSalesforceId: plan.target.salesforceId,
            salesforceHashes: {},
            replyHashes: previous?.replyHashes ?? {}
        });
    }
    for (const c of converted.filter((c) => !contactOf.get(c.target.salesforceId.slice(0, 15)))) {
        results.problems.push({
            recordKey: `activity:${c.activity.key}`,
            replyId: String(c.activity.replyContactId),
            salesforceId: c.target.salesforceId,
            code: 'CANNOT_UPDATE_CONVERTED_LEAD',
            message: 'The Lead is converted and has no Contact to take its activities'
        });
    }
    if (links.size > 0)
        run.note(
            `${counted(retry.length, 'activity', 'activities')} of converted Leads went to the Contacts they became (${counted(links.size, 'person', 'people')} now linked to their Contact)`
        );
    return [...links.values()];
}
