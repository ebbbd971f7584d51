import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, stepOf, type World } from './world.ts';

/**
 * A filter on engagement ("people who opened") reads what the email report itself notes. Report windows are handed to
 * the steps page by page as Reply answers (writing overlaps reading), except where a step reading the email report
 * filters on engagement: there a person's "sent" on the window's first page must see their "opened" on a later one.
 */

const REPORT_PAGE = 1000;
let world: World;

beforeAll(async () => {
    // Reply's report pages take a while, as they do live: a later page is not in before the first is decided.
    world = await startWorld({
        reply: { seed: { seed: 7, people: 300, enrolled: 0 }, latency: { reporting: { perCallMs: 400 } } }
    });
    world.onlySteps('People_To_Leads');
    expect((await world.run()).status).toBe('succeeded');
    world.reply.workspace.simulate({ enrol: 300 });
    for (let day = 0; day < 25 && [...world.reply.workspace.state.activity.emails.window()].length < 1500; day++)
        world.reply.workspace.simulate({ minutes: 24 * 60 });
}, 120_000);
afterAll(async () => world?.close());

describe('an email step filtered on opens', () => {
    it('writes the emails of everyone who opened, though the open came pages after the email', async () => {
        const events = [...world.reply.workspace.state.activity.emails.window()].sort(
            (a, b) => a.occurredAt - b.occurredAt || a.id - b.id
        );
        const engaged = new Set(
            events.filter((e) => ['opened', 'clicked', 'replied'].includes(e.eventType)).map((e) => e.contactId)
        );
        // The case that needs the whole window: a person sent an email on the first page who opened on a later one.
        const firstOpen = new Map<number, number>();
        events.forEach((e, i) => {
            if (e.eventType === 'opened' && !firstOpen.has(e.contactId)) firstOpen.set(e.contactId, i);
        });
        const late = [...firstOpen].filter(
            ([person, at]) => at >= REPORT_PAGE && events.findIndex((e) => e.contactId === person) < REPORT_PAGE
        );
        expect(events.length).toBeGreaterThan(REPORT_PAGE);
        expect(late.length).toBeGreaterThan(0);

        world.onlySteps('Emails_To_Lead_Tasks');
        world.updateStep('Default_Emails_To_Lead_Tasks', {
            Filter__c: JSON.stringify({ version: 1, filter: { type: 'default', key: 'opened' } })
        });
        const run = await world.run();
        expect(stepOf(run, 'Emails_To_Lead_Tasks')).toMatchObject({ status: 'succeeded', failed: 0 });

        const written = new Set(
            world.salesforce.org
                .query('SELECT Reply_Activity_Id__c FROM Task WHERE Reply_Activity_Id__c != null')
                .map((row) => String(row.Reply_Activity_Id__c))
        );
        const missing = events.filter((e) => engaged.has(e.contactId) && !written.has(`email-${e.id}`));
        expect(missing).toEqual([]);
        for (const [person] of late) {
            const first = events.find((e) => e.contactId === person)!;
            expect(written.has(`email-${first.id}`), `email ${first.id} of person ${person}`).toBe(true);
        }
        // And the filter holds: nobody who never engaged (nor replied, per their statuses) has a Task.
        const quiet = events.filter((e) => !engaged.has(e.contactId) && written.has(`email-${e.id}`));
        expect(quiet).toEqual([]);
    });
});
