import type { Catalog } from '../catalog/schema.ts';
import type { Logger } from '../logging.ts';
import type { ReplyClient } from '../reply/client.ts';
import type { ReplyCustomField } from '../reply/schemas.ts';
import type { SalesforceClient } from '../salesforce/client.ts';
import type { OrgSnapshot } from '../salesforce/org.ts';
import { soqlList } from '../salesforce/soql.ts';
import type { RecordErrorRow, RunStepCounts, RunTrigger, Store } from '../store/store.ts';
import { replyFields, type ReplyField } from './mapping.ts';
import type { EmailMatch } from './routing.ts';
import type { Step } from './steps.ts';

/** Everything a run talks to, passed in (never global) so tests can point it anywhere. */
export interface SyncServices {
    salesforce: SalesforceClient;
    reply: ReplyClient;
    store: Store;
    catalog: Catalog;
    logger: Logger;
    /** Runs a failing record is tried before the bridge leaves it for the admin. */
    retryLimit: number;
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

/** Reads shared by the steps of one run, each done at most once. */
export class RunShared {
    private customFields?: Promise<ReplyCustomField[]>;
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
    readonly counts: RunStepCounts = {
        read: 0,
        created: 0,
        updated: 0,
        skipped: 0,
        failed: 0,
        salesforceApiCalls: 0,
        replyApiCalls: 0
    };
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

    /** Records that failed in earlier runs and are worth another try. */
    retryable(limit: number): Promise<RecordErrorRow[]> {
        return this.store.errors.retryable(this.step.name, limit);
    }

    /** The readable summary that goes to the run log. */
    message(): string {
        const lines = [...this.notes].map(([text, n]) => (n > 1 ? `${text} (x${n})` : text));
        if (this.failureCodes.size > 0) {
            const codes = [...this.failureCodes].map(([code, n]) => `${code} x${n}`).join(', ');
            lines.push(`${this.counts.failed} record(s) failed (${codes}): see Reply Sync Errors for each reason`);
        }
        if (this.run.dryRun) lines.unshift('Dry run: nothing was written; counts say what would have been.');
        return lines.join('\n');
    }
}
