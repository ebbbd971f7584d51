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
/** Inbox threads are read from a second before the last one seen: Reply's `from` is strictly after. */
const THREAD_OVERLAP_MS = 1000;

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

/** People Statuses in Reply -> Lead Statuses in Salesforce. */
export async function syncPersonStatuses(run: StepRun): Promise<void> {
    const { step, services, shared } = run;
    const cursor = (await services.store.cursors.get(step.name)) as FeedCursor | undefined;
    for (const page of await shared.changedPeople(cursor)) {
        run.counts.read += page.items.length;
        const changes: StatusChange[] = [];
        for (const person of page.items) {
            const value = personStatus(person);
            const status = mappedStatus(step, value);
            if (!status || !replyPersonPasses(step.filter, person)) {
                run.counts.skipped += 1;
                continue;
            }
            changes.push({ replyContactId: person.id, email: person.email, replyValue: value!, status });
        }
        await applyLeadStatuses(run, changes, page.cursor);
        run.progress();
    }
}

/** Inbox Categories in Reply -> Lead Statuses in Salesforce: a person's latest categorised thread decides. */
export async function syncInboxCategories(run: StepRun): Promise<void> {
    const { step, services, shared } = run;
    const cursor = (await services.store.cursors.get(step.name)) as FeedCursor | undefined;
    const from = new Date(Date.parse(cursor?.ts ?? FEED_START) - (cursor ? THREAD_OVERLAP_MS : 0)).toISOString();
    const latest = new Map<number, ReplyInboxThread>();
    let newest = cursor?.ts ?? FEED_START;
    for await (const page of services.reply.inbox.threadsSince(from)) {
        run.counts.read += page.items.length;
        for (const thread of page.items) {
            if (thread.lastActivityDate > newest) newest = thread.lastActivityDate;
            const contactId = thread.contact?.id;
            if (contactId === undefined || !thread.category) continue;
            const previous = latest.get(contactId);
            if (!previous || previous.lastActivityDate < thread.lastActivityDate) latest.set(contactId, thread);
        }
    }
    const people = step.filter ? await shared.replyPeopleById() : undefined;
    const changes: StatusChange[] = [];
    for (const [contactId, thread] of latest) {
        const category = thread.category!;
        const status = mappedStatus(step, category.name) ?? mappedStatus(step, String(category.id));
        const person: ReplyContact | undefined = people?.get(contactId);
        if (!status || (people && (!person || !replyPersonPasses(step.filter, person)))) {
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
}

/**
 * Sets Lead Status where it actually changes: people linked to Leads only, converted Leads never (they are counted
 * and named in the message), a Lead already at the status untouched.
 */
async function applyLeadStatuses(run: StepRun, changes: StatusChange[], nextCursor: FeedCursor): Promise<void> {
    const { step, services } = run;
    const targets = await resolvePeople(
        run,
        changes.map((c) => ({ replyContactId: c.replyContactId, email: c.email }))
    );
    const keys = changes.map((c) => `status-${step.kind.replySource}-${c.replyContactId}`);
    const known = await services.store.items.get(keys);
    const due: (StatusChange & { leadId: string; key: string; hash: string })[] = [];
    const problems: RecordProblem[] = [];
    changes.forEach((change, index) => {
        const target = targets.get(change.replyContactId)!;
        const key = keys[index]!;
        const hash = valueHash(change.status);
        if (target.kind !== 'mine' || known.get(key)?.hash === hash) {
            run.counts.skipped += 1;
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
        const updates = batch.filter((change) => {
            const lead = byId.get(change.leadId.slice(0, 15));
            if (!lead) {
                problems.push({
                    recordKey: `status:${change.replyContactId}`,
                    replyId: String(change.replyContactId),
                    salesforceId: change.leadId,
                    code: 'ENTITY_IS_DELETED',
                    message: 'The linked Lead no longer exists in Salesforce'
                });
                return false;
            }
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
        resolved: items.map((it) => `status:${it.key.split('-').pop()}`),
        cursor: nextCursor
    });
}
