/**
 * The keys the bridge files things under, each built by one typed constructor (never by hand), so a key written in
 * one place is found in another.
 */

/**
 * A Salesforce id as it compares: its first 15 characters (the 18-character form only adds a case checksum), so
 * 005000000000001 and 005000000000001AAA are one record. The one way the bridge compares ids.
 */
export function salesforceIdKey(id: string): string {
    return id.slice(0, 15);
}

export function sameSalesforceId(a: string, b: string): boolean {
    return salesforceIdKey(a) === salesforceIdKey(b);
}

/** A map keyed by Salesforce id that finds a record by its 15- or 18-character id alike. */
export class SalesforceIdMap<V> {
    private readonly entries = new Map<string, V>();

    constructor(entries: Iterable<[string, V]> = []) {
        for (const [id, value] of entries) this.set(id, value);
    }

    get(id: string): V | undefined {
        return this.entries.get(salesforceIdKey(id));
    }

    has(id: string): boolean {
        return this.entries.has(salesforceIdKey(id));
    }

    set(id: string, value: V): this {
        this.entries.set(salesforceIdKey(id), value);
        return this;
    }
}

type Id = string | number;

/** Which record a per-record failure (store RecordError, Reply_Sync_Error__c) concerns; one prefix per kind of record. */
export const RecordKey = {
    /** A Reply person a People -> Leads/Contacts step writes. */
    reply: (contactId: Id | null) => `reply:${contactId ?? 'unknown'}`,
    /** A Lead or Contact a Salesforce -> Reply step reads. */
    salesforce: (id: string) => `sf:${id}`,
    /** An activity (its item key, below) an activity step writes as a Task. */
    activity: (itemKey: string) => `activity:${itemKey}`,
    /** A Reply note a note step writes. */
    note: (noteId: Id) => `note:${noteId}`,
    /** A Reply person whose notes wait for them to reach Salesforce. */
    person: (contactId: Id) => `person:${contactId}`,
    /** A Reply person whose Lead Status a status step writes. */
    status: (contactId: Id) => `status:${contactId}`
} as const;

/** What the store keeps as written (SyncedItem.key) and, for activities, the Task's Reply_Activity_Id__c. */
export const ItemKey = {
    /** `email-12`, `task-7`: the activity's kind, then its Reply id. */
    activity: (kind: string, id: Id) => `${kind}-${id}`,
    note: (noteId: Id) => `note-${noteId}`,
    status: (source: string | undefined, contactId: Id) => `status-${source}-${contactId}`
} as const;

/** The lease a step holds while it runs (one process at a time). */
export const stepLease = (stepName: string) => `step:${stepName}`;
