/**
 * Reply v3 errors: RFC 9457 `application/problem+json` bodies `{type, title, status, detail, code}` with a
 * `<resource>.<variant>` code; 400 validation carries `errors[]` (one per field, with a JSON pointer) and no code.
 * Workspace operations throw ReplyProblem; the server's error handler turns it into the response.
 */
import type { Response } from 'express';

export interface FieldError {
    /** JSON pointer into the request body, e.g. `/items/3/email` */
    pointer?: string;
    /** name of a query parameter, for errors that are not in the body */
    parameter?: string;
    detail: string;
}

const TITLES: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    409: 'Conflict',
    413: 'Payload Too Large',
    422: 'Unprocessable Entity',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable'
};

export class ReplyProblem extends Error {
    readonly status: number;
    readonly code: string | undefined;
    readonly errors: FieldError[] | undefined;
    readonly headers: Record<string, string>;
    readonly extra: Record<string, unknown>;

    constructor(
        status: number,
        code: string | undefined,
        detail: string,
        options: { errors?: FieldError[]; headers?: Record<string, string>; extra?: Record<string, unknown> } = {}
    ) {
        super(detail);
        this.name = 'ReplyProblem';
        this.status = status;
        this.code = code;
        this.errors = options.errors;
        this.headers = options.headers ?? {};
        this.extra = options.extra ?? {};
    }

    body(): Record<string, unknown> {
        return {
            type: 'about:blank',
            title: this.errors ? 'One or more validation errors occurred.' : (TITLES[this.status] ?? 'Error'),
            status: this.status,
            detail: this.message,
            ...(this.code === undefined ? {} : { code: this.code }),
            ...(this.errors ? { errors: this.errors } : {}),
            ...this.extra
        };
    }
}

export function validationProblem(errors: FieldError[]): ReplyProblem {
    return new ReplyProblem(400, undefined, 'The request is invalid; see errors[].', { errors });
}

export function invalidField(pointer: string, detail: string): ReplyProblem {
    return validationProblem([{ pointer, detail }]);
}

export function invalidParameter(parameter: string, detail: string): ReplyProblem {
    return validationProblem([{ parameter, detail }]);
}

export function notFound(code: string, detail: string): ReplyProblem {
    return new ReplyProblem(404, code, detail);
}

export function forbidden(code: string, detail: string): ReplyProblem {
    return new ReplyProblem(403, code, detail);
}

export function conflict(code: string, detail: string): ReplyProblem {
    return new ReplyProblem(409, code, detail);
}

export function badRequest(code: string, detail: string): ReplyProblem {
    return new ReplyProblem(400, code, detail);
}

export function tooManyRequests(retryAfterSeconds: number, detail: string): ReplyProblem {
    return new ReplyProblem(429, 'rateLimit.exceeded', detail, {
        headers: { 'Retry-After': String(retryAfterSeconds) }
    });
}

export function sendProblem(res: Response, problem: ReplyProblem): void {
    for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem.body()));
}

/** 401 as Reply sends it: no body, a Bearer challenge. */
export function sendUnauthorized(res: Response): void {
    res.status(401).setHeader('WWW-Authenticate', 'Bearer').end();
}
