/**
 * Everything a workspace holds, in one object the operations (ops/*) share: the team, the stores, id counters, the
 * clock, and the hook that announces events to webhook subscribers. Resetting a workspace replaces this object.
 */
import type { Capabilities } from './capabilities.ts';
import type { Clock } from './clock.ts';
import { ContactStore } from './contact-store.ts';
import { ActivityStore, InboxStore, MembershipStore, TaskStore } from './stores.ts';
import type {
    BackgroundJob,
    Contact,
    ContactList,
    Membership,
    CustomField,
    Sequence,
    Team,
    TeamUser,
    WebhookSubscription,
    WorkspaceEvent
} from './types.ts';

/** Id spaces start far apart so an id used for the wrong kind of record is caught instead of silently matching. */
const ID_STARTS = {
    contact: 100_001,
    list: 501,
    customField: 61,
    sequence: 3_001,
    step: 40_001,
    variant: 80_001,
    thread: 700_001,
    activity: 5_000_001,
    category: 901,
    webhook: 11
} as const;
type IdKind = keyof typeof ID_STARTS;

export type EventInput = Omit<WorkspaceEvent, 'seq'>;

export class WorkspaceState {
    readonly users = new Map<number, TeamUser>();
    readonly contacts = new ContactStore();
    /** Emails of deleted contacts (lower case) -> the deleted contact's id: import skips them (`contactDeleted`). */
    readonly deletedEmails = new Map<string, number>();
    readonly customFields = new Map<number, CustomField>();
    readonly lists = new Map<number, ContactList>();
    readonly sequences = new Map<number, Sequence>();
    readonly memberships = new MembershipStore();
    readonly activity = new ActivityStore();
    readonly tasks = new TaskStore();
    readonly inbox = new InboxStore();
    readonly webhooks = new Map<number, WebhookSubscription>();
    /** `202 Accepted` work (large imports), by job id (a GUID) */
    readonly backgroundJobs = new Map<string, BackgroundJob>();
    team: Team = { id: 0, name: '', ownerUserId: 0 };
    /** counts every activity record, so `simulate({activities})` knows when it has made enough */
    activityCount = 0;
    /** set by the sequence engine: run this membership's current step at `at` */
    scheduleStep: (membership: Membership, at: number) => void = () => undefined;
    private readonly next: Record<IdKind, number> = { ...ID_STARTS };
    private eventSeq = 0;
    private versions = 0;

    constructor(
        readonly clock: Clock,
        private readonly announce: (event: WorkspaceEvent) => void,
        readonly capabilities: Capabilities
    ) {}

    nextId(kind: IdKind): number {
        const id = this.next[kind];
        this.next[kind] = id + 1;
        return id;
    }

    /** Invalidates whatever step run was scheduled for the membership's previous state. */
    bumpVersion(membership: Membership): void {
        membership.version = ++this.versions;
    }

    now(): number {
        return this.clock.now();
    }

    emit(event: EventInput): void {
        this.announce({ ...event, seq: ++this.eventSeq });
    }

    touch(contact: Contact, at: number): void {
        this.contacts.touch(contact, at);
    }

    /**
     * A change of status (in a sequence, reply/bounce flags, opt-out, call or meeting status): moves `lastModifiedAt`
     * like any change (ASSUMPTIONS C28), unless the statusChangesMoveLastModified switch is off.
     */
    touchStatus(contact: Contact, at: number): void {
        if (this.capabilities.get().statusChangesMoveLastModified) this.contacts.touch(contact, at);
    }

    get owner(): TeamUser {
        const owner = this.users.get(this.team.ownerUserId);
        if (!owner) throw new Error('workspace has no owner');
        return owner;
    }

    fullName(contact: Contact): string {
        return [contact.firstName, contact.lastName].filter(Boolean).join(' ');
    }
}
