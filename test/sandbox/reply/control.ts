/**
 * The control API under /__sandbox (no auth: the sandbox listens on 127.0.0.1 only). Tests and demos use it to read
 * counters, reset or reseed, move simulated time, generate activity, inject faults, mint scoped keys and read the
 * webhook delivery log.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { iso } from './clock.ts';
import { ALL_SCOPES, orgKeyFor, personalKeyFor, teamKeyFor } from './auth.ts';
import { capabilitiesSchema } from './capabilities.ts';
import { ReplyProblem, sendProblem } from './problems.ts';
import { issuesToErrors } from './validation.ts';
import type { SandboxServices } from './server.ts';

const seedSchema = z.object({
    seed: z.number().int().optional(),
    people: z.number().int().min(0).max(100_000).optional(),
    users: z.number().int().min(4).max(6).optional(),
    enrolled: z.number().int().min(0).optional(),
    historyDays: z.number().min(0).max(365).optional()
});

const simulateSchema = z.object({
    minutes: z.number().min(0).optional(),
    until: z.union([z.string(), z.number()]).optional(),
    enrol: z.number().int().min(0).optional(),
    sequenceId: z.number().int().positive().optional(),
    activities: z.number().int().min(0).max(1_000_000).optional()
});

const faultSchema = z
    .object({
        latencyMs: z.number().min(0).max(120_000),
        errorRate: z.number().min(0).max(1),
        errorStatus: z.union([z.literal(500), z.literal(502), z.literal(503)]),
        errorCount: z.number().int().positive().nullable(),
        malformedRate: z.number().min(0).max(1),
        dropRate: z.number().min(0).max(1),
        dropStage: z.enum(['before-processing', 'after-processing']),
        force429: z
            .object({ retryAfterSeconds: z.number().int().min(0), count: z.number().int().positive().optional() })
            .nullable(),
        invalidKeys: z.boolean(),
        pathPrefix: z.string().nullable()
    })
    .partial();

const keySchema = z.object({
    userId: z.number().int().positive().optional(),
    kind: z.enum(['team', 'personal', 'org']).default('personal'),
    scopes: z.array(z.string()).default(ALL_SCOPES),
    key: z.string().min(8).optional()
});

function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
    const parsed = schema.safeParse(body ?? {});
    if (!parsed.success) {
        throw new ReplyProblem(400, undefined, 'Invalid control request', {
            errors: issuesToErrors(parsed.error.issues)
        });
    }
    return parsed.data;
}

export function controlRoutes(services: SandboxServices): Router {
    const r = Router();
    const { workspace } = services;

    r.get('/health', (_req, res) => {
        res.json({ ok: true, now: iso(workspace.now()) });
    });

    r.get('/stats', (_req, res) => {
        res.json({
            api: services.stats.snapshot(),
            rateLimits: services.limiter.config,
            workspace: workspace.counts(),
            webhooks: summarizeDeliveries(services),
            now: iso(workspace.now())
        });
    });

    r.post('/stats/reset', (_req, res) => {
        services.stats.reset();
        res.json(services.stats.snapshot());
    });

    r.get('/keys', (_req, res) => {
        const s = workspace.state;
        res.json({
            teamKey: teamKeyFor(s.team.id),
            orgKey: orgKeyFor(s.team.id),
            personalKeys: Object.fromEntries([...s.users.keys()].map((id) => [id, personalKeyFor(id)])),
            users: [...s.users.values()].map((u) => ({ id: u.id, email: u.email, role: u.role })),
            keys: services.keys().list()
        });
    });

    r.post('/keys', (req, res) => {
        const body = parse(keySchema, req.body);
        if (body.kind === 'personal' && (body.userId === undefined || !workspace.state.users.has(body.userId))) {
            throw new ReplyProblem(400, undefined, 'Invalid control request', {
                errors: [{ pointer: '/userId', detail: 'a personal key needs the id of a team user' }]
            });
        }
        const key =
            body.key ??
            `${body.kind === 'personal' ? 'usr' : body.kind}_sandbox_custom_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
        services.keys().add({
            key,
            kind: body.kind,
            userId: body.kind === 'personal' ? (body.userId ?? null) : null,
            scopes: body.scopes
        });
        res.status(201).json({ key, kind: body.kind, userId: body.userId ?? null, scopes: body.scopes });
    });

    r.post('/reset', (req, res) => {
        const body = req.body as { seed?: unknown } | undefined;
        const seed = body?.seed === false ? false : body?.seed === undefined ? undefined : parse(seedSchema, body.seed);
        services.reseed(seed);
        services.stats.reset();
        services.faults.clear();
        services.limiter.reset();
        services.webhooks.clearLog();
        workspace.capabilities.reset();
        res.json({ ok: true, workspace: workspace.counts() });
    });

    r.get('/capabilities', (_req, res) => {
        res.json(workspace.capabilities.get());
    });

    const setCapabilities = (req: Request, res: Response) => {
        res.json(workspace.capabilities.set(parse(capabilitiesSchema.partial(), req.body)));
    };
    r.put('/capabilities', setCapabilities);
    r.post('/capabilities', setCapabilities);
    r.patch('/capabilities', setCapabilities);

    r.delete('/capabilities', (_req, res) => {
        res.json(workspace.capabilities.reset());
    });

    r.post('/seed', (req, res) => {
        services.reseed(parse(seedSchema, req.body));
        res.json({ ok: true, workspace: workspace.counts() });
    });

    r.post('/simulate', (req, res) => {
        res.json(workspace.simulate(parse(simulateSchema, req.body)));
    });

    r.get('/clock', (_req, res) => {
        res.json({ now: iso(workspace.now()), offsetMs: workspace.clock.offset });
    });

    r.post('/clock', (req, res) => {
        const body = parse(
            z.object({ advanceMinutes: z.number().min(0).optional(), advanceMs: z.number().min(0).optional() }),
            req.body
        );
        workspace.advance((body.advanceMinutes ?? 0) + (body.advanceMs ?? 0) / 60_000);
        res.json({ now: iso(workspace.now()), offsetMs: workspace.clock.offset });
    });

    r.get('/faults', (_req, res) => {
        res.json(services.faults.current());
    });

    const setFaults = (req: Request, res: Response) => {
        res.json(services.faults.set(parse(faultSchema, req.body)));
    };
    r.put('/faults', setFaults);
    r.post('/faults', setFaults);
    r.patch('/faults', setFaults);

    r.delete('/faults', (_req, res) => {
        services.faults.clear();
        res.json(services.faults.current());
    });

    r.get('/rate-limits/:userId', (req, res) => {
        res.json({ limits: services.limiter.config, usage: services.limiter.usage(Number(req.params.userId)) });
    });

    r.get('/webhooks/deliveries', (_req, res) => {
        res.json(services.webhooks.deliveries());
    });

    r.delete('/webhooks/deliveries', (_req, res) => {
        services.webhooks.clearLog();
        res.status(204).end();
    });

    r.use((req, res) => {
        sendProblem(
            res,
            new ReplyProblem(404, 'route.notFound', `No control endpoint ${req.method} /__sandbox${req.path}`)
        );
    });
    r.use((error: unknown, _req: Request, res: Response, _next: (e?: unknown) => void) => {
        if (error instanceof ReplyProblem) sendProblem(res, error);
        else
            sendProblem(
                res,
                new ReplyProblem(500, 'server.error', error instanceof Error ? error.message : String(error))
            );
    });
    return r;
}

function summarizeDeliveries(services: SandboxServices): Record<string, number> {
    const summary: Record<string, number> = {};
    for (const delivery of services.webhooks.deliveries())
        summary[delivery.status] = (summary[delivery.status] ?? 0) + 1;
    return summary;
}
