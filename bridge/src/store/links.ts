import { Prisma, type EndedLink, type PersonLink as PersonLinkModel } from '../../generated/prisma/index.js';
import type { EndedLinkRow, FieldHashes, PersonLink, SalesforcePersonType } from '../domain/links.ts';
import { atomically, chunks, dateOf, deleteWhereIn, selectWhereIn, upsertRows, type Table } from './batch.ts';
import type { Db } from './db.ts';

const LINKS: Table<keyof PersonLinkModel> = {
    name: 'PersonLink',
    key: ['replyContactId'],
    columns: [
        'replyContactId',
        'salesforceId',
        'salesforceType',
        'email',
        'previousSalesforceId',
        'salesforceHashes',
        'replyHashes',
        'createdAt',
        'updatedAt'
    ],
    kept: ['createdAt']
};

const ENDED_LINKS: Table<keyof EndedLink> = {
    name: 'EndedLink',
    key: ['replyContactId'],
    columns: ['replyContactId', 'salesforceId', 'salesforceType', 'reason', 'endedAt']
};

/**
 * What saving `links` one at a time, in order, leaves: each person's last link, unless a later link took its
 * Salesforce id, which unlinks that person (a Salesforce id is linked to one person).
 */
export function lastLinks(links: PersonLink[]): { kept: PersonLink[]; unlinked: string[] } {
    const lastOfPerson = new Map<string, number>();
    const lastOfRecord = new Map<string, number>();
    links.forEach((link, i) => {
        lastOfPerson.set(link.replyContactId, i);
        lastOfRecord.set(link.salesforceId, i);
    });
    const kept: PersonLink[] = [];
    const unlinked: string[] = [];
    for (const [person, i] of lastOfPerson) {
        if (lastOfRecord.get(links[i]!.salesforceId) === i) kept.push(links[i]!);
        else unlinked.push(person);
    }
    return { kept, unlinked };
}

/** The columns a PersonLink is read from (all text): the table's, without its timestamps. */
const READ = LINKS.columns.filter((column) => column !== 'createdAt' && column !== 'updatedAt');

function toLink(row: Record<string, unknown>): PersonLink {
    return {
        replyContactId: row.replyContactId as string,
        salesforceId: row.salesforceId as string,
        salesforceType: row.salesforceType as SalesforcePersonType,
        email: (row.email as string | null) ?? null,
        previousSalesforceId: (row.previousSalesforceId as string | null) ?? null,
        salesforceHashes: JSON.parse(row.salesforceHashes as string) as FieldHashes,
        replyHashes: JSON.parse(row.replyHashes as string) as FieldHashes
    };
}

export class LinkRepository {
    constructor(private readonly db: Db) {}

    // The look-ups of a page (thousands of keys) are raw statements: see selectWhereIn.
    async byReplyIds(ids: string[]): Promise<Map<string, PersonLink>> {
        const rows = await selectWhereIn(this.db, LINKS, READ, ['replyContactId'], ids);
        return new Map(rows.map((row) => [row.replyContactId as string, toLink(row)]));
    }

    /** Looks up by current Salesforce id, and by the converted Lead id a link followed. */
    async bySalesforceIds(ids: string[]): Promise<Map<string, PersonLink>> {
        const rows = await selectWhereIn(this.db, LINKS, READ, ['salesforceId', 'previousSalesforceId'], ids);
        const map = new Map<string, PersonLink>();
        for (const row of rows) {
            const link = toLink(row);
            map.set(link.salesforceId, link);
            if (link.previousSalesforceId) map.set(link.previousSalesforceId, link);
        }
        return map;
    }

    async byEmails(emails: string[]): Promise<Map<string, PersonLink>> {
        const rows = await selectWhereIn(
            this.db,
            LINKS,
            READ,
            ['email'],
            emails.map((e) => e.toLowerCase())
        );
        return new Map(rows.map((row) => [row.email as string, toLink(row)]));
    }

    /**
     * Creates or replaces the link of each Reply person; a Salesforce id linked elsewhere moves to this person. A new
     * link ends what an ended link said of the person (a live record has their email again). One call is all or
     * nothing and leaves what saving its links one at a time would (lastLinks); only createdAt, which nothing reads,
     * may differ for a link that moved twice within the call.
     */
    async save(links: PersonLink[]): Promise<void> {
        if (links.length === 0) return;
        const { kept, unlinked } = lastLinks(links);
        const owners = new Map(kept.map((link) => [link.salesforceId, link.replyContactId]));
        const now = new Date();
        const rows = kept.map((link) => ({
            replyContactId: link.replyContactId,
            salesforceId: link.salesforceId,
            salesforceType: link.salesforceType,
            email: link.email?.toLowerCase() ?? null,
            previousSalesforceId: link.previousSalesforceId,
            salesforceHashes: JSON.stringify(link.salesforceHashes),
            replyHashes: JSON.stringify(link.replyHashes),
            createdAt: now,
            updatedAt: now
        }));
        await atomically(this.db, async (db) => {
            await deleteWhereIn(
                db,
                ENDED_LINKS,
                'replyContactId',
                links.map((l) => l.replyContactId)
            );
            await deleteWhereIn(db, LINKS, 'replyContactId', unlinked);
            // Whoever else holds a Salesforce id of this call loses it (and their link), before the upsert takes it.
            const salesforceIds = [...new Set(links.map((l) => l.salesforceId))];
            for (const chunk of chunks(salesforceIds, 3)) {
                const pairs = chunk.flatMap((id) => {
                    const owner = owners.get(id);
                    return owner === undefined ? [] : [Prisma.sql`(${id}, ${owner})`];
                });
                const others =
                    pairs.length > 0
                        ? Prisma.sql` AND ("salesforceId", "replyContactId") NOT IN (VALUES ${Prisma.join(pairs)})`
                        : Prisma.empty;
                await db.$executeRaw(
                    Prisma.sql`DELETE FROM "PersonLink" WHERE "salesforceId" IN (${Prisma.join(chunk)})${others}`
                );
            }
            await upsertRows(db, LINKS, rows);
        });
    }

    async count(): Promise<number> {
        return this.db.personLink.count();
    }

    /** Ends the links of these Reply people (they no longer exist in Reply): nothing is kept of them. */
    async remove(replyContactIds: string[]): Promise<void> {
        await deleteWhereIn(this.db, LINKS, 'replyContactId', replyContactIds);
    }
}

export class EndedLinkRepository {
    constructor(private readonly db: Db) {}

    /** Ends these links: each person's link is removed and what happened to their record is kept. */
    async end(rows: Omit<EndedLinkRow, 'endedAt'>[], at: Date): Promise<void> {
        if (rows.length === 0) return;
        await atomically(this.db, async (db) => {
            await deleteWhereIn(
                db,
                LINKS,
                'replyContactId',
                rows.map((row) => row.replyContactId)
            );
            await upsertRows(
                db,
                ENDED_LINKS,
                rows.map((row) => ({
                    replyContactId: row.replyContactId,
                    salesforceId: row.salesforceId,
                    salesforceType: row.salesforceType,
                    reason: row.reason,
                    endedAt: at
                }))
            );
        });
    }

    async byReplyIds(ids: string[]): Promise<Map<string, EndedLinkRow>> {
        const rows = await selectWhereIn(this.db, ENDED_LINKS, ENDED_LINKS.columns, ['replyContactId'], ids);
        return new Map(
            rows.map((row) => [
                row.replyContactId as string,
                {
                    replyContactId: row.replyContactId as string,
                    salesforceId: row.salesforceId as string,
                    salesforceType: row.salesforceType as SalesforcePersonType,
                    reason: row.reason as string,
                    endedAt: dateOf(row.endedAt)
                }
            ])
        );
    }
}
