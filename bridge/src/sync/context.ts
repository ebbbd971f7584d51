import type { Catalog } from '../catalog/schema.ts';
import type { Logger } from '../logging.ts';
import type { ReplyClient } from '../reply/client.ts';
import { ReplyFeedNotHonoured } from '../reply/contacts.ts';
import { REPLY_CAPABILITIES } from '../reply/capabilities.ts';
import { BridgeError } from '../errors.ts';
import { FEED_START, type FeedCursor } from '../reply/feed.ts';
import type { FeedPage } from '../reply/feed.ts';
import { reportWindows } from '../reply/reporting.ts';
import type { ReportItems } from '../reply/reports.ts';
import type {
    ParsedItems,
    ReplyContact,
    ReplyContactStatuses,
    ReplyCustomField,
    ReplyEmailEvent,
    ReplyNote
} from '../reply/schemas.ts';
import type { SalesforceClient } from '../salesforce/client.ts';
import { isTransientCode } from '../salesforce/errors.ts';
import type { OrgSnapshot } from '../salesforce/org.ts';
import { peopleByEmail } from '../salesforce/people.ts';
import { emptyCounts, type RunStepCounts, type RunTrigger } from '../domain/runs.ts';
import type { CursorValue } from '../domain/cursors.ts';
import type { PersonLink } from '../domain/links.ts';
import type { RecordErrorRow, RecordFailure } from '../domain/records.ts';
import type { Store } from '../store/store.ts';
import {
    ACTIVITY_SOURCES,
    activitySourceOf,
    type Activity,
    type ActivitySource,
    type ReportSource,
    reportHandOn
} from './activities.ts';
import { replyFields, type ReplyField } from './mapping.ts';
import { personFacts, RUNNING_MEMBERSHIPS, type PersonFacts } from './person-status.ts';
import { ACTIVE_DAYS } from './webhook-events.ts';
import type { EmailMatch } from './routing.ts';
import type { Step } from './steps.ts';
import { counted } from '../text.ts';
import { RunCache, RunOnce } from './run-cache.ts';
import { FeedProgress, followPages, SpooledFeed } from './feed-spool.ts';
import { newTally, tallyCalls, type CallTally } from '../call-tally.ts';
import { RecordSpool, type SpoolFactory } from '../record-spool.ts';
import { SalesforceDeletions } from './deletions.ts';

/** Everything a run talks to, passed in (never global) so tests can point it anywhere. */
export interface SyncServices {
    salesforce: SalesforceClient;
    reply: ReplyClient;
    store: Store;
    catalog: Catalog;
    logger: Logger;
    /** Runs a failing record is tried before the bridge leaves it for the admin. */
    retryLimit: number;
    /** People whose notes a note step reads per run. */
    noteReadsPerRun: number;
    /** Statuses reads per run (GET /v3/contacts/{id}/statuses, one call each) for people that changed or are due. */
    statusReadsPerRun: number;
    /** Recently active people whose statuses are re-read per run, in rotation (the reconciliation). */
    statusRechecksPerRun: number;
    /** A recently active person's statuses are re-read by the rotation once this old (hours; default 24). */
    statusRecheckHours: number;
    /** How far back the first read of Reply's activity reports goes, in days. */
    activityBackfillDays: number;
    /** Builds links to Reply people for Salesforce's Reply_Profile_Url__c. */
    replyProfileUrl: (contactId: number) => string;
    /** The integration user's id, when known, to recognise the bridge's own changes in Salesforce. */
    integrationUserId?: string | undefined;
    now: () => Date;
    /** Where a run spools the Reply feeds its steps share and the reads it sorts (default the OS temp folder). */
    spoolDir?: string | undefined;
    /** Salesforce's clock, for Get Deleted windows (ms; default the wall clock: tests move the bridge's with Reply's). */
    salesforceNow?: () => number;
}

export interface RunInfo {
    id: string;
    trigger: RunTrigger;
    dryRun: boolean;
}

export interface ActivityPage {
    activities: Activity[];
    invalid: { id: string | null; reason: string }[];
    /** Where the step resumes after this page (only the last page of a Reply task window carries a new position). */
    cursor: FeedCursor;
}

/** How far ahead Reply tasks are read: scheduled tasks appear in Salesforce as open Tasks. */
const TASK_HORIZON_MS = 365 * 24 * 3600_000;
/** Each report read starts this much before where the last one ended: late-arriving events are not missed. */
const REPORT_OVERLAP_MS = 3600_000;
/** Statuses reads in flight at once (Reply's limits are per minute and hour, not per connection). */
const STATUS_READS_AT_ONCE = 4;
const DAY_MS = 24 * 3600_000;
/**
 * Email matches a run remembers (oldest forgotten first; about 20 MB): the people steps of a family look up the same
 * emails in the same order, so up to this many people a feed the second step asks Salesforce nothing; beyond, memory
 * stays bounded and the second step asks again (2 Composite calls per 1,000 people). What a step created is linked in
 * the store by then, so a forgotten match is only a call, never a duplicate.
 */
const MATCHES_KEPT = 100_000;

/**
 * An optional Reply read (reports, notes, the reconciliation) waits for the next run because the call budget's
 * reserve is reached: the step ends early (partial), its cursor where it stopped.
 */
export class ReplyBudgetDeferred extends BridgeError {
    constructor(what: string, usage: string) {
        super(
            'REPLY_BUDGET_DEFERRED',
            `Deferred: ${what} wait for the next run, to keep Reply's allowance for essential calls (${usage})`
        );
    }
}

/** An activity feed, page by page; `result` (once read to its end) says why the rest waits (budget), if it does. */
export type ActivityFeed = SpooledFeed<ActivityPage, ReplyBudgetDeferred | undefined>;

/** Reads shared by the steps of one run, each done at most once. */
export class RunShared {
    private readonly customFields = new RunOnce(() => this.services.reply.customFields.list());
    /** The feeds steps share, by source and cursor; each spooled once (feed-spool.ts), deleted at the run's end. */
    private readonly feeds = new Map<string, SpooledFeed<unknown, unknown>>();
    /** What the run spooled to files, deleted when it ends. */
    private readonly closers: (() => Promise<void>)[] = [];
    private readonly people = new RunOnce(() => this.readAllPeople());
    private readonly notes = new RunCache<number, ParsedItems<ReplyNote> | undefined>();
    private readonly statuses = new Map<number, ReplyContactStatuses | undefined>();
    private statusReads = 0;
    private readonly recheck = new RunOnce(() => this.readRechecks());
    private readonly whoami = new RunOnce(() => this.services.reply.team.whoami());
    private readonly matches = new Map<string, EmailMatch>();
    /** Email look-ups under way, by email. */
    private readonly matching = new Map<string, Promise<void>>();
    private readonly ensured = new RunCache<string, ReplyCustomField>();
    /** Set when the change feed was not honoured this run and a full read stood in: what the people steps say. */
    feedFallback: string | undefined;
    /** Leads and Contacts deleted or merged in Salesforce, followed once a run (deletions.ts). */
    readonly deletions: SalesforceDeletions;
    /** People Reply no longer has, found this run; `untoldGone` are not in the run log yet. */
    private readonly gone = new Set<number>();
    private untoldGone: number[] = [];
    /** The run's steps in order (the engine sets them): what reading ahead follows. */
    stepsOfRun: readonly Step[] = [];
    private readingAhead: Promise<void> | undefined;
    private closed = false;
    /** Each shared feed's first reader in this run: a later reader follows it page by page (FeedProgress). */
    private readonly firstReaders = new Map<SpooledFeed<unknown, unknown>, FeedProgress>();
    /** Each step's API calls, by step name: counted by the step, and by reads made ahead for it. */
    private readonly tallies = new Map<string, CallTally>();

    constructor(
        readonly services: SyncServices,
        readonly org: OrgSnapshot,
        /** A dry run reads but records nothing in the store. */
        readonly dryRun = false
    ) {
        this.deletions = new SalesforceDeletions(services, dryRun);
    }

    replyCustomFields(): Promise<ReplyCustomField[]> {
        return this.customFields.get();
    }

    async replyFieldList(): Promise<ReplyField[]> {
        return replyFields(this.services.catalog, await this.replyCustomFields());
    }

    replyUser(): Promise<{ userId: number; teamId: number | null }> {
        return this.whoami.get();
    }

    /** A Reply custom field by title, created once if the workspace lacks it. */
    ensureReplyCustomField(title: string): Promise<ReplyCustomField> {
        return this.ensured.get(title, () => this.services.reply.customFields.ensure(title, 'text'));
    }

    /**
     * Salesforce Contacts and Leads by email, for the emails not looked up yet in this run: up to 5 queries of 200
     * emails in one Composite call. The oldest record wins where Salesforce has duplicates.
     */
    async emailMatches(emails: string[]): Promise<Map<string, EmailMatch>> {
        const wanted = [...new Set(emails.map((e) => e.toLowerCase()))];
        // Emails another step is looking up right now (steps run side by side) are awaited, not asked twice, and never
        // read as "no match" before their answer is in.
        const pending = new Set(wanted.flatMap((email) => this.matching.get(email) ?? []));
        const missing = wanted.filter((email) => !this.matches.has(email) && !this.matching.has(email));
        if (missing.length > 0) {
            const lookUp = this.lookUpMatches(missing);
            for (const email of missing) this.matching.set(email, lookUp);
            pending.add(lookUp);
        }
        try {
            await Promise.all(pending);
        } finally {
            for (const email of missing) this.matching.delete(email);
        }
        const answer = new Map(wanted.map((email) => [email, this.matches.get(email) ?? {}]));
        this.forgetOldMatches();
        return answer;
    }

    private async lookUpMatches(emails: string[]): Promise<void> {
        const found = new Map<string, EmailMatch>(emails.map((email) => [email, {}]));
        const rows = await peopleByEmail(this.services.salesforce, emails);
        for (const row of rows.contacts) {
            const match = found.get(row.Email?.toLowerCase() ?? '');
            if (match) match.contact ??= { id: row.Id };
        }
        for (const row of rows.leads) {
            const match = found.get(row.Email?.toLowerCase() ?? '');
            if (match)
                match.lead ??= {
                    id: row.Id,
                    isConverted: row.IsConverted,
                    convertedContactId: row.ConvertedContactId
                };
        }
        for (const [email, match] of found) this.matches.set(email, match);
    }

    private forgetOldMatches(): void {
        for (const email of this.matches.keys()) {
            if (this.matches.size <= MATCHES_KEPT) return;
            this.matches.delete(email);
        }
    }

    /** The feed of `key`, spooled once a run: whoever reads it again reads the spool (feed-spool.ts). */
    private shared<P, R>(key: string, source: () => AsyncIterable<P, R>): SpooledFeed<P, R> {
        let feed = this.feeds.get(key) as SpooledFeed<P, R> | undefined;
        if (!feed) {
            const made: SpooledFeed<P, R> = new SpooledFeed(source(), {
                dir: this.services.spoolDir,
                // A failed read is forgotten, so the next step that needs it asks Reply again (as RunCache does).
                onFailure: () => {
                    if (this.feeds.get(key) === made) this.feeds.delete(key);
                }
            });
            feed = made;
            this.feeds.set(key, feed as SpooledFeed<unknown, unknown>);
            this.closers.push(() => made.close());
        }
        return feed;
    }

    /**
     * A shared feed's pages for one reader. The feed's first reader in the run takes them as they come; a later one
     * takes page n once the first has committed page n (or has ended), so a step running beside the one before it
     * on the same feed decides on each page after that step wrote it, as if it ran after it (engine.ts).
     */
    pagesFor<P>(feed: SpooledFeed<P, unknown>, reader: FeedProgress): AsyncGenerator<P> {
        const first = this.firstReaders.get(feed);
        if (!first) this.firstReaders.set(feed, reader);
        return followPages(feed, reader, first);
    }

    /** The call tally of a step of this run (engine.ts counts the step's calls into it). */
    tallyOf(stepName: string): CallTally {
        let tally = this.tallies.get(stepName);
        if (!tally) this.tallies.set(stepName, (tally = newTally()));
        return tally;
    }

    /**
     * A record spool in the run's spool folder (record-spool.ts), deleted when the run ends if its reader has not
     * deleted it before.
     */
    readonly spool: SpoolFactory = <T>(name: string): RecordSpool<T> => {
        const spool = new RecordSpool<T>(this.services.spoolDir, { name });
        this.closers.push(() => spool.close());
        return spool;
    };

    /** Deletes what the run spooled (the engine calls this when the run ends, however it ends). */
    async close(): Promise<void> {
        this.closed = true;
        const closers = this.closers.splice(0);
        this.feeds.clear();
        await Promise.all(closers.map((close) => close()));
        // A read ahead stops at its next page once its feed is closed.
        await this.readingAhead;
    }

    /**
     * An activity feed from a cursor, page by page. The Lead and Contact variants of a kind usually stand at the same
     * cursor, so Reply is asked once for both (its reporting endpoints have a low hourly cap): the second reads the
     * spool of the first.
     */
    activityFeed(source: ActivitySource, cursor: FeedCursor | undefined): ActivityFeed {
        return this.shared(`${source}|${JSON.stringify(cursor ?? null)}`, () =>
            ACTIVITY_SOURCES[source].read === 'taskWindow'
                ? this.readTasks(cursor)
                : this.readReport(source as ReportSource, cursor)
        );
    }

    /**
     * Reads the activity feeds of this step and of the activity steps after it in the run into their spools, one feed
     * after the other, as fast as Reply allows, while the steps decide and write: Reply's reads overlap Salesforce's
     * writes across steps, not only within one. The same calls the steps would make, each once, in the same order
     * (one feed at a time), and flat memory (spools are files). A read that fails is forgotten by its spool, so the
     * step meets the failure itself; the call budget's deferral is kept for the step to say.
     */
    readAheadActivities(from: Step): void {
        const at = this.stepsOfRun.findIndex((step) => step.name === from.name);
        if (this.readingAhead || at < 0) return;
        const later = this.stepsOfRun.slice(at).filter((step) => activitySourceOf(step.kind.replySource));
        this.readingAhead = (async () => {
            // Every step's cursor first, as it stands before any of them commits a page in this run (a step running
            // beside this one soon does): the cursor each starts from, so the feeds filled are the feeds they read.
            const cursors = await Promise.all(
                later.map(async (step) => (await this.services.store.cursors.get(step.name)) as FeedCursor | undefined)
            );
            for (const [i, step] of later.entries()) {
                if (this.closed) return;
                const feed = this.activityFeed(activitySourceOf(step.kind.replySource)!, cursors[i]);
                // Read for that step: its calls are its own.
                await tallyCalls(this.tallyOf(step.name), () => feed.fill());
            }
        })().catch(() => undefined);
    }

    /**
     * Reply filters tasks by start time only: read the window from the oldest task still open last time, so a task
     * completed since is seen again; unchanged ones cost no Salesforce call (content hashes). Only the window's last
     * page carries the new position, so each page is handed on once the next one (or the end) is known (one page more
     * in memory than other feeds).
     */
    private async *readTasks(cursor: FeedCursor | undefined): AsyncGenerator<ActivityPage, undefined> {
        const from = cursor?.ts ?? FEED_START;
        const now = this.services.now();
        let oldestOpen: string | undefined;
        let held: ActivityPage | undefined;
        for await (const page of this.services.reply.tasks.startingBetween(
            from,
            new Date(now.getTime() + TASK_HORIZON_MS).toISOString()
        )) {
            for (const task of page.items) {
                if (task.status === 'new' && (!oldestOpen || task.startAt < oldestOpen)) oldestOpen = task.startAt;
            }
            if (held) yield held;
            held = {
                activities: page.items.map(ACTIVITY_SOURCES.tasks.map),
                invalid: page.invalid,
                cursor: cursor ?? { ts: from, skip: 0 }
            };
        }
        const next = { ts: oldestOpen && oldestOpen < now.toISOString() ? oldestOpen : now.toISOString(), skip: 0 };
        yield held ? { ...held, cursor: next } : { activities: [], invalid: [], cursor: next };
        return undefined;
    }

    /**
     * A report from where the step stopped to now, in windows Reply allows (30 days), each handed on page by page as
     * Reply answers, or read whole first where a step's filter needs the window's engagement (reportHandOn,
     * reporting.ts); the cursor moves to a window's end once its last page is processed. The first read goes back `activityBackfillDays`. Reports are
     * optional reads: a window that would eat into the call budget's reserve waits for the next run (`deferred`).
     */
    private async *readReport(
        report: ReportSource,
        cursor: FeedCursor | undefined
    ): AsyncGenerator<ActivityPage, ReplyBudgetDeferred | undefined> {
        const { reply } = this.services;
        const now = this.services.now();
        const from = cursor
            ? new Date(Date.parse(cursor.ts) - REPORT_OVERLAP_MS).toISOString()
            : new Date(now.getTime() - this.services.activityBackfillDays * DAY_MS).toISOString();
        const map = ACTIVITY_SOURCES[report].map as (item: ReportItems[typeof report]) => Activity;
        for (const window of reportWindows(from, now.toISOString())) {
            if (!reply.budget.allowsOptional(1, 'reporting')) {
                return new ReplyBudgetDeferred(`Reply's ${report} activity reads`, this.usageText());
            }
            for await (const page of reply.reporting.window(report, window.from, window.to, {
                spool: this.spool,
                // Noted as Reply answers, before the page (or the whole window) is handed on.
                read: report === 'emails' ? (items) => this.noteEngagement(items as ReplyEmailEvent[]) : undefined,
                handOn: reportHandOn(report, this.stepsOfRun)
            })) {
                yield {
                    activities: page.items.map(map),
                    invalid: page.invalid,
                    cursor: page.last ? { ts: window.to, skip: 0 } : (cursor ?? { ts: from, skip: 0 })
                };
            }
        }
        return undefined;
    }

    /** The email report's events as engagement of their people (opened, clicked, replied, bounced; recently active). */
    private async noteEngagement(events: ReplyEmailEvent[]): Promise<void> {
        if (this.dryRun || events.length === 0) return;
        const activeUntil = new Date(this.services.now().getTime() + ACTIVE_DAYS * DAY_MS);
        const byFlag = { opened: new Set<number>(), clicked: new Set<number>(), replied: new Set<number>() };
        const bounced = new Set<number>();
        for (const event of events) {
            if (event.eventType === 'opened') byFlag.opened.add(event.contactId);
            if (event.eventType === 'clicked') byFlag.clicked.add(event.contactId);
            if (event.eventType === 'replied') byFlag.replied.add(event.contactId);
            if (event.eventType === 'bounced') bounced.add(event.contactId);
        }
        const people = this.services.store.replyPeople;
        await people.note([...new Set(events.map((e) => e.contactId))], { activeUntil });
        await people.note([...byFlag.opened], { opened: true });
        await people.note([...byFlag.clicked], { opened: true, clicked: true });
        await people.note([...byFlag.replied], { replied: true });
        await people.note([...bounced], { bounced: true });
    }

    /** The call budget's use, for messages. */
    usageText(): string {
        const usage = this.services.reply.budget.usage();
        const month =
            usage.month.limit === null
                ? `${usage.month.used} this month`
                : `${usage.month.used} of ${usage.month.limit} this month`;
        return `${usage.hour.used} of ${usage.hour.limit} calls this hour, ${usage.reportingHour.used} of ${usage.reportingHour.limit} reporting calls, ${month}`;
    }

    /**
     * Reply people changed since a cursor, page by page. People, status and note steps usually stand at the same
     * cursor, so Reply is asked once for all of them: the later steps read the spool of the first.
     */
    changedPeople(cursor: FeedCursor | undefined): SpooledFeed<FeedPage<ReplyContact>> {
        return this.shared(`people|${JSON.stringify(cursor ?? null)}`, () => this.readChanged(cursor));
    }

    private async *readChanged(cursor: FeedCursor | undefined): AsyncGenerator<FeedPage<ReplyContact>> {
        const { contacts } = this.services.reply;
        try {
            for await (const page of contacts.changedSince(cursor, { top: 1000 })) {
                await this.noteRunning(page.items);
                yield page;
            }
            return;
        } catch (error) {
            if (!(error instanceof ReplyFeedNotHonoured)) throw error;
            // The unpublished filter rule or sort did not hold (C3): read everything, filter and sort here. The pages
            // already handed on are read again from the step's cursor (harmless: content hashes), none is skipped.
            this.feedFallback = `${REPLY_CAPABILITIES.contactFeed.missing}: ${error.message}`;
            this.services.logger.warn({ reason: error.message }, 'Reply change feed not honoured; full read');
        }
        for await (const page of contacts.scan(cursor, { top: 1000, spool: this.spool })) {
            await this.noteRunning(page.items);
            yield page;
        }
    }

    /**
     * People in a running sequence can reply, bounce or finish at any time, and Reply may not move `lastModifiedAt`
     * for that (unpublished, C4): they join the statuses reconciliation rotation for ACTIVE_DAYS.
     */
    private async noteRunning(contacts: ReplyContact[]): Promise<void> {
        if (this.dryRun) return;
        const running = contacts
            .filter((c) => c.sequences.some((s) => s.status !== null && RUNNING_MEMBERSHIPS.includes(s.status)))
            .map((c) => c.id);
        if (running.length === 0) return;
        const activeUntil = new Date(this.services.now().getTime() + ACTIVE_DAYS * DAY_MS);
        await this.services.store.replyPeople.note(running, { activeUntil });
    }

    /**
     * People's statuses (GET /v3/contacts/{id}/statuses, documented; one call each), each read at most once a run,
     * at most `statusReadsPerRun` a run: people beyond are marked due and read on a later run. Undefined in the map:
     * the person no longer exists. Absent: not read this run. What was read goes to the store (reply/bounce flags).
     */
    async statusesOf(ids: number[]): Promise<Map<number, ReplyContactStatuses | undefined>> {
        const wanted = [...new Set(ids)].filter((id) => !this.statuses.has(id));
        const room = Math.max(0, this.services.statusReadsPerRun - this.statusReads);
        const now = wanted.slice(0, room);
        const later = wanted.slice(room);
        const read: { id: number; replied: boolean; bounced: boolean }[] = [];
        // A few at a time: the rate limiter paces them all the same, a run just waits less on each answer.
        for (let i = 0; i < now.length; i += STATUS_READS_AT_ONCE) {
            const batch = now.slice(i, i + STATUS_READS_AT_ONCE);
            const answers = await Promise.all(batch.map((id) => this.services.reply.contacts.statuses(id)));
            batch.forEach((id, k) => {
                const statuses = answers[k];
                this.statusReads += 1;
                this.statuses.set(id, statuses);
                if (!statuses) return;
                const flags = statuses.sequences.map((s) => s.emailDisposition).filter((d) => d !== null);
                read.push({ id, replied: flags.some((d) => d.isReplied), bounced: flags.some((d) => d.isBounced) });
            });
        }
        const missing = now.filter((id) => this.statuses.has(id) && this.statuses.get(id) === undefined);
        if (missing.length > 0) await this.replyPeopleGone(missing);
        if (!this.dryRun) {
            await this.services.store.replyPeople.statusesRead(read, this.services.now());
            if (later.length > 0) await this.services.store.replyPeople.note(later, { statusesDue: true });
        }
        return new Map(ids.filter((id) => this.statuses.has(id)).map((id) => [id, this.statuses.get(id)]));
    }

    /** Statuses already read this run (no call). */
    knownStatuses(id: number): ReplyContactStatuses | undefined {
        return this.statuses.get(id);
    }

    /**
     * The people whose statuses are read again this run though their contact record did not change: those a webhook
     * named (due), then, while the call budget allows, recently active ones not read for a day, longest unread first
     * (`statusRechecksPerRun`). Decided and read once a run; every status-bearing step applies them. This is what
     * catches a reply or a bounce that did not move `lastModifiedAt`: within a day, sooner with webhooks.
     */
    rechecks(): Promise<number[]> {
        return this.recheck.get();
    }

    private async readRechecks(): Promise<number[]> {
        const { store, reply } = this.services;
        const due = await store.replyPeople.due('statusesDue', this.services.statusReadsPerRun);
        const room = Math.min(this.services.statusRechecksPerRun, reply.budget.optionalRoom());
        const now = this.services.now();
        const readBefore = new Date(now.getTime() - this.services.statusRecheckHours * 3600_000);
        const rotation = (await store.replyPeople.rotation(room + due.length, now, readBefore))
            .filter((id) => !due.includes(id))
            .slice(0, room);
        const ids = [...due, ...rotation];
        const read = await this.statusesOf(ids);
        return ids.filter((id) => read.has(id));
    }

    /** What decides each person's status and default filters (person-status.ts), from what this run knows. */
    async factsOf(ids: number[], contacts: Map<number, ReplyContact> = new Map()): Promise<Map<number, PersonFacts>> {
        const engagement = await this.services.store.replyPeople.engagement(ids);
        return new Map(ids.map((id) => [id, personFacts(contacts.get(id), this.statuses.get(id), engagement.get(id))]));
    }

    /**
     * A person's notes, read once per run (both note steps may ask); undefined when the person no longer exists.
     * Throws ReplyCapabilityMissing when this key cannot read notes.
     */
    notesOf(contactId: number): Promise<ParsedItems<ReplyNote> | undefined> {
        return this.notes.get(contactId, () => this.services.reply.notes.forContact(contactId));
    }

    /**
     * These Reply people by id, from the documented full list read once per run (only steps with a filter need it)
     * and spooled to a file, so a run does not hold every person in memory. People Reply does not list are absent.
     */
    async replyPeopleAmong(ids: number[]): Promise<Map<number, ReplyContact>> {
        return (await this.people.get()).get(ids);
    }

    private async readAllPeople(): Promise<RecordSpool<ReplyContact>> {
        const spool = this.spool<ReplyContact>('people');
        for await (const page of this.services.reply.contacts.everyone())
            await spool.add(page.items.map((contact) => ({ id: contact.id, record: contact })));
        return spool;
    }

    /**
     * People Reply no longer has (deleted in Reply: a 404 on their statuses or notes, an import answered
     * `contactDeleted`), learnt where the bridge reads them anyway: their links end, nothing more is read of them, and
     * it is no error. Their Salesforce records stay as they are.
     */
    async replyPeopleGone(ids: number[]): Promise<void> {
        const fresh = [...new Set(ids)].filter((id) => !this.gone.has(id));
        if (fresh.length === 0) return;
        for (const id of fresh) this.gone.add(id);
        this.untoldGone.push(...fresh);
        if (this.dryRun) return;
        const { store } = this.services;
        await store.transaction(async (tx) => {
            await tx.links.remove(fresh.map(String));
            await tx.replyPeople.forget(fresh);
        });
    }

    /** What the run log says of records that changed identity since a step last said it (each said once). */
    identityNotes(object: 'Lead' | 'Contact'): string[] {
        const lines = this.deletions.noteFor(object);
        if (this.untoldGone.length > 0) {
            const ids = this.untoldGone;
            this.untoldGone = [];
            lines.push(
                `${counted(ids.length, 'person', 'people')} deleted in Reply (${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', ...' : ''}): their links ended; their Salesforce records stay as they are`
            );
        }
        return lines;
    }

    /** Records what a step just created or linked, so later steps of the run see it without asking Salesforce. */
    rememberMatch(email: string, update: EmailMatch): void {
        const key = email.toLowerCase();
        const known = this.matches.get(key);
        // Re-inserted: what a step just wrote is the newest thing the run knows.
        this.matches.delete(key);
        this.matches.set(key, { ...known, ...update });
        this.forgetOldMatches();
    }
}

export interface RecordProblem {
    recordKey: string;
    code: string;
    message: string;
    salesforceId?: string | null;
    replyId?: string | null;
    label?: string | null;
    payload?: string | null;
    /** The service's failure, not the record's: retried without using up its retries (default: by Salesforce's code). */
    transient?: boolean;
}

/** One step's execution: its counts, messages and per-record failures. Dry runs record nothing in the store. */
export class StepRun {
    readonly counts: RunStepCounts = emptyCounts();
    /** How far the step has got through its shared feed, for a step that follows it (RunShared.pagesFor). */
    readonly feedProgress = new FeedProgress();
    private readonly notes = new Map<string, number>();
    private readonly failureCodes = new Map<string, number>();
    private readonly failedKeys = new Set<string>();

    constructor(
        readonly step: Step,
        readonly run: RunInfo,
        readonly shared: RunShared,
        private readonly onProgress: (counts: RunStepCounts) => void = () => undefined
    ) {}

    get services(): SyncServices {
        return this.shared.services;
    }

    get store(): Store {
        return this.services.store;
    }

    get logger(): Logger {
        return this.services.logger;
    }

    /**
     * The change feed for this step, page by page (shared by the run); says so in the step's message when a full
     * read stood in.
     */
    async *changedPeople(cursor: FeedCursor | undefined): AsyncGenerator<FeedPage<ReplyContact>> {
        try {
            yield* this.shared.pagesFor(this.shared.changedPeople(cursor), this.feedProgress);
        } finally {
            if (this.shared.feedFallback) this.note(this.shared.feedFallback);
        }
    }

    /** Adds a line to the step's message; repeated lines are counted, not repeated. */
    note(message: string, times = 1): void {
        this.notes.set(message, (this.notes.get(message) ?? 0) + times);
    }

    progress(): void {
        this.onProgress(this.counts);
    }

    /** A record fails at most once a run (a retry and a re-read of the same record are one attempt). */
    async fail(problems: RecordProblem[]): Promise<void> {
        const failures: RecordFailure[] = [];
        for (const problem of problems) {
            if (this.failedKeys.has(problem.recordKey)) continue;
            this.failedKeys.add(problem.recordKey);
            this.counts.failed += 1;
            this.failureCodes.set(problem.code, (this.failureCodes.get(problem.code) ?? 0) + 1);
            this.logger.warn(
                { step: this.step.name, record: problem.recordKey, code: problem.code, reason: problem.message },
                'record failed'
            );
            failures.push({
                ...problem,
                transient: problem.transient ?? isTransientCode(problem.code),
                stepName: this.step.name,
                stepKind: this.step.kind.key,
                runId: this.run.id
            });
        }
        // One batch write for the page's failures, not a round trip each.
        if (!this.run.dryRun && failures.length > 0)
            await this.store.errors.failAll(failures, this.services.retryLimit);
    }

    /** Marks earlier failures of these records resolved. */
    async succeeded(recordKeys: string[]): Promise<void> {
        if (this.run.dryRun || recordKeys.length === 0) return;
        await this.store.errors.resolve(this.step.name, recordKeys, this.run.id);
    }

    /**
     * Ends a batch: records its failures, then commits what it wrote (links, item hashes), the earlier failures it
     * resolved, and the cursor after it, in one store transaction, so a crash leaves either all of it or none.
     * A dry run commits nothing.
     */
    async commit(batch: {
        problems?: RecordProblem[];
        links?: PersonLink[];
        items?: { key: string; stepName: string; hash: string; salesforceId: string | null }[];
        resolved?: string[];
        cursor?: CursorValue | undefined;
    }): Promise<void> {
        await this.fail(batch.problems ?? []);
        if (!this.run.dryRun) {
            await this.store.transaction(async (tx) => {
                if (batch.links?.length) await tx.links.save(batch.links);
                if (batch.items?.length) await tx.items.save(batch.items);
                if (batch.resolved?.length) await tx.errors.resolve(this.step.name, batch.resolved, this.run.id);
                if (batch.cursor) await tx.cursors.set(this.step.name, batch.cursor);
            });
        }
        // A feed page (retries and reconciliations carry no cursor): the step following this one may take it now.
        if (batch.cursor) this.feedProgress.pageCommitted();
    }

    /** Records that failed in earlier runs and are worth another try. */
    retryable(limit: number): Promise<RecordErrorRow[]> {
        return this.store.errors.retryable(this.step.name, limit);
    }

    /** The readable summary that goes to the run log. */
    message(): string {
        const lines = [...this.notes].map(([text, n]) => (n > 1 ? `${text} (x${n})` : text));
        if (this.failureCodes.size > 0) {
            const codes = [...this.failureCodes].map(([code, n]) => `${code} x${n}`).join(', ');
            lines.push(
                `${counted(this.counts.failed, 'record')} failed (${codes}): see Reply Sync Errors for each reason`
            );
        }
        if (this.run.dryRun) lines.unshift('Dry run: nothing was written; counts say what would have been.');
        return lines.join('\n');
    }
}
