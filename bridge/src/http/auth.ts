import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { problem } from './problems.ts';

/** Compares secrets in constant time (over their digests, so lengths leak nothing either). */
export function sameSecret(given: string, expected: string): boolean {
    const a = createHash('sha256').update(given).digest();
    const b = createHash('sha256').update(expected).digest();
    return timingSafeEqual(a, b);
}

/** `Authorization: Bearer <BRIDGE_API_TOKEN>` on every route it guards. */
export function requireBearer(token: string | undefined) {
    return (req: Request, res: Response, next: NextFunction): void => {
        const header = req.header('authorization') ?? '';
        const given = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
        if (!token) {
            problem(
                res,
                503,
                'API_DISABLED',
                'The bridge API is disabled',
                'Set BRIDGE_API_TOKEN on the bridge to enable its API.'
            );
            return;
        }
        if (!given || !sameSecret(given, token)) {
            res.setHeader('WWW-Authenticate', 'Bearer');
            problem(
                res,
                401,
                'UNAUTHORIZED',
                'Missing or wrong bearer token',
                "Send Authorization: Bearer <BRIDGE_API_TOKEN>. From Salesforce: in Setup, the External Credential Reply Bridge Auth, principal Bridge, parameter Token must be the bridge's BRIDGE_API_TOKEN."
            );
            return;
        }
        next();
    };
}
