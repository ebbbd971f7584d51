import type { Response } from 'express';
import type { z } from 'zod';

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

/** 400 INVALID_REQUEST naming the first field of the body that is wrong. */
export function invalidRequest(res: Response, error: z.ZodError): void {
    const issue = error.issues[0];
    problem(
        res,
        400,
        'INVALID_REQUEST',
        'The request body is invalid',
        `${issue?.path.join('.') || 'body'}: ${issue?.message}`
    );
}
