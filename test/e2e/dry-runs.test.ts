import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../bridge/src/catalog/load.ts';
import type { RunRecord } from '../../bridge/src/domain/runs.ts';
import { startWorld, stepOf, type World } from './world.ts';

/**
 * A dry run predicts the real run that follows it: the same counts and the same messages (worded as what would
 * happen), with nothing written. It may read Salesforce and Reply; it may not write either, nor the store.
 */

let world: World | undefined;
afterEach(async () => {
    await world?.close();
    world = undefined;
});

const COUNTS = ['read', 'created', 'updated', 'skipped', 'failed'] as const;

function counts(run: RunRecord, kind: string) {
    const step = stepOf(run, kind);
    return Object.fromEntries(COUNTS.map((name) => [name, step[name]]));
}

/** A dry run's message lines, without its heading, in the real run's words. */
function predicted(run: RunRecord, kind: string): string[] {
    const [heading, ...lines] = (stepOf(run, kind).message ?? '').split('\n');
    expect(heading).toBe('Dry run: nothing was written; counts say what would have been.');
    return lines.map((line) => line.replace(' would be added to ', ' added to '));
}

const said = (run: RunRecord, kind: string) => (stepOf(run, kind).message ?? '').split('\n').filter(Boolean);

function leadOf(w: World, replyId: number): { Id: string; Status: string } {
    const [row] = w.salesforce.org.query(`SELECT Id, Status FROM Lead WHERE Reply_Contact_Id__c = '${replyId}'`);
    return row as unknown as { Id: string; Status: string };
}

describe('dry runs', () => {
    it("predict People Statuses -> Lead Statuses from each Lead's current status: unchanged and converted Leads are not counted as updates", async () => {
        world = await startWorld({ reply: { seed: { seed: 41, people: 0 } } });
        const w = world;
        const people = ['moves', 'already', 'converted', 'stays'].map((name) =>
            w.reply.workspace.createContact({
                firstName: name,
                lastName: 'Person',
                email: `${name}@reply.example`,
                company: 'Co'
            })
        );
        w.onlySteps('People_To_Leads');
        expect(stepOf(await w.run(), 'People_To_Leads').created).toBe(4);
        const [moves, already, converted, stays] = people.map((p) => leadOf(w, p.id));
        // Opted out maps to Closed - Not Converted: one Lead is there already, one is converted, one moves.
        w.salesforce.org.update('Lead', already!.Id, { Status: 'Closed - Not Converted' });
        w.salesforce.org.convertLead(converted!.Id);
        w.reply.workspace.setOptedOut(people.slice(0, 3).map((p) => p.id));
        w.reply.workspace.simulate({ minutes: 60 });
        w.onlySteps('Statuses_To_Lead_Statuses');

        const dry = await w.run({ dryRun: true });
        expect(leadOf(w, people[0]!.id).Status).toBe(moves!.Status);
        const real = await w.run();
        expect(leadOf(w, people[0]!.id).Status).toBe('Closed - Not Converted');
        expect(leadOf(w, people[3]!.id).Status).toBe(stays!.Status);

        expect(counts(real, 'Statuses_To_Lead_Statuses')).toMatchObject({ updated: 1, failed: 0 });
        expect(counts(dry, 'Statuses_To_Lead_Statuses')).toEqual(counts(real, 'Statuses_To_Lead_Statuses'));
        expect(said(real, 'Statuses_To_Lead_Statuses')).toContain(
            'Status left as it is on 1 converted Lead: a converted Lead is never updated'
        );
        expect(predicted(dry, 'Statuses_To_Lead_Statuses')).toEqual(said(real, 'Statuses_To_Lead_Statuses'));
    });

    it('predict Leads -> People: the people that would be added to their sequence, and the counts', async () => {
        world = await startWorld({ reply: { seed: { seed: 5, people: 0 } } });
        world.onlySteps('Leads_To_People');
        const owner = world.reply.workspace.users[0]!;
        const sequence = world.reply.workspace.sequences.find((s) => s.stepOrder.length >= 2)!;
        world.updateStep('Default_Leads_To_People', {
            Sequence_Mappings__c: JSON.stringify({
                version: 1,
                mappings: [
                    {
                        replyUserId: owner.id,
                        sequenceId: sequence.id,
                        startStepId: sequence.stepOrder[0]!,
                        ignoreStepDelay: true,
                        onlyNewRecords: false
                    }
                ]
            })
        });
        for (const name of ['one', 'two'])
            world.salesforce.org.insert('Lead', {
                FirstName: name,
                LastName: 'Lead',
                Company: 'Acme',
                Status: 'Open - Not Contacted',
                Email: `${name}@sf.example`
            });

        const dry = await world.run({ dryRun: true });
        expect(said(dry, 'Leads_To_People')).toContain(`2 people would be added to Reply sequence ${sequence.id}`);
        expect(world.reply.workspace.personByEmail('one@sf.example')).toBeUndefined();
        const real = await world.run();
        expect(said(real, 'Leads_To_People')).toContain(`2 people added to Reply sequence ${sequence.id}`);
        expect(counts(real, 'Leads_To_People')).toMatchObject({ created: 2 });
        expect(counts(dry, 'Leads_To_People')).toEqual(counts(real, 'Leads_To_People'));
        expect(predicted(dry, 'Leads_To_People')).toEqual(said(real, 'Leads_To_People'));
    });

    it('predict every step of the Default profile on a busy workspace (but for one step writing what another wrote, and the statuses reconciliation)', async () => {
        world = await startWorld({
            salesforce: { seed: { seed: 43, leads: 12, contacts: 12, accounts: 4 } },
            reply: { seed: { seed: 43, people: 20, enrolled: 14 } },
            // Not the statuses reconciliation: its rotation leaves out people read earlier in the run by their read
            // times in the store, which a dry run does not record (sync/context.ts readRechecks), so a dry run re-reads
            // and counts them again.
            env: { REPLY_STATUS_RECHECKS_PER_RUN: '0' }
        });
        // Both status steps write Lead Status: the second one's decision rests on what the first one wrote in the same
        // run, which a dry run does not write. Each is predicted on its own (above, and with the other one off).
        world.onlySteps(
            ...loadCatalog()
                .stepKinds.map((k) => k.key)
                .filter((k) => k !== 'Categories_To_Lead_Statuses')
        );
        // A first real run links the two sides; then a stretch of outreach in Reply and edits in Salesforce.
        await world.run();
        world.reply.workspace.simulate({ minutes: 5 * 24 * 60 });
        const [lead] = world.salesforce.org.query('SELECT Id FROM Lead WHERE IsConverted = false LIMIT 1');
        world.salesforce.org.update('Lead', lead!.Id as string, { Title: 'Edited' });

        const dry = await world.run({ dryRun: true });
        const real = await world.run();
        for (const step of real.steps) {
            expect(counts(dry, step.stepKind), step.stepKind).toEqual(counts(real, step.stepKind));
            expect(predicted(dry, step.stepKind), step.stepKind).toEqual(said(real, step.stepKind));
        }
    });
});
