import { describe, expect, it } from 'vitest';
import { activitiesPlan, floorOf, peopleInPlan, peopleOutPlan, replyLimitSeconds } from '../scripts/bench-floor.ts';
import { markdown, replaceBetween } from '../scripts/bench-report.ts';

const latency = {
    reads: { perCallMs: 300, perRecordMs: 0.3 },
    import: { perCallMs: 500, perRecordMs: 3 },
    reporting: { perCallMs: 800, perRecordMs: 0.3 },
    query: { perCallMs: 120, perRecordMs: 0.05 },
    collections: { perCallMs: 200, perRecordMs: 4 }
};

describe('the benchmark floor', () => {
    it("applies Reply's 100 a minute, 3,000 an hour and 300 reporting calls an hour", () => {
        expect(replyLimitSeconds(100, 0)).toBe(0);
        expect(replyLimitSeconds(101, 0)).toBe(60);
        expect(replyLimitSeconds(1000, 0)).toBe(540);
        expect(replyLimitSeconds(3001, 0)).toBe(3600);
        expect(replyLimitSeconds(301, 301)).toBe(3600);
    });

    it('reading 1,000,000 people at 1,000 a page takes at least 10 minutes on the Reply side', () => {
        const floor = floorOf({ plan: peopleInPlan(1_000_000), latency: {}, salesforceInFlight: 4 });
        expect(floor.reply.calls).toBe(1000);
        expect(floor.reply.byLimit).toBe(540);
        expect(floor.salesforce.calls).toBe(5000);
    });

    it('is the slower side: Salesforce collections spread over the calls in flight, Reply serialized', () => {
        const floor = floorOf({ plan: peopleInPlan(10_000), latency, salesforceInFlight: 4 });
        // 50 collection calls of 200 records: 50 x (200 + 800) ms / 4
        expect(floor.salesforce.seconds).toBeCloseTo(12.5);
        // 10 pages of 1,000: 10 x 300 ms + 10,000 x 0.3 ms
        expect(floor.reply.seconds).toBeCloseTo(6);
        expect(floor).toMatchObject({ seconds: 12.5, slower: 'salesforce' });
        const out = floorOf({ plan: peopleOutPlan(10_000), latency, salesforceInFlight: 4 });
        expect(out).toMatchObject({ slower: 'reply' });
        // 40 imports of 250 (the most the modelled workspace answers at once): 40 x 500 ms + 10,000 x 3 ms, against
        // 5 query batches and 50 id write-backs spread over 4 calls in flight on the Salesforce side.
        expect(out.seconds).toBeCloseTo(40 * 0.5 + 10_000 * 0.003);
        expect(out.salesforce.calls).toBe(5 + 50);
        // A report is read a month-long window at a time: each window costs a call however few activities it holds,
        // and a page per 1,000 it holds.
        const activities = activitiesPlan(
            { emails: 4500, calls: 10, linkedIn: 0, tasks: 990 },
            { emails: [4000, 499, 1], calls: [10, 0, 0], linkedIn: [0, 0, 0] }
        );
        expect(activities.filter((p) => p.reporting).map((p) => p.calls)).toEqual([6, 3, 3]);
        expect(activities.filter((p) => !p.reporting && p.side === 'reply').map((p) => p.calls)).toEqual([1]);
    });

    it('writes Markdown tables and replaces the README section between its markers', () => {
        const table = markdown({
            key: 't',
            title: 'T',
            columns: [{ title: 'a' }, { title: 'n', right: true }],
            rows: [['x|y', '12']]
        });
        expect(table).toBe('**T**\n\n| a    |   n |\n| ---- | --: |\n| x\\|y |  12 |');
        expect(replaceBetween('A<!-- s -->old<!-- e -->B', '<!-- s -->', '<!-- e -->', 'new')).toBe(
            'A<!-- s -->\nnew\n<!-- e -->B'
        );
        expect(() => replaceBetween('A', '<!-- s -->', '<!-- e -->', 'x')).toThrow('has no <!-- s -->');
    });
});
