/** /v3/tasks: the documented filter over startAt (C15), and one task by id. */
import { Router } from 'express';
import { z } from 'zod';
import { filterMap, pageOf } from '../collections.ts';
import { invalidField, notFound } from '../problems.ts';
import { isoDate, parseBody, pathId, positiveId, readPaging } from '../validation.ts';
import { taskView } from '../views.ts';
import { need, query, stateOf, type RouteContext } from './common.ts';

const oneOrMany = <T extends z.ZodType>(item: T) =>
    z.union([item, z.array(item)]).transform((value) => (Array.isArray(value) ? value : [value]) as z.output<T>[]);

const TASK_TYPES = ['toDo', 'call', 'meeting', 'linkedIn', 'manualEmail', 'sms', 'whatsApp'] as const;
const TASK_STATUSES = ['new', 'finished', 'cancelled', 'archived', 'sequenceDetached'] as const;

const taskFilterSchema = z.object({
    from: isoDate.nullable().optional(),
    to: isoDate.nullable().optional(),
    taskType: oneOrMany(z.enum(TASK_TYPES)).nullable().optional(),
    status: oneOrMany(z.enum(TASK_STATUSES)).nullable().optional(),
    sequenceIds: z.array(positiveId).nullable().optional(),
    sequenceStepIds: z.array(positiveId).nullable().optional(),
    timeZoneIds: z.array(z.string()).nullable().optional(),
    contactId: positiveId.nullable().optional(),
    assignedUserId: positiveId.nullable().optional(),
    overdue: z.boolean().nullable().optional()
});

const YEAR = 365 * 24 * 3_600_000;

export function taskRoutes(ctx: RouteContext): Router {
    const r = Router();

    // The window is over startAt, both ends inclusive ("StartAt >= from", "StartAt <= to"); defaults 2000-01-01 ..
    // now + 1 year (docs.reply.io/api-reference/tasks/filter-tasks).
    r.post('/v3/tasks/filter', need('tasks:read'), (req, res) => {
        const { s, at } = stateOf(ctx);
        const { top, skip } = readPaging(query(req));
        const f = parseBody(taskFilterSchema, req.body);
        const from = f.from ?? Date.UTC(2000, 0, 1);
        const to = f.to ?? at + YEAR;
        // "Must be after from when both are provided."
        if (f.from != null && f.to != null && to <= from) throw invalidField('/to', 'to must be after from');
        const matching = filterMap(s.tasks.byStart.window(from, to + 1), (task) => {
            if (f.taskType && !f.taskType.includes(task.taskType)) return undefined;
            if (f.status && !f.status.includes(task.status)) return undefined;
            if (f.sequenceIds && (task.sequenceId === null || !f.sequenceIds.includes(task.sequenceId)))
                return undefined;
            if (
                f.sequenceStepIds &&
                (task.sequenceStepId === null || !f.sequenceStepIds.includes(task.sequenceStepId))
            ) {
                return undefined;
            }
            if (f.contactId && task.contactId !== f.contactId) return undefined;
            if (f.assignedUserId && task.assignedUserId !== f.assignedUserId) return undefined;
            if (f.timeZoneIds && !f.timeZoneIds.includes(s.contacts.get(task.contactId)?.timeZoneId ?? ''))
                return undefined;
            if (f.overdue != null && (task.status === 'new' && task.dueTo < at) !== f.overdue) return undefined;
            return taskView(task);
        });
        res.json(pageOf(matching, skip, top));
    });

    r.get('/v3/tasks/:id', need('tasks:read'), (req, res) => {
        const { s } = stateOf(ctx);
        const task = s.tasks.byId.get(pathId(req.params.id, 'task.notFound', 'Task'));
        if (!task) throw notFound('task.notFound', `Task ${req.params.id} was not found`);
        res.json(taskView(task));
    });

    return r;
}
