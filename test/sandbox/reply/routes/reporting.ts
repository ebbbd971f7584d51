/**
 * /v3/reporting/{emails,calls,linkedin}/list (C11-C13): activity in a time window, oldest first, ties by id, for
 * "what happened since my cursor". Subject to the lower reporting rate limit (C14).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { TimeLog } from '../collections.ts';
import { filterMap, pageOf } from '../collections.ts';
import { DAY } from '../clock.ts';
import { invalidField } from '../problems.ts';
import type { SequenceRef } from '../types.ts';
import { isoDate, parseBody, positiveId, readPaging } from '../validation.ts';
import { callItemView, emailItemView, linkedInItemView } from '../views.ts';
import { need, query, stateOf, type RouteContext } from './common.ts';

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

    function list<T extends Item>(path: string, log: () => TimeLog<T>, view: (item: T) => unknown): void {
        r.post(path, need('reporting:read'), (req, res) => {
            const { at } = stateOf(ctx);
            const { top, skip } = readPaging(query(req));
            const { filters } = parseBody(reportingSchema, req.body);
            // Reply's reporting defaults to last week when no range is given.
            const from = filters.from ?? at - 7 * DAY;
            const to = filters.to ?? undefined;
            if (to !== undefined && to <= from) throw invalidField('/filters/to', 'to must be after from');
            const contacts = filters.contactIds ? new Set(filters.contactIds) : undefined;
            const matching = filterMap(log().window(from, to), (item) =>
                (!contacts || contacts.has(item.contactId)) &&
                (!filters.sequenceIds || (item.sequenceId !== null && filters.sequenceIds.includes(item.sequenceId))) &&
                (!filters.userIds || filters.userIds.includes(item.userId))
                    ? view(item)
                    : undefined
            );
            res.json(pageOf(matching, skip, top));
        });
    }

    list('/v3/reporting/emails/list', () => ctx.workspace.state.activity.emails, emailItemView);
    list('/v3/reporting/calls/list', () => ctx.workspace.state.activity.calls, callItemView);
    list('/v3/reporting/linkedin/list', () => ctx.workspace.state.activity.linkedIn, linkedInItemView);
    return r;
}
