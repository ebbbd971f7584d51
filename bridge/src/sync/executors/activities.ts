import { ItemKey, RecordKey } from '../../domain/keys.ts';
import { StepConfigError } from '../../errors.ts';
import type { SyncedItemRow } from '../../domain/records.ts';
import type { FeedCursor } from '../../reply/feed.ts';
import type { ReplyContact } from '../../reply/schemas.ts';
import type { SObjectRecord } from '../../salesforce/client.ts';
import { fieldOf, type SObjectDescribe } from '../../salesforce/describe.ts';
import type { OrgSnapshot } from '../../salesforce/org.ts';
import { activitySourceOf, dateIn, type Activity, type ActivitySource } from '../activities.ts';
import type { StepRun } from '../context.ts';
import { replyPersonPasses } from '../filters.ts';
import { valueHash } from '../mapping.ts';
import { salesforceOwnerFor } from '../owners.ts';
import type { PersonFacts } from '../person-status.ts';
import {
    FILTERED,
    closedTaskStatus,
    openTaskStatus,
    otherVariant,
    otherVariantSkip,
    resolvePeople,
    unlinkedProblem,
    type PersonTargets,
    type Variant
} from '../person-targets.ts';
import { runPipeline, type Decision, type Page, type SkipReason } from '../pipeline.ts';
import type { Step } from '../steps.ts';
import { counted } from '../../text.ts';
import { ACTIVITY_KEY_FIELD, writeTasks, type TaskWrite } from '../task-writer.ts';

const RETRY_BATCH = 2000;
const UNCHANGED: SkipReason = { code: 'UNCHANGED' };

/** What deciding a page's activities needs, read in batch. */
interface ActivityContext {
    step: Step;
    org: OrgSnapshot;
    taskDescribe: SObjectDescribe;
    other: Variant;
    people: PersonTargets;
    /** The page's Reply people, when the step has a filter. */
    replyPeople: Map<number, ReplyContact> | undefined;
    facts: Map<number, PersonFacts> | undefined;
    synced: Map<string, SyncedItemRow>;
    /** Activities read twice in the page: one upsert may not carry the same key twice (Salesforce fails both). */
    repeats: Set<Activity>;
}

/** Emails, Tasks, Calls or LinkedIn activities in Reply -> Lead Tasks or Contact Tasks in Salesforce. */
export async function syncActivities(run: StepRun): Promise<void> {
    const source = activitySourceOf(run.step.kind.replySource);
    if (!source) throw new StepConfigError(`${run.step.kind.key} reads no activity source the bridge knows`);
    const other = otherVariant(run);
    run.shared.readAheadActivities(run.step);
    await runPipeline(run, {
        retry: {
            limit: RETRY_BATCH,
            read: async (rows) => ({
                items: rows.flatMap((r) => (r.payload ? [JSON.parse(r.payload) as Activity] : []))
            })
        },
        pages: () => activityPages(run, source),
        context: (page) => activityContext(run, page.items, other),
        linksFound: (ctx) => ctx.people.newLinks,
        decide: decideActivity,
        write: (batch) => writeTasks(run, batch),
        // An activity's synced hash is what deciding reads and writing changes; its person's link is found the same
        // way by any page (and written the same), and Tasks under one person never share concurrent calls (CallGate).
        keys: (activity) => [activity.key]
    });
}

/** The shared activity feed from the step's cursor; a feed cut short by the call budget ends the step partial. */
async function* activityPages(run: StepRun, source: ActivitySource): AsyncGenerator<Page<Activity>> {
    const cursor = (await run.services.store.cursors.get(run.step.name)) as FeedCursor | undefined;
    const feed = run.shared.activityFeed(source, cursor);
    for await (const page of run.shared.pagesFor(feed, run.feedProgress)) {
        yield {
            items: page.activities,
            read: page.activities.length + page.invalid.length,
            invalid: page.invalid.map((item) => ({
                recordKey: RecordKey.activity(ItemKey.activity(source, item.id ?? 'unknown')),
                replyId: item.id,
                code: 'REPLY_INVALID_RECORD',
                message: `Reply sent an activity the bridge cannot read (${item.reason})`
            })),
            cursor: page.cursor
        };
    }
    if (feed.result) throw feed.result;
}

async function activityContext(run: StepRun, activities: Activity[], other: Variant): Promise<ActivityContext> {
    const { step, services, shared } = run;
    const people = await resolvePeople(
        run,
        activities.map((a) => ({ replyContactId: a.replyContactId, email: a.contactEmail }))
    );
    const replyPeople = step.filter
        ? await shared.replyPeopleAmong(activities.map((a) => a.replyContactId))
        : undefined;
    const facts = replyPeople
        ? await shared.factsOf([...new Set(activities.map((a) => a.replyContactId))], replyPeople)
        : undefined;
    const seen = new Set<string>();
    const repeats = new Set<Activity>();
    for (const activity of activities) {
        if (seen.has(activity.key)) repeats.add(activity);
        seen.add(activity.key);
    }
    return {
        step,
        org: shared.org,
        taskDescribe: shared.org.describes.get('Task')!,
        other,
        people,
        replyPeople,
        facts,
        synced: await services.store.items.get(activities.map((a) => a.key)),
        repeats
    };
}

/** Pure. */
function decideActivity(activity: Activity, ctx: ActivityContext): Decision<TaskWrite> {
    if (ctx.repeats.has(activity)) return { do: 'none' };
    const target = ctx.people.get(activity.replyContactId)!;
    const recordKey = RecordKey.activity(activity.key);
    if (target.kind === 'other')
        return {
            do: 'skip',
            reason: otherVariantSkip(ctx.other, (n) => `${counted(n, 'activity', 'activities')} of people`),
            settles: recordKey
        };
    if (target.kind === 'waiting' || target.kind === 'ended')
        return {
            do: 'problem',
            problem: unlinkedProblem(ctx.step.kind.salesforceObject, target, {
                recordKey,
                replyContactId: activity.replyContactId,
                label: activity.contactEmail,
                payload: JSON.stringify(activity)
            })
        };
    if (ctx.replyPeople) {
        const person = ctx.replyPeople.get(activity.replyContactId);
        if (!person || !replyPersonPasses(ctx.step.filter, person, ctx.facts!.get(activity.replyContactId)!))
            return { do: 'skip', reason: FILTERED('activity of people', 'activities of people') };
    }
    const known = ctx.synced.get(activity.key);
    const record = taskRecord(ctx, activity, target.salesforceId);
    const hash = valueHash(record);
    if (known && known.hash === hash) return { do: 'skip', reason: UNCHANGED };
    return { do: 'write', write: { activity, target, record, hash, create: !known }, creates: !known };
}

/** The Task for an activity; fields Salesforce would refuse (unknown, not writable, not a valid subtype) are left out. */
function taskRecord(ctx: ActivityContext, activity: Activity, whoId: string): SObjectRecord {
    const { org, taskDescribe: describe } = ctx;
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
    const owner = salesforceOwnerFor(activity.replyUserId, ctx.step.ownerMappings);
    if (owner) record.OwnerId = owner;
    return record;
}
