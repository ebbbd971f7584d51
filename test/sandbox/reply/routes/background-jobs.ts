/** /v3/background-jobs: the jobs behind `202 Accepted` answers (documented; scope other:read per reply-skills). */
import { Router } from 'express';
import { pollJob } from '../ops/background-jobs.ts';
import { invalidParameter, notFound } from '../problems.ts';
import { readOptionalString, readPaging } from '../validation.ts';
import { backgroundJobView } from '../views.ts';
import { need, principalOf, query, stateOf, type RouteContext } from './common.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function backgroundJobRoutes(ctx: RouteContext): Router {
    const r = Router();

    r.get('/v3/background-jobs', need('other:read'), (req, res) => {
        const { s } = stateOf(ctx);
        const q = query(req);
        const { top, skip } = readPaging(q, { top: 100, maxTop: 200 });
        const category = readOptionalString(q, 'category');
        const mine = [...s.backgroundJobs.values()].filter(
            (job) =>
                job.ownerUserId === principalOf(res).userId &&
                (category === undefined || job.category.startsWith(`r2/bg-jobs/${category}`))
        );
        const page = mine.slice(skip, skip + top);
        res.json({ items: page.map((job) => backgroundJobView(job, false)), hasMore: skip + top < mine.length });
    });

    r.get('/v3/background-jobs/:jobId', need('other:read'), (req, res) => {
        const { s, at } = stateOf(ctx);
        const id = String(req.params.jobId);
        if (!GUID.test(id)) throw invalidParameter('jobId', 'jobId must be a non-empty GUID');
        const job = s.backgroundJobs.get(id.toLowerCase());
        if (!job || job.ownerUserId !== principalOf(res).userId) {
            throw notFound('backgroundJob.notFound', `Background job ${id} was not found`);
        }
        res.json(backgroundJobView(pollJob(job, at)));
    });

    return r;
}
