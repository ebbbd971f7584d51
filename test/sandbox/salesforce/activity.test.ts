import { cp, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox } from './index.ts';
import type { SalesforceSandbox } from './index.ts';
import { api, connect, firstError, leadFields } from './test-helpers.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

interface DescribeField {
    name: string;
    custom: boolean;
    externalId: boolean;
    unique: boolean;
}

/**
 * Task and Event custom fields come from force-app's objects/Activity/fields and show on both objects, as the
 * Metadata API deploys them; Events follow the Object Reference's rules for start, end and duration.
 */
describe('Activity custom fields and Events', () => {
    let sandbox: SalesforceSandbox;
    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: false });
    });
    beforeEach(() => sandbox.reset(false));
    afterAll(() => sandbox.close());

    it('shows Activity custom fields on both Task and Event', async () => {
        for (const object of ['Task', 'Event']) {
            const describe = (await api(sandbox, 'GET', `/sobjects/${object}/describe`)).body as {
                fields: DescribeField[];
            };
            expect(
                describe.fields.find((f) => f.name === 'Reply_Activity_Id__c'),
                object
            ).toMatchObject({
                custom: true,
                externalId: true,
                unique: true
            });
        }
        const global = (await api(sandbox, 'GET', '/sobjects')).body as { sobjects: { name: string }[] };
        expect(global.sobjects.map((s) => s.name)).toEqual(expect.arrayContaining(['Task', 'Event']));
    });

    it('creates Events from a start and a duration or an end, and refuses one without them', async () => {
        const conn = connect(sandbox);
        const leadId = sandbox.org.insert('Lead', leadFields());
        const start = '2026-03-02T09:00:00.000Z';
        const byDuration = await conn.sobject('Event').create({
            WhoId: leadId,
            Subject: 'Meeting',
            ActivityDateTime: start,
            DurationInMinutes: 30,
            Reply_Activity_Id__c: 'meeting-1'
        });
        expect(byDuration.success).toBe(true);
        const event = (await conn.sobject('Event').retrieve(byDuration.id as string)) as Record<string, unknown>;
        expect(event).toMatchObject({
            StartDateTime: '2026-03-02T09:00:00.000+0000',
            EndDateTime: '2026-03-02T09:30:00.000+0000',
            ActivityDate: '2026-03-02',
            ShowAs: 'Busy',
            EventSubtype: 'Event'
        });
        const byEnd = await api(sandbox, 'PATCH', '/sobjects/Event/Reply_Activity_Id__c/meeting-2', {
            body: { WhoId: leadId, StartDateTime: start, EndDateTime: '2026-03-02T10:15:00.000Z' }
        });
        expect(byEnd.status).toBe(201);
        expect(sandbox.org.get((byEnd.body as { id: string }).id)?.DurationInMinutes).toBe(75);
        const missing = await api(sandbox, 'POST', '/sobjects/Event', {
            body: { WhoId: leadId, ActivityDateTime: start }
        });
        expect(firstError(missing)).toMatchObject({
            errorCode: 'REQUIRED_FIELD_MISSING',
            fields: ['DurationInMinutes']
        });
        const noStart = await api(sandbox, 'POST', '/sobjects/Event', {
            body: { WhoId: leadId, DurationInMinutes: 5 }
        });
        expect(firstError(noStart)).toMatchObject({
            errorCode: 'REQUIRED_FIELD_MISSING',
            fields: ['ActivityDateTime']
        });
        // Converting the Lead moves its Events to the new Contact, as it moves its Tasks.
        const { contactId } = sandbox.org.convertLead(leadId);
        expect(sandbox.org.get(byDuration.id as string)?.WhoId).toBe(contactId);
    });
});

describe('force-app with Task custom fields outside objects/Activity', () => {
    let project: string;
    beforeAll(async () => {
        project = await mkdtemp(join(tmpdir(), 'sandbox-activity-'));
        await cp(join(ROOT, 'force-app'), join(project, 'force-app'), { recursive: true });
        const objects = join(project, 'force-app/main/default/objects');
        await mkdir(join(objects, 'Task/fields'), { recursive: true });
        await rename(
            join(objects, 'Activity/fields/Reply_Activity_Id__c.field-meta.xml'),
            join(objects, 'Task/fields/Reply_Activity_Id__c.field-meta.xml')
        );
    });
    afterAll(() => rm(project, { recursive: true, force: true }));

    it('refuses to start, as the deploy would refuse the field', async () => {
        await expect(startSalesforceSandbox({ port: 0, seed: false, projectDir: project })).rejects.toThrow(
            'objects/Task/fields: a deploy refuses Task custom fields (bad value for restricted picklist field: Task); put them in objects/Activity/fields'
        );
    });
});
