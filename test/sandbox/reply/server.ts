/**
 * The express app: /v3 behind accounting, fault injection, Bearer auth and per-user rate limits, in that order, and
 * the control API under /__sandbox. Errors leave as Reply's problem+json.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { authenticate, type KeyRing } from './auth.ts';
import { controlRoutes } from './control.ts';
import type { LatencyModel } from '../latency.ts';
import { latencyControlRouter } from '../latency-routes.ts';
import { latencyMiddleware, type ReplyLatencyFamily } from './latency.ts';
import type { FaultInjector } from './faults.ts';
import { ReplyProblem, sendProblem, sendUnauthorized, tooManyRequests } from './problems.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { RouteContext } from './routes/common.ts';
import { backgroundJobRoutes } from './routes/background-jobs.ts';
import { contactListRoutes } from './routes/contact-lists.ts';
import { contactRoutes } from './routes/contacts.ts';
import { customFieldRoutes } from './routes/custom-fields.ts';
import { inboxRoutes } from './routes/inbox.ts';
import { reportingRoutes } from './routes/reporting.ts';
import { sequenceRoutes } from './routes/sequences.ts';
import { taskRoutes } from './routes/tasks.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { whoamiRoutes } from './routes/whoami.ts';
import type { ApiStats } from './stats.ts';
import type { WebhookDispatcher } from './webhooks.ts';
import type { ReplyWorkspace } from './workspace.ts';
import type { SeedOptions } from './seed.ts';

/** Everything the app serves from; `reset` restores the seeded workspace and clears counters, faults and limits. */
export interface SandboxServices extends RouteContext {
    workspace: ReplyWorkspace;
    keys(): KeyRing;
    limiter: RateLimiter;
    stats: ApiStats;
    faults: FaultInjector;
    webhooks: WebhookDispatcher;
    reseed(seed?: SeedOptions | false): void;
    /** The latency profile every /v3 answer waits for (latency.ts); none = no waits. */
    latency?: LatencyModel<ReplyLatencyFamily>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createApp(services: SandboxServices): express.Express {
    const app = express();
    app.disable('x-powered-by');
    app.set('etag', false);

    if (services.latency) app.use('/__sandbox/latency', latencyControlRouter(services.latency));
    app.use('/__sandbox', express.json({ limit: '1mb' }), controlRoutes(services));

    app.use('/v3', account(services), injectFaults(services), authenticateRequest(services), rateLimit(services));
    if (services.latency) app.use('/v3', latencyMiddleware(services.latency));
    app.use('/v3', (_req, _res, next) => {
        services.workspace.catchUp();
        next();
    });
    app.use('/v3', express.json({ limit: '25mb', type: ['application/json', 'application/*+json'] }));
    for (const routes of [
        whoamiRoutes,
        contactRoutes,
        customFieldRoutes,
        contactListRoutes,
        sequenceRoutes,
        inboxRoutes,
        taskRoutes,
        reportingRoutes,
        webhookRoutes,
        backgroundJobRoutes
    ]) {
        app.use(routes(services));
    }
    app.use((req, res) => {
        sendProblem(res, new ReplyProblem(404, 'route.notFound', `No endpoint ${req.method} ${req.path}`));
    });
    app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
        if (res.headersSent) return;
        sendProblem(res, toProblem(error));
    });
    return app;
}

function toProblem(error: unknown): ReplyProblem {
    if (error instanceof ReplyProblem) return error;
    const type = (error as { type?: unknown } | null)?.type;
    if (type === 'entity.parse.failed')
        return new ReplyProblem(400, 'request.malformedJson', 'The request body is not valid JSON');
    if (type === 'entity.too.large') return new ReplyProblem(413, 'request.tooLarge', 'The request body is too large');
    console.error('[reply sandbox] unexpected error', error);
    return new ReplyProblem(500, 'server.error', error instanceof Error ? error.message : 'Unexpected error');
}

/** Counts every /v3 call once it is answered (or its connection dropped). */
function account(services: SandboxServices) {
    return (req: Request, res: Response, next: NextFunction) => {
        let done = false;
        const record = (status: number) => {
            if (done) return;
            done = true;
            const userId = (res.locals.principal as { userId?: number } | undefined)?.userId;
            services.stats.record(req.method, req.originalUrl, status, userId, res.locals.fault === true);
        };
        res.on('finish', () => record(res.statusCode));
        res.on('close', () => record(0));
        next();
    };
}

function injectFaults(services: SandboxServices) {
    return async (req: Request, res: Response, next: NextFunction) => {
        const path = req.originalUrl;
        const latency = services.faults.latency(path);
        if (latency > 0) await sleep(latency);
        const action = services.faults.decide(path);
        res.locals.fault = action.kind !== 'none';
        switch (action.kind) {
            case 'unauthorized':
                sendUnauthorized(res);
                return;
            case 'drop':
                req.socket.destroy();
                return;
            case 'loseAnswer': {
                // The request is carried out; its answer never arrives.
                const destroy = () => {
                    req.socket.destroy();
                    return res;
                };
                res.send = destroy;
                res.json = destroy;
                res.end = destroy as typeof res.end;
                break;
            }
            case 'error':
                sendProblem(
                    res,
                    new ReplyProblem(action.status, 'server.error', 'Injected fault: the service is failing')
                );
                return;
            case 'tooMany':
                sendProblem(res, tooManyRequests(action.retryAfterSeconds, 'Too many requests (injected fault)'));
                return;
            case 'malformed': {
                // Truncate whatever this request answers, so the client sees JSON cut off mid-way.
                const send = res.send.bind(res);
                res.send = (body?: unknown) =>
                    send(typeof body === 'string' ? body.slice(0, Math.max(1, Math.floor(body.length / 2))) : body);
                break;
            }
        }
        next();
    };
}

function authenticateRequest(services: SandboxServices) {
    return (req: Request, res: Response, next: NextFunction) => {
        const s = services.workspace.state;
        const outcome = authenticate(
            {
                authorization: req.get('authorization'),
                userId: req.get('x-user-id'),
                userEmail: req.get('x-user-email'),
                teamId: req.get('x-team-id')
            },
            services.keys(),
            s.users,
            s.team
        );
        if (!outcome.ok) {
            if (outcome.problem) sendProblem(res, outcome.problem);
            else sendUnauthorized(res);
            return;
        }
        res.locals.principal = outcome.principal;
        next();
    };
}

function rateLimit(services: SandboxServices) {
    return (req: Request, res: Response, next: NextFunction) => {
        const userId = (res.locals.principal as { userId: number }).userId;
        const decision = services.limiter.admit(userId, req.originalUrl.startsWith('/v3/reporting/'));
        if (decision.ok) {
            next();
            return;
        }
        const which = {
            minute: '100 requests per minute',
            hour: '3,000 requests per hour',
            reportingHour: 'the hourly reporting limit'
        };
        sendProblem(
            res,
            tooManyRequests(
                decision.retryAfterSeconds,
                `Rate limit exceeded (${which[decision.window]} per user); retry after ${decision.retryAfterSeconds} s`
            )
        );
    };
}
