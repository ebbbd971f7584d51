import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplySandbox, type ReplySandbox } from './index.ts';
import { client, manualClock, type Json } from './test-helpers.ts';

const clock = manualClock();
let sandbox: ReplySandbox;
let api: ReturnType<typeof client>;

beforeAll(async () => {
    sandbox = await startReplySandbox({
        port: 0,
        seed: { seed: 5, people: 40, enrolled: 0 },
        rateLimits: false,
        now: clock.now
    });
    api = client(sandbox);
});
afterAll(async () => {
    await sandbox.close();
});

/** Execution order from the parentId graph, as a client must compute it. */
function order(steps: Json[]): number[] {
    const out: number[] = [];
    let parent: number | null = null;
    for (;;) {
        const next = steps.find((step) => step.parentId === parent);
        if (!next) return out;
        out.push(next.id);
        parent = next.id;
    }
}

describe('sequences', () => {
    it('lists sequences with filters and returns steps as a parentId graph without an order field', async () => {
        const all = await api('GET', '/v3/sequences', undefined, { top: 100 });
        expect(all.status).toBe(200);
        expect(all.body.hasMore).toBe(false);
        expect(all.body.items.length).toBeGreaterThanOrEqual(4);
        expect(Object.keys(all.body.items[0]).sort()).toEqual([
            'created',
            'health',
            'id',
            'isArchived',
            'name',
            'ownerUserId',
            'status'
        ]);
        const paused = await api('GET', '/v3/sequences', undefined, { status: 'paused' });
        expect(paused.body.items.every((s: Json) => s.status === 'paused')).toBe(true);
        const named = await api('GET', '/v3/sequences', undefined, { name: 'event' });
        expect(named.body.items.map((s: Json) => s.name)).toEqual(['Event follow-up']);
        for (const summary of all.body.items) {
            const detail = (await api('GET', `/v3/sequences/${summary.id}`)).body;
            expect(detail.steps.length).toBeGreaterThanOrEqual(3);
            expect(detail.steps.length).toBeLessThanOrEqual(6);
            expect(detail.steps[0]).not.toHaveProperty('order');
            expect(order(detail.steps)).toHaveLength(detail.steps.length);
        }
        // The third sequence lists its steps against their execution order.
        const third = (await api('GET', `/v3/sequences/${all.body.items[2].id}`)).body;
        expect(third.steps.map((s: Json) => s.id)).not.toEqual(order(third.steps));
        expect((await api('GET', '/v3/sequences/999999')).body.code).toBe('sequence.notFound');
    });
});

describe('bulk add (Reply quirks)', () => {
    const active = () => sandbox.workspace.sequences.find((s) => s.status === 'active' && !s.isArchived)!;

    it('adds contacts, reports every refusal as invalidInput, and never says "already in sequence"', async () => {
        const sequence = active();
        const [a, b, optedOut] = sandbox.workspace.people.slice(0, 3);
        sandbox.workspace.setOptedOut([optedOut!.id]);
        const result = await api('POST', `/v3/sequences/${sequence.id}/contact-links/bulk`, {
            contactIds: [a!.id, b!.id, optedOut!.id, 12345]
        });
        expect(result.status).toBe(200);
        expect(result.body.added).toEqual([a!.id, b!.id]);
        expect(Object.keys(result.body.notProcessed).sort()).toEqual([String(optedOut!.id), '12345'].sort());
        for (const failure of Object.values(result.body.notProcessed) as Json[])
            expect(failure.error).toBe('invalidInput');
        const again = await api('POST', `/v3/sequences/${sequence.id}/contact-links/bulk`, { contactIds: [a!.id] });
        expect(again.body).toEqual({ added: [a!.id], notProcessed: {} });
        const membership = await api('GET', `/v3/sequences/${sequence.id}/contacts/${a!.id}`);
        expect(membership.body).toMatchObject({
            contactId: a!.id,
            sequenceId: sequence.id,
            statusInSequence: 'active',
            emailDisposition: null,
            currentStep: { stepId: sequence.stepOrder[0], displayName: '1' }
        });
    });

    it('moves a contact already in the sequence forward to startStepId, never backwards', async () => {
        const sequence = active();
        const contact = sandbox.workspace.people[0]!;
        const third = sequence.stepOrder[2]!;
        await api('POST', `/v3/sequences/${sequence.id}/contact-links/bulk`, {
            contactIds: [contact.id],
            startStepId: third,
            ignoreStepDelay: true
        });
        expect((await api('GET', `/v3/sequences/${sequence.id}/contacts/${contact.id}`)).body.currentStep.stepId).toBe(
            third
        );
        const back = await api('POST', `/v3/sequences/${sequence.id}/contact-links/bulk`, {
            contactIds: [contact.id],
            startStepId: sequence.stepOrder[1]
        });
        expect(back.body.added).toEqual([contact.id]);
        expect((await api('GET', `/v3/sequences/${sequence.id}/contacts/${contact.id}`)).body.currentStep.stepId).toBe(
            third
        );
        const wrongStep = await api('POST', `/v3/sequences/${sequence.id}/contact-links/bulk`, {
            contactIds: [contact.id],
            startStepId: 1
        });
        expect(wrongStep.status).toBe(400);
        expect(wrongStep.body.errors[0].pointer).toBe('/startStepId');
    });

    it('refuses a contact running in another sequence unless removeFromExisting', async () => {
        const [first, second] = sandbox.workspace.sequences.filter((s) => s.status === 'active' && !s.isArchived);
        const contact = sandbox.workspace.people[1]!;
        const refused = await api('POST', `/v3/sequences/${second!.id}/contact-links/bulk`, {
            contactIds: [contact.id]
        });
        expect(refused.body.notProcessed[contact.id].error).toBe('invalidInput');
        const moved = await api('POST', `/v3/sequences/${second!.id}/contact-links/bulk`, {
            contactIds: [contact.id],
            removeFromExisting: true,
            startFrom: '2099-01-01T00:00:00Z'
        });
        expect(moved.body.added).toEqual([contact.id]);
        expect((await api('GET', `/v3/sequences/${first!.id}/contacts/${contact.id}`)).body.code).toBe(
            'sequenceContact.notInSequence'
        );
        const contactView = (await api('GET', `/v3/contacts/${contact.id}`)).body;
        expect(contactView.sequences.map((s: Json) => s.sequenceId)).toEqual([second!.id]);
    });

    it('validates the body and the sequence', async () => {
        const sequence = active();
        expect(
            (await api('POST', `/v3/sequences/${sequence.id}/contact-links/bulk`, { contactIds: [] })).body.errors[0]
                .pointer
        ).toBe('/contactIds');
        expect((await api('POST', '/v3/sequences/999999/contact-links/bulk', { contactIds: [1] })).body.code).toBe(
            'sequence.notFound'
        );
        const archived = sandbox.workspace.sequences.find((s) => s.isArchived);
        if (archived)
            expect(
                (
                    await api('POST', `/v3/sequences/${archived.id}/contact-links/bulk`, {
                        contactIds: [sandbox.workspace.people[5]!.id]
                    })
                ).status
            ).toBe(409);
    });
});

describe('members and per-sequence statuses', () => {
    it('lists members, answers an empty 200 for a missing sequence and 404 for its count', async () => {
        const sequence = sandbox.workspace.sequences.find((s) => s.status === 'active')!;
        const members = await api('GET', `/v3/sequences/${sequence.id}/contacts`, undefined, { top: 100 });
        expect(members.body.items.length).toBeGreaterThan(0);
        expect((await api('GET', `/v3/sequences/${sequence.id}/contacts/count`)).body).toEqual({
            count: members.body.items.length
        });
        expect((await api('GET', '/v3/sequences/424242/contacts')).body).toEqual({ items: [], hasMore: false });
        expect((await api('GET', '/v3/sequences/424242/contacts/count')).status).toBe(404);
        expect((await api('GET', `/v3/sequences/424242/contacts/${sandbox.workspace.people[0]!.id}`)).body.code).toBe(
            'sequenceContact.notInSequence'
        );
    });

    it('sets statuses in a sequence with per-id failures, and marks replied and bounced', async () => {
        const sequence = sandbox.workspace.sequences.find((s) => s.status === 'active')!;
        const [a, b] = sandbox.workspace.people.slice(20, 22);
        const outsider = sandbox.workspace.people[23]!;
        await api('POST', `/v3/sequences/${sequence.id}/contact-links/bulk`, { contactIds: [a!.id, b!.id] });
        expect(
            (
                await api('POST', `/v3/sequences/${sequence.id}/contacts/set-status-in-sequence`, {
                    contactIds: [a!.id, outsider.id],
                    status: 'paused'
                })
            ).body
        ).toEqual({ [outsider.id]: { error: 'notInSequence', errorDetails: expect.any(String) } });
        const again = await api('POST', `/v3/sequences/${sequence.id}/contacts/set-status-in-sequence`, {
            contactIds: [b!.id],
            status: 'finished'
        });
        expect(again.body).toEqual({});
        const invalid = await api('POST', `/v3/sequences/${sequence.id}/contacts/set-status-in-sequence`, {
            contactIds: [b!.id],
            status: 'paused'
        });
        expect(invalid.body[b!.id].error).toBe('invalidStatusTransition');
        expect(
            (
                await api('POST', `/v3/sequences/${sequence.id}/contacts/set-status-in-sequence`, {
                    contactIds: Array.from({ length: 101 }, (_, i) => i + 1),
                    status: 'paused'
                })
            ).status
        ).toBe(400);
        expect(
            (await api('POST', `/v3/sequences/${sequence.id}/contacts/set-replied`, { contactIds: [a!.id] })).body
        ).toEqual({});
        const statuses = (await api('GET', `/v3/contacts/${a!.id}/statuses`)).body;
        expect(statuses.sequences).toEqual([
            {
                sequenceId: sequence.id,
                sequenceName: sequence.name,
                statusInSequence: 'finished',
                emailDisposition: { isReplied: true, isBounced: false }
            }
        ]);
        expect(
            (await api('POST', `/v3/sequences/${sequence.id}/contacts/set-bounced`, { contactIds: [b!.id] })).body
        ).toEqual({});
        expect(
            (await api('GET', `/v3/sequences/${sequence.id}/contacts/${b!.id}`)).body.emailDisposition.isBounced
        ).toBe(true);
        expect((await api('DELETE', `/v3/sequences/${sequence.id}/contact-links/${b!.id}`)).status).toBe(204);
        expect((await api('DELETE', `/v3/sequences/${sequence.id}/contact-links/${b!.id}`)).body.code).toBe(
            'sequenceContact.notInSequence'
        );
    });

    it('pauses and starts a sequence idempotently; a paused sequence sends nothing', async () => {
        const sequence = sandbox.workspace.sequences.find((s) => s.status === 'active')!;
        const contact = sandbox.workspace.people[25]!;
        await api('POST', `/v3/sequences/${sequence.id}/contact-links/bulk`, {
            contactIds: [contact.id],
            ignoreStepDelay: true
        });
        expect((await api('POST', `/v3/sequences/${sequence.id}/pause`)).body.status).toBe('paused');
        expect((await api('POST', `/v3/sequences/${sequence.id}/pause`)).status).toBe(200);
        sandbox.workspace.advance(60);
        const sentWhilePaused = (
            await api('POST', '/v3/reporting/emails', {
                filters: {
                    from: new Date(sandbox.workspace.now() - 20 * 86_400_000).toISOString(),
                    contactIds: [contact.id]
                }
            })
        ).body.items;
        expect(sentWhilePaused).toEqual([]);
        await api('POST', `/v3/sequences/${sequence.id}/start`);
        sandbox.workspace.advance(5);
        const sent = (
            await api('POST', '/v3/reporting/emails', {
                filters: {
                    from: new Date(sandbox.workspace.now() - 20 * 86_400_000).toISOString(),
                    contactIds: [contact.id]
                }
            })
        ).body.items;
        expect(sent[0]).toMatchObject({
            eventType: 'sent',
            contactId: contact.id,
            sequenceId: sequence.id,
            stepNumber: 1
        });
    });
});
