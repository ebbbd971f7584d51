import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startReplySandbox, type ReplySandbox } from './index.ts';
import { client, manualClock, startReceiver, type Json, type Receiver } from './test-helpers.ts';

const clock = manualClock();
let sandbox: ReplySandbox;
let api: ReturnType<typeof client>;
let receiver: Receiver;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

beforeAll(async () => {
    sandbox = await startReplySandbox({
        port: 0,
        seed: { seed: 11, people: 120, enrolled: 0 },
        rateLimits: false,
        now: clock.now,
        webhooks: { retryDelaysMs: [30, 60, 90], timeoutMs: 2000 }
    });
    api = client(sandbox);
    receiver = await startReceiver();
});
afterAll(async () => {
    await sandbox.close();
    await receiver.close();
});
beforeEach(async () => {
    for (const hook of (await api('GET', '/v3/webhooks', undefined, { top: 100 })).body.items)
        await api('DELETE', `/v3/webhooks/${hook.id}`);
    receiver.reset();
});

const subscribe = (eventType: string, extra: Record<string, unknown> = {}, call = api) =>
    call('POST', '/v3/webhooks', { eventType, url: receiver.url, scope: 'Team', ...extra });

describe('subscriptions (C19)', () => {
    it('creates, reads, replaces, toggles and deletes a subscription', async () => {
        const created = await subscribe('email_replied', { payloadConfig: { includeEmailText: true } });
        expect(created.status).toBe(201);
        expect(created.body).toEqual({
            id: expect.any(Number),
            eventType: 'email_replied',
            url: receiver.url,
            scope: 'Team',
            enabled: true,
            createdAt: new Date(clock.now()).toISOString(),
            payloadConfig: { includeEmailUrl: false, includeEmailText: true, includeProspectCustomFields: false }
        });
        const id = created.body.id;
        expect((await api('GET', '/v3/webhooks')).body).toEqual({ items: [created.body], hasMore: false });
        const replaced = await api('PUT', `/v3/webhooks/${id}`, {
            eventType: 'email_sent',
            url: `${receiver.url}/v2`,
            enabled: false
        });
        // "Omit scope to keep the stored value" (update-a-webhook-subscription).
        expect(replaced.body).toMatchObject({
            eventType: 'email_sent',
            url: `${receiver.url}/v2`,
            enabled: true,
            scope: 'Team'
        });
        const personal = await api('PUT', `/v3/webhooks/${id}`, {
            eventType: 'email_sent',
            url: `${receiver.url}/v2`,
            scope: 'personal'
        });
        expect(personal.body.scope).toBe('Personal');
        // Team scope needs the team owner in a private team.
        const member = sandbox.workspace.users.find((u) => u.id !== sandbox.workspace.team.ownerUserId)!;
        const refused = await subscribe('email_sent', {}, client(sandbox, sandbox.personalKeys[member.id]));
        expect(refused.status).toBe(403);
        expect((await api('POST', `/v3/webhooks/${id}/disable`)).body.enabled).toBe(false);
        expect((await api('POST', `/v3/webhooks/${id}/enable`)).body.enabled).toBe(true);
        expect((await api('DELETE', `/v3/webhooks/${id}`)).status).toBe(204);
        expect((await api('GET', `/v3/webhooks/${id}`)).body.code).toBe('webHook.notFound');
    });

    it('publishes the event catalog and refuses unknown events, Organization scope and bad URLs', async () => {
        const events = (await api('GET', '/v3/webhooks/events')).body.map((e: Json) => e.eventType);
        for (const name of [
            'email_sent',
            'email_opened',
            'email_link_clicked',
            'email_replied',
            'reply_categorized',
            'email_bounced',
            'linkedin_message_replied',
            'contact_called',
            'contact_finished',
            'contact_opted_out'
        ]) {
            expect(events).toContain(name);
        }
        expect((await subscribe('meeting_booked')).body).toMatchObject({ status: 400, code: 'webHook.invalidEvent' });
        expect((await subscribe('email_sent', { scope: 'Organization' })).body.code).toBe(
            'webHook.organizationScopeNotImplemented'
        );
        const badUrl = await api('POST', '/v3/webhooks', { eventType: 'email_sent', url: 'ftp://nope' });
        expect(badUrl.body.errors[0].pointer).toBe('/url');
    });
});

describe('delivery', () => {
    it('delivers the documented envelope for simulated activity', async () => {
        const sent = await subscribe('email_sent', {
            payloadConfig: { includeProspectCustomFields: true, includeEmailUrl: true }
        });
        await subscribe('contact_called');
        const from = new Date(clock.now()).toISOString();
        sandbox.workspace.simulate({ enrol: 30, minutes: 10 * 24 * 60 });
        await sandbox.webhooksIdle();
        const emails = receiver.received.filter((r) => r.body.event.type === 'email_sent');
        const reported = (
            await api('POST', '/v3/reporting/emails', { filters: { from } }, { top: 1000 })
        ).body.items.filter((e: Json) => e.eventType === 'sent');
        expect(emails.length).toBe(reported.length);
        const first = emails[0]!.body;
        expect(first.event).toEqual({
            date: reported[0].occurredAt,
            id: expect.stringMatching(UUID),
            type: 'email_sent',
            // the user who owns the subscription (webhook-event-payloads)
            user_id: sandbox.workspace.team.ownerUserId,
            team_id: 7001,
            subscription_id: sent.body.id
        });
        expect(first.activity_id).toBe(reported[0].id);
        expect(first.contact_fields).toMatchObject({
            id: reported[0].contactId,
            email: reported[0].contactEmail,
            first_name: expect.any(String)
        });
        expect(first.sequence_fields).toMatchObject({
            id: reported[0].sequenceId,
            name: reported[0].sequenceName,
            step_number: reported[0].stepNumber
        });
        expect(first.contact_custom_fields).toEqual(expect.any(Object));
        expect(first.email_url).toMatch(/^https:/);
        expect(first.email_text).toBeUndefined();
        for (const key of Object.keys(first)) expect(key).toMatch(/^[a-z_]+$/);
        const calls = receiver.received.filter((r) => r.body.event.type === 'contact_called');
        expect(calls.length).toBeGreaterThan(0);
        expect(calls[0]!.body.call_disposition).toMatch(/^[A-Z]/);
        expect(new Set(receiver.received.map((r) => r.body.event.id)).size).toBe(receiver.received.length);
        const log = sandbox.webhookDeliveries().filter((d) => d.subscriptionId === sent.body.id);
        expect(
            log.every((d) => d.status === 'delivered' && d.attempts.length === 1 && d.attempts[0]!.status === 200)
        ).toBe(true);
    });

    it('announces manual actions: marked replied, opted out, categorised', async () => {
        for (const event of ['email_replied', 'contact_opted_out', 'reply_categorized']) await subscribe(event);
        const sequence = sandbox.workspace.sequences.find((s) => s.status === 'active')!;
        const contact = sandbox.workspace.people.find(
            (p) => !p.isOptedOut && !sandbox.workspace.state.memberships.isEnrolled(p.id)
        )!;
        sandbox.workspace.addToSequence(sequence.id, [contact.id]);
        await api('POST', '/v3/contacts/set-status', { contactIds: [contact.id], status: 'Replied' });
        await api('POST', '/v3/contacts/set-opted-out', { contactIds: [contact.id] });
        const thread = sandbox.workspace.threads[0]!;
        const category = sandbox.workspace.categories.find((c) => c.name === 'Wrong person')!;
        await api('PUT', `/v3/inbox/threads/${thread.id}/category`, { categoryId: category.id });
        await api('PUT', `/v3/inbox/threads/${thread.id}/category`, { categoryId: null });
        await sandbox.webhooksIdle();
        const byType = Object.fromEntries(receiver.received.map((r) => [r.body.event.type, r.body]));
        expect(byType.email_replied).toMatchObject({
            reply_reason: 'MarkedAsReplied',
            contact_fields: { id: contact.id },
            sequence_fields: { id: sequence.id }
        });
        expect(byType.contact_opted_out).toMatchObject({
            contact_fields: { id: contact.id, is_opted_out: true },
            sequence_fields: {}
        });
        expect(byType.reply_categorized).toMatchObject({
            thread_id: thread.id,
            category_id: category.id,
            category_name: 'Wrong person'
        });
        expect(receiver.received.filter((r) => r.body.event.type === 'reply_categorized')).toHaveLength(1);
    });

    it('limits Personal subscriptions to their user and skips disabled ones', async () => {
        const owner = sandbox.workspace.sequences.find((s) => s.status === 'active')!.ownerUserId;
        const other = sandbox.workspace.users.find((u) => u.id !== owner)!;
        const mine = await subscribe(
            'email_sent',
            { scope: 'Personal' },
            client(sandbox, sandbox.personalKeys[other.id])
        );
        const disabled = await subscribe('email_sent', { enabled: false });
        sandbox.workspace.simulate({ enrol: 20, minutes: 3 * 24 * 60 });
        await sandbox.webhooksIdle();
        const received = receiver.received.filter((r) => r.body.event.subscription_id === mine.body.id);
        expect(received.length).toBeGreaterThan(0);
        expect(received.every((r) => r.body.event.user_id === other.id)).toBe(true);
        expect(receiver.received.some((r) => r.body.event.subscription_id === disabled.body.id)).toBe(false);
    });

    it('retries a failing receiver with backoff, keeping the event id, and gives up after 3 retries', async () => {
        const hook = await subscribe('contact_opted_out');
        receiver.reset((n) => (n < 2 ? 500 : 200));
        const [a, b] = sandbox.workspace.people.filter((p) => !p.isOptedOut);
        sandbox.workspace.setOptedOut([a!.id]);
        await sandbox.webhooksIdle();
        expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 200]);
        expect(new Set(receiver.received.map((r) => r.body.event.id)).size).toBe(1);
        const [delivery] = sandbox.webhookDeliveries().filter((d) => d.subscriptionId === hook.body.id);
        expect(delivery).toMatchObject({ status: 'delivered', eventType: 'contact_opted_out' });
        expect(delivery!.attempts.map((at) => at.status)).toEqual([500, 500, 200]);

        receiver.reset(() => 503);
        sandbox.workspace.setOptedOut([b!.id]);
        await sandbox.webhooksIdle();
        expect(receiver.received).toHaveLength(4);
        const gaps = receiver.received.slice(1).map((r, i) => r.at - receiver.received[i]!.at);
        expect(gaps[2]!).toBeGreaterThanOrEqual(80);
        const failed = sandbox
            .webhookDeliveries()
            .filter((d) => d.subscriptionId === hook.body.id)
            .at(-1);
        expect(failed).toMatchObject({ status: 'failed' });
        expect(failed!.attempts).toHaveLength(4);
        const control = await fetch(`${sandbox.url}/__sandbox/webhooks/deliveries`).then((r) => r.json());
        expect(control.at(-1).status).toBe('failed');
    });
});
