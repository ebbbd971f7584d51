import { ReplyCallBudget, type ReplyAllowance, type CallCountStore } from './budget.ts';
import { ContactsApi } from './contacts.ts';
import { CustomFieldsApi } from './custom-fields.ts';
import { ReplyHttp, type ReplyHttpOptions } from './http.ts';
import { InboxApi } from './inbox.ts';
import { ListsApi } from './lists.ts';
import { NotesApi } from './notes.ts';
import { ReportingApi } from './reporting.ts';
import { SequencesApi } from './sequences.ts';
import { TasksApi } from './tasks.ts';
import { TeamApi } from './team.ts';
import { WebhooksApi } from './webhooks.ts';

export interface ReplyClientOptions extends Omit<ReplyHttpOptions, 'onCall'> {
    /** Reply's allowance beyond the rate limits (monthly figure, reserve); defaults: none, 20 %. */
    allowance?: Partial<Pick<ReplyAllowance, 'monthly' | 'reserveShare'>>;
    /** Where the call counts are kept (the store); in memory only when absent. */
    callCounts?: CallCountStore;
}

/** Reply's API v3, one module per resource, sharing one HTTP client (and so one rate limiter and call counter). */
export class ReplyClient {
    readonly http: ReplyHttp;
    readonly budget: ReplyCallBudget;
    readonly contacts: ContactsApi;
    readonly customFields: CustomFieldsApi;
    readonly team: TeamApi;
    readonly sequences: SequencesApi;
    readonly lists: ListsApi;
    readonly reporting: ReportingApi;
    readonly tasks: TasksApi;
    readonly inbox: InboxApi;
    readonly notes: NotesApi;
    readonly webhooks: WebhooksApi;

    constructor(options: ReplyClientOptions) {
        this.budget = new ReplyCallBudget(
            {
                perHour: options.limits.perHour,
                reportingPerHour: options.limits.reportingPerHour,
                monthly: options.allowance?.monthly ?? null,
                reserveShare: options.allowance?.reserveShare ?? 0.2
            },
            options.callCounts,
            options.now
        );
        this.http = new ReplyHttp({ ...options, onCall: (kind) => this.budget.record(kind) });
        this.contacts = new ContactsApi(this.http);
        this.customFields = new CustomFieldsApi(this.http);
        this.team = new TeamApi(this.http);
        this.sequences = new SequencesApi(this.http);
        this.lists = new ListsApi(this.http);
        this.reporting = new ReportingApi(this.http);
        this.tasks = new TasksApi(this.http);
        this.inbox = new InboxApi(this.http);
        this.notes = new NotesApi(this.http);
        this.webhooks = new WebhooksApi(this.http);
    }

    /** Requests made so far (for per-step accounting). */
    get calls(): number {
        return this.http.calls;
    }
}
