/**
 * The in-process face of the sandbox workspace: read its records, change them, and drive simulated time, without
 * going through HTTP (no auth, rate limits or call accounting). The HTTP routes use the same operations, so a test
 * can set up a situation here and observe it over the wire.
 */
import type { z } from 'zod';
import { Capabilities } from './capabilities.ts';
import { Clock, MINUTE, iso } from './clock.ts';
import { addNote as addNoteOp, assignCategory as assignCategoryOp, requireThread } from './ops/activity.ts';
import {
    createContact as createContactOp,
    deleteContact as deleteContactOp,
    importContacts as importContactsOp,
    requireContact,
    updateContact as updateContactOp,
    type ImportResult
} from './ops/contacts.ts';
import { createCustomField as createCustomFieldOp } from './ops/custom-fields.ts';
import { addToList as addToListOp, createList as createListOp, type FailureDictionary } from './ops/lists.ts';
import { bulkAdd, setSequenceState } from './ops/sequences.ts';
import { setOptedOut as setOptedOutOp, setStatus as setStatusOp } from './ops/statuses.ts';
import { Random } from './random.ts';
import {
    bulkAddSchema,
    createContactSchema,
    customFieldSchema,
    importSchema,
    patchContactSchema,
    type BulkAddInput,
    type ImportOptions,
    type PersonStatus
} from './schemas.ts';
import { seedTeam, seedWorkspace, type SeedOptions } from './seed.ts';
import { SIMULATION_STRIDE, SequenceEngine, type SimulateOptions, type SimulationSummary } from './simulator.ts';
import { WorkspaceState } from './state.ts';
import type {
    Contact,
    ContactList,
    CustomField,
    InboxCategory,
    InboxThread,
    Note,
    Sequence,
    Task,
    Team,
    TeamUser,
    WebhookSubscription,
    WorkspaceEvent
} from './types.ts';
import { parseBody } from './validation.ts';

export interface WorkspaceOptions {
    seed?: SeedOptions | false;
    now?: () => number;
}

export type WorkspaceListener = (event: WorkspaceEvent) => void;

export class ReplyWorkspace {
    readonly clock: Clock;
    /** switches for unpublished behaviours (capabilities.ts); they outlive reseeds, `POST /__sandbox/reset` clears them */
    readonly capabilities = new Capabilities();
    private s!: WorkspaceState;
    private engine!: SequenceEngine;
    private seedOptions: SeedOptions | false;
    private readonly listeners = new Set<WorkspaceListener>();
    private readonly eventCounts = new Map<string, number>();

    constructor(options: WorkspaceOptions = {}) {
        this.clock = new Clock(options.now ?? Date.now);
        this.seedOptions = options.seed === undefined ? {} : options.seed;
        this.reset();
    }

    /** Rebuilds the workspace from the seed it was created with (or a new one). Time keeps running. */
    reset(seed?: SeedOptions | false): void {
        if (seed !== undefined) this.seedOptions = seed;
        const options = this.seedOptions;
        this.s = new WorkspaceState(this.clock, (event) => this.announce(event), this.capabilities);
        const seedNumber = options === false ? 1 : (options.seed ?? 1);
        this.engine = new SequenceEngine(this.s, new Random((seedNumber * 2654435761) ^ 0x5bd1e995));
        seedTeam(this.s, options === false ? {} : options);
        if (options !== false) seedWorkspace(this.s, this.engine, options);
    }

    /** The shared state the HTTP routes operate on. */
    get state(): WorkspaceState {
        return this.s;
    }

    get seed(): SeedOptions | false {
        return this.seedOptions;
    }

    onEvent(listener: WorkspaceListener): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    private announce(event: WorkspaceEvent): void {
        this.eventCounts.set(event.type, (this.eventCounts.get(event.type) ?? 0) + 1);
        for (const listener of this.listeners) listener(event);
    }

    // ---- time ----------------------------------------------------------------------------------------------------

    now(): number {
        return this.clock.now();
    }

    /** Runs everything that fell due up to now. The HTTP layer calls it before every request. */
    catchUp(): void {
        this.engine.runUntil(this.clock.now());
    }

    /** Moves simulated time forward and runs what falls due on the way. */
    advance(minutes: number): number {
        this.clock.advance(minutes * MINUTE);
        this.catchUp();
        return this.now();
    }

    /** Generates activity; see SimulateOptions. Deterministic for a given seed and call history. */
    simulate(options: SimulateOptions = {}): SimulationSummary {
        this.catchUp();
        const from = this.now();
        const startActivities = this.s.activityCount;
        const startCounts = new Map(this.eventCounts);
        let enrolled = 0;
        if (options.enrol) enrolled += this.engine.enrolFresh(options.enrol, this.now(), options.sequenceId);
        if (options.minutes) this.clock.advance(options.minutes * MINUTE);
        if (options.until !== undefined) {
            const until = typeof options.until === 'number' ? options.until : Date.parse(options.until);
            if (Number.isFinite(until)) this.clock.advance(until - this.now());
        }
        this.catchUp();
        if (options.activities) {
            const target = startActivities + options.activities;
            while (this.s.activityCount < target) {
                const remaining = target - this.s.activityCount;
                const fresh = this.engine.enrolFresh(Math.min(1000, Math.ceil(remaining / 8)), this.now());
                enrolled += fresh;
                if (fresh === 0 && this.engine.pending === 0) break;
                this.clock.advance(SIMULATION_STRIDE);
                this.catchUp();
            }
        }
        const events: Record<string, number> = {};
        for (const [type, count] of this.eventCounts) {
            const delta = count - (startCounts.get(type) ?? 0);
            if (delta > 0) events[type] = delta;
        }
        return {
            from: iso(from),
            to: iso(this.now()),
            enrolled,
            activities: this.s.activityCount - startActivities,
            events
        };
    }

    // ---- reads ---------------------------------------------------------------------------------------------------

    get team(): Team {
        return this.s.team;
    }

    get users(): TeamUser[] {
        return [...this.s.users.values()];
    }

    /** All people, in id order. Builds an array: prefer person()/personByEmail() in loops. */
    get people(): Contact[] {
        return [...this.s.contacts.values()];
    }

    get peopleCount(): number {
        return this.s.contacts.size;
    }

    person(id: number): Contact | undefined {
        return this.s.contacts.get(id);
    }

    personByEmail(email: string): Contact | undefined {
        return this.s.contacts.findByEmail(email);
    }

    get sequences(): Sequence[] {
        return [...this.s.sequences.values()];
    }

    get lists(): ContactList[] {
        return [...this.s.lists.values()];
    }

    get customFields(): CustomField[] {
        return [...this.s.customFields.values()];
    }

    get categories(): InboxCategory[] {
        return [...this.s.inbox.categories.values()];
    }

    get threads(): InboxThread[] {
        return [...this.s.inbox.threads.values()];
    }

    get tasks(): Task[] {
        return [...this.s.tasks.byId.values()];
    }

    get webhooks(): WebhookSubscription[] {
        return [...this.s.webhooks.values()];
    }

    notesOf(contactId: number): readonly Note[] {
        return this.s.activity.notesOf(contactId);
    }

    /** Counts of what the workspace holds (the control API's stats use it too). */
    counts(): Record<string, number> {
        return {
            people: this.s.contacts.size,
            users: this.s.users.size,
            sequences: this.s.sequences.size,
            lists: this.s.lists.size,
            emailEvents: this.s.activity.emails.size,
            calls: this.s.activity.calls.size,
            linkedInEvents: this.s.activity.linkedIn.size,
            tasks: this.s.tasks.size,
            threads: this.s.inbox.threads.size,
            activities: this.s.activityCount,
            pendingActions: this.engine.pending
        };
    }

    // ---- writes (validated like the API; `userId` defaults to the workspace owner) -------------------------------

    private actor(userId?: number): number {
        return userId ?? this.s.team.ownerUserId;
    }

    private at(): number {
        this.catchUp();
        return this.now();
    }

    createContact(input: z.input<typeof createContactSchema>, userId?: number): Contact {
        return createContactOp(this.s, parseBody(createContactSchema, input), this.actor(userId), this.at());
    }

    updateContact(id: number, patch: z.input<typeof patchContactSchema>): Contact {
        return updateContactOp(this.s, requireContact(this.s, id), parseBody(patchContactSchema, patch), this.at());
    }

    deleteContact(id: number): void {
        this.catchUp();
        deleteContactOp(this.s, id);
    }

    importContacts(items: unknown[], options: Partial<ImportOptions> = {}, userId?: number): ImportResult {
        const body = parseBody(importSchema, { items, options });
        return importContactsOp(this.s, body.items, body.options, this.actor(userId), this.at());
    }

    addNote(contactId: number, text: string, userId?: number): Note {
        return addNoteOp(this.s, requireContact(this.s, contactId), text, this.actor(userId), this.at());
    }

    setStatus(contactIds: number[], status: PersonStatus, sequenceId?: number, userId?: number): FailureDictionary {
        return setStatusOp(this.s, contactIds, status, sequenceId, this.at(), this.actor(userId));
    }

    setOptedOut(contactIds: number[], isOptedOut = true, userId?: number): FailureDictionary {
        return setOptedOutOp(this.s, contactIds, isOptedOut, this.at(), this.actor(userId));
    }

    addToSequence(
        sequenceId: number,
        contactIds: number[],
        options: Partial<Omit<BulkAddInput, 'contactIds' | 'startFrom'>> & { startFrom?: string } = {}
    ): { added: number[]; notProcessed: FailureDictionary } {
        return bulkAdd(this.s, sequenceId, parseBody(bulkAddSchema, { ...options, contactIds }), this.at());
    }

    setSequenceState(sequenceId: number, action: 'start' | 'pause' | 'archive'): Sequence {
        return setSequenceState(this.s, sequenceId, action, this.at());
    }

    createList(name: string, isShared = false, userId?: number): ContactList {
        return createListOp(this.s, { name, isShared }, this.actor(userId), this.at());
    }

    addToList(listId: number, contactIds: number[]): FailureDictionary {
        return addToListOp(this.s, listId, contactIds, this.at());
    }

    createCustomField(title: string, fieldType: 'text' | 'number'): CustomField {
        return createCustomFieldOp(this.s, parseBody(customFieldSchema, { title, fieldType }));
    }

    assignCategory(threadId: number, categoryId: number | null, userId?: number): InboxThread {
        const thread = requireThread(this.s, threadId);
        assignCategoryOp(this.s, thread, categoryId, this.at(), this.actor(userId));
        return thread;
    }
}
