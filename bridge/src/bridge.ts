import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadCatalog } from './catalog/load.ts';
import type { Catalog } from './catalog/schema.ts';
import type { BridgeConfig } from './config/env.ts';
import { ConfigError } from './errors.ts';
import { createApp, type BridgeStatus } from './http/app.ts';
import { BridgeMetrics } from './http/metrics.ts';
import type { Logger } from './logging.ts';
import { ReplyClient } from './reply/client.ts';
import { SalesforceApi } from './salesforce/api.ts';
import type { BulkPolling } from './salesforce/bulk.ts';
import { connectSalesforce } from './salesforce/connection.ts';
import { STEP_QUERY, type StepRecord } from './salesforce/step-records.ts';
import { openStore } from './store/store.ts';
import type { SyncServices } from './sync/context.ts';
import { RunCoordinator } from './sync/coordinator.ts';
import { SyncEngine, type RunEvent } from './sync/engine.ts';
import { CachedReplyOptions, loadReplyOptions } from './sync/reply-options.ts';
import { Scheduler } from './sync/scheduler.ts';
import { StepValidationService } from './sync/validation/service.ts';
import { planChange } from './sync/config-changes.ts';
import { WebhookProcessor } from './sync/webhook-processor.ts';
import { answerClientErrors } from './http/problems.ts';
import { webhookHandler } from './http/webhooks.ts';

export const VERSION = (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Where Reply shows a person; used for Salesforce's Reply_Profile_Url__c. (ASSUMPTIONS.md: Reply's app URL.) */
export const DEFAULT_REPLY_APP_URL = 'https://run.reply.io';

export interface BridgeOptions {
    catalog?: Catalog;
    now?: () => Date;
    onEvent?: (event: RunEvent) => void;
    /** Tests shorten retry back-off and call timeouts. */
    retryDelayMs?: number;
    salesforceTimeoutMs?: number;
    /** Tests read Bulk API 2.0 job status without the production back-off. */
    bulkPolling?: Partial<BulkPolling>;
    replyTimeoutMs?: number;
    /** Longest wait for Reply's rate limit within one call before the run stops for it (default 2 minutes). */
    replyMaxWaitMs?: number;
    /** How the Reply client waits (rate limit, Retry-After, background jobs): tests wait in simulated time. */
    replySleep?: (ms: number) => Promise<void>;
    /** Salesforce's clock (ms) for the Get Deleted windows; the wall clock unless a test moves it. */
    salesforceNow?: () => number;
    replyAppUrl?: string;
    /** How long webhook events are gathered before the run they trigger (default 5 s). */
    webhookDebounceMs?: number;
}

/** The bridge assembled from its configuration: clients, store, engine, coordinator, scheduler and HTTP API. */
export class Bridge {
    readonly engine: SyncEngine;
    readonly coordinator: RunCoordinator;
    readonly metrics: BridgeMetrics;
    readonly scheduler: Scheduler;
    readonly webhooks: WebhookProcessor;
    private readonly replyOptions: CachedReplyOptions;
    private readonly stepValidation: StepValidationService;
    private server: Server | undefined;
    private replyIdentity: { userId: number; teamId: number | null } | undefined;

    private constructor(
        readonly config: BridgeConfig,
        readonly services: SyncServices,
        options: BridgeOptions
    ) {
        this.metrics = new BridgeMetrics(() => services.reply.budget.usage());
        this.engine = new SyncEngine(services, (event) => {
            this.metrics.observe(event);
            options.onEvent?.(event);
        });
        this.coordinator = new RunCoordinator(this.engine);
        this.scheduler = new Scheduler(this.coordinator, () => this.intervalMinutes(), services.logger, services.now);
        this.replyOptions = new CachedReplyOptions(() => loadReplyOptions(services.reply, services.catalog));
        this.stepValidation = new StepValidationService({ ...services, now: () => services.now().getTime() });
        this.webhooks = new WebhookProcessor(
            services.store,
            this.coordinator,
            services.logger,
            options.webhookDebounceMs,
            services.now
        );
    }

    static async open(config: BridgeConfig, logger: Logger, options: BridgeOptions = {}): Promise<Bridge> {
        const catalog = options.catalog ?? loadCatalog();
        const store = await openStore(config.databaseUrl);
        try {
            const abandoned = await store.runs.abandon(
                'The bridge stopped during this run; the next run picks up where its steps left off'
            );
            if (abandoned > 0) logger.warn({ abandoned }, 'runs interrupted by a stop were marked failed');
            const { conn, userId } = await connectSalesforce(
                config.salesforce.auth,
                config.salesforce.apiVersion,
                options.salesforceTimeoutMs
            );
            const salesforce = new SalesforceApi(conn, {
                logger,
                budgetShare: config.salesforce.apiBudgetShare,
                credentials: config.salesforce.auth.kind,
                callsInFlight: config.salesforce.callsInFlight,
                ...(options.retryDelayMs === undefined ? {} : { retryDelayMs: options.retryDelayMs }),
                ...(options.salesforceTimeoutMs === undefined ? {} : { timeoutMs: options.salesforceTimeoutMs }),
                bulk: {
                    threshold: config.salesforce.bulkThreshold,
                    queryThreshold: config.salesforce.bulkQueryThreshold,
                    journal: store.bulkJobs,
                    ...(options.bulkPolling ? { polling: options.bulkPolling } : {})
                }
            });
            const reply = new ReplyClient({
                apiUrl: config.reply.apiUrl,
                apiKey: config.reply.apiKey,
                limits: config.reply,
                logger,
                allowance: { monthly: config.reply.monthlyCallLimit, reserveShare: config.reply.budgetReserve },
                callCounts: store.replyCalls,
                ...(options.now ? { now: () => options.now!().getTime() } : {}),
                ...(options.retryDelayMs === undefined ? {} : { retryDelayMs: options.retryDelayMs }),
                ...(options.replyTimeoutMs === undefined ? {} : { timeoutMs: options.replyTimeoutMs }),
                ...(options.replyMaxWaitMs === undefined ? {} : { maxWaitMs: options.replyMaxWaitMs }),
                ...(options.replySleep ? { sleep: options.replySleep } : {})
            });
            const appUrl = (options.replyAppUrl ?? DEFAULT_REPLY_APP_URL).replace(/\/+$/, '');
            const services: SyncServices = {
                salesforce,
                reply,
                store,
                catalog,
                logger,
                retryLimit: config.recordRetryLimit,
                noteReadsPerRun: config.reply.noteReadsPerRun,
                statusReadsPerRun: config.reply.statusReadsPerRun,
                statusRechecksPerRun: config.reply.statusRechecksPerRun,
                statusRecheckHours: config.reply.statusRecheckHours,
                activityBackfillDays: config.reply.activityBackfillDays,
                replyProfileUrl: (id) => `${appUrl}/people/${id}`,
                integrationUserId: userId,
                now: options.now ?? (() => new Date()),
                spoolDir: join(config.dataDir, 'spool'),
                ...(options.salesforceNow ? { salesforceNow: options.salesforceNow } : {})
            };
            return new Bridge(config, services, options);
        } catch (error) {
            await store.close();
            throw error;
        }
    }

    private intervalMinutes(): number {
        const last = this.engine.lastOrg;
        const minutes = last && 'setting' in last ? last.setting?.Sync_Interval_Minutes__c : undefined;
        return minutes && minutes >= 5 ? minutes : this.services.catalog.defaults.syncIntervalMinutes;
    }

    async status(): Promise<BridgeStatus> {
        const { salesforce, reply } = this.services;
        const last = this.engine.lastOrg;
        const setting = last && 'setting' in last ? last.setting : undefined;
        let replyError: string | null = null;
        try {
            this.replyIdentity ??= await reply.team.whoami();
        } catch (error) {
            replyError = (error as Error).message;
        }
        await reply.budget.sync().catch(() => undefined);
        return {
            version: VERSION,
            enabled: setting?.Enabled__c ?? false,
            profile: setting?.Profile__c === 'Custom' ? 'Custom' : 'Default',
            salesforce: {
                connected: Boolean(last && 'setting' in last),
                instanceUrl: salesforce.instanceUrl,
                apiUsage: salesforce.apiUsage ?? null,
                paused: salesforce.budgetExhausted() ?? null,
                error: last && 'error' in last ? last.error : null
            },
            reply: {
                connected: replyError === null,
                userId: this.replyIdentity?.userId ?? null,
                teamId: this.replyIdentity?.teamId ?? null,
                error: replyError,
                calls: reply.budget.usage()
            },
            schedule: {
                intervalMinutes: this.intervalMinutes(),
                nextRunAt: this.scheduler.nextRunAt?.toISOString() ?? null
            },
            currentRunId: this.coordinator.currentRunId ?? null
        };
    }

    /** Sync now's checks: the step exists (asked fresh from the org) and the integration is enabled. */
    private async checkSyncRequest(stepName: string | undefined) {
        const last = this.engine.lastOrg;
        if (last && 'setting' in last && last.setting && !last.setting.Enabled__c) {
            return {
                ok: false as const,
                status: 409 as const,
                code: 'INTEGRATION_DISABLED',
                detail: 'Turn the integration on in the Reply Sync console (Enabled), then sync.'
            };
        }
        if (stepName) {
            const steps = await this.services.salesforce.query<StepRecord & Record<string, unknown>>(
                STEP_QUERY,
                'Reading the step definitions'
            );
            const step = steps.find((s) => s.DeveloperName === stepName && !s.Removed__c);
            if (!step || !step.Active__c) {
                return {
                    ok: false as const,
                    status: 404 as const,
                    code: step ? 'STEP_NOT_ACTIVE' : 'STEP_NOT_FOUND',
                    detail: step
                        ? `The step ${stepName} is not active: turn it on in the console to sync it.`
                        : `There is no step named ${stepName} (use the step's API name).`
                };
            }
        }
        return { ok: true as const };
    }

    app() {
        return createApp({
            version: VERSION,
            apiToken: this.config.http.apiToken,
            store: this.services.store,
            coordinator: this.coordinator,
            metrics: this.metrics,
            logger: this.services.logger,
            status: () => this.status(),
            replyOptions: () => this.replyOptions.get(),
            checkSyncRequest: (stepName) => this.checkSyncRequest(stepName),
            validateSteps: (drafts) => this.stepValidation.validate(drafts),
            planChange: (change, state) =>
                planChange(change, state, {
                    catalog: this.services.catalog,
                    validate: (drafts) => this.stepValidation.validate(drafts),
                    connected: async () => {
                        const status = await this.status();
                        return status.salesforce.connected && status.reply.connected;
                    }
                }),
            ...(this.config.webhookSecret
                ? {
                      webhooks: webhookHandler({
                          secret: this.config.webhookSecret,
                          store: this.services.store,
                          logger: this.services.logger,
                          onStored: () => this.webhooks.notify()
                      })
                  }
                : {})
        });
    }

    /** Starts the HTTP API; resolves with its URL. */
    async listen(port = this.config.http.port, host = this.config.http.host): Promise<string> {
        const app = this.app();
        this.server = await new Promise<Server>((resolve, reject) => {
            // Express 5 hands a listen failure to this callback rather than throwing.
            const server = app.listen(port, host, (error?: NodeJS.ErrnoException) =>
                error ? reject(listenError(error, host, port)) : resolve(server)
            );
        });
        answerClientErrors(this.server);
        // Events stored before a stop are processed now.
        void this.webhooks.process();
        const address = this.server.address() as AddressInfo;
        return `http://${host}:${address.port}`;
    }

    async close(): Promise<void> {
        this.scheduler.stop();
        this.webhooks.stop();
        if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
        await this.coordinator.idle();
        await this.services.store.close();
    }
}

/** A port the bridge cannot take, said so that the fix is plain. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
    if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
        const why = error.code === 'EADDRINUSE' ? 'is already in use' : 'needs privileges this process lacks';
        return new ConfigError(
            'PORT_UNAVAILABLE',
            `The bridge cannot listen on ${host}:${port}: the port ${why}. Stop the other process or set BRIDGE_PORT to a free port.`,
            { cause: error }
        );
    }
    return error;
}
