import { FEED_START, type FeedCursor } from '../../reply/feed.ts';
import type { ReplyContact, ReplyInboxThread } from '../../reply/schemas.ts';
import { soqlList } from '../../salesforce/soql.ts';
import type { RecordProblem, StepRun } from '../context.ts';
import { replyPersonPasses } from '../filters.ts';
import { replyValueKey, valueHash } from '../mapping.ts';
import { personStatus } from '../person-status.ts';
import type { Step } from '../steps.ts';
import { explain } from './people-to-salesforce.ts';
import { resolvePeople } from './shared.ts';
import { counted } from '../../text.ts';

/** Lead updates per query/collection (SOQL IN list and sObject Collections both take 200 comfortably). */
const BATCH = 200;
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

/**
 * People Statuses in Reply -> Lead Statuses in Salesforce. A person's status comes from their statuses
 * (GET /v3/contacts/{id}/statuses, documented; read for people in a sequence) and contact record: for the people the
 * change feed shows, then for those the reconciliation re-reads (webhooks named them, or they are recently active and
 * their turn came), so a reply that did not move `lastModifiedAt` still arrives.
 */
export async function syncPersonStatuses(run: StepRun): Promise<void> {
    const { step, services, shared } = run;
    const cursor = (await services.store.cursors.get(step.name)) as FeedCursor | undefined;
    let waiting = 0;
    for (const page of await run.changedPeople(cursor)) {
        run.counts.read += page.items.length;
        const contacts = new Map(page.items.map((c) => [c.id, c]));
        const inSequence = page.items.filter((c) => c.sequences.length > 0).map((c) => c.id);
        const read = await shared.statusesOf(inSequence);
        const facts = await shared.factsOf([...contacts.keys()], contacts);
        const changes: StatusChange[] = [];
        for (const person of page.items) {
            if (person.sequences.length > 0 && !read.has(person.id)) {
                // Not read this run (the per-run cap): marked due, the reconciliation of a later run applies it.
                waiting += 1;
                run.counts.skipped += 1;
                continue;
            }
            const value = personStatus(facts.get(person.id)!);
            const status = mappedStatus(step, value);
            if (!status || !replyPersonPasses(step.filter, person, facts.get(person.id)!)) {
                run.counts.skipped += 1;
                continue;
            }
            changes.push({ replyContactId: person.id, email: person.email, replyValue: value!, status });
        }
        await applyLeadStatuses(run, changes, page.cursor);
        run.progress();
    }
    if (waiting > 0)
        run.note(
            `The statuses of ${counted(waiting, 'person', 'people')} are read on the next runs (at most ${services.statusReadsPerRun} a run)`
        );
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
    const ids = [...new Set([...rechecked, ...retried])];
    if (ids.length === 0) return;
    const people = step.filter?.type === 'replyList' ? await shared.replyPeopleById() : undefined;
    const facts = await shared.factsOf(ids, people);
    const changes: StatusChange[] = [];
    const nothingToDo: string[] = [];
    for (const id of ids) {
        if (!shared.knownStatuses(id)) continue;
        const value = personStatus(facts.get(id)!);
        const status = mappedStatus(step, value);
        if (!status || !replyPersonPasses(step.filter, people?.get(id), facts.get(id)!)) {
            nothingToDo.push(`status:${id}`);
            continue;
        }
        changes.push({ replyContactId: id, email: null, replyValue: value!, status });
    }
    const before = run.counts.updated;
    await applyLeadStatuses(run, changes, undefined, false);
    await run.succeeded(nothingToDo.filter((key) => retried.includes(Number(key.slice(7)))));
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
    const latest = new Map<number, ReplyInboxThread>();
    let newest = cursor?.ts ?? FEED_START;
    const take = (page: { items: ReplyInboxThread[] }) => {
        run.counts.read += page.items.length;
        for (const thread of page.items) {
            if (thread.lastActivityDate > newest) newest = thread.lastActivityDate;
            // A deleted person's threads come with a null contact: nobody to update.
            const contactId = thread.contact?.id;
            if (contactId === undefined || !thread.category) continue;
            const previous = latest.get(contactId);
            if (!previous || previous.lastActivityDate < thread.lastActivityDate) latest.set(contactId, thread);
        }
    };
    for await (const page of services.reply.inbox.threadsSince(from)) take(page);
    // People a categorisation webhook named: all their threads, so an old thread re-categorised counts too.
    const due = await services.store.replyPeople.due('threadsDue', 1000);
    for (let i = 0; i < due.length; i += THREAD_PEOPLE_PER_CALL) {
        const contactIds = due.slice(i, i + THREAD_PEOPLE_PER_CALL);
        for await (const page of services.reply.inbox.threadsSince(FEED_START, { contactIds })) take(page);
    }
    const people = step.filter ? await shared.replyPeopleById() : undefined;
    const facts = step.filter ? await shared.factsOf([...latest.keys()], people) : undefined;
    const changes: StatusChange[] = [];
    for (const [contactId, thread] of latest) {
        const category = thread.category!;
        const status = mappedStatus(step, category.name) ?? mappedStatus(step, String(category.id));
        const person: ReplyContact | undefined = people?.get(contactId);
        if (!status || (people && (!person || !replyPersonPasses(step.filter, person, facts!.get(contactId)!)))) {
            run.counts.skipped += 1;
            continue;
        }
        changes.push({
            replyContactId: contactId,
            email: thread.contact?.email ?? null,
            replyValue: category.name,
            status
        });
    }
    await applyLeadStatuses(run, changes, { ts: newest, skip: 0 });
    if (!run.run.dryRun && due.length > 0) await services.store.replyPeople.threadsRead(due);
}

/**
 * Sets Lead Status where it actually changes: people linked to Leads only, converted Leads never (they are counted
 * and named in the message), a Lead already at the status untouched.
 */
async function applyLeadStatuses(
    run: StepRun,
    changes: StatusChange[],
    nextCursor: FeedCursor | undefined,
    countSkips = true
): Promise<void> {
    const { step, services } = run;
    const targets = await resolvePeople(
        run,
        changes.map((c) => ({ replyContactId: c.replyContactId, email: c.email }))
    );
    const keys = changes.map((c) => `status-${step.kind.replySource}-${c.replyContactId}`);
    const known = await services.store.items.get(keys);
    const due: (StatusChange & { leadId: string; key: string; hash: string })[] = [];
    const problems: RecordProblem[] = [];
    /** Nothing to write for these people: any earlier failure of theirs is closed. */
    const settled: string[] = [];
    changes.forEach((change, index) => {
        const target = targets.get(change.replyContactId)!;
        const key = keys[index]!;
        const hash = valueHash(change.status);
        if (target.kind !== 'mine' || known.get(key)?.hash === hash) {
            if (countSkips) run.counts.skipped += 1;
            settled.push(`status:${change.replyContactId}`);
            return;
        }
        due.push({ ...change, leadId: target.salesforceId, key, hash });
    });

    const items: { key: string; stepName: string; hash: string; salesforceId: string }[] = [];
    let converted = 0;
    for (let i = 0; i < due.length; i += BATCH) {
        const batch = due.slice(i, i + BATCH);
        const leads = await services.salesforce.query<{ Id: string; Status: string | null; IsConverted: boolean }>(
            `SELECT Id, Status, IsConverted FROM Lead WHERE Id IN ${soqlList(batch.map((c) => c.leadId))}`,
            'Reading the Leads whose status may change'
        );
        const byId = new Map(leads.map((l) => [l.Id.slice(0, 15), l]));
        const gone = batch.filter((change) => !byId.has(change.leadId.slice(0, 15)));
        await followDeletedLeads(run, gone);
        settled.push(...gone.map((change) => `status:${change.replyContactId}`));
        const updates = batch.filter((change) => {
            const lead = byId.get(change.leadId.slice(0, 15));
            if (!lead) return false;
            if (lead.IsConverted) {
                converted += 1;
                run.counts.skipped += 1;
                return false;
            }
            if (lead.Status === change.status) {
                run.counts.skipped += 1;
                items.push({ key: change.key, stepName: step.name, hash: change.hash, salesforceId: change.leadId });
                return false;
            }
            return true;
        });
        const outcomes = run.run.dryRun
            ? updates.map(() => ({ ok: true as const, id: '', created: false }))
            : await services.salesforce.update(
                  'Lead',
                  updates.map((u) => ({ Id: u.leadId, Status: u.status }))
              );
        updates.forEach((update, k) => {
            const outcome = outcomes[k]!;
            if (outcome.ok) {
                run.counts.updated += 1;
                items.push({ key: update.key, stepName: step.name, hash: update.hash, salesforceId: update.leadId });
            } else if (outcome.issue.code === 'CANNOT_UPDATE_CONVERTED_LEAD') {
                converted += 1;
                run.counts.skipped += 1;
            } else {
                problems.push({
                    recordKey: `status:${update.replyContactId}`,
                    replyId: String(update.replyContactId),
                    salesforceId: update.leadId,
                    label: `${update.replyValue} -> ${update.status}`,
                    code: outcome.issue.code,
                    message: explain(outcome.issue.code, outcome.issue.message, 'Lead')
                });
            }
        });
    }
    if (converted > 0)
        run.note(`Status left as it is on ${counted(converted, 'converted Lead')}: a converted Lead is never updated`);
    await run.commit({
        problems,
        links: targets.newLinks,
        items,
        resolved: [...settled, ...items.map((it) => `status:${it.key.split('-').pop()}`)],
        cursor: nextCursor
    });
}

/**
 * Linked Leads the query no longer finds: deleted or merged in Salesforce (deletions.ts follows them). A merged one's
 * link moved to the surviving Lead, whose status follows next run (the person is read again then); a deleted one is
 * never written again.
 */
async function followDeletedLeads(run: StepRun, gone: { replyContactId: number; leadId: string }[]): Promise<void> {
    if (gone.length === 0) return;
    run.counts.skipped += gone.length;
    const fates = await run.shared.deletions.follow(gone.map((g) => g.leadId));
    const merged = gone.filter((g) => fates.get(g.leadId)?.kind === 'merged').map((g) => g.replyContactId);
    if (merged.length === 0 || run.run.dryRun) return;
    const again = run.step.kind.replySource === 'inboxCategories' ? { threadsDue: true } : { statusesDue: true };
    await run.services.store.replyPeople.note(merged, again);
}
