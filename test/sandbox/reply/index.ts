/**
 * The local Reply workspace: `startReplySandbox()` serves Reply's v3 API on 127.0.0.1 over a seeded, simulated
 * workspace. See README.md here for the routes, keys and control API, and ASSUMPTIONS.md for the choices made where
 * Reply's public material is silent.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KeyRing, orgKeyFor, personalKeyFor, teamKeyFor } from './auth.ts';
import type { SandboxCapabilities } from './capabilities.ts';
import { FaultInjector, type ReplyFaults } from './faults.ts';
import { replyLatency, type ReplyLatencyFamily, type ReplyLatencySetting } from './latency.ts';
import type { LatencyModel } from '../latency.ts';
import { REPLY_RATE_LIMITS, RateLimiter, type RateLimits } from './rate-limit.ts';
import type { SeedOptions } from './seed.ts';
import { createApp, type SandboxServices } from './server.ts';
import { ApiStats, type ReplyApiStats } from './stats.ts';
import { WebhookDispatcher, type WebhookDelivery, type WebhookOptions } from './webhooks.ts';
import { ReplyWorkspace } from './workspace.ts';

export type { SandboxCapabilities } from './capabilities.ts';
export type { ReplyFaults } from './faults.ts';
export type { RateLimits } from './rate-limit.ts';
export type { SeedOptions } from './seed.ts';
export type { SimulateOptions, SimulationSummary } from './simulator.ts';
export type { ReplyApiStats } from './stats.ts';
export type { WebhookDelivery, WebhookOptions } from './webhooks.ts';
export { ReplyWorkspace } from './workspace.ts';

export const DEFAULT_REPLY_SANDBOX_PORT = 4020;

export interface ReplySandboxOptions {
    /** 0 = ephemeral (tests always use 0); default SANDBOX_REPLY_PORT or 4020 */
    port?: number;
    /** default 127.0.0.1 */
    host?: string;
    /** seed options; `false` = only the team, its users and the default inbox categories. Default `{seed: 1, people: 200}` */
    seed?: SeedOptions | false;
    /** default Reply's numbers (100/min, 3,000/hour, 300/hour for reporting); false = off */
    rateLimits?: RateLimits | false;
    /** the time source (default Date.now); the workspace clock adds simulated offsets on top */
    now?: () => number;
    /** webhook delivery tuning (tests shorten the retry delays) */
    webhooks?: Partial<WebhookOptions>;
    /** latency profile: 'off' (default), 'realistic' or per-family figures (latency.ts) */
    latency?: ReplyLatencySetting;
}

export interface ReplySandbox {
    /** base URL; the client appends /v3/... */
    url: string;
    /** the team (master) key, acting as the workspace owner */
    apiKey: string;
    /** userId -> personal key */
    personalKeys: Record<number, string>;
    /** an organization key: needs X-User-Id, or X-User-Email with X-Team-Id */
    orgKey: string;
    /** direct in-process access without API accounting */
    workspace: ReplyWorkspace;
    stats(): ReplyApiStats;
    resetStats(): void;
    faults: { set(f: Partial<ReplyFaults>): void; clear(): void };
    /** switches for behaviours Reply does not publish (capabilities.ts); all on by default */
    capabilities: {
        set(c: Partial<SandboxCapabilities>): SandboxCapabilities;
        reset(): SandboxCapabilities;
        get(): SandboxCapabilities;
    };
    /** what was delivered where, status, attempts (bounded list) */
    webhookDeliveries(): WebhookDelivery[];
    /** resolves when no webhook delivery is queued, in flight or waiting to retry */
    webhooksIdle(): Promise<void>;
    /** the rate limiter's current count for a user */
    rateLimitUsage(userId: number): { minute: number; hour: number; reportingHour: number };
    /** the latency profile every /v3 answer waits for */
    latency: LatencyModel<ReplyLatencyFamily>;
    close(): Promise<void>;
}

/** Default keys for the workspace's team and users, keeping keys minted since (when their user still exists). */
function rebuildKeys(previous: KeyRing | undefined, workspace: ReplyWorkspace): KeyRing {
    const s = workspace.state;
    const ring = KeyRing.defaults(s.team.id, [...s.users.values()]);
    for (const record of previous?.list() ?? []) {
        if (ring.get(record.key)) continue;
        if (record.kind === 'personal' && (record.userId === null || !s.users.has(record.userId))) continue;
        ring.add(record);
    }
    return ring;
}

export async function startReplySandbox(options: ReplySandboxOptions = {}): Promise<ReplySandbox> {
    const workspace = new ReplyWorkspace({ seed: options.seed ?? {}, ...(options.now ? { now: options.now } : {}) });
    const now = () => workspace.now();
    let keys = rebuildKeys(undefined, workspace);
    const services: SandboxServices = {
        workspace,
        keys: () => keys,
        limiter: new RateLimiter(options.rateLimits === undefined ? REPLY_RATE_LIMITS : options.rateLimits, now),
        stats: new ApiStats(now),
        faults: new FaultInjector(),
        webhooks: new WebhookDispatcher(workspace, options.webhooks),
        latency: replyLatency(options.latency),
        reseed(seed) {
            workspace.reset(seed);
            keys = rebuildKeys(keys, workspace);
        }
    };
    const server = createServer(createApp(services));
    const port = options.port ?? Number(process.env.SANDBOX_REPLY_PORT ?? DEFAULT_REPLY_SANDBOX_PORT);
    const host = options.host ?? '127.0.0.1';
    await listen(server, port, host);
    const address = server.address() as AddressInfo;

    return {
        url: `http://${host}:${address.port}`,
        get apiKey() {
            return teamKeyFor(workspace.state.team.id);
        },
        get orgKey() {
            return orgKeyFor(workspace.state.team.id);
        },
        get personalKeys() {
            return Object.fromEntries([...workspace.state.users.keys()].map((id) => [id, personalKeyFor(id)]));
        },
        workspace,
        stats: () => services.stats.snapshot(),
        resetStats: () => services.stats.reset(),
        faults: {
            set: (f) => void services.faults.set(f),
            clear: () => services.faults.clear()
        },
        capabilities: {
            set: (c) => workspace.capabilities.set(c),
            reset: () => workspace.capabilities.reset(),
            get: () => workspace.capabilities.get()
        },
        webhookDeliveries: () => services.webhooks.deliveries(),
        webhooksIdle: () => services.webhooks.idle(),
        rateLimitUsage: (userId) => services.limiter.usage(userId),
        latency: services.latency as LatencyModel<ReplyLatencyFamily>,
        close: async () => {
            services.webhooks.close();
            await new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
            });
        }
    };
}

function listen(server: Server, port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
            server.off('error', reject);
            resolve();
        });
    });
}
