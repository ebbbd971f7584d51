import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Logger } from '../logging.ts';
import type { ReplyCallUsage } from '../reply/budget.ts';
import type { RunRecord } from '../domain/runs.ts';
import type { Store } from '../store/store.ts';
import type { RunCoordinator } from '../sync/coordinator.ts';
import type { ReplyOptions } from '../sync/reply-options.ts';
import type { StepDraft, StepVerdict } from '../sync/validation/service.ts';
import { requireBearer } from './auth.ts';
import type { BridgeMetrics } from './metrics.ts';
import { refuseDeepJson } from './json-depth.ts';
import { invalidRequest, problem } from './problems.ts';
import { stepValidationHandlers } from './steps-validate.ts';
import { configPlanHandlers } from './config-plan.ts';
import type { ConfigChange, ConfigPlan, ConfigState } from '../sync/config-changes.ts';

export interface BridgeStatus {
    version: string;
    enabled: boolean;
    profile: 'Default' | 'Custom';
    salesforce: {
        connected: boolean;
        instanceUrl?: string;
        apiUsage: { used: number; limit: number } | null;
        paused: string | null;
        error: string | null;
    };
    reply: {
        connected: boolean;
        userId: number | null;
        teamId: number | null;
        error: string | null;
        /** The bridge's own Reply calls this hour and month, against Reply's allowance (all bridge processes). */
        calls: ReplyCallUsage;
    };
    schedule: { intervalMinutes: number; nextRunAt: string | null };
    currentRunId: string | null;
}

export interface AppDependencies {
    version: string;
    apiToken: string | undefined;
    store: Store;
    coordinator: RunCoordinator;
    metrics: BridgeMetrics;
    logger: Logger;
    status: () => Promise<BridgeStatus>;
    replyOptions: () => Promise<ReplyOptions>;
    /** Whether a step of that name exists and the integration is enabled (fresh from the org when in doubt). */
    checkSyncRequest: (
        stepName: string | undefined
    ) => Promise<{ ok: true } | { ok: false; status: 404 | 409; code: string; detail: string }>;
    /** POST /v1/steps/validate: the step validator runs use, asked about drafts from the console. */
    validateSteps: (drafts: StepDraft[]) => Promise<StepVerdict[]>;
    /** POST /v1/config/plan: what a configuration change from the console deploys. */
    planChange: (change: ConfigChange, state: ConfigState) => Promise<ConfigPlan>;
    /** Reply's webhooks (POST /v1/webhooks/reply); absent when REPLY_WEBHOOK_SECRET is not set. */
    webhooks?: express.RequestHandler;
}

const syncRequestSchema = z.strictObject({
    step: z.string().min(1).max(40).optional(),
    dryRun: z.boolean().optional()
});

const TRIGGERS = {
    scheduled: 'scheduled',
    syncNow: 'syncNow',
    webhook: 'webhook',
    commandLine: 'commandLine',
    startup: 'startup'
} as const;

/** A stored run as bridge/openapi.yaml's Run. */
export function runToJson(run: RunRecord): Record<string, unknown> {
    const done = run.steps.filter((s) => !['pending', 'running'].includes(s.status)).length;
    const current = run.steps.find((s) => s.status === 'running');
    return {
        id: run.id,
        status: run.status,
        trigger: TRIGGERS[run.trigger] ?? run.trigger,
        dryRun: run.dryRun,
        stepFilter: run.stepFilter,
        createdAt: run.createdAt.toISOString(),
        startedAt: run.startedAt?.toISOString() ?? null,
        finishedAt: run.finishedAt?.toISOString() ?? null,
        message: run.message,
        stoppedBy: run.stoppedBy,
        progress: { stepsDone: done, stepsTotal: run.steps.length, currentStep: current?.stepName ?? null },
        steps: run.steps.map((s) => ({
            stepName: s.stepName,
            stepKind: s.stepKind,
            label: s.label,
            status: s.status,
            read: s.read,
            created: s.created,
            updated: s.updated,
            skipped: s.skipped,
            failed: s.failed,
            salesforceApiCalls: s.salesforceApiCalls,
            replyApiCalls: s.replyApiCalls,
            message: s.message,
            startedAt: s.startedAt?.toISOString() ?? null,
            finishedAt: s.finishedAt?.toISOString() ?? null
        }))
    };
}

/** A body the JSON parser skipped (another content type) would otherwise read as no body (for Sync now: everything). */
const requireJsonBody: express.RequestHandler = (req, res, next) => {
    if (req.body !== undefined || Number(req.headers['content-length'] ?? 0) === 0) return next();
    problem(
        res,
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the request body as JSON',
        `Content-Type ${req.headers['content-type'] ?? '(none)'} is not application/json`
    );
};

/** The bridge's HTTP API, as described in bridge/openapi.yaml. */
export function createApp(deps: AppDependencies): express.Express {
    const app = express();
    app.disable('x-powered-by');
    app.set('trust proxy', false);
    const auth = requireBearer(deps.apiToken);

    app.get('/healthz', async (_req, res) => {
        try {
            await deps.store.prisma.$queryRawUnsafe('SELECT 1');
            res.json({ status: 'ok', version: deps.version });
        } catch {
            res.status(503).json({ status: 'unavailable', version: deps.version });
        }
    });

    if (deps.webhooks) {
        app.post('/v1/webhooks/reply', express.json({ limit: '1mb' }), refuseDeepJson, deps.webhooks);
    } else {
        app.post('/v1/webhooks/reply', (_req, res) =>
            problem(
                res,
                404,
                'WEBHOOKS_OFF',
                'Reply webhooks are off on this bridge',
                'Set REPLY_WEBHOOK_SECRET, restart the bridge and run `reply-sync webhooks register`; until then scheduled runs poll Reply.'
            )
        );
    }

    app.use(auth);
    // Step drafts may be larger than other requests: this route parses its own body (with its own limit).
    app.post(
        '/v1/steps/validate',
        ...stepValidationHandlers(deps.validateSteps, deps.logger, [requireJsonBody, refuseDeepJson])
    );
    app.post('/v1/config/plan', ...configPlanHandlers(deps.planChange, deps.logger, [requireJsonBody, refuseDeepJson]));
    app.use(express.json({ limit: '100kb' }));
    app.use(requireJsonBody, refuseDeepJson);

    app.get('/metrics', async (_req, res) => {
        res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
    });

    app.get('/v1/status', async (_req, res) => {
        res.json(await deps.status());
    });

    app.post('/v1/sync', async (req, res) => {
        const parsed = syncRequestSchema.safeParse(req.body ?? {});
        if (!parsed.success) {
            invalidRequest(res, parsed.error);
            return;
        }
        const check = await deps.checkSyncRequest(parsed.data.step);
        if (!check.ok) {
            problem(
                res,
                check.status,
                check.code,
                check.status === 404 ? 'No such step' : 'The integration is disabled',
                check.detail
            );
            return;
        }
        const ticket = await deps.coordinator.request({
            trigger: 'syncNow',
            stepName: parsed.data.step,
            dryRun: parsed.data.dryRun
        });
        res.status(202).json(ticket);
    });

    app.get('/v1/runs', async (req, res) => {
        const limit = Number(req.query.limit ?? 20);
        if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
            problem(res, 400, 'INVALID_REQUEST', 'limit must be an integer from 1 to 200');
            return;
        }
        res.json({ items: (await deps.store.runs.list(limit)).map(runToJson) });
    });

    app.get('/v1/runs/:id', async (req, res) => {
        const run = await deps.store.runs.get(String(req.params.id));
        if (!run) {
            problem(res, 404, 'RUN_NOT_FOUND', 'No such run', `There is no run ${String(req.params.id)}`);
            return;
        }
        res.json(runToJson(run));
    });

    app.get('/v1/reply/options', async (_req, res) => {
        try {
            res.json(await deps.replyOptions());
        } catch (error) {
            deps.logger.warn({ err: error }, 'Reply options failed');
            problem(
                res,
                502,
                (error as { code?: string }).code ?? 'REPLY_FAILED',
                'Reply refused or failed',
                (error as Error).message
            );
        }
    });

    app.use((_req, res) => problem(res, 404, 'NOT_FOUND', 'No such endpoint'));
    app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
        const { status, type, limit } = error as { status?: number; type?: string; limit?: number };
        if (type === 'entity.too.large') {
            problem(
                res,
                413,
                'PAYLOAD_TOO_LARGE',
                'The request body is too large',
                `This endpoint accepts at most ${limit ?? '?'} bytes.`
            );
            return;
        }
        if (type === 'entity.parse.failed') {
            problem(res, 400, 'INVALID_JSON', 'The request body is not valid JSON');
            return;
        }
        if (error instanceof URIError) {
            problem(res, 400, 'INVALID_URL', 'The URL is not valid', 'It holds a malformed percent-encoding.');
            return;
        }
        if (status !== undefined && status >= 400 && status < 500) {
            problem(res, status, 'INVALID_REQUEST', 'The request is not valid', (error as Error).message);
            return;
        }
        deps.logger.error({ err: error }, 'HTTP request failed');
        problem(res, 500, 'INTERNAL', 'The bridge failed to answer', "The cause is in the bridge's log.");
    });
    return app;
}
