import { RecordKey } from '../../domain/keys.ts';
import type { PersonLink, SalesforcePersonType } from '../../domain/links.ts';
import type { FeedCursor } from '../../reply/feed.ts';
import type { ReplyContact } from '../../reply/schemas.ts';
import type { SObjectDescribe } from '../../salesforce/describe.ts';
import type { StepRun } from '../context.ts';
import { replyPersonPasses } from '../filters.ts';
import { hashesOf } from '../mapping.ts';
import { personStatus, type PersonFacts } from '../person-status.ts';
import { FILTERED, lookUpPeople, otherVariant, type PeopleKnown, type Variant } from '../person-targets.ts';
import { runPipeline, type Decision, type Page, type SkipReason } from '../pipeline.ts';
import { planRecord, SYSTEM, type PersonWrite } from '../person-records.ts';
import { routePerson } from '../routing.ts';
import type { Step } from '../steps.ts';
import { counted } from '../../text.ts';
import { writePeople } from '../person-writer.ts';

const RETRY_BATCH = 50;

/** What deciding a page of people needs, read in batch. */
interface PersonContext {
    step: Step;
    describe: SObjectDescribe;
    createsUnmatched: boolean;
    other: Variant;
    facts: Map<number, PersonFacts>;
    known: PeopleKnown;
    replyProfileUrl: (contactId: number) => string;
}

const UNCHANGED: SkipReason = { code: 'UNCHANGED' };

/**
 * A person the other people step syncs (linked or matched to its object, or created by it): a normal split while that
 * step runs, said in the run log when it does not (nobody syncs them then).
 */
function otherStepsPerson(other: Variant, reason: string): SkipReason {
    return other.active
        ? { code: 'OTHER_STEP' }
        : {
              code: reason,
              say: (n) => `Left out ${counted(n, 'person', 'people')}: ${reason}, and ${other.label} is not active`
          };
}

/** People in Reply -> Leads or Contacts in Salesforce. */
export async function syncPeopleToSalesforce(run: StepRun): Promise<void> {
    const { step, services, shared } = run;
    const object = step.kind.salesforceObject;
    const describe = shared.org.describes.get(object)!;
    // People -> Leads creates the unmatched; People -> Contacts only when no People -> Leads runs in this profile.
    const other = otherVariant(run);
    const createsUnmatched = object === 'Lead' || !other.active;
    await runPipeline<ReplyContact, PersonContext, PersonWrite>(run, {
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
                other,
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
        write: (batch) => writePeople(run, batch),
        keys: personKeys
    });
    await refreshStatuses(run, object);
}

/** The change feed of Reply people from the step's cursor (shared by the run's steps). */
export async function* changedPeoplePages(run: StepRun): AsyncGenerator<Page<ReplyContact>> {
    const cursor = (await run.services.store.cursors.get(run.step.name)) as FeedCursor | undefined;
    for await (const page of run.changedPeople(cursor)) {
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

/** What deciding a person reads and writing them changes: their link (Reply id) and their email's match. */
function personKeys(contact: ReplyContact): string[] {
    const key = RecordKey.reply(contact.id);
    return contact.email ? [key, `email:${contact.email.toLowerCase()}`] : [key];
}

/** Where one Reply person goes and what is written there. Pure. */
function decidePerson(contact: ReplyContact, ctx: PersonContext): Decision<PersonWrite> {
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
                : otherStepsPerson(ctx.other, route.reason)
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
                due.map((d) => ({ Id: d.link.salesforceId, [SYSTEM.status]: d.status }))
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
