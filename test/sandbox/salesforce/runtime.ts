/**
 * Everything one running sandbox org holds: the org, its auth, usage accounting and faults, and the operations
 * the control API and the programmatic interface share (reset, seed, expire sessions, exhaust the allowance).
 */
import { Allowance, Stats } from './accounting.ts';
import type { ApiStats } from './accounting.ts';
import { BulkEngine } from './bulk2.ts';
import { Auth, DEFAULT_CONSUMER_KEY, DEFAULT_DEVELOPER_TOKEN, DEFAULT_REFRESH_TOKEN } from './auth.ts';
import { FaultInjector } from './faults.ts';
import { salesforceLatency } from './latency.ts';
import type { SalesforceLatencySetting } from './latency.ts';
import { INTEGRATION_USERNAME, SandboxOrg } from './org.ts';
import type { ObjectDef } from './schema.ts';
import { seedOrg } from './seed.ts';
import type { SeedOptions, SeedResult } from './seed.ts';

/** The `aud` values Salesforce's token endpoint accepts for the JWT bearer flow (no Experience Cloud sites here). */
export const JWT_AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com'] as const;

export interface RuntimeOptions {
    projectDir: string;
    seed: SeedOptions | false;
    dailyApiLimit: number;
    tokenTtlSeconds: number;
    developerToken?: string;
    consumerKey?: string;
    /** The PEM the connected app trusts: an X.509 certificate or an SPKI public key. */
    trustedKeyPem: string;
    /** The private half, when the sandbox generated the pair (shown by the CLI and `/__sandbox/info`). */
    privateKeyPem?: string;
    /** The latency profile at start (default off). */
    latency?: SalesforceLatencySetting;
}

export interface SandboxInfo {
    url: string;
    loginUrl: string;
    instanceUrl: string;
    apiVersion: string;
    developerToken: string;
    refreshToken: string;
    integrationUsername: string;
    orgId: string;
    jwt: { consumerKey: string; username: string; audience: string; privateKeyPem: string | null };
}

export class SandboxRuntime {
    readonly org: SandboxOrg;
    readonly stats = new Stats();
    readonly faults = new FaultInjector();
    readonly allowance: Allowance;
    readonly latency: ReturnType<typeof salesforceLatency>;
    readonly bulk: BulkEngine;
    readonly auth: Auth;
    readonly developerToken: string;
    readonly consumerKey: string;
    readonly refreshToken = DEFAULT_REFRESH_TOKEN;
    /** Set once the server listens; both login URL and instance URL. */
    url = '';
    private seedOptions: SeedOptions | false;
    private readonly privateKeyPem: string | undefined;
    lastSeed: SeedResult | undefined;

    constructor(options: RuntimeOptions) {
        this.org = new SandboxOrg(options.projectDir);
        this.allowance = new Allowance(options.dailyApiLimit);
        this.latency = salesforceLatency(options.latency);
        this.bulk = new BulkEngine({ org: this.org, stats: this.stats, faults: this.faults, latency: this.latency });
        this.developerToken = options.developerToken ?? DEFAULT_DEVELOPER_TOKEN;
        this.consumerKey = options.consumerKey ?? DEFAULT_CONSUMER_KEY;
        this.seedOptions = options.seed;
        this.privateKeyPem = options.privateKeyPem;
        this.auth = new Auth(
            {
                consumerKey: this.consumerKey,
                trustedKeyPem: options.trustedKeyPem,
                audiences: () => this.audiences(),
                tokenTtlSeconds: options.tokenTtlSeconds,
                developerToken: this.developerToken,
                developerUserId: this.org.integrationUserId,
                orgId: this.org.orgId
            },
            {
                byUsername: (username) => {
                    const user = this.org.userByUsername(username);
                    return user ? { id: user.Id as string, active: user.IsActive === true } : undefined;
                },
                byId: (id) => {
                    const found = this.org.find(id);
                    return found?.def.name === 'User'
                        ? { id: found.rec.Id as string, active: found.rec.IsActive === true }
                        : undefined;
                }
            }
        );
        if (this.seedOptions) this.lastSeed = seedOrg(this.org, this.seedOptions);
    }

    /**
     * Audiences a JWT may carry: https://login.salesforce.com, https://test.salesforce.com or an Experience Cloud
     * site's URL, whatever host the token is requested from (Salesforce Help, "OAuth 2.0 JWT Bearer Flow for
     * Server-to-Server Integration": aud). The sandbox stands for a My Domain login host and has no sites, so its own
     * URL is refused with `invalid_grant / audience is invalid`, as a My Domain URL would be.
     */
    audiences(): string[] {
        return [...JWT_AUDIENCES];
    }

    info(): SandboxInfo {
        return {
            url: this.url,
            loginUrl: this.url,
            instanceUrl: this.url,
            apiVersion: this.org.apiVersion,
            developerToken: this.developerToken,
            refreshToken: this.refreshToken,
            integrationUsername: INTEGRATION_USERNAME,
            orgId: this.org.orgId,
            jwt: {
                consumerKey: this.consumerKey,
                username: INTEGRATION_USERNAME,
                audience: JWT_AUDIENCES[0],
                privateKeyPem: this.privateKeyPem ?? null
            }
        };
    }

    get integrationUsername(): string {
        return INTEGRATION_USERNAME;
    }

    /** Back to base data, then seeded (the start-up seed unless another is given, `false` for none). */
    reset(seed?: SeedOptions | false): SeedResult | undefined {
        if (seed !== undefined) this.seedOptions = seed;
        this.org.reset();
        this.auth.reset();
        this.bulk.reset();
        this.lastSeed = this.seedOptions ? seedOrg(this.org, this.seedOptions) : undefined;
        return this.lastSeed;
    }

    statsSnapshot(): ApiStats {
        return this.stats.snapshot(this.allowance);
    }

    /** Record counts per object (live records), for the control API. */
    recordCounts(): Record<string, number> {
        const out: Record<string, number> = {};
        for (const def of this.org.schema.all() as ObjectDef[]) {
            if (def.table !== def.name) continue;
            const n = this.org.count(def.name);
            if (n > 0) out[def.name] = n;
        }
        return out;
    }
}
