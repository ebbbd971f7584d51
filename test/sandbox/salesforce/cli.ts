/**
 * Starts the Salesforce sandbox org for demos and manual runs: seeded, on 127.0.0.1:4010, printing the URL, the
 * developer token and the JWT bearer settings. The combined launcher (test/sandbox/cli.ts) calls
 * runSalesforceSandboxCli(); `tsx test/sandbox/salesforce/cli.ts` runs it alone.
 *
 * Environment: SANDBOX_SALESFORCE_PORT (4010), SANDBOX_SALESFORCE_SEED (1), SANDBOX_SALESFORCE_LEADS (200),
 * SANDBOX_SALESFORCE_CONTACTS (100), SANDBOX_SALESFORCE_ACCOUNTS (40), SANDBOX_SALESFORCE_DAILY_LIMIT (100000),
 * SANDBOX_SALESFORCE_JWT_KEY_FILE (.data/sandbox-salesforce-jwt.key: the connected app's private key, created on
 * first start and reused, so a bridge configured with it keeps working across restarts), SANDBOX_SALESFORCE_LATENCY
 * (off, realistic or a JSON latency profile).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { latencyFromEnv } from '../latency.ts';
import { generateJwtKeyPair } from './auth.ts';
import { DEFAULT_PORT, startSalesforceSandbox } from './index.ts';
import type { SalesforceSandbox, SalesforceSandboxOptions } from './index.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface SalesforceSandboxCliOptions extends SalesforceSandboxOptions {
    /** Do not print the banner. */
    quiet?: boolean;
    /** Where the connected app's private key is kept (created when missing). */
    keyFile?: string;
}

function envNumber(name: string, fallback: number): number {
    const raw = process.env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got '${raw}'`);
    return value;
}

/** The private key from the key file, created on first use. */
async function privateKey(keyFile: string): Promise<string> {
    if (existsSync(keyFile)) return readFileSync(keyFile, 'utf8');
    const { privateKeyPem } = await generateJwtKeyPair();
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, privateKeyPem, { mode: 0o600 });
    return privateKeyPem;
}

export async function runSalesforceSandboxCli(options: SalesforceSandboxCliOptions = {}): Promise<SalesforceSandbox> {
    const keyFile = resolve(
        options.keyFile ??
            process.env.SANDBOX_SALESFORCE_JWT_KEY_FILE ??
            `${REPO_ROOT}/.data/sandbox-salesforce-jwt.key`
    );
    const sandbox = await startSalesforceSandbox({
        ...options,
        port: options.port ?? envNumber('SANDBOX_SALESFORCE_PORT', DEFAULT_PORT),
        seed: options.seed ?? {
            seed: envNumber('SANDBOX_SALESFORCE_SEED', 1),
            leads: envNumber('SANDBOX_SALESFORCE_LEADS', 200),
            contacts: envNumber('SANDBOX_SALESFORCE_CONTACTS', 100),
            accounts: envNumber('SANDBOX_SALESFORCE_ACCOUNTS', 40)
        },
        dailyApiLimit: options.dailyApiLimit ?? envNumber('SANDBOX_SALESFORCE_DAILY_LIMIT', 100_000),
        jwt: options.jwt ?? { privateKeyPem: await privateKey(keyFile) },
        latency: options.latency ?? latencyFromEnv('SANDBOX_SALESFORCE_LATENCY')
    });
    if (!options.quiet) console.log(banner(sandbox, keyFile));
    return sandbox;
}

function banner(sandbox: SalesforceSandbox, keyFile: string): string {
    const counts = ['Lead', 'Contact', 'Account', 'User']
        .map((name) => `${sandbox.org.count(name)} ${name}s`)
        .join(', ');
    return [
        `Salesforce sandbox ${sandbox.url}   (login URL and instance URL; API v${sandbox.apiVersion})`,
        `  developer token  ${sandbox.developerToken}   (Bearer, runs as ${sandbox.jwt.username})`,
        `  JWT bearer       consumer key ${sandbox.jwt.consumerKey}`,
        `                   username ${sandbox.jwt.username}, audience ${sandbox.jwt.audience}`,
        `                   private key ${keyFile}`,
        `  refresh token    ${sandbox.refreshToken}   (grant_type=refresh_token, client_id = consumer key)`,
        `  data             ${counts}`,
        `  control API      ${sandbox.url}/__sandbox/{info,stats,reset,seed,faults,custom-metadata,leads/:id/convert,records/merge|delete|undelete,users/:username,named-credentials/:name}`
    ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
    const sandbox = await runSalesforceSandboxCli();
    const stop = (): void => {
        void sandbox.close().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
}
