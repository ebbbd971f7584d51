import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../bridge/src/catalog/load.ts';
import { REPORTS } from '../../bridge/src/reply/reporting.ts';
import { ACTIVITY_SOURCES, activitySourceOf } from '../../bridge/src/sync/activities.ts';
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

    it("subscribes to each source's webhook events, and to the status events beside them", () => {
        expect(EVENT_SOURCES.email_opened).toEqual(['emails', 'personStatuses']);
        expect(EVENT_SOURCES.contact_called).toEqual(['calls', 'personStatuses']);
        expect(eventsFor(['linkedin']).sort()).toEqual([...ACTIVITY_SOURCES.linkedin.events].sort());
        expect(eventsFor(['tasks'])).toEqual([]);
    });
});
