/**
 * The reporting activity lists (C11-C13): "List email activity", "List call activity", "List LinkedIn activity" are
 * documented report pages (reply-team/reply-skills reply-operations-mapping/references/mapping-20-measurement.md),
 * POST with a `filters` body whose date range defaults to last week; the paths follow the documentation index as
 * third-party clients list it (`POST /v3/reporting/emails|calls|linkedin`). The item shapes, their order and the
 * window rule have no public source: the sandbox answers per-event items in ascending time, refuses windows longer
 * than a month (as Reply's stats endpoints do), and each list can be switched off (404) to show a key without it.
 * Subject to the lower reporting rate limit (C14).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { SandboxCapabilities } from '../capabilities.ts';
import type { TimeLog } from '../collections.ts';
import { filterMap, pageOf } from '../collections.ts';
import { DAY } from '../clock.ts';
import { invalidField, notFound } from '../problems.ts';
import type { SequenceRef } from '../types.ts';
import { isoDate, parseBody, positiveId, readPaging } from '../validation.ts';
import { callItemView, emailItemView, linkedInItemView } from '../views.ts';
import { need, query, stateOf, type RouteContext } from './common.ts';

/** The longest window one request may ask for (Reply's stats endpoints: "range limited to one month"). */
export const MAX_REPORT_WINDOW_MS = 31 * DAY;

const reportingSchema = z.object({
    filters: z
        .object({
            from: isoDate.nullable().optional(),
            to: isoDate.nullable().optional(),
            contactIds: z.array(positiveId).nullable().optional(),
            sequenceIds: z.array(positiveId).nullable().optional(),
            userIds: z.array(positiveId).nullable().optional()
        })
        .default({})
});

type Item = SequenceRef & { id: number; occurredAt: number; contactId: number; userId: number };

export function reportingRoutes(ctx: RouteContext): Router {
    const r = Router();

    function list<T extends Item>(
        path: string,
        capability: keyof SandboxCapabilities,
        log: () => TimeLog<T>,
        view: (item: T) => unknown
    ): void {
        r.post(path, need('reporting:read'), (req, res) => {
            const { s, at } = stateOf(ctx);
            if (!s.capabilities.get()[capability]) {
                throw notFound('route.notFound', `No endpoint ${req.method} ${req.path}`);
            }
            const { top, skip } = readPaging(query(req));
            const { filters } = parseBody(reportingSchema, req.body);
            // Reply's reporting defaults to last week when no range is given.
            const to = filters.to ?? at;
            const from = filters.from ?? to - 7 * DAY;
            if (to <= from) throw invalidField('/filters/to', 'to must be after from');
            if (to - from > MAX_REPORT_WINDOW_MS) {
                throw invalidField('/filters/from', 'the date range may span at most one month');
            }
            const contacts = filters.contactIds ? new Set(filters.contactIds) : undefined;
            const matching = filterMap(log().window(from, to + 1), (item) =>
                (!contacts || contacts.has(item.contactId)) &&
                (!filters.sequenceIds || (item.sequenceId !== null && filters.sequenceIds.includes(item.sequenceId))) &&
                (!filters.userIds || filters.userIds.includes(item.userId))
                    ? view(item)
                    : undefined
            );
            res.json(pageOf(matching, skip, top));
        });
    }

    list('/v3/reporting/emails', 'emailActivity', () => ctx.workspace.state.activity.emails, emailItemView);
    list('/v3/reporting/calls', 'callActivity', () => ctx.workspace.state.activity.calls, callItemView);
    list('/v3/reporting/linkedin', 'linkedInActivity', () => ctx.workspace.state.activity.linkedIn, linkedInItemView);
    return r;
}
