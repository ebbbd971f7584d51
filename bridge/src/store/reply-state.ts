import type { ReplyPerson } from '../../generated/prisma/index.js';
import { selectWhereIn, type Table } from './batch.ts';
import { IN_SLICE, type Db } from './db.ts';

/** The Reply side of the store: the API call counts behind the call budget, and what is known of each person. */

/** Rows in slices of the store's Prisma look-up size (db.ts says why). */
function slices<T>(items: T[]): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += IN_SLICE) out.push(items.slice(i, i + IN_SLICE));
    return out;
}

export class ReplyCallCountRepository {
    constructor(private readonly db: Db) {}

    /** Adds calls to an hour's count (several bridge processes add to the same rows). */
    async add(hourStart: Date, calls: number, reporting: number): Promise<void> {
        if (calls === 0 && reporting === 0) return;
        await this.db.replyCallCount.upsert({
            where: { hourStart },
            create: { hourStart, calls, reporting },
            update: { calls: { increment: calls }, reporting: { increment: reporting } }
        });
    }

    /** Calls made in the hour starting at `hourStart` and since `monthStart`; drops counts older than 40 days. */
    async totals(hourStart: Date, monthStart: Date): Promise<{ hour: number; hourReporting: number; month: number }> {
        await this.db.replyCallCount.deleteMany({
            where: { hourStart: { lt: new Date(monthStart.getTime() - 40 * 24 * 3600_000) } }
        });
        const [hour, month] = await Promise.all([
            this.db.replyCallCount.findUnique({ where: { hourStart } }),
            this.db.replyCallCount.aggregate({ where: { hourStart: { gte: monthStart } }, _sum: { calls: true } })
        ]);
        return { hour: hour?.calls ?? 0, hourReporting: hour?.reporting ?? 0, month: month._sum.calls ?? 0 };
    }
}

/** Engagement flags of a Reply person, as far as the bridge has seen them. */
export interface Engagement {
    opened: boolean;
    clicked: boolean;
    replied: boolean;
    bounced: boolean;
}

const REPLY_PEOPLE: Table<keyof ReplyPerson> = {
    name: 'ReplyPerson',
    key: ['replyContactId'],
    columns: [
        'replyContactId',
        'opened',
        'clicked',
        'replied',
        'bounced',
        'statusesDue',
        'threadsDue',
        'activeUntil',
        'statusesReadAt',
        'updatedAt'
    ]
};
const ENGAGEMENT = ['replyContactId', 'opened', 'clicked', 'replied', 'bounced'] as const;

export class ReplyPersonRepository {
    constructor(private readonly db: Db) {}

    /** A page's people (thousands): a raw look-up, as selectWhereIn says why. */
    async engagement(ids: number[]): Promise<Map<number, Engagement>> {
        const rows = await selectWhereIn(this.db, REPLY_PEOPLE, ENGAGEMENT, ['replyContactId'], ids.map(String));
        return new Map(
            rows.map((row) => [
                Number(row.replyContactId),
                {
                    opened: Boolean(row.opened),
                    clicked: Boolean(row.clicked),
                    replied: Boolean(row.replied),
                    bounced: Boolean(row.bounced)
                }
            ])
        );
    }

    /**
     * What webhooks and activity feeds say of people: flags set here are only ever turned on (a statuses read is the
     * one that may clear replied/bounced), `statusesDue`/`threadsDue` ask for a read at the next run, and
     * `activeUntil` keeps them in the reconciliation rotation until then.
     */
    async note(
        ids: number[],
        change: Partial<Engagement> & { statusesDue?: boolean; threadsDue?: boolean; activeUntil?: Date }
    ): Promise<void> {
        const flags = Object.fromEntries(
            (['opened', 'clicked', 'replied', 'bounced', 'statusesDue', 'threadsDue'] as const)
                .filter((flag) => change[flag])
                .map((flag) => [flag, true])
        );
        for (const slice of slices([...new Set(ids)].map(String))) {
            const existing = new Set(
                (
                    await this.db.replyPerson.findMany({
                        where: { replyContactId: { in: slice } },
                        select: { replyContactId: true }
                    })
                ).map((row) => row.replyContactId)
            );
            const missing = slice.filter((id) => !existing.has(id));
            if (missing.length > 0) {
                await this.db.replyPerson.createMany({
                    data: missing.map((replyContactId) => ({
                        replyContactId,
                        ...flags,
                        activeUntil: change.activeUntil ?? null
                    }))
                });
            }
            const present = slice.filter((id) => existing.has(id));
            if (present.length === 0) continue;
            if (Object.keys(flags).length > 0) {
                await this.db.replyPerson.updateMany({ where: { replyContactId: { in: present } }, data: flags });
            }
            if (change.activeUntil) {
                await this.db.replyPerson.updateMany({
                    where: {
                        replyContactId: { in: present },
                        OR: [{ activeUntil: null }, { activeUntil: { lt: change.activeUntil } }]
                    },
                    data: { activeUntil: change.activeUntil }
                });
            }
        }
    }

    /** People Reply no longer has: nothing more is read of them. */
    async forget(ids: number[]): Promise<void> {
        for (const slice of slices(ids.map(String)))
            await this.db.replyPerson.deleteMany({ where: { replyContactId: { in: slice } } });
    }

    /** Statuses reads: the reply/bounce flags as Reply has them now; the people are no longer due. */
    async statusesRead(rows: { id: number; replied: boolean; bounced: boolean }[], at: Date): Promise<void> {
        for (const slice of slices(rows)) {
            const ids = slice.map((row) => String(row.id));
            const existing = new Set(
                (
                    await this.db.replyPerson.findMany({
                        where: { replyContactId: { in: ids } },
                        select: { replyContactId: true }
                    })
                ).map((row) => row.replyContactId)
            );
            const missing = slice.filter((row) => !existing.has(String(row.id)));
            if (missing.length > 0) {
                await this.db.replyPerson.createMany({
                    data: missing.map((row) => ({
                        replyContactId: String(row.id),
                        replied: row.replied,
                        bounced: row.bounced,
                        statusesReadAt: at
                    }))
                });
            }
            // One update per combination of flags, not one per person.
            for (const replied of [false, true]) {
                for (const bounced of [false, true]) {
                    const group = slice
                        .filter(
                            (row) => existing.has(String(row.id)) && row.replied === replied && row.bounced === bounced
                        )
                        .map((row) => String(row.id));
                    if (group.length === 0) continue;
                    await this.db.replyPerson.updateMany({
                        where: { replyContactId: { in: group } },
                        data: { replied, bounced, statusesDue: false, statusesReadAt: at }
                    });
                }
            }
        }
    }

    /** People a webhook asked to re-read (statuses or threads), oldest request first. */
    async due(what: 'statusesDue' | 'threadsDue', limit: number): Promise<number[]> {
        const rows = await this.db.replyPerson.findMany({
            where: { [what]: true },
            orderBy: { updatedAt: 'asc' },
            take: limit,
            select: { replyContactId: true }
        });
        return rows.map((row) => Number(row.replyContactId));
    }

    /**
     * Recently active people whose statuses were read longest ago (never read first), and not since `readBefore`: the
     * rolling reconciliation.
     */
    async rotation(limit: number, now: Date, readBefore: Date): Promise<number[]> {
        if (limit <= 0) return [];
        const rows = await this.db.replyPerson.findMany({
            where: {
                activeUntil: { gt: now },
                OR: [{ statusesReadAt: null }, { statusesReadAt: { lt: readBefore } }]
            },
            orderBy: [{ statusesReadAt: { sort: 'asc', nulls: 'first' } }, { replyContactId: 'asc' }],
            take: limit,
            select: { replyContactId: true }
        });
        return rows.map((row) => Number(row.replyContactId));
    }

    async threadsRead(ids: number[]): Promise<void> {
        for (const slice of slices(ids.map(String))) {
            await this.db.replyPerson.updateMany({
                where: { replyContactId: { in: slice } },
                data: { threadsDue: false }
            });
        }
    }
}
