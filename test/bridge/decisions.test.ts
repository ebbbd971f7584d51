import { describe, expect, it } from 'vitest';
import { advanceCursor } from '../../bridge/src/reply/feed.ts';
import { orderSteps } from '../../bridge/src/reply/sequences.ts';
import { replyPersonPasses, soqlFilter } from '../../bridge/src/sync/filters.ts';
import { replyOwnerFor, salesforceOwnerFor, sequencePushes } from '../../bridge/src/sync/owners.ts';
import { currentSequence, personStatus } from '../../bridge/src/sync/person-status.ts';
import { routePerson } from '../../bridge/src/sync/routing.ts';
import type { PersonLink } from '../../bridge/src/store/store.ts';
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
    const replied = contact({
        sequences: [
            {
                sequenceId: 1,
                sequenceName: 'S',
                status: 'active',
                addingDate: null,
                emailDisposition: { isOpened: true, isClicked: false, isReplied: true, isBounced: false }
            }
        ]
    });
    it('apply the six default filters to a Reply person', () => {
        const pass = (key: string, person = replied) => replyPersonPasses({ type: 'default', key }, person);
        expect([
            pass('opened'),
            pass('replied'),
            pass('clicked'),
            pass('bounced'),
            pass('optedOut'),
            pass('toCall')
        ]).toEqual([true, true, false, false, false, false]);
        expect(pass('optedOut', contact({ isOptedOut: true }))).toBe(true);
        expect(pass('toCall', contact({ callStatus: 'toCall' }))).toBe(true);
        expect(pass('opened', contact())).toBe(false);
    });

    it('apply Reply list membership', () => {
        const member = contact({ lists: [{ listId: 9, listName: 'VIP' }] });
        expect(replyPersonPasses({ type: 'replyList', listId: 9 }, member)).toBe(true);
        expect(replyPersonPasses({ type: 'replyList', listId: 8 }, member)).toBe(false);
        expect(replyPersonPasses(null, member)).toBe(true);
    });

    it('render Salesforce conditions as typed SOQL literals, so values cannot inject SOQL', () => {
        const { where, problems } = soqlFilter(
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
        expect(where).toBe(
            "Company = 'O\\'Brien\\' OR Name != \\'' AND Title LIKE '%50\\%\\_off%' AND NumberOfEmployees > 10 AND Rating IN ('Hot', 'Cold') AND Email != null"
        );
    });

    it('explain conditions that cannot be expressed', () => {
        const { where, problems } = soqlFilter(
            {
                type: 'salesforceConditions',
                conditions: [
                    { field: 'Nope__c', operator: 'equals', value: 'x' },
                    { field: 'NumberOfEmployees', operator: 'equals', value: 'ten' }
                ]
            },
            leadDescribe()
        );
        expect(where).toBeNull();
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
    const membership = (
        status: 'active' | 'paused' | 'finished',
        addingDate: string,
        disposition = { isOpened: false, isClicked: false, isReplied: false, isBounced: false }
    ) => ({
        sequenceId: 1,
        sequenceName: `Seq ${addingDate}`,
        status,
        addingDate,
        emailDisposition: disposition
    });
    it('picks the most telling status, then the latest sequence', () => {
        expect(personStatus(contact({ isOptedOut: true, meetingStatus: 'meetingBooked' }))).toBe('OptedOut');
        expect(
            personStatus(
                contact({
                    sequences: [
                        membership('active', '2026-01-01', {
                            isOpened: true,
                            isClicked: false,
                            isReplied: false,
                            isBounced: true
                        })
                    ]
                })
            )
        ).toBe('Bounced');
        expect(personStatus(contact({ meetingStatus: 'meetingBooked' }))).toBe('MeetingBooked');
        expect(
            personStatus(
                contact({
                    sequences: [
                        membership('finished', '2026-01-01', {
                            isOpened: true,
                            isClicked: false,
                            isReplied: true,
                            isBounced: false
                        })
                    ]
                })
            )
        ).toBe('Replied');
        expect(personStatus(contact({ callStatus: 'toCall' }))).toBe('ToCall');
        const two = contact({ sequences: [membership('finished', '2026-01-01'), membership('paused', '2026-03-01')] });
        expect(personStatus(two)).toBe('Paused');
        expect(currentSequence(two)).toBe('Seq 2026-03-01');
        expect(personStatus(contact())).toBeNull();
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
