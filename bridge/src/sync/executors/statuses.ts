import { ItemKey, RecordKey, type SalesforceIdMap } from '../../domain/keys.ts';
import type { SyncedItemRow } from '../../domain/records.ts';
import { FEED_START, type FeedCursor } from '../../reply/feed.ts';
import type { ReplyContact, ReplyInboxThread } from '../../reply/schemas.ts';
import { explainRecordError } from '../../salesforce/errors.ts';
import { leadStates, type LeadState } from '../../salesforce/people.ts';
import type { RecordProblem, StepRun } from '../context.ts';
import { replyPersonPasses } from '../filters.ts';
import { replyValueKey, valueHash } from '../mapping.ts';
import { personStatus } from '../person-status.ts';
import { resolvePeople, type PersonTargets } from '../person-targets.ts';
import { runPipeline, type Decision, type Page, type SkipReason, type Written } from '../pipeline.ts';
import type { Step } from '../steps.ts';
import { counted } from '../../text.ts';

/** Earlier failures (a Lead Status not written) tried again per run. */
const RETRY_BATCH = 200;
/** Inbox threads are read from a second before the last one seen: Reply's `from` is strictly after. */
const THREAD_OVERLAP_MS = 1000;
/**
 * Every run also re-reads the threads active in the last week, whatever the cursor says: whether categorising a
 * thread moves its `lastActivityDate` is not published (C16), and a re-categorised thread must not be missed.
 */
const THREAD_LOOKBACK_MS = 7 * 24 * 3600_000;
/** People whose threads one filter call asks for (documented `contactIds`). */
const THREAD_PEOPLE_PER_CALL = 100;
/** People (their latest threads) a page of the inbox categories step. */
const THREAD_PAGE = 1000;

interface StatusChange {
    replyContactId: number;
    email: string | null;
    /** What Reply says (a status or an inbox category), for messages. */
    replyValue: string;
    /** The Lead Status it maps to. */
    status: string;
}

function mappedStatus(step: Step, replyValue: string | null): string | undefined {
    if (!replyValue) return undefined;
    return step.valueMappings.find((m) => replyValueKey(m.replyValue) === replyValueKey(replyValue))?.salesforceValue;
}

/** A status change due for a person, decided from the page's context. */
interface StatusWrite extends StatusChange {
    leadId: string;
    key: string;
    hash: string;
}

interface StatusContext {
    step: Step;
    /** The Leads whose status may change, as Salesforce has them now (absent: deleted or merged away). */
    leads: SalesforceIdMap<LeadState>;
    /** The change each person's status (or category) maps to; absent: nothing maps, or the filter leaves them out. */
    changes: Map<number, StatusChange>;
    /** People whose statuses wait for a later run (the per-run cap). */
    later: Set<number>;
    targets: PersonTargets;
    known: Map<string, SyncedItemRow>;
    /** A reconciliation pass: what is not due is not this pass's item (not counted). */
    recheck: boolean;
    statusReadsPerRun: number;
}

const NOT_MAPPED: SkipReason = { code: 'NOT_MAPPED' };

/** The Lead a person's change is due on: linked to a Lead of theirs, and not already written at that status. Pure. */
function dueOn(
    step: Step,
    change: StatusChange,
    targets: PersonTargets,
    known: Map<string, SyncedItemRow>
): { leadId: string; key: string; hash: string } | undefined {
    const target = targets.get(change.replyContactId);
    const key = ItemKey.status(step.kind.replySource, change.replyContactId);
    const hash = valueHash(change.status);
    if (target?.kind !== 'mine' || known.get(key)?.hash === hash) return undefined;
    return { leadId: target.salesforceId, key, hash };
}

/**
 * Pure: from the person's change and the Lead as Salesforce has it now, so a dry run decides as a real run does. A
 * converted Lead is never updated, a Lead already at the status is left alone (its status remembered), a Lead
 * Salesforce no longer has is not written.
 */
function decideStatus(id: number, ctx: StatusContext): Decision<StatusWrite> {
    const settles = RecordKey.status(id);
    const leave = (reason: SkipReason): Decision<StatusWrite> =>
        ctx.recheck ? { do: 'none', settles } : { do: 'skip', reason, settles };
    if (ctx.later.has(id)) return { do: 'skip', reason: STATUS_LATER(ctx.statusReadsPerRun) };
    const change = ctx.changes.get(id);
    if (!change) return ctx.recheck ? { do: 'none', settles } : { do: 'skip', reason: NOT_MAPPED };
    const due = dueOn(ctx.step, change, ctx.targets, ctx.known);
    if (!due) return leave({ code: 'UNCHANGED' });
    const lead = ctx.leads.get(due.leadId);
    if (!lead) return { do: 'skip', reason: { code: 'RECORD_GONE' }, settles };
    if (lead.IsConverted) return { do: 'skip', reason: CONVERTED };
    if (lead.Status === change.status) {
        const remember = { key: due.key, stepName: ctx.step.name, hash: due.hash, salesforceId: due.leadId };
        return { do: 'skip', reason: { code: 'UNCHANGED' }, settles, remember };
    }
    return { do: 'write', write: { ...change, ...due }, creates: false };
}

const STATUS_LATER = (perRun: number): SkipReason => ({
    code: 'STATUS_LATER',
    say: (n) => `The statuses of ${counted(n, 'person', 'people')} are read on the next runs (at most ${perRun} a run)`
});

/**
 * The targets and known items of the people with a change, and the Leads their changes are due on as Salesforce has
 * them now (reads only: a dry run reads them too), for a page's context.
 */
async function statusContext(
    run: StepRun,
    changes: StatusChange[],
    rest: { later?: Set<number>; recheck?: boolean } = {}
): Promise<StatusContext> {
    const { step, services } = run;
    const targets = await resolvePeople(
        run,
        changes.map((c) => ({ replyContactId: c.replyContactId, email: c.email }))
    );
    const known = await services.store.items.get(
        changes.map((c) => ItemKey.status(step.kind.replySource, c.replyContactId))
    );
    const due = changes.flatMap((change) => {
        const on = dueOn(step, change, targets, known);
        return on ? [{ replyContactId: change.replyContactId, leadId: on.leadId }] : [];
    });
    const leads = await leadStates(
        services.salesforce,
        due.map((d) => d.leadId)
    );
    await followDeletedLeads(
        run,
        due.filter((d) => !leads.has(d.leadId))
    );
    return {
        step,
        leads,
        changes: new Map(changes.map((c) => [c.replyContactId, c])),
        later: rest.later ?? new Set(),
        targets,
        known,
        recheck: rest.recheck ?? false,
        statusReadsPerRun: services.statusReadsPerRun
    };
}

/**
 * People Statuses in Reply -> Lead Statuses in Salesforce. A person's status comes from their statuses
 * (GET /v3/contacts/{id}/statuses, documented; read for people in a sequence) and contact record: for the people the
 * change feed shows, then for those the reconciliation re-reads (webhooks named them, or they are recently active and
 * their turn came), so a reply that did not move `lastModifiedAt` still arrives.
 */
export async function syncPersonStatuses(run: StepRun): Promise<void> {
    const { step, services, shared } = run;
    await runPipeline<ReplyContact, StatusContext, StatusWrite>(run, {
        pages: async function* () {
            const cursor = (await services.store.cursors.get(step.name)) as FeedCursor | undefined;
            for await (const page of run.changedPeople(cursor)) yield { items: page.items, cursor: page.cursor };
        },
        context: async (page) => {
            const people = page.items;
            const contacts = new Map(people.map((c) => [c.id, c]));
            const read = await shared.statusesOf(people.filter((c) => c.sequences.length > 0).map((c) => c.id));
            const facts = await shared.factsOf([...contacts.keys()], contacts);
            // Not read this run (the per-run cap): marked due, the reconciliation of a later run applies it.
            const later = new Set(people.filter((c) => c.sequences.length > 0 && !read.has(c.id)).map((c) => c.id));
            const changes = people.flatMap((person) => {
                if (later.has(person.id)) return [];
                const value = personStatus(facts.get(person.id)!);
                const status = mappedStatus(step, value);
                if (!status || !replyPersonPasses(step.filter, person, facts.get(person.id)!)) return [];
                return [{ replyContactId: person.id, email: person.email, replyValue: value!, status }];
            });
            return statusContext(run, changes, { later });
        },
        linksFound: (ctx) => ctx.targets.newLinks,
        decide: (person, ctx) => decideStatus(person.id, ctx),
        write: (batch) => writeLeadStatuses(run, batch)
    });
    await applyRechecks(run);
}

/**
 * The reconciliation: statuses re-read this run for people the change feed did not show, and for people whose Lead
 * Status could not be written before (their earlier failures, read again now).
 */
async function applyRechecks(run: StepRun): Promise<void> {
    const { step, shared } = run;
    const rechecked = await shared.rechecks();
    const retried = (await run.retryable(RETRY_BATCH)).map((r) => Number(r.replyId)).filter(Number.isInteger);
    if (retried.length > 0) await shared.statusesOf(retried);
    const ids = [...new Set([...rechecked, ...retried])].filter((id) => shared.knownStatuses(id));
    if (ids.length === 0) return;
    const before = run.counts.updated;
    await runPipeline<number, StatusContext, StatusWrite>(run, {
        pages: async function* () {
            yield { items: ids, read: 0 };
        },
        context: async () => {
            const people = step.filter?.type === 'replyList' ? await shared.replyPeopleAmong(ids) : undefined;
            const facts = await shared.factsOf(ids, people);
            const changes = ids.flatMap((id) => {
                const value = personStatus(facts.get(id)!);
                const status = mappedStatus(step, value);
                if (!status || !replyPersonPasses(step.filter, people?.get(id), facts.get(id)!)) return [];
                return [{ replyContactId: id, email: null, replyValue: value!, status }];
            });
            return statusContext(run, changes, { recheck: true });
        },
        linksFound: (ctx) => ctx.targets.newLinks,
        decide: decideStatus,
        write: (batch) => writeLeadStatuses(run, batch)
    });
    const updated = run.counts.updated - before;
    if (rechecked.length > 0)
        run.note(
            `Re-read the statuses of ${counted(rechecked.length, 'person', 'people')} the change feed did not show (webhooks, recent activity)` +
                (updated > 0 ? `: ${counted(updated, 'Lead Status', 'Lead Statuses')} caught up` : '')
        );
}

/** Inbox Categories in Reply -> Lead Statuses in Salesforce: a person's latest categorised thread decides. */
export async function syncInboxCategories(run: StepRun): Promise<void> {
    const { step, services, shared } = run;
    const cursor = (await services.store.cursors.get(step.name)) as FeedCursor | undefined;
    const now = services.now().getTime();
    const from = cursor
        ? new Date(Math.min(Date.parse(cursor.ts) - THREAD_OVERLAP_MS, now - THREAD_LOOKBACK_MS)).toISOString()
        : FEED_START;
    // People whose Lead Status could not be written before: all their threads are read again below.
    const retried = (await run.retryable(RETRY_BATCH)).map((r) => Number(r.replyId)).filter(Number.isInteger);
    if (retried.length > 0 && !run.run.dryRun) await services.store.replyPeople.note(retried, { threadsDue: true });
    const due = await services.store.replyPeople.due('threadsDue', 1000);
    await runPipeline<[number, ReplyInboxThread], StatusContext, StatusWrite>(run, {
        pages: () => latestThreads(run, from, due, cursor?.ts ?? FEED_START),
        context: async (page) => {
            const latest = new Map(page.items);
            const people = step.filter ? await shared.replyPeopleAmong([...latest.keys()]) : undefined;
            const facts = step.filter ? await shared.factsOf([...latest.keys()], people) : undefined;
            const changes = [...latest].flatMap(([contactId, thread]) => {
                const category = thread.category!;
                const status = mappedStatus(step, category.name) ?? mappedStatus(step, String(category.id));
                const person: ReplyContact | undefined = people?.get(contactId);
                if (!status || (people && (!person || !replyPersonPasses(step.filter, person, facts!.get(contactId)!))))
                    return [];
                return [
                    {
                        replyContactId: contactId,
                        email: thread.contact?.email ?? null,
                        replyValue: category.name,
                        status
                    }
                ];
            });
            return statusContext(run, changes);
        },
        linksFound: (ctx) => ctx.targets.newLinks,
        decide: ([contactId], ctx) => decideStatus(contactId, ctx),
        write: (batch) => writeLeadStatuses(run, batch)
    });
    if (!run.run.dryRun && due.length > 0) await services.store.replyPeople.threadsRead(due);
}

/**
 * Each person's latest categorised thread, THREAD_PAGE people a page: threads active since `from`, and all threads of
 * the people due. The threads are read whole first (a person's latest decides, and Reply's order is not relied on),
 * into a spool by person, the latest thread winning (record-spool.ts): memory holds an index entry a person and one
 * page. The cursor (the newest activity seen) comes with the last page; all the threads read count with the first.
 */
async function* latestThreads(
    run: StepRun,
    from: string,
    due: number[],
    since: string
): AsyncGenerator<Page<[number, ReplyInboxThread]>> {
    const spool = run.shared.spool<ReplyInboxThread>('threads');
    try {
        let newest = since;
        let read = 0;
        const take = async (page: { items: ReplyInboxThread[] }) => {
            read += page.items.length;
            const categorised: { id: number; order: number; record: ReplyInboxThread }[] = [];
            for (const thread of page.items) {
                if (thread.lastActivityDate > newest) newest = thread.lastActivityDate;
                // A deleted person's threads come with a null contact: nobody to update.
                const contactId = thread.contact?.id;
                if (contactId === undefined || !thread.category) continue;
                categorised.push({ id: contactId, order: Date.parse(thread.lastActivityDate), record: thread });
            }
            await spool.add(categorised);
        };
        const { inbox } = run.services.reply;
        for await (const page of inbox.threadsSince(from)) await take(page);
        // People a categorisation webhook named: all their threads, so an old thread re-categorised counts too.
        for (let i = 0; i < due.length; i += THREAD_PEOPLE_PER_CALL) {
            const contactIds = due.slice(i, i + THREAD_PEOPLE_PER_CALL);
            for await (const page of inbox.threadsSince(FEED_START, { contactIds })) await take(page);
        }
        const people = await spool.size();
        const cursor = { ts: newest, skip: 0 };
        if (people === 0) {
            yield { items: [], read, cursor };
            return;
        }
        let handed = 0;
        for await (const threads of spool.pages(THREAD_PAGE)) {
            handed += threads.length;
            yield {
                items: threads.map((thread) => [thread.contact!.id, thread]),
                read: handed === threads.length ? read : 0,
                cursor: handed === people ? cursor : undefined
            };
        }
    } finally {
        await spool.close();
    }
}

const CONVERTED: SkipReason = {
    code: 'CONVERTED_LEAD',
    say: (n) => `Status left as it is on ${counted(n, 'converted Lead')}: a converted Lead is never updated`
};

/**
 * The write seam: sets Lead Status on the Leads the decisions found due. A Lead converted since it was read is
 * counted with the converted ones.
 */
async function writeLeadStatuses(run: StepRun, updates: StatusWrite[]): Promise<Written> {
    const { step, services } = run;
    const result = {
        created: 0,
        updated: 0,
        items: [] as NonNullable<Written['items']>,
        problems: [] as RecordProblem[],
        resolved: [] as string[],
        skipped: [] as SkipReason[]
    };
    const outcomes = await services.salesforce.update(
        'Lead',
        updates.map((u) => ({ Id: u.leadId, Status: u.status }))
    );
    updates.forEach((update, k) => {
        const outcome = outcomes[k]!;
        if (outcome.ok) {
            result.updated += 1;
            result.items.push({ key: update.key, stepName: step.name, hash: update.hash, salesforceId: update.leadId });
            result.resolved.push(RecordKey.status(update.replyContactId));
        } else if (outcome.issue.code === 'CANNOT_UPDATE_CONVERTED_LEAD') {
            result.skipped.push(CONVERTED);
        } else {
            result.problems.push({
                recordKey: RecordKey.status(update.replyContactId),
                replyId: String(update.replyContactId),
                salesforceId: update.leadId,
                label: `${update.replyValue} -> ${update.status}`,
                code: outcome.issue.code,
                message: explainRecordError(outcome.issue.code, outcome.issue.message, 'Lead')
            });
        }
    });
    return result;
}

/**
 * Linked Leads the query no longer finds: deleted or merged in Salesforce (deletions.ts follows them). A merged one's
 * link moved to the surviving Lead, whose status follows next run (the person is read again then); a deleted one is
 * never written again.
 */
async function followDeletedLeads(run: StepRun, gone: { replyContactId: number; leadId: string }[]): Promise<void> {
    if (gone.length === 0) return;
    const fates = await run.shared.deletions.follow(gone.map((g) => g.leadId));
    const merged = gone.filter((g) => fates.get(g.leadId)?.kind === 'merged').map((g) => g.replyContactId);
    if (merged.length === 0 || run.run.dryRun) return;
    const again = run.step.kind.replySource === 'inboxCategories' ? { threadsDue: true } : { statusesDue: true };
    await run.services.store.replyPeople.note(merged, again);
}
