import { ReplyApiError } from './errors.ts';
import type { ReplyHttp } from './http.ts';
import { backgroundJobSchema, parseReply, TERMINAL_JOB_STATUSES } from './schemas.ts';

export interface BackgroundJob {
    jobId: string;
    status: string;
    /** The job's result, parsed from its JSON string; undefined when absent or not JSON (its shape is opaque). */
    result: unknown;
}

/**
 * Follows a `202 Accepted` to its background job (`Location: /v3/background-jobs/{id}`, documented) until the job
 * is terminal, waiting a little longer between polls each time. A job still running after `maxWaitMs` is a transient
 * failure: the batch is sent again on the next run (every Reply write the bridge makes is an upsert).
 */
export async function waitForJob(
    http: ReplyHttp,
    location: string | undefined,
    options: { sleep: (ms: number) => Promise<void>; maxWaitMs?: number }
): Promise<BackgroundJob> {
    const path = location ? new URL(location, 'http://reply.invalid').pathname : undefined;
    if (!path?.startsWith('/v3/background-jobs/')) {
        throw new ReplyApiError(
            'REPLY_UNEXPECTED_RESPONSE',
            `Reply answered 202 Accepted without a background job to follow (Location: ${location ?? 'none'})`
        );
    }
    const maxWaitMs = options.maxWaitMs ?? 120_000;
    let waited = 0;
    for (let delay = 500; ; delay = Math.min(delay * 2, 10_000)) {
        const job = parseReply(backgroundJobSchema, await http.get(path), `Reply background job ${path}`);
        if (TERMINAL_JOB_STATUSES.includes(job.status.toLowerCase())) {
            let result: unknown;
            try {
                result = job.jsonDataResult ? JSON.parse(job.jsonDataResult) : undefined;
            } catch {
                result = undefined;
            }
            return { jobId: job.jobId, status: job.status, result };
        }
        if (waited >= maxWaitMs) {
            throw new ReplyApiError(
                'REPLY_JOB_RUNNING',
                `Reply is still working on background job ${job.jobId} (${job.status}) after ${Math.round(waited / 1000)} s; what it holds is sent again on the next run`,
                { transient: true }
            );
        }
        await options.sleep(delay);
        waited += delay;
    }
}
