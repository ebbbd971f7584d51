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

export type ReplyClientOptions = ReplyHttpOptions;

/** Reply's API v3, one module per resource, sharing one HTTP client (and so one rate limiter and call counter). */
export class ReplyClient {
    readonly http: ReplyHttp;
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
        this.http = new ReplyHttp(options);
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
