import { describe, expect, it } from 'vitest';
import { advanceCursor } from '../../bridge/src/reply/feed.ts';
import { orderSteps } from '../../bridge/src/reply/sequences.ts';
import { replyPersonPasses, salesforceConditions } from '../../bridge/src/sync/filters.ts';
import { soqlWhere } from '../../bridge/src/salesforce/conditions.ts';
import { replyOwnerFor, salesforceOwnerFor, sequencePushes } from '../../bridge/src/sync/owners.ts';
import type { ReplyContactStatuses } from '../../bridge/src/reply/schemas.ts';
import type { Engagement } from '../../bridge/src/store/reply-state.ts';
import { currentSequence, personFacts, personStatus, type PersonFacts } from '../../bridge/src/sync/person-status.ts';
import { routePerson } from '../../bridge/src/sync/routing.ts';
import type { PersonLink } from '../../bridge/src/domain/links.ts';
import { contact, leadDescribe } from './fixtures.ts';

const link = (salesforceType: 'Lead' | 'Contact', salesforceId = '00Q000000000001AAA'): PersonLink => ({
    replyContactId: '1',
    salesforceId,
    salesforceType,
    email: 'ada@example.com',
    previousSalesforceId: null,
    salesforceHashes: {},
    replyHashes: {}
});

describe('routing a Reply person to one Salesforce record', () => {
    it('follows an existing link, and leaves people linked to the other object to their own step', () => {
        expect(
            routePerson({ stepObject: 'Lead', link: link('Lead'), match: undefined, createsUnmatched: true })
        ).toEqual({ action: 'update', salesforceId: '00Q000000000001AAA' });
        expect(
            routePerson({
                stepObject: 'Lead',
                link: link('Contact', '003000000000001AAA'),
                match: undefined,
                createsUnmatched: true
            }).action
        ).toBe('skip');
    });

    it('links by email, Contact before Lead, a converted Lead counting as its Contact', () => {
        const both = { contact: { id: '003A' }, lead: { id: '00QA', isConverted: false, convertedContactId: null } };
        expect(routePerson({ stepObject: 'Contact', link: undefined, match: both, createsUnmatched: false })).toEqual({
            action: 'link',
            salesforceId: '003A'
        });
        expect(routePerson({ stepObject: 'Lead', link: undefined, match: both, createsUnmatched: true }).action).toBe(
            'skip'
        );
        const converted = { lead: { id: '00QB', isConverted: true, convertedContactId: '003B' } };
        expect(
            routePerson({ stepObject: 'Contact', link: undefined, match: converted, createsUnmatched: false })
        ).toEqual({ action: 'link', salesforceId: '003B' });
        expect(
            routePerson({ stepObject: 'Lead', link: undefined, match: converted, createsUnmatched: true }).action
        ).toBe('skip');
        expect(
            routePerson({
                stepObject: 'Lead',
                link: undefined,
                match: { lead: { id: '00QC', isConverted: false, convertedContactId: null } },
                createsUnmatched: true
            })
        ).toEqual({ action: 'link', salesforceId: '00QC' });
    });

    it('creates an unmatched person only in the creating step', () => {
        expect(routePerson({ stepObject: 'Lead', link: undefined, match: {}, createsUnmatched: true })).toEqual({
            action: 'create'
        });
        expect(routePerson({ stepObject: 'Contact', link: undefined, match: {}, createsUnmatched: false }).action).toBe(
            'skip'
        );
    });
});

describe('filters', () => {
    const facts = (overrides: Partial<PersonFacts> = {}) => ({
        ...personFacts(contact(), undefined, undefined),
        ...overrides
    });
    it('apply the six default filters to what is known of a Reply person', () => {
        const replied = facts({ replied: true, opened: true, memberships: ['active'] });
        const pass = (key: string, person = replied) => replyPersonPasses({ type: 'default', key }, contact(), person);
        expect([
            pass('opened'),
            pass('replied'),
            pass('clicked'),
            pass('bounced'),
            pass('optedOut'),
            pass('toCall')
        ]).toEqual([true, true, false, false, false, false]);
        expect(pass('optedOut', facts({ isOptedOut: true }))).toBe(true);
        expect(pass('toCall', facts({ callStatus: 'toCall' }))).toBe(true);
        expect(pass('opened', facts())).toBe(false);
        // A reply counts as engagement even without a seen open (opens are often not tracked).
        expect(pass('opened', facts({ replied: true }))).toBe(true);
        expect(pass('clicked', facts({ clicked: true }))).toBe(true);
    });

    it('apply Reply list membership', () => {
        const member = contact({ lists: [{ listId: 9, listName: 'VIP' }] });
        expect(replyPersonPasses({ type: 'replyList', listId: 9 }, member, facts())).toBe(true);
        expect(replyPersonPasses({ type: 'replyList', listId: 8 }, member, facts())).toBe(false);
        expect(replyPersonPasses({ type: 'replyList', listId: 9 }, undefined, facts())).toBe(false);
        expect(replyPersonPasses(null, member, facts())).toBe(true);
    });

    it('render Salesforce conditions as typed SOQL literals, so values cannot inject SOQL', () => {
        const { conditions, problems } = salesforceConditions(
            {
                type: 'salesforceConditions',
                conditions: [
                    { field: 'Company', operator: 'equals', value: "O'Brien' OR Name != '" },
                    { field: 'Title', operator: 'contains', value: '50%_off' },
                    { field: 'NumberOfEmployees', operator: 'greaterThan', value: '10' },
                    { field: 'Rating', operator: 'in', value: ['Hot', 'Cold'] },
                    { field: 'Email', operator: 'isNotBlank' }
                ]
            },
            leadDescribe()
        );
        expect(problems).toEqual([]);
        expect(soqlWhere(conditions)).toBe(
            "Company = 'O\\'Brien\\' OR Name != \\'' AND Title LIKE '%50\\%\\_off%' AND NumberOfEmployees > 10 AND Rating IN ('Hot', 'Cold') AND Email != null"
        );
    });

    it('explain conditions that cannot be expressed', () => {
        const { conditions, problems } = salesforceConditions(
            {
                type: 'salesforceConditions',
                conditions: [
                    { field: 'Nope__c', operator: 'equals', value: 'x' },
                    { field: 'NumberOfEmployees', operator: 'equals', value: 'ten' }
                ]
            },
            leadDescribe()
        );
        expect(conditions).toEqual([]);
        expect(problems).toEqual([
            'Filter__c condition 1 (field): Lead has no field Nope__c',
            'Filter__c condition 2 (value): "ten" is not a valid int value for Lead.NumberOfEmployees'
        ]);
    });
});

describe('owners and sequences', () => {
    const owners = [
        { salesforceUserId: '005000000000001AAA', replyUserId: 11 },
        { salesforceUserId: '005000000000002AAA', replyUserId: 12 }
    ];
    it('map owners in each direction, matching 15- and 18-character ids', () => {
        expect(replyOwnerFor('005000000000001', owners)).toBe(11);
        expect(replyOwnerFor('005000000000009AAA', owners)).toBeUndefined();
        expect(salesforceOwnerFor(12, owners)).toBe('005000000000002AAA');
        expect(salesforceOwnerFor(null, owners)).toBeUndefined();
    });

    it("push each person to their owner's sequence, honouring Only for new records", () => {
        const pushes = sequencePushes(
            [
                { replyId: 1, ownerUserId: 11, isNew: true },
                { replyId: 2, ownerUserId: 11, isNew: false },
                { replyId: 3, ownerUserId: 12, isNew: false },
                { replyId: 4, ownerUserId: null, isNew: true },
                { replyId: 5, ownerUserId: 99, isNew: true }
            ],
            [
                { replyUserId: 11, sequenceId: 100, startStepId: 7, ignoreStepDelay: true, onlyNewRecords: true },
                { replyUserId: 12, sequenceId: 200, startStepId: null, ignoreStepDelay: false, onlyNewRecords: false }
            ],
            12
        );
        expect(pushes).toEqual([
            { sequenceId: 100, startStepId: 7, ignoreStepDelay: true, contactIds: [1] },
            { sequenceId: 200, startStepId: null, ignoreStepDelay: false, contactIds: [3, 4] }
        ]);
    });

    it('order sequence steps along their parent chain', () => {
        const steps = [
            { id: 30, type: 'call', delayInMinutes: 60, parentId: 20 },
            { id: 10, type: 'email', delayInMinutes: 0, parentId: null },
            { id: 20, type: 'email', delayInMinutes: 1440, parentId: 10 }
        ];
        expect(orderSteps(steps).map((s) => s.id)).toEqual([10, 20, 30]);
    });
});

describe('person status', () => {
    const statuses = (
        sequences: { statusInSequence: 'active' | 'paused' | 'finished'; isReplied?: boolean; isBounced?: boolean }[],
        overrides: Partial<ReplyContactStatuses> = {}
    ): ReplyContactStatuses => ({
        contactId: 1,
        isOptedOut: false,
        callStatus: 'none',
        meetingStatus: 'none',
        sequences: sequences.map((s, i) => ({
            sequenceId: i + 1,
            sequenceName: `Seq ${i + 1}`,
            statusInSequence: s.statusInSequence,
            emailDisposition: { isReplied: Boolean(s.isReplied), isBounced: Boolean(s.isBounced) }
        })),
        ...overrides
    });
    const status = (c = contact(), s?: ReplyContactStatuses, e?: Engagement) => personStatus(personFacts(c, s, e));

    it('picks the most telling status from the statuses, then where the sequences stand', () => {
        expect(status(contact({ isOptedOut: true, meetingStatus: 'meetingBooked' }))).toBe('OptedOut');
        expect(status(contact(), statuses([{ statusInSequence: 'active', isBounced: true }]))).toBe('Bounced');
        expect(status(contact({ meetingStatus: 'meetingBooked' }))).toBe('MeetingBooked');
        expect(status(contact(), statuses([{ statusInSequence: 'finished', isReplied: true }]))).toBe('Replied');
        expect(status(contact({ callStatus: 'toCall' }))).toBe('ToCall');
        expect(status(contact(), statuses([{ statusInSequence: 'finished' }, { statusInSequence: 'paused' }]))).toBe(
            'Paused'
        );
        expect(status(contact(), statuses([{ statusInSequence: 'paused' }, { statusInSequence: 'active' }]))).toBe(
            'Active'
        );
        expect(status(contact())).toBeNull();
    });

    it('lets fresh statuses win over the contact record, and uses what was seen before when there are none', () => {
        const record = contact({
            isOptedOut: false,
            sequences: [{ sequenceId: 1, sequenceName: 'S', status: 'active', addingDate: null }]
        });
        expect(status(record, statuses([{ statusInSequence: 'finished' }], { isOptedOut: true }))).toBe('OptedOut');
        expect(status(record)).toBe('Active');
        const seen = { opened: true, clicked: false, replied: true, bounced: false };
        expect(status(record, undefined, seen)).toBe('Replied');
        // A statuses read is the truth: a reply Reply has since cleared is no longer one.
        expect(status(record, statuses([{ statusInSequence: 'active' }]), seen)).toBe('Active');
    });

    it('names the most recently joined sequence', () => {
        const two = contact({
            sequences: [
                { sequenceId: 1, sequenceName: 'Old', status: 'finished', addingDate: '2026-01-01T00:00:00.000Z' },
                { sequenceId: 2, sequenceName: 'New', status: 'paused', addingDate: '2026-03-01T00:00:00.000Z' }
            ]
        });
        expect(currentSequence(two)).toBe('New');
    });
});

describe('feed cursor', () => {
    it('moves to the last timestamp and counts the items already taken there', () => {
        expect(
            advanceCursor('2026-01-01T00:00:00.000Z', 0, [
                '2026-01-02T00:00:00.000Z',
                '2026-01-03T00:00:00.000Z',
                '2026-01-03T00:00:00.000Z'
            ])
        ).toEqual({
            ts: '2026-01-03T00:00:00.000Z',
            skip: 2
        });
        expect(
            advanceCursor('2026-01-03T00:00:00.000Z', 5, ['2026-01-03T00:00:00.000Z', '2026-01-03T00:00:00.000Z'])
        ).toEqual({ ts: '2026-01-03T00:00:00.000Z', skip: 7 });
        expect(advanceCursor('2026-01-03T00:00:00.000Z', 5, [])).toEqual({ ts: '2026-01-03T00:00:00.000Z', skip: 5 });
    });
});
