import { STATUS_CODES, type Server } from 'node:http';
import type { Response } from 'express';
import type { z } from 'zod';

/** RFC 9457 problem details with a stable code, the shape bridge/openapi.yaml promises for every error. */
export function problemBody(status: number, code: string, title: string, detail?: string): Record<string, unknown> {
    return {
        type: `https://reply-sync.dev/problems/${code.toLowerCase()}`,
        title,
        status,
        code,
        ...(detail ? { detail } : {})
    };
}

export function problem(res: Response, status: number, code: string, title: string, detail?: string): void {
    res.status(status)
        .type('application/problem+json')
        .json(problemBody(status, code, title, detail));
}

/**
 * Requests Node's HTTP parser refuses before Express sees them (a URL or headers over the size limit, bytes that are
 * not HTTP) get problem details too, instead of Node's bare status line.
 */
export function answerClientErrors(server: Server): void {
    server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
        if (error.code === 'ECONNRESET' || !socket.writable) {
            socket.destroy();
            return;
        }
        const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
        const status = tooLarge ? 431 : 400;
        const body = JSON.stringify(
            tooLarge
                ? problemBody(status, 'HEADERS_TOO_LARGE', 'The request URL or headers are too large')
                : problemBody(status, 'BAD_REQUEST', 'The request is not valid HTTP')
        );
        socket.end(
            `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\n` +
                `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
        );
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
