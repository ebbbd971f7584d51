/**
 * Background jobs (documented: docs.reply.io/api-reference/background-jobs/get-a-background-job): long operations
 * answer `202 Accepted` + `Location: /v3/background-jobs/{jobId}`; the job reports Scheduled | Processing | Done |
 * Failed | Expired | Cancelled and, once terminal, an opaque `jsonDataResult` string. The sandbox does the work at
 * once and reports Processing on the first poll, Done after (a client has to poll, and may not assume a shape).
 */
import { randomUUID } from 'node:crypto';
import type { WorkspaceState } from '../state.ts';
import type { BackgroundJob } from '../types.ts';

export function startJob(
    s: WorkspaceState,
    category: string,
    input: unknown,
    result: unknown,
    ownerUserId: number,
    at: number
): BackgroundJob {
    const job: BackgroundJob = {
        jobId: randomUUID(),
        category: `r2/bg-jobs/${category}`,
        status: 'Scheduled',
        startedAt: at,
        finishedAt: null,
        polls: 0,
        jsonData: JSON.stringify(input),
        jsonDataResult: JSON.stringify(result),
        ownerUserId
    };
    s.backgroundJobs.set(job.jobId, job);
    return job;
}

/** A poll: the job moves on one state per poll until it is Done. */
export function pollJob(job: BackgroundJob, at: number): BackgroundJob {
    job.polls += 1;
    if (job.status === 'Scheduled') job.status = 'Processing';
    else if (job.status === 'Processing') {
        job.status = 'Done';
        job.finishedAt = at;
    }
    return job;
}
