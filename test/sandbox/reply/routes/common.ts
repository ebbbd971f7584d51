/** What every route module shares: the context it works on, the acting principal, and scope checks. */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { scopeAllows, type Principal } from '../auth.ts';
import { ReplyProblem, sendProblem } from '../problems.ts';
import type { WorkspaceState } from '../state.ts';
import type { ReplyWorkspace } from '../workspace.ts';

export interface RouteContext {
    workspace: ReplyWorkspace;
}

export function principalOf(res: Response): Principal {
    const principal = res.locals.principal as Principal | undefined;
    if (!principal) throw new Error('route reached without authentication');
    return principal;
}

/** The workspace state, caught up to now, and the time this request happens at. */
export function stateOf(ctx: RouteContext): { s: WorkspaceState; at: number } {
    return { s: ctx.workspace.state, at: ctx.workspace.now() };
}

/** Requires a `domain:verb` scope on the key (403 insufficient_scope otherwise). */
export function need(scope: string): RequestHandler {
    return (_req: Request, res: Response, next: NextFunction) => {
        if (scopeAllows(principalOf(res).scopes, scope)) {
            next();
            return;
        }
        sendProblem(res, new ReplyProblem(403, 'insufficient_scope', `This API key lacks the '${scope}' scope`));
    };
}

export function query(req: Request): Record<string, unknown> {
    return req.query as Record<string, unknown>;
}
