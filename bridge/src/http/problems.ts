import type { Response } from 'express';

/** RFC 9457 problem details with a stable code, the shape bridge/openapi.yaml promises for every error. */
export function problem(res: Response, status: number, code: string, title: string, detail?: string): void {
    res.status(status)
        .type('application/problem+json')
        .json({
            type: `https://reply-sync.dev/problems/${code.toLowerCase()}`,
            title,
            status,
            code,
            ...(detail ? { detail } : {})
        });
}
