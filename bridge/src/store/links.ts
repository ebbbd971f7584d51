import type { EndedLinkRow, FieldHashes, PersonLink, SalesforcePersonType } from '../domain/links.ts';
import { IN_SLICE, inSlices, type Db } from './db.ts';

function toLink(row: {
    replyContactId: string;
    salesforceId: string;
    salesforceType: string;
    email: string | null;
    previousSalesforceId: string | null;
    salesforceHashes: string;
    replyHashes: string;
}): PersonLink {
    return {
        ...row,
        salesforceType: row.salesforceType as SalesforcePersonType,
        salesforceHashes: JSON.parse(row.salesforceHashes) as FieldHashes,
        replyHashes: JSON.parse(row.replyHashes) as FieldHashes
    };
}

export class LinkRepository {
    constructor(private readonly db: Db) {}

    async byReplyIds(ids: string[]): Promise<Map<string, PersonLink>> {
        const rows = await inSlices(ids, (slice) =>
            this.db.personLink.findMany({ where: { replyContactId: { in: slice } } })
        );
        return new Map(rows.map((row) => [row.replyContactId, toLink(row)]));
    }

    /** Looks up by current Salesforce id, and by the converted Lead id a link followed. */
    async bySalesforceIds(ids: string[]): Promise<Map<string, PersonLink>> {
        const rows = await inSlices(ids, (slice) =>
            this.db.personLink.findMany({
                where: { OR: [{ salesforceId: { in: slice } }, { previousSalesforceId: { in: slice } }] }
            })
        );
        const map = new Map<string, PersonLink>();
        for (const row of rows) {
            const link = toLink(row);
            map.set(link.salesforceId, link);
            if (link.previousSalesforceId) map.set(link.previousSalesforceId, link);
        }
        return map;
    }

    async byEmails(emails: string[]): Promise<Map<string, PersonLink>> {
        const rows = await inSlices(
            emails.map((e) => e.toLowerCase()),
            (slice) => this.db.personLink.findMany({ where: { email: { in: slice } } })
        );
        return new Map(rows.map((row) => [row.email!, toLink(row)]));
    }

    /**
     * Creates or replaces the link of each Reply person; a Salesforce id linked elsewhere moves to this person. A new
     * link ends what an ended link said of the person (a live record has their email again).
     */
    async save(links: PersonLink[]): Promise<void> {
        const ids = links.map((l) => l.replyContactId);
        for (let i = 0; i < ids.length; i += IN_SLICE)
            await this.db.endedLink.deleteMany({ where: { replyContactId: { in: ids.slice(i, i + IN_SLICE) } } });
        for (const link of links) {
            const data = {
                salesforceId: link.salesforceId,
                salesforceType: link.salesforceType,
                email: link.email?.toLowerCase() ?? null,
                previousSalesforceId: link.previousSalesforceId,
                salesforceHashes: JSON.stringify(link.salesforceHashes),
                replyHashes: JSON.stringify(link.replyHashes)
            };
            await this.db.personLink.deleteMany({
                where: { salesforceId: link.salesforceId, NOT: { replyContactId: link.replyContactId } }
            });
            await this.db.personLink.upsert({
                where: { replyContactId: link.replyContactId },
                create: { replyContactId: link.replyContactId, ...data },
                update: data
            });
        }
    }

    async count(): Promise<number> {
        return this.db.personLink.count();
    }

    /** Ends the links of these Reply people (they no longer exist in Reply): nothing is kept of them. */
    async remove(replyContactIds: string[]): Promise<void> {
        for (let i = 0; i < replyContactIds.length; i += IN_SLICE)
            await this.db.personLink.deleteMany({
                where: { replyContactId: { in: replyContactIds.slice(i, i + IN_SLICE) } }
            });
    }
}

export class EndedLinkRepository {
    constructor(private readonly db: Db) {}

    /** Ends these links: each person's link is removed and what happened to their record is kept. */
    async end(rows: Omit<EndedLinkRow, 'endedAt'>[], at: Date): Promise<void> {
        for (const row of rows) {
            await this.db.personLink.deleteMany({ where: { replyContactId: row.replyContactId } });
            const data = {
                salesforceId: row.salesforceId,
                salesforceType: row.salesforceType,
                reason: row.reason,
                endedAt: at
            };
            await this.db.endedLink.upsert({
                where: { replyContactId: row.replyContactId },
                create: { replyContactId: row.replyContactId, ...data },
                update: data
            });
        }
    }

    async byReplyIds(ids: string[]): Promise<Map<string, EndedLinkRow>> {
        const rows = await inSlices(ids, (slice) =>
            this.db.endedLink.findMany({ where: { replyContactId: { in: slice } } })
        );
        return new Map(rows.map((row) => [row.replyContactId, row as EndedLinkRow]));
    }
}
