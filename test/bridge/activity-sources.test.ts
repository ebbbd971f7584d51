import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../bridge/src/catalog/load.ts';
import { REPLY_CAPABILITIES } from '../../bridge/src/reply/capabilities.ts';
import { REPORTS } from '../../bridge/src/reply/reports.ts';
import { ACTIVITY_SOURCES, activitySourceOf, reportHandOn } from '../../bridge/src/sync/activities.ts';
import type { Step } from '../../bridge/src/sync/steps.ts';
import { EVENT_SOURCES, eventsFor } from '../../bridge/src/sync/webhook-events.ts';

/** The activity sources are listed once (sync/activities.ts); everything else that knows them follows that list. */
describe('activity sources', () => {
    const catalog = loadCatalog();

    it('has a reader and a mapper for every activity kind of the catalog, and a Reply report for every report source', () => {
        for (const kind of catalog.stepKinds.filter((k) => k.family === 'activity')) {
            const source = activitySourceOf(kind.replySource);
            expect(source, kind.key).toBeDefined();
            if (ACTIVITY_SOURCES[source!].read === 'report') expect(Object.keys(REPORTS), kind.key).toContain(source);
        }
    });

    it('documents every activity report: a row in the endpoint notes and in the Reply sandbox assumptions', () => {
        const endpoints = readFileSync(new URL('../../bridge/src/reply/ENDPOINTS.md', import.meta.url), 'utf8');
        const assumptions = readFileSync(new URL('../sandbox/reply/ASSUMPTIONS.md', import.meta.url), 'utf8');
        for (const [report, spec] of Object.entries(REPORTS)) {
            expect(endpoints, report).toContain(`| \`POST ${spec.path}\` |`);
            expect(assumptions, report).toContain(`\`POST ${spec.path}?top&skip\``);
        }
    });

    it('words the capability each report needs from its entry, so doctor and a paused step name the report', () => {
        for (const spec of Object.values(REPORTS)) {
            expect(REPLY_CAPABILITIES[spec.capability].label).toContain(`POST ${spec.path}`);
            expect(REPLY_CAPABILITIES[spec.capability].missing).toContain(`so ${spec.synced} are not synced`);
        }
    });

    it("subscribes to each source's webhook events, and to the status events beside them", () => {
        expect(EVENT_SOURCES.email_opened).toEqual(['emails', 'personStatuses']);
        expect(EVENT_SOURCES.contact_called).toEqual(['calls', 'personStatuses']);
        expect(eventsFor(['linkedin']).sort()).toEqual([...ACTIVITY_SOURCES.linkedin.events].sort());
        expect(eventsFor(['tasks'])).toEqual([]);
    });

    it('reads an email report window whole only where a step on emails filters on engagement', () => {
        const step = (replySource: string, filter: Step['filter']) => ({ kind: { replySource }, filter }) as Step;
        const opened = { type: 'default', key: 'opened' } as Step['filter'];
        const optedOut = { type: 'default', key: 'optedOut' } as Step['filter'];
        expect(reportHandOn('emails', [step('emails', null), step('calls', opened)])).toBe('asRead');
        expect(reportHandOn('emails', [step('emails', optedOut)])).toBe('asRead');
        expect(reportHandOn('emails', [step('emails', null), step('emails', opened)])).toBe('whole');
        // Only the email report notes engagement: the others never wait for a window.
        expect(reportHandOn('calls', [step('calls', opened)])).toBe('asRead');
    });
});
