import type { Catalog } from '../catalog/schema.ts';
import type { Logger } from '../logging.ts';
import type { ReplyClient } from '../reply/client.ts';
import { FEED_START, type FeedCursor } from '../reply/feed.ts';
import type { FeedPage } from '../reply/feed.ts';
import type { ParsedItems, ReplyContact, ReplyCustomField, ReplyNote } from '../reply/schemas.ts';
import type { SalesforceClient } from '../salesforce/client.ts';
import type { OrgSnapshot } from '../salesforce/org.ts';
import { soqlList } from '../salesforce/soql.ts';
import {
    emptyCounts,
    type CursorValue,
    type PersonLink,
    type RecordErrorRow,
    type RunStepCounts,
    type RunTrigger,
    type Store
} from '../store/store.ts';
import { callActivity, emailActivity, linkedInActivity, taskActivity, type Activity } from './activities.ts';
import { replyFields, type ReplyField } from './mapping.ts';
import type { EmailMatch } from './routing.ts';
import type { Step } from './steps.ts';
import { counted } from '../text.ts';

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
    /** Builds links to Reply people for Salesforce's Reply_Profile_Url__c. */
    replyProfileUrl: (contactId: number) => string;
    /** The integration user's id, when known, to recognise the bridge's own changes in Salesforce. */
    integrationUserId?: string | undefined;
    now: () => Date;
}

export interface RunInfo {
    id: string;
    trigger: RunTrigger;
    dryRun: boolean;
}

/** Emails per SOQL IN list: keeps each query well inside Salesforce's URL and SOQL length limits. */
const EMAILS_PER_QUERY = 200;

export interface ActivityPage {
    activities: Activity[];
    invalid: { id: string | null; reason: string }[];
    /** Where the step resumes after this page (only the last page of a Reply task window carries a new position). */
    cursor: FeedCursor;
}

export type ActivitySource = 'emails' | 'calls' | 'linkedin' | 'tasks';

/** How far ahead Reply tasks are read: scheduled tasks appear in Salesforce as open Tasks. */
const TASK_HORIZON_MS = 365 * 24 * 3600_000;

/** Reads shared by the steps of one run, each done at most once. */
export class RunShared {
    private customFields?: Promise<ReplyCustomField[]>;
    private readonly feeds = new Map<string, Promise<ActivityPage[]>>();
    private people?: Promise<Map<number, ReplyContact>>;
    private readonly changed = new Map<string, Promise<FeedPage<ReplyContact>[]>>();
    private readonly notes = new Map<number, Promise<ParsedItems<ReplyNote>>>();
    private whoami?: Promise<{ userId: number; teamId: number | null }>;
    private readonly matches = new Map<string, EmailMatch>();
    private readonly ensured = new Map<string, Promise<ReplyCustomField>>();

    constructor(
        readonly services: SyncServices,
        readonly org: OrgSnapshot
    ) {}

    replyCustomFields(): Promise<ReplyCustomField[]> {
        this.customFields ??= this.services.reply.customFields.list();
        return this.customFields;
    }

    async replyFieldList(): Promise<ReplyField[]> {
        return replyFields(this.services.catalog, await this.replyCustomFields());
    }

    replyUser(): Promise<{ userId: number; teamId: number | null }> {
        this.whoami ??= this.services.reply.team.whoami();
        return this.whoami;
    }

    /** A Reply custom field by title, created once if the workspace lacks it. */
    ensureReplyCustomField(title: string): Promise<ReplyCustomField> {
        let field = this.ensured.get(title);
        if (!field) {
            field = this.services.reply.customFields.ensure(title, 'text');
            this.ensured.set(title, field);
        }
        return field;
    }

    /**
     * Salesforce Contacts and Leads by email, for the emails not looked up yet in this run: up to 5 queries of 200
     * emails in one Composite call. The oldest record wins where Salesforce has duplicates.
     */
    async emailMatches(emails: string[]): Promise<Map<string, EmailMatch>> {
        const wanted = [...new Set(emails.map((e) => e.toLowerCase()))];
        const missing = wanted.filter((email) => !this.matches.has(email));
        const requests: { referenceId: string; url: string }[] = [];
        for (let i = 0; i < missing.length; i += EMAILS_PER_QUERY) {
            const list = soqlList(missing.slice(i, i + EMAILS_PER_QUERY));
            requests.push(
                {
                    referenceId: `contacts${i}`,
                    url: `/query?q=${encodeURIComponent(`SELECT Id, Email FROM Contact WHERE Email IN ${list} ORDER BY CreatedDate, Id`)}`
                },
                {
                    referenceId: `leads${i}`,
                    url: `/query?q=${encodeURIComponent(`SELECT Id, Email, IsConverted, ConvertedContactId FROM Lead WHERE Email IN ${list} ORDER BY CreatedDate, Id`)}`
                }
            );
        }
        for (const email of missing) this.matches.set(email, {});
        if (requests.length > 0) {
            const results = await this.services.salesforce.readMany(
                requests,
                'Matching Reply people to Salesforce by email'
            );
            for (const [referenceId, records] of results) {
                for (const record of records as {
                    Id: string;
                    Email: string | null;
                    IsConverted?: boolean;
                    ConvertedContactId?: string | null;
                }[]) {
                    const match = this.matches.get(record.Email?.toLowerCase() ?? '');
                    if (!match) continue;
                    if (referenceId.startsWith('contacts')) match.contact ??= { id: record.Id };
                    else
                        match.lead ??= {
                            id: record.Id,
                            isConverted: Boolean(record.IsConverted),
                            convertedContactId: record.ConvertedContactId ?? null
                        };
                }
            }
        }
        return new Map(wanted.map((email) => [email, this.matches.get(email)!]));
    }

    /**
     * An activity feed from a cursor. The Lead and Contact variants of a kind usually stand at the same cursor, so
     * Reply is asked once for both (its reporting endpoints have a low hourly cap).
     */
    activityFeed(source: ActivitySource, cursor: FeedCursor | undefined): Promise<ActivityPage[]> {
        const key = `${source}|${JSON.stringify(cursor ?? null)}`;
        let feed = this.feeds.get(key);
        if (!feed) {
            feed = this.readFeed(source, cursor);
            feed.catch(() => this.feeds.delete(key));
            this.feeds.set(key, feed);
        }
        return feed;
    }

    private async readFeed(source: ActivitySource, cursor: FeedCursor | undefined): Promise<ActivityPage[]> {
        const { reply } = this.services;
        const pages: ActivityPage[] = [];
        if (source === 'tasks') {
            // Reply filters tasks by start time only: read the window from the oldest task still open last time, so
            // a task completed since is seen again; unchanged ones cost no Salesforce call (content hashes).
            const from = cursor?.ts ?? FEED_START;
            const now = this.services.now();
            let oldestOpen: string | undefined;
            for await (const page of reply.tasks.startingBetween(
                from,
                new Date(now.getTime() + TASK_HORIZON_MS).toISOString()
            )) {
                for (const task of page.items) {
                    if (task.status === 'new' && (!oldestOpen || task.startAt < oldestOpen)) oldestOpen = task.startAt;
                }
                pages.push({
                    activities: page.items.map(taskActivity),
                    invalid: page.invalid,
                    cursor: cursor ?? { ts: from, skip: 0 }
                });
            }
            const next = { ts: oldestOpen && oldestOpen < now.toISOString() ? oldestOpen : now.toISOString(), skip: 0 };
            if (pages.length === 0) pages.push({ activities: [], invalid: [], cursor: next });
            else pages[pages.length - 1]!.cursor = next;
            return pages;
        }
        const feed =
            source === 'emails'
                ? mapFeed(reply.reporting.emailEvents(cursor), emailActivity)
                : source === 'calls'
                  ? mapFeed(reply.reporting.calls(cursor), callActivity)
                  : mapFeed(reply.reporting.linkedIn(cursor), linkedInActivity);
        for await (const page of feed) pages.push(page);
        return pages;
    }

    /**
     * Reply people changed since a cursor. People, status and note steps usually stand at the same cursor, so Reply
     * is asked once for all of them.
     */
    changedPeople(cursor: FeedCursor | undefined): Promise<FeedPage<ReplyContact>[]> {
        const key = JSON.stringify(cursor ?? null);
        let pages = this.changed.get(key);
        if (!pages) {
            pages = (async () => {
                const out: FeedPage<ReplyContact>[] = [];
                for await (const page of this.services.reply.contacts.changedSince(cursor, { top: 1000 }))
                    out.push(page);
                return out;
            })();
            pages.catch(() => this.changed.delete(key));
            this.changed.set(key, pages);
        }
        return pages;
    }

    /** A person's notes, read once per run (both note steps may ask). */
    notesOf(contactId: number): Promise<ParsedItems<ReplyNote>> {
        let notes = this.notes.get(contactId);
        if (!notes) {
            notes = this.services.reply.notes.forContact(contactId);
            notes.catch(() => this.notes.delete(contactId));
            this.notes.set(contactId, notes);
        }
        return notes;
    }

    /** Every Reply person by id, read once per run: only steps with a person filter need it. */
    replyPeopleById(): Promise<Map<number, ReplyContact>> {
        this.people ??= (async () => {
            const all = new Map<number, ReplyContact>();
            for await (const page of this.services.reply.contacts.changedSince(undefined, { top: 1000 })) {
                for (const contact of page.items) all.set(contact.id, contact);
            }
            return all;
        })();
        return this.people;
    }

    /** Records what a step just created or linked, so later steps of the run see it without asking Salesforce. */
    rememberMatch(email: string, update: EmailMatch): void {
        const key = email.toLowerCase();
        this.matches.set(key, { ...this.matches.get(key), ...update });
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
}

/** One step's execution: its counts, messages and per-record failures. Dry runs record nothing in the store. */
export class StepRun {
    readonly counts: RunStepCounts = emptyCounts();
    private readonly notes = new Map<string, number>();
    private readonly failureCodes = new Map<string, number>();

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

    /** Adds a line to the step's message; repeated lines are counted, not repeated. */
    note(message: string, times = 1): void {
        this.notes.set(message, (this.notes.get(message) ?? 0) + times);
    }

    progress(): void {
        this.onProgress(this.counts);
    }

    async fail(problems: RecordProblem[]): Promise<void> {
        for (const problem of problems) {
            this.counts.failed += 1;
            this.failureCodes.set(problem.code, (this.failureCodes.get(problem.code) ?? 0) + 1);
            this.logger.warn(
                { step: this.step.name, record: problem.recordKey, code: problem.code, reason: problem.message },
                'record failed'
            );
            if (this.run.dryRun) continue;
            await this.store.errors.fail(
                { ...problem, stepName: this.step.name, stepKind: this.step.kind.key, runId: this.run.id },
                this.services.retryLimit
            );
        }
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
        if (this.run.dryRun) return;
        await this.store.transaction(async (tx) => {
            if (batch.links?.length) await tx.links.save(batch.links);
            if (batch.items?.length) await tx.items.save(batch.items);
            if (batch.resolved?.length) await tx.errors.resolve(this.step.name, batch.resolved, this.run.id);
            if (batch.cursor) await tx.cursors.set(this.step.name, batch.cursor);
        });
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

async function* mapFeed<T>(
    feed: AsyncGenerator<{ items: T[]; invalid: { id: string | null; reason: string }[]; cursor: FeedCursor }>,
    map: (item: T) => Activity
): AsyncGenerator<ActivityPage> {
    for await (const page of feed)
        yield { activities: page.items.map(map), invalid: page.invalid, cursor: page.cursor };
}
