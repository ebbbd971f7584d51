/**
 * Indexed stores for sequence memberships, activity, tasks and the inbox. They only keep records and indexes
 * consistent; the rules (what a change means, what it touches, what it announces) live in ops/*.
 */
import { TimeLog, TimeOrderedIds } from './collections.ts';
import type {
    Activity,
    CallActivity,
    EmailActivity,
    InboxCategory,
    InboxMessage,
    InboxThread,
    LinkedInActivity,
    Membership,
    Note,
    Task
} from './types.ts';

export class MembershipStore {
    private readonly bySequence = new Map<number, Map<number, Membership>>();
    private readonly byContact = new Map<number, Membership[]>();

    get(sequenceId: number, contactId: number): Membership | undefined {
        return this.bySequence.get(sequenceId)?.get(contactId);
    }

    add(membership: Membership): void {
        let members = this.bySequence.get(membership.sequenceId);
        if (!members) this.bySequence.set(membership.sequenceId, (members = new Map()));
        members.set(membership.contactId, membership);
        const list = this.byContact.get(membership.contactId);
        if (list) list.push(membership);
        else this.byContact.set(membership.contactId, [membership]);
    }

    remove(sequenceId: number, contactId: number): Membership | undefined {
        const members = this.bySequence.get(sequenceId);
        const membership = members?.get(contactId);
        if (!membership || !members) return undefined;
        members.delete(contactId);
        const list = (this.byContact.get(contactId) ?? []).filter((m) => m !== membership);
        if (list.length > 0) this.byContact.set(contactId, list);
        else this.byContact.delete(contactId);
        return membership;
    }

    removeContact(contactId: number): void {
        for (const membership of this.byContact.get(contactId) ?? []) {
            this.bySequence.get(membership.sequenceId)?.delete(contactId);
        }
        this.byContact.delete(contactId);
    }

    forContact(contactId: number): readonly Membership[] {
        return this.byContact.get(contactId) ?? [];
    }

    forSequence(sequenceId: number): Iterable<Membership> {
        return this.bySequence.get(sequenceId)?.values() ?? [];
    }

    countInSequence(sequenceId: number): number {
        return this.bySequence.get(sequenceId)?.size ?? 0;
    }

    isEnrolled(contactId: number): boolean {
        return this.byContact.has(contactId);
    }
}

/** Activity feeds by kind (time-ordered) and each contact's timeline. */
export class ActivityStore {
    readonly emails = new TimeLog<EmailActivity>();
    readonly calls = new TimeLog<CallActivity>();
    readonly linkedIn = new TimeLog<LinkedInActivity>();
    private readonly timelines = new Map<number, Activity[]>();
    private readonly notes = new Map<number, Note[]>();

    add(activity: Activity): void {
        if (activity.kind === 'email') this.emails.add(activity);
        else if (activity.kind === 'call') this.calls.add(activity);
        else if (activity.kind === 'linkedIn') this.linkedIn.add(activity);
        else if (activity.kind === 'note') {
            const notes = this.notes.get(activity.contactId);
            if (notes) notes.push(activity);
            else this.notes.set(activity.contactId, [activity]);
        }
        const timeline = this.timelines.get(activity.contactId);
        if (timeline) timeline.push(activity);
        else this.timelines.set(activity.contactId, [activity]);
    }

    notesOf(contactId: number): readonly Note[] {
        return this.notes.get(contactId) ?? [];
    }

    /** A contact's activity, newest first (ties: higher id first). */
    timelineOf(contactId: number): Activity[] {
        return [...(this.timelines.get(contactId) ?? [])].sort((a, b) => b.occurredAt - a.occurredAt || b.id - a.id);
    }

    /** Activity stays readable in the feeds after a contact is deleted; only the per-contact views go. */
    forgetContact(contactId: number): void {
        this.timelines.delete(contactId);
        this.notes.delete(contactId);
    }

    get total(): number {
        let notes = 0;
        for (const list of this.notes.values()) notes += list.length;
        return this.emails.size + this.calls.size + this.linkedIn.size + notes;
    }
}

export class TaskStore {
    readonly byId = new Map<number, Task>();
    /** ordered by startAt (the task's occurredAt), which never changes */
    readonly byStart = new TimeLog<Task>();

    add(task: Task): void {
        this.byId.set(task.id, task);
        this.byStart.add(task);
    }

    get size(): number {
        return this.byId.size;
    }
}

export class InboxStore {
    readonly threads = new Map<number, InboxThread>();
    readonly categories = new Map<number, InboxCategory>();
    private readonly recency = new TimeOrderedIds();
    /** one thread per contact, channel and sequence: a later reply joins the same conversation */
    private readonly conversation = new Map<string, number>();

    static conversationKey(contactId: number, channel: string, sequenceId: number | null): string {
        return `${contactId}:${channel}:${sequenceId ?? 0}`;
    }

    findConversation(contactId: number, channel: string, sequenceId: number | null): InboxThread | undefined {
        const id = this.conversation.get(InboxStore.conversationKey(contactId, channel, sequenceId));
        return id === undefined ? undefined : this.threads.get(id);
    }

    addThread(thread: InboxThread): void {
        this.threads.set(thread.id, thread);
        this.conversation.set(
            InboxStore.conversationKey(thread.contactId, thread.channel, thread.sequenceId),
            thread.id
        );
        this.recency.set(thread.id, thread.lastActivityDate);
    }

    addMessage(thread: InboxThread, message: InboxMessage): void {
        thread.messages.push(message);
        this.touch(thread, message.occurredAt);
    }

    touch(thread: InboxThread, at: number): void {
        if (at > thread.lastActivityDate) thread.lastActivityDate = at;
        this.recency.set(thread.id, thread.lastActivityDate);
    }

    /** Threads newest activity first; with `after`, only those whose lastActivityDate is strictly later. */
    *newestFirst(after?: number): Generator<InboxThread> {
        for (const id of this.recency.descending(after)) {
            const thread = this.threads.get(id);
            if (thread) yield thread;
        }
    }
}
