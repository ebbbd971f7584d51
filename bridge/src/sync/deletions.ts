import type { SObjectRecord } from '../salesforce/client.ts';
import type { DeletedRecords, DeletedWindow } from '../salesforce/org.ts';
import { recordFates, type RecordFate } from '../salesforce/people.ts';
import type { PersonLink, SalesforcePersonType } from '../domain/links.ts';
import type { Store } from '../store/store.ts';
import type { SyncServices } from './context.ts';
import { salesforceIdKey, sameSalesforceId, type SalesforceIdMap } from '../domain/keys.ts';
import { counted } from '../text.ts';

/**
 * Leads and Contacts that change identity in Salesforce. A merge deletes the losing records and sets their
 * `MasterRecordId` (SOAP API merge(), "Merging Records"); a delete puts a record in the recycle bin, where it is
 * `IsDeleted` and found only by QueryAll. The bridge learns of both from sObject Get Deleted (in the run's first
 * Composite call, at no extra call) or from a write Salesforce refuses with ENTITY_IS_DELETED, then asks QueryAll once
 * for what became of the records linked to Reply people:
 * - merged into a record nobody is linked to: the link moves to the surviving record, which gets the person's Reply id;
 * - deleted, or merged into a record another person is linked to: the link ends (EndedLink). The record is never
 *   written again, no new record is created for the person, and what was meant for it is reported. A live record
 *   with the person's email (an undelete, a new Lead) links them again.
 */

/** Where the last Get Deleted window ended (a store cursor of its own, beside the steps'). */
export const DELETIONS_CURSOR = '$salesforce-deletions';
/** Get Deleted answers for no more than 15 days back (sObject Get Deleted): the window starts within that. */
const DELETE_LOG_DAYS = 14;

/**
 * The next Get Deleted window: from where the last one ended (at most DELETE_LOG_DAYS back) to `now`, Salesforce's
 * clock. Undefined until a minute has passed: "startDate must chronologically precede endDate by more than one
 * minute" (SOAP API, getDeleted(), Rules and Guidelines); the next run covers it.
 */
export async function deletedWindow(store: Store, now: number): Promise<DeletedWindow | undefined> {
    const cursor = await store.cursors.get(DELETIONS_CURSOR);
    const earliest = now - DELETE_LOG_DAYS * 86_400_000;
    const start = Math.max(cursor ? Date.parse(cursor.ts) : earliest, earliest);
    if (now - start <= 60_000) return undefined;
    return { start: new Date(start).toISOString(), end: new Date(now).toISOString() };
}

export type Deletion =
    | { kind: 'merged'; masterId: string; type: SalesforcePersonType }
    | { kind: 'ended'; reason: string }
    /** Not deleted after all (restored from the recycle bin meanwhile). */
    | { kind: 'live' };

type Row = RecordFate;

/** A merged record's master may be merged again: the chain is followed this far. */
const MERGE_HOPS = 3;

const typeOf = (id: string): SalesforcePersonType | undefined =>
    id.startsWith('00Q') ? 'Lead' : id.startsWith('003') ? 'Contact' : undefined;

/** What the run learnt, for the run log: each said once, by the next step writing to that object. */
interface DeletionNotes {
    merged: { type: SalesforcePersonType; from: string; to: string; replyContactId: string }[];
    ended: { type: SalesforcePersonType; id: string; replyContactId: string; reason: string }[];
}

export class SalesforceDeletions {
    private readonly known = new Map<string, Deletion>();
    /** Not yet said in the run log. */
    private untold: DeletionNotes = { merged: [], ended: [] };

    constructor(
        private readonly services: SyncServices,
        private readonly dryRun: boolean
    ) {}

    /**
     * At the start of a run: the records Get Deleted listed that are linked to someone are followed (one QueryAll
     * call, only when there are such records), and the window moves on.
     */
    async atRunStart(deleted: DeletedRecords | undefined): Promise<void> {
        if (!deleted) return;
        const links = await this.services.store.links.bySalesforceIds(deleted.ids);
        const linked = deleted.ids.filter((id) => {
            const link = links.get(id);
            return link !== undefined && sameSalesforceId(link.salesforceId, id);
        });
        if (linked.length > 0) await this.follow(linked);
        if (!this.dryRun) await this.services.store.cursors.set(DELETIONS_CURSOR, { ts: deleted.latestDateCovered });
    }

    /**
     * What became of these records (Salesforce ids of Leads or Contacts the bridge was told are deleted), with the
     * links moved or ended accordingly. Each id is asked about once a run.
     */
    async follow(ids: string[]): Promise<Map<string, Deletion>> {
        const wanted = [...new Set(ids)].filter((id) => typeOf(id) && !this.known.has(salesforceIdKey(id)));
        if (wanted.length > 0) await this.resolve(wanted);
        return new Map(
            ids.flatMap((id) => {
                const known = this.known.get(salesforceIdKey(id));
                return known ? [[id, known] as const] : [];
            })
        );
    }

    /** What the run log says of this object's records followed since it was last asked (each said once). */
    noteFor(type: SalesforcePersonType): string[] {
        const merged = this.untold.merged.filter((m) => m.type === type);
        const ended = this.untold.ended.filter((e) => e.type === type);
        this.untold.merged = this.untold.merged.filter((m) => m.type !== type);
        this.untold.ended = this.untold.ended.filter((e) => e.type !== type);
        const lines: string[] = [];
        if (merged.length > 0)
            lines.push(
                `${counted(merged.length, `${type} merged`, `${type}s merged`)} in Salesforce: the link followed to the surviving record (${merged
                    .slice(0, 5)
                    .map((m) => `${m.from} -> ${m.to}`)
                    .join(', ')}${merged.length > 5 ? ', ...' : ''})`
            );
        for (const e of ended.slice(0, 10))
            lines.push(`${type} ${e.id} (Reply person ${e.replyContactId}): ${e.reason}`);
        if (ended.length > 10) lines.push(`... and ${ended.length - 10} more ${type}s no longer linked`);
        return lines;
    }

    private async resolve(ids: string[]): Promise<void> {
        const { store } = this.services;
        const rows = await this.queryAll(ids);
        // A merge's survivor is taken to exist (a merge leaves it so): asking would cost another call for what a
        // write to it would say anyway (ENTITY_IS_DELETED, followed then). Chains among the records asked are followed.
        const survivor = (id: string): string | undefined => {
            const row = rows.get(salesforceIdKey(id));
            if (!row?.IsDeleted || !row.MasterRecordId) return undefined;
            let master = row.MasterRecordId;
            for (let hop = 0; hop < MERGE_HOPS; hop++) {
                const next = rows.get(salesforceIdKey(master));
                if (!next?.IsDeleted) return master;
                if (!next.MasterRecordId) return undefined;
                master = next.MasterRecordId;
            }
            return undefined;
        };
        const finalOf = new Map(ids.map((id) => [id, survivor(id)]));

        const links = await store.links.bySalesforceIds([
            ...ids,
            ...[...finalOf.values()].filter((v): v is string => !!v)
        ]);
        const moved: PersonLink[] = [];
        const ended: {
            replyContactId: string;
            salesforceId: string;
            salesforceType: SalesforcePersonType;
            reason: string;
        }[] = [];
        const writeBack = new Map<SalesforcePersonType, SObjectRecord[]>();
        for (const id of ids) {
            const type = typeOf(id)!;
            const row = rows.get(salesforceIdKey(id));
            if (row && !row.IsDeleted) {
                this.known.set(salesforceIdKey(id), { kind: 'live' });
                continue;
            }
            const link = links.get(id);
            const master = finalOf.get(id);
            const masterLink = master ? links.get(master) : undefined;
            const holder =
                masterLink &&
                !sameSalesforceId(masterLink.salesforceId, id) &&
                masterLink.replyContactId !== link?.replyContactId
                    ? masterLink
                    : undefined;
            if (master && !holder) {
                this.known.set(salesforceIdKey(id), { kind: 'merged', masterId: master, type });
                if (link && sameSalesforceId(link.salesforceId, id)) {
                    moved.push({ ...link, salesforceId: master, previousSalesforceId: id, salesforceHashes: {} });
                    this.untold.merged.push({ type, from: id, to: master, replyContactId: link.replyContactId });
                    const records = writeBack.get(type) ?? [];
                    records.push({
                        Id: master,
                        Reply_Contact_Id__c: link.replyContactId,
                        Reply_Profile_Url__c: this.services.replyProfileUrl(Number(link.replyContactId))
                    });
                    writeBack.set(type, records);
                }
                continue;
            }
            const reason = holder
                ? `merged in Salesforce into ${master}, which is linked to Reply person ${holder.replyContactId}: this person is no longer linked (merge the two people in Reply too)`
                : `deleted in Salesforce${row ? '' : ' (and gone from the recycle bin)'}: the record is not written again and no new one is created for this person; restore it from the recycle bin, or give a Lead or Contact their email, to link them again`;
            this.known.set(salesforceIdKey(id), { kind: 'ended', reason });
            if (link && sameSalesforceId(link.salesforceId, id)) {
                ended.push({ replyContactId: link.replyContactId, salesforceId: id, salesforceType: type, reason });
                this.untold.ended.push({ type, id, replyContactId: link.replyContactId, reason });
            }
        }
        if (this.dryRun) return;
        await store.transaction(async (tx) => {
            if (moved.length > 0) await tx.links.save(moved);
            if (ended.length > 0) await tx.endedLinks.end(ended, this.services.now());
        });
        // The surviving record carries the person's Reply id, as the merged-away one did.
        for (const [type, records] of writeBack) {
            const outcomes = await this.services.salesforce.update(type, records);
            outcomes.forEach((o, i) => {
                if (!o.ok)
                    this.services.logger.warn(
                        { id: records[i]!.Id, code: o.issue.code, reason: o.issue.message },
                        'the surviving record of a merge did not take the Reply id'
                    );
            });
        }
    }

    /** Id, IsDeleted and MasterRecordId of these records, deleted or not, by id. */
    private async queryAll(ids: string[]): Promise<SalesforceIdMap<Row>> {
        return recordFates(this.services.salesforce, ids, typeOf);
    }
}
