import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplySandbox, type ReplySandbox } from './index.ts';
import { client, manualClock, type Json } from './test-helpers.ts';

const clock = manualClock();
let sandbox: ReplySandbox;
let api: ReturnType<typeof client>;
let start: string;

/** Every item of a POST feed, page by page. */
async function everything(path: string, body: unknown, top = 50): Promise<Json[]> {
    const items: Json[] = [];
    for (let skip = 0; ; skip += top) {
        const page = await api('POST', path, body, { top, skip });
        expect(page.status).toBe(200);
        items.push(...page.body.items);
        if (!page.body.hasMore) return items;
        expect(page.body.items).toHaveLength(top);
    }
}

function expectAscending(items: Json[], time = 'occurredAt'): void {
    for (let i = 1; i < items.length; i++) {
        const [a, b] = [items[i - 1], items[i]];
        expect(a[time] < b[time] || (a[time] === b[time] && a.id < b.id)).toBe(true);
    }
}

beforeAll(async () => {
    sandbox = await startReplySandbox({
        port: 0,
        seed: { seed: 7, people: 300, enrolled: 0 },
        rateLimits: false,
        now: clock.now
    });
    api = client(sandbox);
    start = new Date(sandbox.workspace.now()).toISOString();
    const summary = sandbox.workspace.simulate({ enrol: 200, minutes: 21 * 24 * 60 });
    expect(summary.enrolled).toBe(200);
    expect(summary.activities).toBeGreaterThan(500);
});
afterAll(async () => {
    await sandbox.close();
});

describe('email events (C11)', () => {
    it('lists every event type with stable ids, oldest first, ties by id', async () => {
        const items = await everything('/v3/reporting/emails', { filters: { from: start } });
        expect(new Set(items.map((e) => e.eventType))).toEqual(
            new Set(['sent', 'opened', 'clicked', 'replied', 'bounced'])
        );
        expectAscending(items);
        expect(new Set(items.map((e) => e.id)).size).toBe(items.length);
        const again = await everything('/v3/reporting/emails', { filters: { from: start } }, 200);
        expect(again.map((e) => e.id)).toEqual(items.map((e) => e.id));
        const sent = items.find((e) => e.eventType === 'sent');
        expect(Object.keys(sent).sort()).toEqual([
            'bodyPreview',
            'contactEmail',
            'contactId',
            'eventType',
            'id',
            'occurredAt',
            'sequenceId',
            'sequenceName',
            'stepId',
            'stepNumber',
            'subject',
            'userId'
        ]);
        expect(items.find((e) => e.eventType === 'clicked').linkUrl).toMatch(/^https:/);
        expect(['hard', 'soft']).toContain(items.find((e) => e.eventType === 'bounced').bounceType);
    });

    it('windows by from and to (both inclusive), at most a month, and filters by contact', async () => {
        const items = await everything('/v3/reporting/emails', { filters: { from: start } }, 1000);
        const middle = items[Math.floor(items.length / 2)];
        const later = items.find((e) => e.occurredAt > middle.occurredAt);
        const window = await everything('/v3/reporting/emails', {
            filters: { from: middle.occurredAt, to: later.occurredAt }
        });
        expect(window.length).toBeGreaterThan(0);
        expect(window.every((e) => e.occurredAt >= middle.occurredAt && e.occurredAt <= later.occurredAt)).toBe(true);
        expect(window.map((e) => e.id)).toContain(middle.id);
        expect(window.map((e) => e.id)).toContain(later.id);
        const tooLong = await api('POST', '/v3/reporting/emails', {
            filters: { from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' }
        });
        expect(tooLong.status).toBe(400);
        expect(tooLong.body.errors[0].pointer).toBe('/filters/from');
        const one = middle.contactId;
        const mine = await everything('/v3/reporting/emails', { filters: { from: start, contactIds: [one] } });
        expect(mine.map((e) => e.id)).toEqual(items.filter((e) => e.contactId === one).map((e) => e.id));
        const inverted = await api('POST', '/v3/reporting/emails', {
            filters: { from: later.occurredAt, to: middle.occurredAt }
        });
        expect(inverted.status).toBe(400);
        expect(inverted.body.errors[0].pointer).toBe('/filters/to');
    });

    it('reflects replies on the contact: finished, isReplied, and an inbox thread', async () => {
        const items = await everything('/v3/reporting/emails', { filters: { from: start } }, 1000);
        const reply = items.find((e) => e.eventType === 'replied');
        const statuses = (await api('GET', `/v3/contacts/${reply.contactId}/statuses`)).body;
        const inSequence = statuses.sequences.find((s: Json) => s.sequenceId === reply.sequenceId);
        expect(inSequence).toMatchObject({
            statusInSequence: 'finished',
            emailDisposition: { isReplied: true, isBounced: false }
        });
        const threads = await everything('/v3/inbox/threads/filter', { contactIds: [reply.contactId] });
        expect(threads.some((t) => t.channel === 'email' && t.sequence?.id === reply.sequenceId)).toBe(true);
        const contact = (await api('GET', `/v3/contacts/${reply.contactId}`)).body;
        // Documented without an offset: UTC.
        expect(contact.lastModifiedAt).not.toMatch(/Z$|[+-]\d\d:\d\d$/);
        expect(Date.parse(`${contact.lastModifiedAt}Z`) >= Date.parse(reply.occurredAt)).toBe(true);
    });
});

describe('calls (C12) and LinkedIn (C13)', () => {
    it('lists calls with dispositions and durations in time order', async () => {
        const calls = await everything('/v3/reporting/calls', { filters: { from: start } });
        expect(calls.length).toBeGreaterThan(5);
        expectAscending(calls);
        expect(Object.keys(calls[0]).sort()).toEqual([
            'contactEmail',
            'contactId',
            'direction',
            'disposition',
            'durationSeconds',
            'id',
            'notes',
            'occurredAt',
            'phone',
            'sequenceId',
            'sequenceName',
            'stepId',
            'stepNumber',
            'userId'
        ]);
        for (const call of calls) {
            expect(['connected', 'noAnswer', 'leftVoicemail', 'busy', 'wrongNumber']).toContain(call.disposition);
            expect(call.durationSeconds > 0).toBe(
                call.disposition === 'connected' || call.disposition === 'leftVoicemail'
            );
        }
        const called = (await api('GET', `/v3/contacts/${calls[0].contactId}`)).body;
        expect(called.callStatus).toBe('called');
    });

    it('lists LinkedIn actions in time order', async () => {
        const actions = await everything('/v3/reporting/linkedin', { filters: { from: start } });
        expectAscending(actions);
        const types = new Set(actions.map((a) => a.eventType));
        for (const type of ['connectionRequestSent', 'connectionRequestAccepted', 'messageSent', 'profileViewed'])
            expect(types).toContain(type);
        const later = actions.at(-1);
        const after = await everything('/v3/reporting/linkedin', { filters: { from: later.occurredAt } });
        expect(after.map((a) => a.id)).toContain(later.id);
    });
});

describe('tasks (C15)', () => {
    it('filters over startAt (both ends inclusive) with status, type and contact, documented fields only', async () => {
        const all = await everything('/v3/tasks/filter', { from: start });
        expect(all.length).toBeGreaterThan(10);
        expectAscending(all, 'startAt');
        expect(Object.keys(all[0]).sort()).toEqual([
            'assignedUserId',
            'contact',
            'dueTo',
            'finishedAt',
            'id',
            'isScheduled',
            'linkedInTaskType',
            'sequenceId',
            'sequenceStepId',
            'startAt',
            'status',
            'taskType'
        ]);
        const finished = await everything('/v3/tasks/filter', { from: start, status: 'finished' });
        expect(finished.length).toBeGreaterThan(0);
        expect(finished.every((t) => t.status === 'finished' && t.finishedAt !== null)).toBe(true);
        const calls = await everything('/v3/tasks/filter', { from: start, taskType: ['call'] });
        expect(calls.every((t) => t.taskType === 'call' && t.isScheduled)).toBe(true);
        const middle = all[Math.floor(all.length / 2)];
        const window = await everything('/v3/tasks/filter', { from: middle.startAt, to: all.at(-1).startAt });
        expect(window.every((t) => t.startAt >= middle.startAt && t.startAt <= all.at(-1).startAt)).toBe(true);
        expect(window.map((t) => t.id)).toContain(all.at(-1).id);
        const mine = await everything('/v3/tasks/filter', { from: start, contactId: middle.contact.id });
        expect(mine.every((t) => t.contact.id === middle.contact.id)).toBe(true);
        expect((await api('GET', `/v3/tasks/${middle.id}`)).body).toEqual(middle);
        expect((await api('POST', '/v3/tasks/filter', { status: 'sleeping' })).status).toBe(400);
    });
});

describe('inbox (C16, C17)', () => {
    it('lists threads newest first and filters strictly after `from`', async () => {
        const list = await api('GET', '/v3/inbox/threads', undefined, { top: 1000 });
        const threads = list.body.items;
        expect(threads.length).toBeGreaterThan(3);
        expect(list.body.totalCount).toBe(threads.length);
        for (let i = 1; i < threads.length; i++)
            expect(threads[i - 1].lastActivityDate >= threads[i].lastActivityDate).toBe(true);
        const pivot = threads[Math.floor(threads.length / 2)];
        const after = await everything('/v3/inbox/threads/filter', { from: pivot.lastActivityDate });
        expect(after.map((t) => t.id)).not.toContain(pivot.id);
        expect(after.every((t) => t.lastActivityDate > pivot.lastActivityDate)).toBe(true);
        expect(after).toHaveLength(threads.filter((t: Json) => t.lastActivityDate > pivot.lastActivityDate).length);
        expect((await api('POST', '/v3/inbox/threads/filter', { contactIds: [1], sequenceIds: [1] })).status).toBe(400);
    });

    it('returns a thread with its messages, and pages messages', async () => {
        const [thread] = (await api('GET', '/v3/inbox/threads', undefined, { top: 1 })).body.items;
        const detail = (await api('GET', `/v3/inbox/threads/${thread.id}`)).body;
        expect(detail.messages.length).toBeGreaterThanOrEqual(2);
        expect(detail.messages[0]).toMatchObject({ isOutbound: true });
        expect(detail.messages.some((m: Json) => !m.isOutbound)).toBe(true);
        const messages = await api('GET', `/v3/inbox/threads/${thread.id}/messages`, undefined, { top: 1 });
        expect(messages.body.items).toEqual([detail.messages[0]]);
        expect(messages.body.hasMore).toBe(true);
        expect((await api('GET', '/v3/inbox/threads/1')).body.code).toBe('inboxThread.notFound');
    });

    it('lists categories as a bare array and assigning one is thread activity', async () => {
        const categories = (await api('GET', '/v3/inbox/threads/categories')).body;
        expect(categories.map((c: Json) => c.name)).toEqual([
            'Interested',
            'Not interested',
            'Meeting booked',
            'Do not contact',
            'Wrong person',
            'Out of office'
        ]);
        expect(Object.keys(categories[0]).sort()).toEqual(['color', 'id', 'isReserved', 'name', 'unreadThreadsCount']);
        const threads = (await api('GET', '/v3/inbox/threads', undefined, { top: 1000 })).body.items;
        const newest = threads[0].lastActivityDate;
        const oldest = threads.at(-1);
        clock.advance(60_000);
        const interested = categories.find((c: Json) => c.name === 'Interested');
        expect(
            (await api('PUT', `/v3/inbox/threads/${oldest.id}/category`, { categoryId: interested.id })).body
        ).toEqual({});
        const moved = await everything('/v3/inbox/threads/filter', { from: newest });
        expect(moved.map((t) => t.id)).toEqual([oldest.id]);
        expect(moved[0].category).toEqual({ id: interested.id, name: 'Interested' });
        clock.advance(60_000);
        await api('PUT', `/v3/inbox/threads/${oldest.id}/category`, { categoryId: null });
        const cleared = await everything('/v3/inbox/threads/filter', { from: moved[0].lastActivityDate });
        expect(cleared.map((t) => [t.id, t.category])).toEqual([[oldest.id, null]]);
        expect((await api('PUT', `/v3/inbox/threads/${oldest.id}/category`, { categoryId: 1 })).body.code).toBe(
            'inboxCategory.notFound'
        );
        expect((await api('PUT', `/v3/inbox/threads/categories/${interested.id}`, { name: 'Keen' })).body.code).toBe(
            'inboxCategory.cannotModifyDefault'
        );
        const custom = await api('POST', '/v3/inbox/threads/categories', { name: 'Later', color: '#123456' });
        expect(custom.status).toBe(201);
        expect(custom.body).toMatchObject({ name: 'Later', isReserved: false, unreadThreadsCount: 0 });
        expect(
            (await api('PUT', `/v3/inbox/threads/categories/${custom.body.id}`, { name: 'Next quarter' })).body.name
        ).toBe('Next quarter');
    });
});

describe('per-contact timeline', () => {
    it('merges every kind of activity, newest first, filterable by time', async () => {
        const reply = (await everything('/v3/reporting/emails', { filters: { from: start } }, 1000)).find(
            (e) => e.eventType === 'replied'
        );
        const timeline = (await api('GET', `/v3/contacts/${reply.contactId}/activities`, undefined, { top: 1000 })).body
            .items;
        const types = new Set(timeline.map((t: Json) => t.type));
        expect(types).toContain('email');
        expect(types).toContain('inboxMessage');
        for (let i = 1; i < timeline.length; i++)
            expect(timeline[i - 1].occurredAt >= timeline[i].occurredAt).toBe(true);
        expect(timeline.find((t: Json) => t.id === reply.id).data).toEqual(reply);
        const since = await api('GET', `/v3/contacts/${reply.contactId}/activities`, undefined, {
            from: reply.occurredAt,
            top: 1000
        });
        expect(since.body.items.every((t: Json) => t.occurredAt >= reply.occurredAt)).toBe(true);
        const emailsOnly = await api('GET', `/v3/contacts/${reply.contactId}/activities`, undefined, {
            type: 'email',
            top: 1000
        });
        expect(emailsOnly.body.items.every((t: Json) => t.type === 'email')).toBe(true);
    });
});
