import { afterAll, expect, it } from 'vitest';
import type { RunRecord } from '../../bridge/src/domain/runs.ts';
import { bridgeProcess } from './bridge-process.ts';
import { startWorld, type World } from './world.ts';

/**
 * Large batches through Bulk API 2.0, end to end: the same steps over the same data, once with the default thresholds
 * (sObject Collections and REST queries at this size) and once with the lowest thresholds allowed, so the bridge
 * writes through Bulk ingest jobs and reads Salesforce's backlog through a Bulk query job. Both end with the same
 * Salesforce and Reply state, the same counts, and the same idle run after.
 */

const worlds: World[] = [];
afterAll(async () => Promise.all(worlds.map((w) => w.close())));

async function world(env: Record<string, string> = {}): Promise<World> {
    const w = await startWorld({
        salesforce: { seed: { seed: 5, leads: 2100, contacts: 0, accounts: 3 } },
        reply: { seed: { seed: 13, people: 600, enrolled: 0 } },
        env,
        bridge: { bulkPolling: { initialMs: 1, factor: 2, maxMs: 5, timeoutMs: 10_000 } }
    });
    worlds.push(w);
    w.onlySteps('Leads_To_People', 'People_To_Leads');
    return w;
}

/** What a user sees in Salesforce: every Lead's fields, and whether it is linked to the Reply person of its email. */
function salesforceState(w: World) {
    const people = new Map(w.reply.workspace.people.map((p) => [String(p.id), String(p.email).toLowerCase()]));
    return w.salesforce.org
        .query('SELECT Email, FirstName, LastName, Company, Title, Status, OwnerId, Reply_Contact_Id__c FROM Lead')
        .map(({ Reply_Contact_Id__c: replyId, ...lead }) => ({
            ...lead,
            email: String(lead.Email),
            linked: replyId ? people.get(String(replyId)) === String(lead.Email).toLowerCase() : false
        }))
        .sort((a, b) => a.email.localeCompare(b.email));
}

function replyState(w: World) {
    return w.reply.workspace.people
        .map((p) => ({ email: p.email, firstName: p.firstName, lastName: p.lastName, company: p.company }))
        .sort((a, b) => String(a.email).localeCompare(String(b.email)));
}

const counts = (run: RunRecord) =>
    run.steps.map((s) => ({ step: s.stepKind, status: s.status, c: s.created, u: s.updated, f: s.failed }));

it('a run with more records than the thresholds writes and reads through Bulk jobs and ends as with collections', async () => {
    const collections = await world();
    const bulk = await world({ SALESFORCE_BULK_THRESHOLD: '200', SALESFORCE_BULK_QUERY_THRESHOLD: '2000' });

    const [first, firstBulk] = [await collections.run(), await bulk.run()];
    expect(first.status).toBe('succeeded');
    expect(counts(firstBulk)).toEqual(counts(first));

    const endpoints = bulk.salesforce.stats().byEndpoint;
    // People -> Leads creates its 600 Leads in one job, and Leads -> People writes the Reply ids of its 2,100 Leads back
    // in another: the bridge's writes run no assignment rule, exactly as a job without assignmentRuleId saves.
    expect(endpoints['bulk.ingest.upload'], 'Bulk ingest jobs wrote the two large batches').toBe(2);
    expect(endpoints['collections.upsert']).toBeLessThan(
        collections.salesforce.stats().byEndpoint['collections.upsert']!
    );
    expect(endpoints['bulk.query'], 'one Bulk query job read the backlog of Leads').toBe(1);
    expect(collections.salesforce.stats().byEndpoint['bulk.ingest.upload'] ?? 0).toBe(0);

    expect(salesforceState(bulk)).toEqual(salesforceState(collections));
    expect(salesforceState(bulk).filter((l) => l.linked)).toHaveLength(2700);
    expect(replyState(bulk)).toEqual(replyState(collections));

    // Idempotency is unchanged: the next run finds nothing to write, in both.
    const [second, secondBulk] = [await collections.run(), await bulk.run()];
    expect(counts(secondBulk)).toEqual(counts(second));
    expect(secondBulk.steps.every((s) => s.created === 0 && s.updated === 0 && s.failed === 0)).toBe(true);
    expect(salesforceState(bulk)).toEqual(salesforceState(collections));
}, 240_000);

type Sandbox = World['salesforce'];
const uploads = (salesforce: Sandbox) => salesforce.stats().byEndpoint['bulk.ingest.upload'] ?? 0;
/** The close (PATCH) and status reads of ingest jobs. */
const jobCalls = (salesforce: Sandbox) => salesforce.stats().byEndpoint['bulk.ingest.job'] ?? 0;

it.each([
    // Killed as soon as the job's data is up: (almost always) before its close. Then aborted, and a second job writes.
    { when: 'just after the upload', kill: (sf: Sandbox) => uploads(sf) >= 1, jobs: [1, 2] },
    // Killed once it is closed, while the bridge waits (0.5 s) to read its status: resumed, nothing uploaded again.
    { when: 'while the job is polled', kill: (sf: Sandbox) => jobCalls(sf) >= 1, jobs: [1] }
])(
    'a bridge process killed $when: the next process writes every Lead once and the journal empties',
    async ({ kill, jobs }) => {
        const w = await startWorld({
            salesforce: { seed: false },
            reply: { seed: { seed: 17, people: 600, enrolled: 0 } },
            env: { SALESFORCE_BULK_THRESHOLD: '200' }
        });
        worlds.push(w);
        w.onlySteps('People_To_Leads');
        // A closed job advances only when its status is read, so the crash leaves it unprocessed: the next process
        // plans the very same creates and finds the job to resume.
        w.salesforce.bulk.setProcessing('poll');
        await w.bridge.close(); // the bridge runs in child processes from here on
        expect((await bridgeProcess(w, kill)).killed).toBe(true);

        await bridgeProcess(w);
        await bridgeProcess(w);
        const leads = w.salesforce.org.query('SELECT Email, Reply_Contact_Id__c FROM Lead');
        expect(leads).toHaveLength(600);
        expect(new Set(leads.map((l) => String(l.Email).toLowerCase())).size).toBe(600);
        expect(leads.every((l) => Boolean(l.Reply_Contact_Id__c))).toBe(true);
        expect(jobs).toContain(uploads(w.salesforce));
        const bridge = await w.restart();
        expect(await bridge.services.store.bulkJobs.ofObject('Lead')).toEqual([]);
    },
    120_000
);
