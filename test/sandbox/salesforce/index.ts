/**
 * A local Salesforce org for tests, demos and benchmarks: start it, point jsforce (or anything speaking the REST
 * API) at `url`, and use `org` for direct, unaccounted access from tests. See README.md.
 */
import { createPublicKey } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT, importPKCS8 } from 'jose';
import type { ApiStats } from './accounting.ts';
import { generateJwtKeyPair } from './auth.ts';
import type { BulkEngine } from './bulk2.ts';
import type { Faults } from './faults.ts';
import type { SalesforceLatencyFamily, SalesforceLatencySetting } from './latency.ts';
import type { LatencyModel } from '../latency.ts';
import { DEFAULT_API_VERSION, INTEGRATION_USERNAME } from './org.ts';
import type { SandboxOrg } from './org.ts';
import { JWT_AUDIENCES, SandboxRuntime } from './runtime.ts';
import type { SandboxInfo } from './runtime.ts';
import { DEFAULT_SEED } from './seed.ts';
import type { SeedOptions, SeedResult } from './seed.ts';
import { createApp } from './server.ts';

export { ApiError, ItemError } from './errors.ts';
export { SandboxOrg, INTEGRATION_USERNAME, DEFAULT_API_VERSION } from './org.ts';
export { DEFAULT_CONSUMER_KEY, DEFAULT_DEVELOPER_TOKEN, DEFAULT_REFRESH_TOKEN } from './auth.ts';
export { checksum, normalizeId, to18 } from './ids.ts';
export type { ApiStats, Faults, SandboxInfo, SeedOptions, SeedResult };

export const DEFAULT_PORT = 4010;
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface SalesforceSandboxOptions {
    /** 0 = ephemeral (tests always use 0); default 4010 / SANDBOX_SALESFORCE_PORT for the CLI. */
    port?: number;
    /** Seed data; default a small seed (50 Leads, 30 Contacts, 10 Accounts); false for base data only. */
    seed?: SeedOptions | false;
    /** API calls allowed in a rolling 24 hours; default 100000. */
    dailyApiLimit?: number;
    /** Idle time after which an issued access token stops working; default 7200. */
    tokenTtlSeconds?: number;
    /** Where force-app lives; default the repository root. */
    projectDir?: string;
    /** The bearer token accepted without login; default DEFAULT_DEVELOPER_TOKEN. */
    developerToken?: string;
    /** The connected app: consumer key, and the private key or certificate it trusts (default: a new key pair). */
    jwt?: { consumerKey?: string; privateKeyPem?: string; certificatePem?: string };
    /** The latency profile: 'off' (default), 'realistic' or per-family figures (README "Latency"). */
    latency?: SalesforceLatencySetting;
}

export interface SalesforceSandbox {
    /** e.g. http://127.0.0.1:54321: both loginUrl and instanceUrl. */
    url: string;
    /** Accepted as a Bearer token without login; runs as the integration user. */
    developerToken: string;
    /** A refresh token for the integration user (refresh_token grant with client_id = jwt.consumerKey). */
    refreshToken: string;
    apiVersion: string;
    /** The connected app's JWT bearer settings; username is the integration user, audience login.salesforce.com. */
    jwt: { consumerKey: string; privateKeyPem: string; username: string; audience: string };
    /** Direct, unaccounted access for tests: insert/update/get/query/delete, convertLead, setCustomMetadata... */
    org: SandboxOrg;
    stats(): ApiStats;
    resetStats(): void;
    faults: {
        set(f: Partial<Faults>): void;
        clear(): void;
        /** Ends every issued session (and the developer token too when asked, until reset). */
        expireSessions(options?: { includeDeveloperToken?: boolean }): void;
        /** Uses up the daily allowance: every API call answers 403 REQUEST_LIMIT_EXCEEDED. */
        exhaustAllowance(): void;
    };
    /** Bulk API 2.0 jobs: processing mode, faults, limits (README "Bulk API 2.0"). */
    bulk: BulkEngine;
    /** The latency profile applied to every API call. */
    latency: LatencyModel<SalesforceLatencyFamily>;
    /** Back to base data and seeded again (the start-up seed unless another is given). */
    reset(seed?: SeedOptions | false): SeedResult | undefined;
    info(): SandboxInfo;
    close(): Promise<void>;
}

/** Signs a JWT bearer assertion the way a client of the connected app would. */
export async function signJwtAssertion(options: {
    privateKeyPem: string;
    consumerKey: string;
    username: string;
    audience: string;
    expiresInSeconds?: number;
}): Promise<string> {
    const key = await importPKCS8(options.privateKeyPem, 'RS256');
    return new SignJWT({})
        .setProtectedHeader({ alg: 'RS256' })
        .setIssuer(options.consumerKey)
        .setSubject(options.username)
        .setAudience(options.audience)
        .setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresInSeconds ?? 180))
        .sign(key);
}

export async function startSalesforceSandbox(options: SalesforceSandboxOptions = {}): Promise<SalesforceSandbox> {
    let privateKeyPem = options.jwt?.privateKeyPem ?? '';
    let trustedKeyPem = options.jwt?.certificatePem;
    if (!trustedKeyPem) {
        if (!privateKeyPem) {
            const pair = await generateJwtKeyPair();
            privateKeyPem = pair.privateKeyPem;
            trustedKeyPem = pair.publicKeyPem;
        } else {
            trustedKeyPem = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
        }
    }
    const runtime = new SandboxRuntime({
        projectDir: options.projectDir ?? REPO_ROOT,
        seed: options.seed === undefined ? DEFAULT_SEED : options.seed,
        dailyApiLimit: options.dailyApiLimit ?? 100_000,
        tokenTtlSeconds: options.tokenTtlSeconds ?? 7200,
        developerToken: options.developerToken,
        consumerKey: options.jwt?.consumerKey,
        trustedKeyPem,
        privateKeyPem: privateKeyPem || undefined,
        latency: options.latency
    });
    const app = createApp(runtime);
    const server = await new Promise<ReturnType<typeof app.listen>>((resolveListen, reject) => {
        // Express 5 hands a listen failure (e.g. EADDRINUSE) to this callback.
        const listening = app.listen(options.port ?? 0, '127.0.0.1', (error?: Error) =>
            error ? reject(error) : resolveListen(listening)
        );
    });
    const { port } = server.address() as AddressInfo;
    runtime.url = `http://127.0.0.1:${port}`;

    return {
        url: runtime.url,
        developerToken: runtime.developerToken,
        refreshToken: runtime.refreshToken,
        apiVersion: DEFAULT_API_VERSION,
        jwt: {
            consumerKey: runtime.consumerKey,
            privateKeyPem,
            username: INTEGRATION_USERNAME,
            audience: JWT_AUDIENCES[0]
        },
        org: runtime.org,
        stats: () => runtime.statsSnapshot(),
        resetStats: () => runtime.stats.reset(),
        faults: {
            set: (f) => runtime.faults.set(f),
            clear: () => runtime.faults.clear(),
            expireSessions: (o) => runtime.auth.expireAll(o?.includeDeveloperToken === true),
            exhaustAllowance: () => runtime.allowance.setUsed(runtime.allowance.limit)
        },
        bulk: runtime.bulk,
        latency: runtime.latency,
        reset: (seed) => runtime.reset(seed),
        info: () => runtime.info(),
        close: () =>
            new Promise<void>((resolveClose, reject) => {
                server.close((error) => (error ? reject(error) : resolveClose()));
                server.closeAllConnections();
            })
    };
}
