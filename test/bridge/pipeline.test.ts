import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CursorValue } from '../../bridge/src/domain/cursors.ts';
import type { PersonLink } from '../../bridge/src/domain/links.ts';
import type { RecordErrorRow } from '../../bridge/src/domain/records.ts';
import { createLogger } from '../../bridge/src/logging.ts';
import type { OrgSnapshot } from '../../bridge/src/salesforce/org.ts';
import { openStore, type Store } from '../../bridge/src/store/store.ts';
import { RunShared, StepRun, type RecordProblem, type SyncServices } from '../../bridge/src/sync/context.ts';
import {
    PAGES_IN_FLIGHT,
    runPipeline,
    type Decision,
    type Page,
    type SkipReason,
    type StepPlan,
    type Written
} from '../../bridge/src/sync/pipeline.ts';
import type { Step } from '../../bridge/src/sync/steps.ts';
import { sqliteUrl } from './databases.ts';
import { catalog } from './fixtures.ts';

/**
 * The step pipeline on its own: fake read, decide and write parts over a real store (SQLite file, no servers), so
 * what it owns (counts, dry runs, skip reasons, problem rows, earlier failures first, the commit of each page) is
 * seen without any executor.
 */

const STEP: Step = {
    name: 'Default_Emails_To_Lead_Tasks',
    label: 'Emails to Lead Tasks',
    kind: catalog.stepKinds.find((kind) => kind.key === 'Emails_To_Lead_Tasks')!,
    sortOrder: 1,
    active: true,
    profile: 'Default',
    fieldMappings: [],
    filter: null,
    ownerMappings: [],
    sequenceMappings: [],
    valueMappings: []
};

/** A fake item: what its decision will be. */
interface Item {
    id: string;
    is: 'create' | 'update' | 'skip' | 'filtered' | 'other' | 'problem' | 'none' | 'refused';
}

const FILTERED: SkipReason = { code: 'FILTERED', say: (n) => `Left out ${n}: the filter does not take them` };
const UNCHANGED: SkipReason = { code: 'UNCHANGED' };
const OTHER_STEP: SkipReason = { code: 'OTHER_STEP', uncounted: true, say: (n) => `${n} belong to the other step` };
const GONE: SkipReason = { code: 'GONE', say: (n) => `${n} gone before the write` };

function decide(item: Item): Decision<Item> {
    switch (item.is) {
        case 'create':
            return { do: 'write', write: item, creates: true };
        case 'update':
        case 'refused':
            return { do: 'write', write: item, creates: false };
        case 'skip':
            return { do: 'skip', reason: UNCHANGED, settles: `key:${item.id}` };
        case 'filtered':
            return { do: 'skip', reason: FILTERED };
        case 'other':
            return { do: 'skip', reason: OTHER_STEP };
        case 'problem':
            return {
                do: 'problem',
                problem: { recordKey: `key:${item.id}`, code: 'REQUIRED_FIELD_MISSING', message: 'no last name' }
            };
        case 'none':
            return { do: 'none' };
    }
}

const link = (id: string): PersonLink => ({
    replyContactId: id,
    salesforceId: `00Q0000000000${id.padStart(2, '0')}`,
    salesforceType: 'Lead',
    email: `${id}@example.com`,
    previousSalesforceId: null,
    salesforceHashes: {},
    replyHashes: {}
});

/** A fake writer: records each batch; a 'refused' item fails, an item named 'gone' is skipped by the write. */
function writer(options: { failOnBatch?: number; transient?: boolean } = {}) {
    const batches: string[][] = [];
    const write = async (batch: Item[]): Promise<Written> => {
        batches.push(batch.map((item) => item.id));
        if (batches.length === options.failOnBatch) throw new Error('Salesforce is down (503)');
        const ok = batch.filter((item) => item.is !== 'refused' && item.id !== 'gone');
        return {
            created: ok.filter((item) => item.is === 'create').length,
            updated: ok.filter((item) => item.is === 'update').length,
            problems: batch
                .filter((item) => item.is === 'refused')
                .map((item): RecordProblem => ({
                    recordKey: `key:${item.id}`,
                    code: options.transient ? 'UNABLE_TO_LOCK_ROW' : 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
                    message: 'refused'
                })),
            skipped: batch.filter((item) => item.id === 'gone').map(() => GONE),
            links: ok.filter((item) => item.is === 'create').map((item) => link(item.id)),
            items: ok.map((item) => ({ key: `item:${item.id}`, stepName: STEP.name, hash: 'h', salesforceId: null })),
            resolved: ok.map((item) => `key:${item.id}`)
        };
    };
    return { batches, write };
}

const items = (...specs: [string, Item['is']][]): Item[] => specs.map(([id, is]) => ({ id, is }));
const cursorAt = (n: number): CursorValue => ({ ts: `2026-11-0${n}T00:00:00.000Z`, id: `page${n}` });

function plan(
    pages: Page<Item>[],
    write: (batch: Item[]) => Promise<Written>,
    retry?: StepPlan<Item, null, Item>['retry']
): StepPlan<Item, null, Item> {
    return {
        ...(retry ? { retry } : {}),
        pages: async function* () {
            yield* pages;
        },
        context: async () => null,
        decide: (item) => decide(item),
        write
    };
}

let store: Store;
beforeEach(async () => {
    store = await openStore(sqliteUrl());
});
afterEach(async () => {
    await store.close();
});

function stepRun(dryRun = false, runId = 'run-1'): { run: StepRun; progress: number[] } {
    const services = {
        store,
        logger: createLogger({ level: 'silent' }),
        retryLimit: 5,
        catalog
    } as unknown as SyncServices;
    const shared = new RunShared(services, {} as OrgSnapshot, dryRun);
    const progress: number[] = [];
    const run = new StepRun(STEP, { id: runId, trigger: 'commandLine', dryRun }, shared, (counts) =>
        progress.push(counts.read)
    );
    return { run, progress };
}

const openKeys = async () => (await store.errors.open(STEP.name)).map((row) => row.recordKey).sort();

describe('step pipeline', () => {
    it('counts what each page read, created, updated, skipped and failed, and writes only what was decided a write', async () => {
        const { run, progress } = stepRun();
        const { batches, write } = writer();
        await runPipeline(
            run,
            plan(
                [
                    {
                        items: items(['1', 'create'], ['2', 'update'], ['3', 'skip'], ['4', 'none']),
                        cursor: cursorAt(1)
                    },
                    { items: items(['5', 'create'], ['6', 'problem'], ['7', 'refused']), read: 10, cursor: cursorAt(2) }
                ],
                write
            )
        );
        expect(batches).toEqual([
            ['1', '2'],
            ['5', '7']
        ]);
        expect(run.counts).toMatchObject({ read: 14, created: 2, updated: 1, skipped: 1, failed: 2 });
        expect(progress).toEqual([4, 14]);
    });

    it('says each skip reason once over the whole step, with how many it covered; a reason without words is only counted', async () => {
        const { run } = stepRun();
        const { write } = writer();
        await runPipeline(
            run,
            plan(
                [
                    { items: items(['1', 'filtered'], ['2', 'filtered'], ['3', 'skip'], ['4', 'other']) },
                    { items: items(['5', 'filtered'], ['gone', 'update'], ['6', 'other']) }
                ],
                write
            )
        );
        // 3 filtered, 1 unchanged, 1 gone at the write; the other step's 2 are said but not counted.
        expect(run.counts.skipped).toBe(5);
        const lines = run.message().split('\n');
        expect(lines).toEqual(
            expect.arrayContaining([
                'Left out 3: the filter does not take them',
                '2 belong to the other step',
                '1 gone before the write'
            ])
        );
        expect(lines).toHaveLength(3);
    });

    it('records a problem row per failing record (decided, unreadable or refused by the write), once per run', async () => {
        const { run } = stepRun();
        const { write } = writer();
        await runPipeline(
            run,
            plan(
                [
                    {
                        items: items(['1', 'problem'], ['2', 'refused'], ['3', 'create']),
                        invalid: [{ recordKey: 'key:bad', code: 'REPLY_SHAPE', message: 'no id' }]
                    },
                    // The same record again in the run is one attempt.
                    { items: items(['1', 'problem']) }
                ],
                write
            )
        );
        expect(run.counts.failed).toBe(3);
        expect(await openKeys()).toEqual(['key:1', 'key:2', 'key:bad']);
        const rows = await store.errors.open(STEP.name);
        expect(rows.find((row) => row.recordKey === 'key:1')).toMatchObject({
            code: 'REQUIRED_FIELD_MISSING',
            attempts: 1
        });
        expect(run.message()).toMatch(/3 records failed \(.*REQUIRED_FIELD_MISSING x1.*\): see Reply Sync Errors/);
    });

    it('tries earlier failures before the feed, without counting them as read again, and closes the ones that go through', async () => {
        // Run 1: record 2 is refused for a transient reason (a locked row).
        const first = stepRun(false, 'run-1');
        await runPipeline(
            first.run,
            plan([{ items: items(['1', 'create'], ['2', 'refused']) }], writer({ transient: true }).write)
        );
        expect(await openKeys()).toEqual(['key:2']);
        // Run 2: the row comes back first, read back through the plan; this time it is written.
        const second = stepRun(false, 'run-2');
        const { batches, write } = writer();
        const asked: RecordErrorRow[][] = [];
        await runPipeline(
            second.run,
            plan([{ items: items(['3', 'create']), cursor: cursorAt(1) }], write, {
                limit: 50,
                read: async (rows) => {
                    asked.push(rows);
                    return { items: rows.map((row) => ({ id: row.recordKey.slice(4), is: 'update' as const })) };
                }
            })
        );
        expect(asked.map((rows) => rows.map((row) => row.recordKey))).toEqual([['key:2']]);
        expect(batches).toEqual([['2'], ['3']]);
        expect(second.run.counts).toMatchObject({ read: 1, created: 1, updated: 1, failed: 0 });
        expect(await openKeys()).toEqual([]);
    });

    it('asks for no retry read when nothing failed before', async () => {
        const { run } = stepRun();
        let asked = 0;
        await runPipeline(
            run,
            plan([{ items: items(['1', 'create']) }], writer().write, {
                limit: 50,
                read: async () => {
                    asked += 1;
                    return undefined;
                }
            })
        );
        expect(asked).toBe(0);
    });

    it('in a dry run decides and counts as a real run would, and never writes or records anything', async () => {
        const pages = (): Page<Item>[] => [
            { items: items(['1', 'create'], ['2', 'update'], ['3', 'filtered']), cursor: cursorAt(1) },
            { items: items(['4', 'problem'], ['5', 'create']), cursor: cursorAt(2) }
        ];
        const dry = stepRun(true, 'dry');
        const dryWriter = writer();
        await runPipeline(dry.run, plan(pages(), dryWriter.write));
        expect(dryWriter.batches).toEqual([]);
        expect(dry.run.counts).toMatchObject({ read: 5, created: 2, updated: 1, skipped: 1, failed: 1 });
        expect(await store.cursors.get(STEP.name)).toBeUndefined();
        expect(await openKeys()).toEqual([]);
        expect((await store.items.get(['item:1'])).size).toBe(0);
        expect(dry.run.message().split('\n')[0]).toBe('Dry run: nothing was written; counts say what would have been.');

        const real = stepRun(false, 'real');
        await runPipeline(real.run, plan(pages(), writer().write));
        expect(real.run.counts).toEqual(dry.run.counts);
        expect(dry.run.message().split('\n').slice(1)).toEqual(real.run.message().split('\n'));
    });

    it('lets a dry run say what its writes would (preview), which a real run leaves to the write', async () => {
        const previewed: string[][] = [];
        const withPreview = (batches: string[][]): StepPlan<Item, null, Item> => ({
            ...plan([{ items: items(['1', 'create'], ['2', 'filtered'], ['3', 'update']) }], async (batch) => {
                batches.push(batch.map((item) => item.id));
                return { created: 1, updated: 1 };
            }),
            preview: async (batch) => {
                previewed.push(batch.map((item) => item.id));
            }
        });
        const written: string[][] = [];
        await runPipeline(stepRun(true, 'dry').run, withPreview(written));
        expect(previewed).toEqual([['1', '3']]);
        expect(written).toEqual([]);
        await runPipeline(stepRun(false, 'real').run, withPreview(written));
        expect(previewed).toHaveLength(1);
        expect(written).toEqual([['1', '3']]);
    });

    it("keeps a skipped item's hash when its decision says the target already holds the value", async () => {
        const remembering: StepPlan<Item, null, Item> = {
            ...plan([{ items: items(['1', 'skip']), cursor: cursorAt(1) }], writer().write),
            decide: (item) => ({
                do: 'skip',
                reason: UNCHANGED,
                settles: `key:${item.id}`,
                remember: { key: `item:${item.id}`, stepName: STEP.name, hash: 'same', salesforceId: null }
            })
        };
        await runPipeline(stepRun(true, 'dry').run, remembering);
        expect((await store.items.get(['item:1'])).size).toBe(0);
        const real = stepRun(false, 'real');
        await runPipeline(real.run, remembering);
        expect((await store.items.get(['item:1'])).get('item:1')).toMatchObject({ hash: 'same' });
        expect(real.run.counts).toMatchObject({ skipped: 1, updated: 0 });
    });

    it('commits each page on its own: a failure on page 3 keeps pages 1 and 2 and the cursor at the end of page 2', async () => {
        const { run } = stepRun();
        const { batches, write } = writer({ failOnBatch: 3 });
        await expect(
            runPipeline(
                run,
                plan(
                    [
                        { items: items(['1', 'create']), cursor: cursorAt(1) },
                        { items: items(['2', 'create']), cursor: cursorAt(2) },
                        { items: items(['3', 'create']), cursor: cursorAt(3) }
                    ],
                    write
                )
            )
        ).rejects.toThrow('Salesforce is down (503)');
        expect(batches).toEqual([['1'], ['2'], ['3']]);
        expect(await store.cursors.get(STEP.name)).toMatchObject(cursorAt(2));
        expect([...(await store.items.get(['item:1', 'item:2', 'item:3'])).keys()].sort()).toEqual([
            'item:1',
            'item:2'
        ]);
        expect([...(await store.links.byReplyIds(['1', '2', '3'])).keys()].sort()).toEqual(['1', '2']);
        expect(run.counts).toMatchObject({ read: 3, created: 2 });
    });

    it('says the skip reasons of the pages it got through when a later page fails', async () => {
        const { run } = stepRun();
        await expect(
            runPipeline(
                run,
                plan(
                    [{ items: items(['1', 'filtered'], ['2', 'create']) }, { items: items(['3', 'create']) }],
                    writer({ failOnBatch: 2 }).write
                )
            )
        ).rejects.toThrow();
        expect(run.message()).toContain('Left out 1: the filter does not take them');
    });
});

/** Writes that wait until released, so a test decides which page's write ends first. */
function heldWriter() {
    const started: string[] = [];
    const release = new Map<string, () => void>();
    const write = async (batch: Item[]): Promise<Written> => {
        const first = batch[0]!.id;
        started.push(first);
        await new Promise<void>((resolve) => release.set(first, resolve));
        if (first.startsWith('fail')) throw new Error('Salesforce is down (503)');
        return {
            created: batch.length,
            updated: 0,
            resolved: batch.map((item) => `key:${item.id}`),
            links: batch.map((item) => link(item.id))
        };
    };
    const until = async (check: () => boolean) => {
        for (let i = 0; i < 2500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
        expect(check()).toBe(true);
    };
    return { started, release: (id: string) => release.get(id)!(), write, until };
}

describe('pages in flight (a plan with keys)', () => {
    const keyed = (pages: Page<Item>[], write: (batch: Item[]) => Promise<Written>, looked: string[] = []) => ({
        ...plan(pages, write),
        context: async (page: Page<Item>) => {
            looked.push(page.items[0]!.id);
            return null;
        },
        keys: (item: Item) => [item.id.replace(/^\D+/, '')]
    });

    it("starts the next page's write while the previous one is in flight, and commits them in page order", async () => {
        const { run } = stepRun();
        const held = heldWriter();
        const commits: unknown[] = [];
        const commit = run.commit.bind(run);
        run.commit = async (batch) => {
            commits.push(batch.cursor);
            await commit(batch);
        };
        const done = runPipeline(
            run,
            keyed(
                [
                    { items: items(['1', 'create']), cursor: cursorAt(1) },
                    { items: items(['2', 'create']), cursor: cursorAt(2) }
                ],
                held.write
            )
        );
        await held.until(() => held.started.length === 2);
        // Page 2's write ends first: its commit still waits for page 1's.
        held.release('2');
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(commits).toEqual([]);
        held.release('1');
        await done;
        expect(commits).toEqual([cursorAt(1), cursorAt(2)]);
        expect(await store.cursors.get(STEP.name)).toMatchObject(cursorAt(2));
        expect(run.counts.created).toBe(2);
    });

    it('keeps at most PAGES_IN_FLIGHT pages between their decision and their commit', async () => {
        const { run } = stepRun();
        const held = heldWriter();
        const looked: string[] = [];
        const pages = [1, 2, 3, 4].map((n) => ({ items: items([String(n), 'create']), cursor: cursorAt(n) }));
        const done = runPipeline(run, keyed(pages, held.write, looked));
        await held.until(() => held.started.length === PAGES_IN_FLIGHT);
        await new Promise((resolve) => setTimeout(resolve, 20));
        // Page 3 is not even looked up while two pages are in flight.
        expect(looked).toEqual(['1', '2']);
        held.release('1');
        await held.until(() => held.started.length === 3);
        held.release('2');
        held.release('3');
        await held.until(() => held.started.length === 4);
        held.release('4');
        await done;
        expect(await store.cursors.get(STEP.name)).toMatchObject(cursorAt(4));
    });

    it('looks a page up only after an earlier page sharing a key with it has committed', async () => {
        const { run } = stepRun();
        const held = heldWriter();
        const looked: string[] = [];
        // Page 2 carries person 1 again (a re-read): its look-ups must see page 1's write.
        const pages = [
            { items: items(['1', 'create']), cursor: cursorAt(1) },
            { items: items(['again1', 'update'], ['2', 'create']), cursor: cursorAt(2) }
        ];
        const done = runPipeline(run, keyed(pages, held.write, looked));
        await held.until(() => held.started.length === 1);
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(looked).toEqual(['1']);
        held.release('1');
        await held.until(() => held.started.length === 2);
        expect(looked).toEqual(['1', 'again1']);
        held.release('again1');
        await done;
    });

    it('a page whose write fails keeps the pages after it from committing: the cursor stays before it', async () => {
        const { run } = stepRun();
        const held = heldWriter();
        const pages = [
            { items: items(['1', 'create']), cursor: cursorAt(1) },
            { items: items(['fail2', 'create']), cursor: cursorAt(2) },
            { items: items(['3', 'create']), cursor: cursorAt(3) }
        ];
        const done = runPipeline(run, keyed(pages, held.write)).catch((error: unknown) => error);
        await held.until(() => held.started.length === 2);
        held.release('1');
        await held.until(() => held.started.length === 3);
        // Page 3's write went through, but page 2's failed: page 3 must not commit past it.
        held.release('3');
        held.release('fail2');
        expect(String(await done)).toContain('Salesforce is down');
        expect(await store.cursors.get(STEP.name)).toMatchObject(cursorAt(1));
        expect([...(await store.links.byReplyIds(['1', '3'])).keys()]).toEqual(['1']);
    });
});
