import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bridge, type BridgeOptions } from '../../bridge/src/bridge.ts';
import { loadCatalog } from '../../bridge/src/catalog/load.ts';
import type { Family } from '../../bridge/src/catalog/schema.ts';
import { loadConfig } from '../../bridge/src/config/env.ts';
import { createLogger } from '../../bridge/src/logging.ts';
import type { RunRecord } from '../../bridge/src/domain/runs.ts';
import { startReplySandbox, type ReplySandbox, type ReplySandboxOptions } from '../sandbox/reply/index.ts';
import { activateOnly, updateStepRecord } from './step-records.ts';
import {
    startSalesforceSandbox,
    type SalesforceSandbox,
    type SalesforceSandboxOptions
} from '../sandbox/salesforce/index.ts';

export const API_TOKEN = 'test-token-0123456789-0123456789-abcdef';

export interface World {
    salesforce: SalesforceSandbox;
    reply: ReplySandbox;
    bridge: Bridge;
    dir: string;
    env: Record<string, string>;
    /** One run through the coordinator, like `reply-sync sync --once`. */
    run(options?: { step?: string; dryRun?: boolean }): Promise<RunRecord>;
    /** Closes the bridge and opens a new one on the same database (a restart). */
    restart(options?: BridgeOptions): Promise<Bridge>;
    /** Leaves only these step kinds active (the Default profile's records, changed as a deployment would). */
    onlySteps(...kinds: string[]): void;
    /** Changes fields of a step record (DeveloperName) as a deployment from the console would. */
    updateStep(developerName: string, values: Record<string, unknown>): void;
    close(): Promise<void>;
}

export async function startWorld(
    options: {
        salesforce?: SalesforceSandboxOptions;
        reply?: ReplySandboxOptions;
        env?: Record<string, string>;
        bridge?: BridgeOptions;
    } = {}
): Promise<World> {
    const salesforce = await startSalesforceSandbox({ port: 0, seed: false, ...options.salesforce });
    const reply = await startReplySandbox({ port: 0, seed: false, rateLimits: false, ...options.reply });
    const dir = mkdtempSync(join(tmpdir(), 'reply-sync-e2e-'));
    const keyFile = join(dir, 'jwt.key');
    writeFileSync(keyFile, salesforce.jwt.privateKeyPem);
    const env = {
        SALESFORCE_LOGIN_URL: salesforce.url,
        SALESFORCE_CLIENT_ID: salesforce.jwt.consumerKey,
        SALESFORCE_USERNAME: salesforce.jwt.username,
        SALESFORCE_PRIVATE_KEY_FILE: keyFile,
        REPLY_API_URL: reply.url,
        REPLY_API_KEY: reply.apiKey,
        BRIDGE_DATA_DIR: dir,
        BRIDGE_API_TOKEN: API_TOKEN,
        LOG_LEVEL: 'silent',
        // The Reply sandbox enforces no limits unless a test asks; the bridge's own limiter follows.
        REPLY_RATE_PER_MINUTE: '100000',
        REPLY_RATE_PER_HOUR: '1000000',
        REPLY_REPORTING_RATE_PER_HOUR: '100000',
        ...options.env
    };
    const config = loadConfig(env, { cwd: dir });
    const logger = createLogger({ level: config.logLevel, secrets: config.secrets });
    // The bridge keeps the Reply sandbox's time, which simulations move ahead of the wall clock (Reply's reports
    // are read up to the bridge's now).
    const open = (bridgeOptions?: BridgeOptions) =>
        Bridge.open(config, logger, {
            retryDelayMs: 1,
            now: () => new Date(reply.workspace.now()),
            ...options.bridge,
            ...bridgeOptions
        });
    let bridge = await open();
    const world: World = {
        salesforce,
        reply,
        get bridge() {
            return bridge;
        },
        dir,
        env,
        run: (o = {}) => bridge.coordinator.runNow({ trigger: 'commandLine', stepName: o.step, dryRun: o.dryRun }),
        async restart(bridgeOptions) {
            await bridge.close().catch(() => undefined);
            bridge = await open(bridgeOptions);
            return bridge;
        },
        onlySteps(...kinds) {
            activateOnly(salesforce.org, kinds);
        },
        updateStep(developerName, values) {
            updateStepRecord(salesforce.org, developerName, values);
        },
        async close() {
            await bridge.close().catch(() => undefined);
            await Promise.all([salesforce.close(), reply.close()]);
            rmSync(dir, { recursive: true, force: true });
        }
    };
    return world;
}

/** The step kind keys of one family, in catalog order (e.g. the eight activity -> Task kinds). */
export function kindsOf(family: Family): string[] {
    return loadCatalog()
        .stepKinds.filter((kind) => kind.family === family)
        .map((kind) => kind.key);
}

/** Counts of one step of a run, by its kind. */
export function stepOf(run: RunRecord, kind: string) {
    const step = run.steps.find((s) => s.stepKind === kind);
    if (!step)
        throw new Error(
            `run has no ${kind} step: ${run.steps.map((s) => s.stepKind).join(', ')} (${run.message ?? ''})`
        );
    return step;
}
