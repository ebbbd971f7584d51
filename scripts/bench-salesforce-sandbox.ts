/**
 * Benchmark of the Salesforce sandbox org: seeds 100,000 records (60,000 Leads, 30,000 Contacts, 10,000 Accounts),
 * then makes 10,000 API calls through jsforce, 8 at a time, in the mix a sync run produces (change-cursor queries,
 * lookups by email, paged reads, 200-record upserts and updates, Composite note + link, describe and limits), and
 * prints memory (RSS, heap) and timings. The org runs in a child process so its memory is measured alone (after a
 * full GC); jsforce runs in this one.
 *
 *   npx tsx scripts/bench-salesforce-sandbox.ts [--calls 10000] [--concurrency 8]
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import jsforce from 'jsforce';
import type { Connection } from 'jsforce';
import { startSalesforceSandbox } from '../test/sandbox/salesforce/index.ts';
import type { SalesforceSandbox } from '../test/sandbox/salesforce/index.ts';

const { values: args } = parseArgs({
    options: {
        calls: { type: 'string', default: '10000' },
        concurrency: { type: 'string', default: '8' },
        leads: { type: 'string', default: '60000' },
        contacts: { type: 'string', default: '30000' },
        accounts: { type: 'string', default: '10000' },
        serve: { type: 'boolean', default: false }
    }
});
const CALLS = Number(args.calls);
const CONCURRENCY = Number(args.concurrency);
const VERSION = '62.0';

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

interface Setup {
    url: string;
    token: string;
    seedSeconds: number;
    leadIds: string[];
    contactIds: string[];
    emails: string[];
}

type Request = { type: 'memory'; label: string } | { type: 'stats' } | { type: 'stop' };

/** The org's side: start, seed, answer memory and stats requests from the parent. */
async function serve(): Promise<void> {
    const started = Date.now();
    const sandbox: SalesforceSandbox = await startSalesforceSandbox({
        port: 0,
        seed: { seed: 1, leads: Number(args.leads), contacts: Number(args.contacts), accounts: Number(args.accounts) },
        dailyApiLimit: 1_000_000
    });
    const { org } = sandbox;
    const contacts = org.query('SELECT Id, Email FROM Contact');
    const setup: Setup = {
        url: sandbox.url,
        token: sandbox.developerToken,
        seedSeconds: (Date.now() - started) / 1000,
        leadIds: org.query('SELECT Id FROM Lead').map((r) => r.Id as string),
        contactIds: contacts.map((r) => r.Id as string),
        emails: contacts.map((r) => r.Email as string)
    };
    process.send?.({ type: 'ready', setup });
    process.on('message', (message: Request) => {
        if (message.type === 'memory') {
            (globalThis as { gc?: () => void }).gc?.();
            const m = process.memoryUsage();
            process.send?.({
                type: 'memory',
                row: {
                    stage: message.label,
                    rss: mb(m.rss),
                    heapUsed: mb(m.heapUsed),
                    heapTotal: mb(m.heapTotal),
                    external: mb(m.external)
                }
            });
        } else if (message.type === 'stats') {
            process.send?.({
                type: 'stats',
                stats: sandbox.stats(),
                state: `${org.count('Task')} Tasks, ${org.count('ContentNote')} notes, ${org.queries.openCursors} open query cursors`
            });
        } else {
            void sandbox.close().then(() => process.exit(0));
        }
    });
}

if (args.serve) {
    await serve();
} else {
    await bench();
}

function ask<T>(child: ChildProcess, request: Request, answer: string): Promise<T> {
    return new Promise((resolve) => {
        const listener = (message: { type: string }): void => {
            if (message.type !== answer) return;
            child.off('message', listener);
            resolve(message as T);
        };
        child.on('message', listener);
        child.send(request);
    });
}

async function bench(): Promise<void> {
    const child = fork(fileURLToPath(import.meta.url), ['--serve', ...process.argv.slice(2)], {
        execArgv: [
            '--expose-gc',
            '--import',
            'tsx',
            ...(process.env.BENCH_CHILD_FLAGS ? process.env.BENCH_CHILD_FLAGS.split(' ') : [])
        ]
    });
    const { setup } = await new Promise<{ setup: Setup }>((resolve) =>
        child.once('message', (message) => resolve(message as { setup: Setup }))
    );
    const memoryRows: Record<string, string>[] = [];
    const memory = async (label: string): Promise<void> => {
        memoryRows.push((await ask<{ row: Record<string, string> }>(child, { type: 'memory', label }, 'memory')).row);
    };
    await memory('seeded');
    const { leadIds, contactIds, emails, seedSeconds } = setup;
    const conn: Connection = new jsforce.Connection({
        instanceUrl: setup.url,
        accessToken: setup.token,
        version: VERSION
    });

    type Kind =
        | 'cursor query'
        | 'email lookup'
        | 'queryMore page'
        | 'upsert 200 tasks'
        | 'update 200 leads'
        | 'composite note'
        | 'describe/limits';
    const latencies = new Map<Kind, number[]>();
    const note = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
    let cursor = '2000-01-01T00:00:00.000Z';
    let nextRecordsUrl: string | undefined;
    let upserts = 0;

    /** One API call of the given kind (each function makes exactly one call). */
    const work: Record<Kind, (i: number) => PromiseLike<unknown>> = {
        'cursor query': async () => {
            const result = await conn.query<{ SystemModstamp: string }>(
                `SELECT Id, Email, LastName, Status, SystemModstamp FROM Lead WHERE SystemModstamp > ${cursor} ORDER BY SystemModstamp, Id LIMIT 200`
            );
            const last = result.records[result.records.length - 1];
            cursor = last ? last.SystemModstamp : '2000-01-01T00:00:00.000Z';
        },
        'email lookup': (i) => {
            const batch = Array.from({ length: 50 }, (_, k) => `'${emails[(i * 50 + k) % emails.length]}'`).join(',');
            return conn.query(`SELECT Id, Email, AccountId FROM Contact WHERE Email IN (${batch})`);
        },
        'queryMore page': async () => {
            if (nextRecordsUrl) {
                const page = await conn.queryMore(nextRecordsUrl);
                nextRecordsUrl = page.done ? undefined : page.nextRecordsUrl;
            } else {
                const first = await conn.query('SELECT Id, Name, AccountId FROM Contact');
                nextRecordsUrl = first.done ? undefined : first.nextRecordsUrl;
            }
        },
        'upsert 200 tasks': (i) => {
            upserts++;
            const records = Array.from({ length: 200 }, (_, k) => ({
                Reply_Activity_Id__c: `bench-${(i * 200 + k) % 20000}`,
                Subject: `Email: step ${k % 5}`,
                Status: 'Completed',
                // No TaskSubtype: it is not updateable, so an upsert that matches would be refused.
                Type: 'Email',
                ActivityDate: '2026-11-28',
                WhoId: contactIds[(i * 7 + k) % contactIds.length]
            }));
            return conn.sobject('Task').upsert(records, 'Reply_Activity_Id__c');
        },
        'update 200 leads': (i) =>
            conn.sobject('Lead').update(
                Array.from({ length: 200 }, (_, k) => ({
                    Id: leadIds[(i * 200 + k) % leadIds.length] as string,
                    Reply_Status__c: `Active ${i % 10}`
                }))
            ),
        'composite note': (i) =>
            conn.requestPost('/composite', {
                allOrNone: true,
                compositeRequest: [
                    {
                        method: 'POST',
                        url: `/services/data/v${VERSION}/sobjects/ContentNote`,
                        referenceId: 'note',
                        body: { Title: `Reply note ${i}`, Content: note(`<p>Note ${i} &amp; more</p>`) }
                    },
                    {
                        method: 'POST',
                        url: `/services/data/v${VERSION}/sobjects/ContentDocumentLink`,
                        referenceId: 'link',
                        body: { ContentDocumentId: '@{note.id}', LinkedEntityId: contactIds[i % contactIds.length] }
                    }
                ]
            }),
        'describe/limits': (i) => (i % 2 === 0 ? conn.limits() : conn.describe('Lead'))
    };

    /** The call mix per 20 calls. */
    const MIX: Kind[] = [
        ...Array<Kind>(6).fill('cursor query'),
        ...Array<Kind>(2).fill('email lookup'),
        'queryMore page',
        ...Array<Kind>(5).fill('upsert 200 tasks'),
        ...Array<Kind>(3).fill('update 200 leads'),
        'composite note',
        ...Array<Kind>(2).fill('describe/limits')
    ];

    const started = Date.now();
    let next = 0;
    let failures = 0;
    async function worker(): Promise<void> {
        while (next < CALLS) {
            const i = next++;
            const kind = MIX[i % MIX.length] as Kind;
            const t0 = performance.now();
            try {
                await work[kind](i);
            } catch (error) {
                failures++;
                if (failures <= 3) console.error(kind, (error as Error).message);
            }
            const list = latencies.get(kind) ?? [];
            list.push(performance.now() - t0);
            latencies.set(kind, list);
            if (i === Math.floor(CALLS / 2)) await memory(`after ${i} calls`);
        }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
    const seconds = (Date.now() - started) / 1000;
    await memory(`after ${CALLS} calls`);

    const percentile = (values: number[], p: number): number => {
        const sorted = [...values].sort((a, b) => a - b);
        return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
    };
    const { stats, state } = await ask<{ stats: ReturnType<SalesforceSandbox['stats']>; state: string }>(
        child,
        { type: 'stats' },
        'stats'
    );
    console.log(`\nSalesforce sandbox benchmark (Node ${process.version}, ${CONCURRENCY} concurrent clients)`);
    console.log(
        `seeded ${leadIds.length + contactIds.length + Number(args.accounts)} records in ${seedSeconds.toFixed(1)} s`
    );
    console.log(
        `${CALLS} API calls in ${seconds.toFixed(1)} s (${(CALLS / seconds).toFixed(0)} calls/s), ${failures} failed; ` +
            `the org counted ${stats.total}; records saved: ${JSON.stringify(stats.records)}`
    );
    console.table(
        [...latencies].map(([kind, values]) => ({
            call: kind,
            count: values.length,
            'p50 ms': percentile(values, 50).toFixed(1),
            'p95 ms': percentile(values, 95).toFixed(1),
            'max ms': Math.max(...values).toFixed(1)
        }))
    );
    console.log('memory of the org process (after a full GC):');
    console.table(memoryRows);
    console.log(`state after the run: ${state}; ${upserts} upsert calls`);
    child.send({ type: 'stop' });
}
