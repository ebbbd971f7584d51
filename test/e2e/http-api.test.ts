import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebhooks } from '../../bridge/src/cli/webhooks.ts';
import { expectMatchesOpenApi } from './openapi.ts';
import { API_TOKEN, startWorld, type World } from './world.ts';

/** The bridge's HTTP API as the console and operators use it, every answer checked against bridge/openapi.yaml. */

const WEBHOOK_SECRET = 'webhook-secret-0123456789abcdef';
let world: World;
let base: string;

async function call(
    method: string,
    path: string,
    options: { body?: unknown; token?: string | null; raw?: string; template?: string } = {}
) {
    const headers: Record<string, string> = {};
    if (options.token !== null) headers.Authorization = `Bearer ${options.token ?? API_TOKEN}`;
    if (options.body !== undefined || options.raw !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${path}`, {
        method,
        headers,
        ...(options.raw !== undefined
            ? { body: options.raw }
            : options.body !== undefined
              ? { body: JSON.stringify(options.body) }
              : {})
    });
    const text = await response.text();
    const body = response.headers.get('content-type')?.includes('json')
        ? (JSON.parse(text) as Record<string, unknown>)
        : text;
    expectMatchesOpenApi(method, options.template ?? path.split('?')[0]!, response.status, body);
    return { status: response.status, body: body as Record<string, any>, headers: response.headers };
}

async function finished(runId: string) {
    for (let i = 0; i < 400; i++) {
        const { body } = await call('GET', `/v1/runs/${runId}`, { template: '/v1/runs/{id}' });
        if (!['queued', 'running'].includes(body.status)) return body;
        await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`run ${runId} did not finish`);
}

beforeAll(async () => {
    world = await startWorld({
        reply: { seed: { seed: 31, people: 20, enrolled: 0 } },
        env: { REPLY_WEBHOOK_SECRET: WEBHOOK_SECRET },
        bridge: { webhookDebounceMs: 50 }
    });
    world.onlySteps('People_To_Leads', 'Emails_To_Lead_Tasks', 'Statuses_To_Lead_Statuses');
    base = await world.bridge.listen(0, '127.0.0.1');
});
afterAll(async () => world?.close());

describe('bridge HTTP API', () => {
    it('answers health without a token, and nothing else', async () => {
        const health = await call('GET', '/healthz', { token: null });
        expect(health.body).toMatchObject({ status: 'ok' });
        for (const path of ['/v1/status', '/v1/runs', '/v1/reply/options', '/metrics']) {
            const { status, body, headers } = await call('GET', path, { token: null });
            expect(status, path).toBe(401);
            expect(body.code).toBe('UNAUTHORIZED');
            expect(headers.get('www-authenticate')).toBe('Bearer');
        }
        expect((await call('GET', '/v1/status', { token: 'wrong-token' })).status).toBe(401);
    });

    it('runs Sync now and reports each step as it goes', async () => {
        const started = await call('POST', '/v1/sync', { body: {} });
        expect(started.status).toBe(202);
        expect(started.body).toMatchObject({ status: 'running', joined: false });
        const run = await finished(started.body.runId);
        expect(run.status).toBe('succeeded');
        expect(run.trigger).toBe('syncNow');
        expect(run.steps.map((s: { stepKind: string }) => s.stepKind)).toEqual([
            'People_To_Leads',
            'Statuses_To_Lead_Statuses',
            'Emails_To_Lead_Tasks'
        ]);
        expect(run.steps[0]).toMatchObject({ status: 'succeeded', created: 20 });
        expect(run.progress).toEqual({ stepsDone: 3, stepsTotal: 3, currentStep: null });
        const list = await call('GET', '/v1/runs?limit=5');
        expect(list.body.items[0].id).toBe(run.id);
    });

    it('never runs two at once: a Sync now during a run queues once, and later ones join it', async () => {
        world.salesforce.faults.set({ latencyMs: 40 });
        try {
            const first = await call('POST', '/v1/sync', { body: {} });
            const second = await call('POST', '/v1/sync', { body: {} });
            const third = await call('POST', '/v1/sync', { body: {} });
            expect(first.body.status).toBe('running');
            expect(second.body).toMatchObject({ status: 'queued', joined: false });
            expect(third.body).toEqual({ runId: second.body.runId, status: 'queued', joined: true });
            const a = await finished(first.body.runId);
            const b = await finished(second.body.runId);
            expect(Date.parse(b.startedAt)).toBeGreaterThanOrEqual(Date.parse(a.finishedAt));
        } finally {
            world.salesforce.faults.clear();
        }
    });

    it('syncs one step on request, and explains bad requests', async () => {
        const one = await call('POST', '/v1/sync', { body: { step: 'Default_People_To_Leads' } });
        const run = await finished(one.body.runId);
        expect(run.steps.map((s: { stepName: string }) => s.stepName)).toEqual(['Default_People_To_Leads']);
        expect(run.stepFilter).toBe('Default_People_To_Leads');

        const unknown = await call('POST', '/v1/sync', { body: { step: 'Default_Nope' } });
        expect(unknown.status).toBe(404);
        expect(unknown.body.detail).toContain('Default_Nope');
        const inactive = await call('POST', '/v1/sync', { body: { step: 'Default_Leads_To_People' } });
        expect(inactive.status).toBe(404);
        expect(inactive.body).toMatchObject({ code: 'STEP_NOT_ACTIVE' });
        const invalid = await call('POST', '/v1/sync', { body: { dryRun: 'yes' } });
        expect(invalid.status).toBe(400);
        expect(invalid.body.detail).toMatch(/^dryRun:/);
        const malformed = await call('POST', '/v1/sync', { raw: '{"step":' });
        expect(malformed.status).toBe(400);
        const form = await fetch(`${base}/v1/sync`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
            body: 'step=Default_People_To_Leads'
        });
        const formBody = (await form.json()) as Record<string, unknown>;
        expectMatchesOpenApi('POST', '/v1/sync', form.status, formBody);
        expect([form.status, formBody.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
        const huge = await call('POST', '/v1/sync', { body: { step: 'x'.repeat(200_000) } });
        expect(huge.status).toBe(413);
        expect(huge.body).toMatchObject({
            code: 'PAYLOAD_TOO_LARGE',
            detail: 'This endpoint accepts at most 102400 bytes.'
        });
        expect((await call('GET', '/v1/runs/does-not-exist', { template: '/v1/runs/{id}' })).status).toBe(404);
    });

    it('answers malformed requests with problem details, never a 500', async () => {
        const deep = await call('POST', '/v1/sync', { raw: `${'['.repeat(5000)}${']'.repeat(5000)}` });
        expect([deep.status, deep.body.code]).toEqual([400, 'JSON_TOO_DEEP']);
        const badEncoding = await call('GET', '/v1/runs/%E0%A4%A', { template: '/v1/runs/{id}' });
        expect([badEncoding.status, badEncoding.body.code]).toEqual([400, 'INVALID_URL']);
        const longUrl = await fetch(`${base}/v1/runs/${'x'.repeat(100_000)}`, {
            headers: { Authorization: `Bearer ${API_TOKEN}` }
        });
        expect(longUrl.status).toBe(431);
        expect(longUrl.headers.get('content-type')).toBe('application/problem+json');
        expect(await longUrl.json()).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
    });

    it("offers Reply's choices for the console's dropdowns", async () => {
        world.reply.workspace.createCustomField('Budget', 'number');
        const { body } = await call('GET', '/v1/reply/options');
        expect(body.fields.map((f: { name: string }) => f.name)).toEqual(
            expect.arrayContaining(['firstName', 'company', 'custom:Budget'])
        );
        expect(body.users.length).toBe(world.reply.workspace.users.length);
        const sequence = world.reply.workspace.sequences.find((s) => !s.isArchived)!;
        const offered = body.sequences.find((s: { id: number }) => s.id === sequence.id);
        expect(offered.steps.map((s: { id: number }) => s.id)).toEqual(sequence.stepOrder);
        expect(offered.steps[0].label).toMatch(/^Step 1 - /);
        expect(body.inboxCategories.map((c: { name: string }) => c.name)).toContain('Interested');
        expect(body.statuses).toContain('Replied');
    });

    it('checks step drafts with the validator runs use, each problem placed at its field', async () => {
        const leadMappings = [
            { salesforceField: 'FirstName', replyField: 'firstName' },
            { salesforceField: 'LastName', replyField: 'lastName' },
            { salesforceField: 'Email', replyField: 'email' },
            { salesforceField: 'Company', replyField: 'company' }
        ];
        // What Apex sends: every ReplySyncStepDraft property, nulls included.
        const draft = (stepKind: string, settings: Record<string, unknown>) => ({
            developerName: null,
            label: null,
            stepKind,
            active: false,
            sortOrder: 100,
            fieldMappings: null,
            filter: null,
            ownerMappings: null,
            sequenceMappings: null,
            valueMappings: null,
            ...Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, JSON.stringify(value)]))
        });
        const withCustomField = draft('People_To_Leads', {
            fieldMappings: {
                version: 1,
                mappings: [...leadMappings, { salesforceField: 'NumberOfEmployees', replyField: 'custom:Seats' }]
            }
        });

        // Reply's fields are read only for drafts that map a custom field: then a refused key means "not checked".
        world.reply.faults.set({ invalidKeys: true });
        try {
            const unchecked = await call('POST', '/v1/steps/validate', { body: { steps: [withCustomField] } });
            expect(unchecked.status).toBe(502);
            expect(unchecked.body.code).toBe('REPLY_FAILED');
            const standard = await call('POST', '/v1/steps/validate', {
                body: { steps: [draft('Emails_To_Lead_Tasks', { filter: { version: 1, filter: null } })] }
            });
            expect(standard.body.steps[0]).toMatchObject({ valid: true, problems: [] });
        } finally {
            world.reply.faults.clear();
        }

        world.reply.workspace.createCustomField('Seats', 'number');
        const owners = {
            version: 1,
            mappings: [
                { salesforceUserId: '005000000000001', replyUserId: 1 },
                { salesforceUserId: '005000000000001AAA', replyUserId: 2 }
            ]
        };
        const { status, body } = await call('POST', '/v1/steps/validate', {
            body: {
                steps: [
                    withCustomField,
                    draft('Leads_To_People', {
                        fieldMappings: {
                            version: 1,
                            mappings: [...leadMappings, { salesforceField: 'Nickname__c', replyField: 'title' }]
                        },
                        ownerMappings: owners
                    }),
                    draft('Statuses_To_Lead_Statuses', {
                        valueMappings: {
                            version: 1,
                            mappings: [
                                { replyValue: 'Replied', salesforceValue: 'Working - Contacted' },
                                { replyValue: 'replied', salesforceValue: 'Hot Hot Hot' }
                            ]
                        }
                    })
                ]
            }
        });
        expect(status).toBe(200);
        expect(body.steps[0]).toEqual({ developerName: null, stepKind: 'People_To_Leads', valid: true, problems: [] });
        expect(body.steps[1].valid).toBe(false);
        expect(body.steps[1].problems).toEqual([
            {
                code: 'OWNER_SALESFORCE_TWICE',
                params: { userId: '005000000000001AAA' },
                field: { section: 'ownerMappings', row: 1, column: 'salesforceUserId' },
                message:
                    'maps Salesforce owner 005000000000001AAA more than once: each Salesforce owner may appear once in a Salesforce -> Reply step'
            },
            expect.objectContaining({
                code: 'SALESFORCE_FIELD_UNKNOWN',
                params: { field: 'Nickname__c', object: 'Lead' },
                field: { section: 'fieldMappings', row: 4, column: 'salesforceField' }
            })
        ]);
        expect(
            body.steps[2].problems.map((p: { code: string; field: { row: number } }) => [p.code, p.field.row])
        ).toEqual([
            ['VALUE_MAPPED_TWICE', 1],
            ['LEAD_STATUS_UNKNOWN', 1]
        ]);

        expect((await call('POST', '/v1/steps/validate', { body: { steps: [] } })).status).toBe(400);
        expect(
            (await call('POST', '/v1/steps/validate', { body: { steps: [{ stepKind: 'x', colour: 'red' }] } })).status
        ).toBe(400);
        const form = await fetch(`${base}/v1/steps/validate`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${API_TOKEN}`, 'content-type': 'text/plain' },
            body: 'steps'
        });
        expect(form.status).toBe(415);
        expect(
            (await call('POST', '/v1/steps/validate', { token: null, body: { steps: [withCustomField] } })).status
        ).toBe(401);
    });

    it('reports its connections, usage and schedule', async () => {
        const { body } = await call('GET', '/v1/status');
        expect(body).toMatchObject({
            enabled: true,
            profile: 'Default',
            salesforce: { connected: true, paused: null },
            reply: { connected: true }
        });
        expect(body.salesforce.apiUsage.used).toBeGreaterThan(0);
        expect(body.schedule.intervalMinutes).toBe(120);
        const metrics = await call('GET', '/metrics');
        expect(metrics.body).toContain('reply_sync_runs_total{status="succeeded"}');
    });

    it('refuses Sync now while the integration is disabled', async () => {
        const setting = world.salesforce.org.query(
            "SELECT Profile__c, Sync_Interval_Minutes__c, Connected__c FROM Reply_Sync_Setting__mdt WHERE DeveloperName = 'Org_Default'"
        )[0]!;
        const values = {
            Profile__c: setting.Profile__c,
            Sync_Interval_Minutes__c: setting.Sync_Interval_Minutes__c,
            Connected__c: setting.Connected__c
        };
        world.salesforce.org.setCustomMetadata('Reply_Sync_Setting', 'Org_Default', 'Org Default', {
            ...values,
            Enabled__c: false
        });
        try {
            const run = await world.run();
            expect(run.message).toContain('disabled');
            const refused = await call('POST', '/v1/sync', { body: {} });
            expect(refused.status).toBe(409);
            expect(refused.body.code).toBe('INTEGRATION_DISABLED');
        } finally {
            world.salesforce.org.setCustomMetadata('Reply_Sync_Setting', 'Org_Default', 'Org Default', {
                ...values,
                Enabled__c: true
            });
            await world.run();
        }
    });
});

describe('Reply webhooks', () => {
    const event = (id: string, type = 'email_sent') => ({
        event: { id, type, date: new Date().toISOString(), user_id: 1, team_id: 1, subscription_id: 1 },
        contact_fields: { id: 1 }
    });
    const inboxSize = async () => await world.bridge.services.store.prisma.webhookEvent.count();

    it('refuse a wrong secret and store nothing', async () => {
        const before = await inboxSize();
        const refused = await call('POST', '/v1/webhooks/reply?secret=guess', { token: null, body: event('a1') });
        expect(refused.status).toBe(401);
        const huge = { ...event('a2'), padding: 'x'.repeat(1_100_000) };
        const tooLarge = await call('POST', `/v1/webhooks/reply?secret=${WEBHOOK_SECRET}`, { token: null, body: huge });
        expect(tooLarge.status).toBe(413);
        expect(await inboxSize()).toBe(before);
    });

    it('say they are off, and how to turn them on, when the bridge has no webhook secret', async () => {
        const plain = await startWorld({ reply: { seed: false } });
        try {
            const url = await plain.bridge.listen(0, '127.0.0.1');
            const response = await fetch(`${url}/v1/webhooks/reply?secret=anything`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify(event('off-1'))
            });
            const body = (await response.json()) as Record<string, unknown>;
            expectMatchesOpenApi('POST', '/v1/webhooks/reply', response.status, body);
            expect(response.status).toBe(404);
            expect(body).toMatchObject({ code: 'WEBHOOKS_OFF' });
            expect(body.detail).toContain('Set REPLY_WEBHOOK_SECRET');
        } finally {
            await plain.close();
        }
    });

    it('store each event once, answer duplicates as such, and refuse what is not an event', async () => {
        const path = `/v1/webhooks/reply?secret=${WEBHOOK_SECRET}`;
        expect((await call('POST', path, { token: null, body: event('dup-1') })).body).toEqual({
            stored: true,
            duplicate: false
        });
        expect((await call('POST', path, { token: null, body: event('dup-1') })).body).toEqual({
            stored: true,
            duplicate: true
        });
        expect(await world.bridge.services.store.prisma.webhookEvent.count({ where: { eventId: 'dup-1' } })).toBe(1);
        const bad = await call('POST', path, { token: null, body: { hello: 'world' } });
        expect(bad.status).toBe(400);
        // Nested thousands of levels deep (about 10 KB): refused before anything walks it, nothing stored.
        const nested = `${'['.repeat(5000)}"x"${']'.repeat(5000)}`;
        const deep = await call('POST', path, {
            token: null,
            raw: `{"event":{"id":"deep-1","type":"email_sent"},"x":${nested}}`
        });
        expect([deep.status, deep.body.code]).toEqual([400, 'JSON_TOO_DEEP']);
        expect(await world.bridge.services.store.prisma.webhookEvent.count({ where: { eventId: 'deep-1' } })).toBe(0);
    });

    it('make a prompt run of the steps the events feed', async () => {
        await world.bridge.coordinator.idle();
        await call('POST', `/v1/webhooks/reply?secret=${WEBHOOK_SECRET}`, {
            token: null,
            body: event('prompt-1', 'email_opened')
        });
        // The run of this event: its steps are those an opened email feeds (an earlier test's events may still bring a
        // webhook run of their own to its end meanwhile, with other steps).
        const fed = ['Emails_To_Lead_Tasks', 'Statuses_To_Lead_Statuses'];
        const kinds = (r: { steps: { stepKind: string }[] }) => r.steps.map((s) => s.stepKind).sort();
        let run: Awaited<ReturnType<typeof world.bridge.services.store.runs.list>>[number] | undefined;
        for (let i = 0; i < 200 && !run; i++) {
            await new Promise((resolve) => setTimeout(resolve, 25));
            run = (await world.bridge.services.store.runs.list(5)).find(
                (r) => r.trigger === 'webhook' && r.finishedAt && kinds(r).join() === fed.join()
            );
        }
        expect(run, 'a webhook-triggered run of the emails and statuses steps').toBeDefined();
        await world.bridge.coordinator.idle();
        expect((await world.bridge.services.store.inbox.unprocessed(10)).length).toBe(0);
    });

    it('subscribe to the events the active steps need, once, and sync from real deliveries', async () => {
        const register = () =>
            registerWebhooks({
                salesforce: world.bridge.services.salesforce,
                reply: world.bridge.services.reply,
                catalog: world.bridge.services.catalog,
                publicUrl: base,
                secret: WEBHOOK_SECRET
            });
        const first = await register();
        expect(first.created).toEqual(
            expect.arrayContaining(['email_sent', 'email_opened', 'email_replied', 'contact_opted_out'])
        );
        expect(first.created).not.toContain('linkedin_message_sent');
        expect((await register()).created).toEqual([]);

        await world.bridge.coordinator.idle();
        const tasksBefore = world.salesforce.org.count('Task');
        world.reply.workspace.simulate({ enrol: 5, minutes: 3 * 24 * 60 });
        await world.reply.webhooksIdle();
        for (let i = 0; i < 400 && world.salesforce.org.count('Task') === tasksBefore; i++)
            await new Promise((resolve) => setTimeout(resolve, 25));
        await world.bridge.coordinator.idle();
        expect(world.reply.webhookDeliveries().some((d) => d.url.startsWith(base))).toBe(true);
        expect(world.salesforce.org.count('Task')).toBeGreaterThan(tasksBefore);
    });

    it('miss nothing when a webhook is lost: the next run polls it in', async () => {
        await world.bridge.coordinator.idle();
        for (const hook of await world.bridge.services.reply.webhooks.list())
            await world.bridge.services.reply.webhooks.remove(hook.id);
        const tasksBefore = world.salesforce.org.count('Task');
        world.reply.workspace.simulate({ minutes: 3 * 24 * 60 });
        const emails = [...world.reply.workspace.state.activity.emails.window()].length;
        expect(world.salesforce.org.count('Task')).toBe(tasksBefore);
        await world.run();
        expect(
            world.salesforce.org.query("SELECT Id FROM Task WHERE Reply_Activity_Id__c LIKE 'email-%'")
        ).toHaveLength(emails);
    });
});
