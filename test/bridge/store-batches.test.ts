import { describe, expect, it } from 'vitest';
import type { PersonLink } from '../../bridge/src/domain/links.ts';
import { PARAMETER_LIMITS, chunks, lastByKey, rowsPerStatement } from '../../bridge/src/store/batch.ts';
import type { Db } from '../../bridge/src/store/db.ts';
import { RecordErrorRepository } from '../../bridge/src/store/errors.ts';
import { LinkRepository, lastLinks } from '../../bridge/src/store/links.ts';
import type { Store } from '../../bridge/src/store/store.ts';
import { storeForEachTest } from './databases.ts';

/**
 * What a backfill's batches leave in the store: thousands of links, item hashes and ended links saved in one call,
 * exactly as saving them one at a time, in order, would (a later entry for the same key wins).
 */
let store: Store;

// More than one statement's worth of rows on either database (see store/batch.ts).
const MANY = 5000;

function link(n: number, over: Partial<PersonLink> = {}): PersonLink {
    return {
        replyContactId: String(n),
        salesforceId: `00Q${String(n).padStart(12, '0')}`,
        salesforceType: 'Lead',
        email: `Person${n}@Example.com`,
        previousSalesforceId: null,
        salesforceHashes: { Email: `sf${n}` },
        replyHashes: { email: `r${n}`, firstName: 'x' },
        ...over
    };
}

const item = (n: number, over: Partial<{ hash: string; salesforceId: string | null; payload: string }> = {}) => ({
    key: `activity:${n}`,
    stepName: 'Default_Activities',
    hash: `h${n}`,
    salesforceId: `00T${n}`,
    ...over
});

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** The store's client, counting the raw statements run through it. */
function counting(db: Db): { db: Db; statements: () => number } {
    let statements = 0;
    const counted = new Proxy(db, {
        get(target, name, receiver) {
            const value = Reflect.get(target, name, receiver) as unknown;
            if ((name !== '$queryRaw' && name !== '$executeRaw') || typeof value !== 'function') return value;
            return (...args: unknown[]) => {
                statements += 1;
                return (value as (...a: unknown[]) => unknown).apply(target, args);
            };
        }
    });
    return { db: counted, statements: () => statements };
}

async function allLinks(): Promise<Map<string, PersonLink & { createdAt: Date; updatedAt: Date }>> {
    const rows = await store.prisma.personLink.findMany();
    return new Map(
        rows.map((row) => [
            row.replyContactId,
            {
                ...row,
                salesforceType: row.salesforceType as PersonLink['salesforceType'],
                salesforceHashes: JSON.parse(row.salesforceHashes) as Record<string, string>,
                replyHashes: JSON.parse(row.replyHashes) as Record<string, string>
            }
        ])
    );
}

const expected = (l: PersonLink) => ({ ...l, email: l.email?.toLowerCase() ?? null });
const pick = (l: PersonLink) => ({
    replyContactId: l.replyContactId,
    salesforceId: l.salesforceId,
    salesforceType: l.salesforceType,
    email: l.email,
    previousSalesforceId: l.previousSalesforceId,
    salesforceHashes: l.salesforceHashes,
    replyHashes: l.replyHashes
});

describe('batch statements', () => {
    it.each(Object.entries(PARAMETER_LIMITS))('stay within the parameter limit of %s (%i)', (_, limit) => {
        for (let columns = 1; columns <= 40; columns++) {
            expect(rowsPerStatement(columns)).toBeGreaterThan(0);
            expect(rowsPerStatement(columns) * columns).toBeLessThanOrEqual(limit);
        }
        // As many rows a statement as the smaller limit allows: not one statement a few rows.
        expect(rowsPerStatement(9)).toBe(Math.floor(32_766 / 9));
        expect(chunks(range(0, 10_000), 9).map((c) => c.length)).toEqual([3640, 3640, 2720]);
    });

    it('keeps the last row of each key, and the link saving one at a time would leave', () => {
        expect(lastByKey(['a1', 'b1', 'a2'], (s) => s[0]!)).toEqual(['b1', 'a2']);
        const { kept, unlinked } = lastLinks([
            link(1, { salesforceId: 'S' }),
            link(2, { salesforceId: 'S' }),
            link(2, { salesforceId: 'T' }),
            link(3, { salesforceId: 'U' })
        ]);
        // 2 took S from 1, then moved on to T: 1 is left without a link.
        expect(kept.map((l) => [l.replyContactId, l.salesforceId])).toEqual([
            ['2', 'T'],
            ['3', 'U']
        ]);
        expect(unlinked).toEqual(['1']);
    });
});

describe.each(['sqlite', 'postgresql'] as const)('store batches on %s', (dialect) => {
    storeForEachTest(dialect, (opened) => (store = opened));

    describe('links', () => {
        it('saves thousands of links in one call, each once, then updates them in place', async () => {
            const first = range(0, MANY).map((n) => link(n));
            await store.links.save(first);
            expect(await store.links.count()).toBe(MANY);
            const saved = await allLinks();
            for (const l of first) expect(pick(saved.get(l.replyContactId)!)).toEqual(expected(l));

            // Mixed: half of them again with new values (hashes replaced, not merged), and as many new people.
            const again = [
                ...range(0, MANY / 2).map((n) =>
                    link(n, {
                        salesforceId: `003${String(n).padStart(12, '0')}`,
                        salesforceType: 'Contact',
                        previousSalesforceId: `00Q${String(n).padStart(12, '0')}`,
                        email: null,
                        salesforceHashes: { LastName: 'y' },
                        replyHashes: {}
                    })
                ),
                ...range(MANY, MANY + MANY / 2).map((n) => link(n))
            ];
            await store.links.save(again);
            expect(await store.links.count()).toBe(MANY + MANY / 2);
            const after = await allLinks();
            for (const l of again) expect(pick(after.get(l.replyContactId)!)).toEqual(expected(l));
            for (const n of range(MANY / 2, MANY)) expect(pick(after.get(String(n))!)).toEqual(expected(link(n)));
            // An update keeps when the link was made.
            expect(after.get('0')!.createdAt).toEqual(saved.get('0')!.createdAt);
            expect(after.get('0')!.updatedAt.getTime()).toBeGreaterThanOrEqual(saved.get('0')!.updatedAt.getTime());

            const bySalesforce = await store.links.bySalesforceIds(['00Q000000000001']);
            expect(bySalesforce.get('00Q000000000001')?.replyContactId).toBe('1');
            expect(
                (await store.links.byEmails(['PERSON4000@example.com'])).get('person4000@example.com')
            ).toMatchObject(expected(link(4000)));
        });

        it('removes tens of thousands of links in one call (statements at the parameter limit)', async () => {
            const ids = range(0, 40_000);
            await store.links.save(ids.map((n) => link(n)));
            expect(await store.links.count()).toBe(40_000);
            await store.links.remove([...ids.map(String), 'nobody']);
            expect(await store.links.count()).toBe(0);
        });

        it('looks up tens of thousands of links in a few statements at the parameter limit', async () => {
            const n = 40_000;
            const ids = range(0, n);
            // Half of them followed a conversion: found by their Contact id and by their Lead's.
            await store.links.save(
                ids.map((i) =>
                    i % 2 === 0
                        ? link(i)
                        : link(i, {
                              salesforceId: `003${String(i).padStart(12, '0')}`,
                              previousSalesforceId: link(i).salesforceId
                          })
                )
            );
            const { db, statements } = counting(store.prisma);
            const links = new LinkRepository(db);

            const bySalesforce = await links.bySalesforceIds(ids.map((i) => link(i).salesforceId));
            expect(ids.every((i) => bySalesforce.get(link(i).salesforceId)?.replyContactId === String(i))).toBe(true);
            expect(bySalesforce.get(link(1).salesforceId)).toEqual({
                ...expected(link(1)),
                salesforceId: '003000000000001',
                previousSalesforceId: '00Q000000000001'
            });
            // Two parameters a key (current and previous id): 16,383 keys a statement.
            expect(statements()).toBe(Math.ceil(n / rowsPerStatement(2)));

            const byEmail = await links.byEmails(ids.map((i) => `PERSON${i}@example.com`));
            expect(byEmail.size).toBe(n);
            expect(byEmail.get('person2@example.com')).toEqual(expected(link(2)));
            const byReply = await links.byReplyIds([...ids.map(String), 'nobody']);
            expect(byReply.size).toBe(n);
            expect(statements()).toBe(
                Math.ceil(n / rowsPerStatement(2)) + 2 * Math.ceil((n + 1) / rowsPerStatement(1))
            );
        });

        it('moves a Salesforce id linked to another person to the person saved with it', async () => {
            await store.links.save([link(1), link(2), link(3)]);
            await store.links.save([link(9, { salesforceId: link(1).salesforceId }), link(4)]);
            const after = await allLinks();
            expect([...after.keys()].sort()).toEqual(['2', '3', '4', '9']);
            expect(after.get('9')!.salesforceId).toBe(link(1).salesforceId);
        });

        it('swaps two Salesforce ids between two linked people in one call', async () => {
            await store.links.save([link(1), link(2)]);
            await store.links.save([
                link(1, { salesforceId: link(2).salesforceId }),
                link(2, { salesforceId: link(1).salesforceId })
            ]);
            const after = await allLinks();
            expect(after.get('1')!.salesforceId).toBe(link(2).salesforceId);
            expect(after.get('2')!.salesforceId).toBe(link(1).salesforceId);
            expect(after.size).toBe(2);
        });

        it('keeps the last of duplicates within one call, as saving them one by one would', async () => {
            await store.links.save([link(5)]);
            await store.links.save([
                link(1, { email: 'first@example.com' }),
                link(1, { email: 'Last@Example.com' }),
                // Two people with one Salesforce id: the later one has it.
                link(2, { salesforceId: 'SAME' }),
                link(3, { salesforceId: 'SAME' }),
                // 5's id goes to 6, then 6 moves on to another record: nobody is linked to 5's record, 5 is unlinked.
                link(6, { salesforceId: link(5).salesforceId }),
                link(6, { salesforceId: 'OTHER' }),
                // 7 takes X, 8 takes X from 7, then 7 takes X back: 8 is unlinked.
                link(7, { salesforceId: 'X' }),
                link(8, { salesforceId: 'X' }),
                link(7, { salesforceId: 'X', replyHashes: { last: '1' } })
            ]);
            const after = await allLinks();
            expect([...after.keys()].sort()).toEqual(['1', '3', '6', '7']);
            expect(after.get('1')!.email).toBe('last@example.com');
            expect(after.get('3')!.salesforceId).toBe('SAME');
            expect(after.get('6')!.salesforceId).toBe('OTHER');
            expect(after.get('7')!.replyHashes).toEqual({ last: '1' });
        });

        it('ends what an ended link said of each person saved, and ends thousands of links in one call', async () => {
            await store.links.save(range(0, MANY).map((n) => link(n)));
            const at = new Date('2026-11-30T10:00:00.000Z');
            await store.endedLinks.end(
                range(0, MANY).map((n) => ({
                    replyContactId: String(n),
                    salesforceId: link(n).salesforceId,
                    salesforceType: 'Lead' as const,
                    reason: 'deleted in Salesforce'
                })),
                at
            );
            expect(await store.links.count()).toBe(0);
            const ended = await store.endedLinks.byReplyIds(range(0, MANY).map(String));
            expect(ended.size).toBe(MANY);
            expect(ended.get('42')).toEqual({
                replyContactId: '42',
                salesforceId: link(42).salesforceId,
                salesforceType: 'Lead',
                reason: 'deleted in Salesforce',
                endedAt: at
            });

            // Ending again replaces what was said; the last of duplicates wins.
            const later = new Date('2026-12-01T10:00:00.000Z');
            await store.endedLinks.end(
                [
                    { replyContactId: '42', salesforceId: 'A', salesforceType: 'Contact', reason: 'merged' },
                    { replyContactId: '42', salesforceId: 'B', salesforceType: 'Contact', reason: 'merged again' }
                ],
                later
            );
            expect((await store.endedLinks.byReplyIds(['42'])).get('42')).toEqual({
                replyContactId: '42',
                salesforceId: 'B',
                salesforceType: 'Contact',
                reason: 'merged again',
                endedAt: later
            });

            // Linking the people again ends their ended links.
            await store.links.save(range(0, MANY / 2).map((n) => link(n)));
            expect((await store.endedLinks.byReplyIds(range(0, MANY).map(String))).size).toBe(MANY / 2);
        });
    });

    describe('synced items', () => {
        it('saves thousands of items in one call, each once, and updates them as pending or written', async () => {
            await store.items.save(range(0, MANY).map((n) => item(n)));
            const keys = range(0, MANY).map((n) => `activity:${n}`);
            const saved = await store.items.get(keys);
            expect(saved.size).toBe(MANY);
            expect(saved.get('activity:7')).toMatchObject({ ...item(7), pending: false, payload: null });
            expect(await store.prisma.syncedItem.count()).toBe(MANY);

            // Mixed: some pending with their payload, some new, and the rest left alone.
            await store.items.save(
                [
                    ...range(0, 100).map((n) => item(n, { hash: 'new', salesforceId: null, payload: `p${n}` })),
                    ...range(MANY, MANY + 100).map((n) => item(n, { payload: `p${n}` }))
                ],
                true
            );
            const pending = await store.items.pending('Default_Activities');
            expect(pending.length).toBe(200);
            expect((await store.items.get(['activity:3'])).get('activity:3')).toMatchObject({
                ...item(3),
                hash: 'new',
                salesforceId: null,
                pending: true,
                payload: 'p3'
            });
            expect((await store.items.get(['activity:200'])).get('activity:200')).toMatchObject({
                ...item(200),
                pending: false,
                payload: null
            });

            // Written: no longer pending, and a payload passed along is not kept.
            await store.items.save(range(0, 100).map((n) => item(n, { payload: 'ignored' })));
            expect((await store.items.pending('Default_Activities')).length).toBe(100);
            expect((await store.items.get(['activity:3'])).get('activity:3')).toMatchObject({
                ...item(3),
                pending: false,
                payload: null
            });
            expect(await store.prisma.syncedItem.count()).toBe(MANY + 100);
        });

        it('keeps the last of duplicates within one call', async () => {
            await store.items.save([item(1, { hash: 'a' }), item(2), item(1, { hash: 'b', salesforceId: null })]);
            expect((await store.items.get(['activity:1'])).get('activity:1')).toMatchObject({
                ...item(1),
                hash: 'b',
                salesforceId: null,
                pending: false,
                payload: null
            });
            expect(await store.prisma.syncedItem.count()).toBe(2);
        });

        it('saves all of a call or none of it', async () => {
            const rows = range(0, MANY).map((n) => item(n));
            // A row the database refuses, past the first statement's worth.
            rows.push({ ...item(MANY), stepName: null as unknown as string });
            await expect(store.items.save(rows)).rejects.toThrow();
            expect(await store.prisma.syncedItem.count()).toBe(0);
        });
    });

    describe('record errors', () => {
        const failure = (n: number, over: Record<string, unknown> = {}) => ({
            stepName: 'Default_People_To_Leads',
            stepKind: 'People_To_Leads',
            recordKey: `reply:${n}`,
            replyId: String(n),
            code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            message: 'refused',
            runId: 'run-1',
            ...over
        });

        it('records thousands of failures in one call as failing each in turn would', async () => {
            await store.errors.fail(failure(1, { salesforceId: '00Q1', payload: '{"a":1}' }), 3);
            await store.errors.resolve('Default_People_To_Leads', ['reply:1'], 'run-0');
            await store.errors.fail(failure(2), 3);
            const before = (await store.errors.open()).find((e) => e.recordKey === 'reply:2')!;

            await store.errors.failAll(
                [
                    ...range(3, MANY).map((n) => failure(n)),
                    // Resolved: starts again at one attempt, and keeps what it knew of the record.
                    failure(1, { message: 'again' }),
                    // Open: two more attempts, the second one gives up (limit 3).
                    failure(2, { code: 'A' }),
                    failure(2, { code: 'B' }),
                    // Transient: recorded, not counted.
                    failure(MANY, { transient: true }),
                    failure(MANY, { transient: true }),
                    // Another step's error for the same record key is its own.
                    failure(3, { stepName: 'Other' })
                ],
                3
            );
            const open = new Map((await store.errors.open()).map((e) => [`${e.stepName} ${e.recordKey}`, e]));
            expect(open.size).toBe(MANY + 1);
            expect(open.get('Default_People_To_Leads reply:1')).toMatchObject({
                attempts: 1,
                gaveUp: false,
                message: 'again',
                salesforceId: '00Q1',
                payload: '{"a":1}',
                lastRunId: 'run-1'
            });
            expect(open.get('Default_People_To_Leads reply:2')).toMatchObject({
                attempts: 3,
                gaveUp: true,
                code: 'B',
                firstSeenAt: before.firstSeenAt
            });
            expect(open.get(`Default_People_To_Leads reply:${MANY}`)).toMatchObject({ attempts: 0, gaveUp: false });
            expect(open.get('Other reply:3')).toMatchObject({ attempts: 1, stepKind: 'People_To_Leads' });
            expect(open.get('Default_People_To_Leads reply:42')).toMatchObject({
                attempts: 1,
                replyId: '42',
                loggedToSalesforce: false
            });
            expect((await store.errors.retryable('Default_People_To_Leads', 2 * MANY)).length).toBe(MANY - 1);
        });

        it("resolves a backfill's tens of thousands of records in a few statements, closing only this step's errors", async () => {
            await store.errors.failAll(
                [...range(0, MANY).map((n) => failure(n)), failure(1, { stepName: 'Other' })],
                3
            );
            const { db, statements } = counting(store.prisma);
            const keys = range(0, 40_000).map((n) => `reply:${n}`);
            expect(await new RecordErrorRepository(db).resolve('Default_People_To_Leads', keys, 'run-2')).toBe(MANY);
            // Two parameters a key leave room for the step and the run: 16,383 keys a statement.
            expect(statements()).toBe(Math.ceil(keys.length / rowsPerStatement(2)));
            const open = await store.errors.open();
            expect(open.map((e) => `${e.stepName} ${e.recordKey}`)).toEqual(['Other reply:1']);
            expect(
                await store.prisma.recordError.findUnique({
                    where: { stepName_recordKey: { stepName: 'Default_People_To_Leads', recordKey: 'reply:7' } }
                })
            ).toMatchObject({ resolved: true, gaveUp: false, lastRunId: 'run-2', loggedToSalesforce: false });
            // Already resolved: nothing more closes.
            expect(await store.errors.resolve('Default_People_To_Leads', keys.slice(0, 10), 'run-3')).toBe(0);
        });
    });
});
