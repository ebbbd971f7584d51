import { describe, expect, it } from 'vitest';
import { ReplyCallBudget } from '../../bridge/src/reply/budget.ts';
import { ReplyRateLimitError } from '../../bridge/src/reply/errors.ts';
import { ReplyRateLimiter } from '../../bridge/src/reply/rate-limiter.ts';
import { endpointMissing } from '../../bridge/src/reply/capabilities.ts';
import { reportWindows, REPORT_WINDOW_MS } from '../../bridge/src/reply/reporting.ts';
import {
    contactSchema,
    inboxThreadSchema,
    listSchema,
    taskSchema,
    teamUserSchema,
    utcTime
} from '../../bridge/src/reply/schemas.ts';
import { eventFacts } from '../../bridge/src/sync/webhook-events.ts';

/** The shapes Reply documents (and the older ones it still sends), read as the bridge needs them. Pure. */

describe('Reply times', () => {
    it('reads a time without an offset as UTC, as documented for lastModifiedAt', () => {
        expect(utcTime('2024-03-10T15:30:00')).toBe('2024-03-10T15:30:00.000Z');
        expect(utcTime('2024-03-10T15:30:00.123')).toBe('2024-03-10T15:30:00.123Z');
        expect(utcTime('2024-03-08T10:00:00+00:00')).toBe('2024-03-08T10:00:00.000Z');
        expect(utcTime('2024-03-08T12:00:00+02:00')).toBe('2024-03-08T10:00:00.000Z');
        expect(utcTime('yesterday')).toBeUndefined();
        const contact = contactSchema.parse({ id: 1, lastModifiedAt: '2024-03-10T15:30:00', createdAt: 'x' });
        expect(contact.lastModifiedAt).toBe('2024-03-10T15:30:00.000Z');
        expect(contact.createdAt).toBeNull();
    });
});

describe('documented contact record', () => {
    it('takes a numeric currentStep and no disposition on memberships', () => {
        const contact = contactSchema.parse({
            id: 12345,
            lastModifiedAt: '2024-03-10T15:30:00',
            sequences: [
                {
                    sequenceId: 100,
                    sequenceName: 'Sales Outreach',
                    status: 'Active',
                    currentStep: 2,
                    addingDate: '2024-03-08T10:00:00+00:00',
                    emailAccountId: 101,
                    linkedInAccountId: null
                }
            ]
        });
        expect(contact.sequences).toEqual([
            {
                sequenceId: 100,
                sequenceName: 'Sales Outreach',
                status: 'active',
                addingDate: '2024-03-08T10:00:00.000Z'
            }
        ]);
    });
});

describe('team users', () => {
    it('reads rows of team and user, with the display name and email under any of their names', () => {
        const rows = listSchema(teamUserSchema).parse([
            { teamId: 1, teamName: 'A', userId: 9, userName: 'Ada L', email: 'ada@x.example' },
            { teamId: 1, teamName: 'A', id: 10, firstName: 'Bo', lastName: 'B' },
            { TeamId: 2, teamName: 'B', userId: 11, displayName: 'Cy', userEmail: 'cy@x.example' }
        ]);
        expect(rows).toEqual([
            { userId: 9, teamId: 1, email: 'ada@x.example', name: 'Ada L' },
            { userId: 10, teamId: 1, email: null, name: 'Bo B' },
            { userId: 11, teamId: null, email: 'cy@x.example', name: 'Cy' }
        ]);
        expect(teamUserSchema.safeParse({ teamId: 1, teamName: 'A' }).success).toBe(false);
    });
});

describe('tasks', () => {
    const base = { id: 1, contact: { id: 2, fullName: 'A B' }, startAt: '2026-01-01T00:00:00Z' };
    it('takes the current camelCase enums and the older integer codes alike', () => {
        expect(taskSchema.parse({ ...base, taskType: 'call', status: 'new' })).toMatchObject({
            taskType: 'call',
            status: 'new',
            linkedInTaskType: null
        });
        expect(taskSchema.parse({ ...base, taskType: 5, status: 1, linkedInTaskType: 1 })).toMatchObject({
            taskType: 'linkedIn',
            status: 'finished',
            linkedInTaskType: 'connect'
        });
        expect(taskSchema.safeParse({ ...base, taskType: 42, status: 'new' }).success).toBe(false);
    });
});

describe('inbox threads', () => {
    it("keeps a deleted person's thread with no contact (documented contact.id null, isDeleted)", () => {
        const thread = inboxThreadSchema.parse({
            id: 7,
            channel: 'email',
            lastActivityDate: '2026-01-01T00:00:00Z',
            contact: { id: null, email: 'gone@x.example', isDeleted: true },
            status: { state: 'ok' },
            category: { id: 3, name: 'Interested' }
        });
        expect(thread.contact).toBeNull();
        expect(thread.category).toEqual({ id: 3, name: 'Interested' });
    });
});

describe('report windows', () => {
    it('cover the span in windows of at most 30 days, oldest first, without gaps', () => {
        const windows = reportWindows('2026-01-01T00:00:00.000Z', '2026-03-15T00:00:00.000Z');
        expect(windows[0]!.from).toBe('2026-01-01T00:00:00.000Z');
        expect(windows.at(-1)!.to).toBe('2026-03-15T00:00:00.000Z');
        for (let i = 0; i < windows.length; i++) {
            expect(Date.parse(windows[i]!.to) - Date.parse(windows[i]!.from)).toBeLessThanOrEqual(REPORT_WINDOW_MS);
            if (i > 0) expect(windows[i]!.from).toBe(windows[i - 1]!.to);
        }
        expect(reportWindows('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')).toEqual([]);
    });
});

describe('capability evidence', () => {
    it('tells a missing endpoint from a missing record', () => {
        const answer = (status: number, replyCode?: string) => ({ status, details: { replyCode } });
        expect(endpointMissing(answer(404, 'route.notFound'))).toBe(true);
        expect(endpointMissing(answer(405))).toBe(true);
        expect(endpointMissing(answer(404, 'contact.notFound'), 'contact.notFound')).toBe(false);
        expect(endpointMissing(answer(500))).toBe(false);
    });
});

describe('webhook events', () => {
    it('name their person by contact_fields.id and say what to read again', () => {
        expect(eventFacts('email_replied', { contact_fields: { id: 42 } })).toEqual({
            contactId: 42,
            facts: { replied: true, statusesDue: true }
        });
        expect(eventFacts('email_opened', { contact_fields: { id: '43' } })).toEqual({
            contactId: 43,
            facts: { opened: true }
        });
        expect(eventFacts('reply_categorized', { contact_fields: { id: 44 } })?.facts).toEqual({ threadsDue: true });
        expect(eventFacts('email_sent', { contact_fields: { id: 45 } })?.facts).toEqual({});
        expect(eventFacts('email_replied', { contact_fields: {} })).toBeUndefined();
        expect(eventFacts('email_account_error', { contact_fields: { id: 46 } })).toBeUndefined();
    });
});

describe('call budget', () => {
    it('counts calls by hour and month and keeps a reserve for essential calls', async () => {
        let now = Date.parse('2026-05-31T23:10:00.000Z');
        const added: [string, number, number][] = [];
        const store = {
            add: async (hour: Date, calls: number, reporting: number) => {
                added.push([hour.toISOString(), calls, reporting]);
            },
            totals: async () => ({ hour: 50, hourReporting: 3, month: 900 })
        };
        const budget = new ReplyCallBudget(
            { perHour: 100, reportingPerHour: 10, monthly: 2000, reserveShare: 0.2 },
            store,
            () => now
        );
        budget.record('general');
        budget.record('reporting');
        await budget.sync();
        expect(added).toEqual([['2026-05-31T23:00:00.000Z', 2, 1]]);
        expect(budget.usage()).toMatchObject({
            hour: { used: 50, limit: 100 },
            reportingHour: { used: 3, limit: 10 },
            month: { used: 900, limit: 2000 }
        });
        expect(budget.optionalRoom('general')).toBe(30);
        expect(budget.optionalRoom('reporting')).toBe(5);
        expect(budget.allowsOptional(5, 'reporting')).toBe(true);
        expect(budget.allowsOptional(6, 'reporting')).toBe(false);
        // A new month starts from nothing until the store is read again.
        now = Date.parse('2026-06-01T00:05:00.000Z');
        expect(budget.usage()).toMatchObject({
            hour: { used: 0 },
            month: { used: 0, since: '2026-06-01T00:00:00.000Z' }
        });
    });
});

describe('rate limiter', () => {
    it('counts requests that go out at once one by one: the sixth of five a minute waits, never overshoots', async () => {
        const limiter = new ReplyRateLimiter({ perMinute: 5, perHour: 100, reportingPerHour: 10 }, 10, async () => {});
        const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => limiter.acquire('general')));
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
        for (const o of outcomes.filter((o) => o.status === 'rejected'))
            expect((o as PromiseRejectedResult).reason).toBeInstanceOf(ReplyRateLimitError);
    });
});
