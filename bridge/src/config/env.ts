import { accessSync, constants, statSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { redactUrl } from '../redact.ts';

/**
 * The bridge's configuration, from the environment (documented in config/bridge.env.example). Every secret may be
 * given inline (NAME) or as a file (NAME_FILE). All problems are reported at once, each naming the variable and the fix.
 */

export type SalesforceAuth =
    | { kind: 'jwt'; loginUrl: string; clientId: string; username: string; privateKey: string }
    | { kind: 'token'; instanceUrl: string; accessToken: string };

export interface BridgeConfig {
    salesforce: {
        auth: SalesforceAuth;
        apiVersion: string;
        apiBudgetShare: number;
        /** Writes of more records than this go through Bulk API 2.0 jobs (salesforce/bulk.ts). */
        bulkThreshold: number;
        /** Collection calls in flight at once, over every write of the bridge (SALESFORCE_CALLS_IN_FLIGHT). */
        callsInFlight: number;
        /** Reads of more changed records than this go through Bulk API 2.0 query jobs (salesforce/changes.ts). */
        bulkQueryThreshold: number;
    };
    reply: {
        apiUrl: string;
        apiKey: string;
        perMinute: number;
        perHour: number;
        reportingPerHour: number;
        /** People whose notes a note step reads per run (Reply lists notes one person at a time). */
        noteReadsPerRun: number;
        /** Reply side of the sync: statuses reads, reconciliation, report backfill, call budget (reply section). */
        statusReadsPerRun: number;
        statusRechecksPerRun: number;
        statusRecheckHours: number;
        activityBackfillDays: number;
        monthlyCallLimit: number | null;
        budgetReserve: number;
    };
    databaseUrl: string;
    dataDir: string;
    http: { host: string; port: number; apiToken: string | undefined; publicUrl: string | undefined };
    webhookSecret: string | undefined;
    recordRetryLimit: number;
    logLevel: string;
    /** Every secret value, so the logger can scrub them from any line as a last line of defence. */
    secrets: string[];
}

type Env = Record<string, string | undefined>;

const url = (name: string, example: string) =>
    z.url({ message: `${name} must be a URL such as ${example}` }).transform((v) => v.replace(/\/+$/, ''));

const share = z.coerce
    .number({ message: 'must be a number between 0 and 1' })
    .gt(0, 'must be more than 0')
    .max(1, 'must be at most 1 (1 = the whole daily allowance)');

const port = z.coerce.number().int().min(0).max(65535);

/** Whether a secret was given at all, inline or as a file (a file that cannot be read is its own problem). */
function given(env: Env, name: string): boolean {
    return Boolean(env[name]?.trim() || env[`${name}_FILE`]?.trim());
}

/** Reads NAME, or the file named by NAME_FILE; an unreadable file is reported against NAME_FILE. */
function secret(env: Env, name: string, problems: string[]): string | undefined {
    const inline = env[name]?.trim();
    const file = env[`${name}_FILE`]?.trim();
    if (inline && file) {
        problems.push(`${name} and ${name}_FILE are both set: keep one`);
        return inline;
    }
    if (file) {
        try {
            return readFileSync(file, 'utf8').trim();
        } catch (error) {
            problems.push(
                `${name}_FILE=${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`
            );
            return undefined;
        }
    }
    return inline || undefined;
}

function parse<T>(
    schema: z.ZodType<T>,
    env: Env,
    name: string,
    fallback: string | undefined,
    problems: string[]
): T | undefined {
    const raw = env[name]?.trim() || fallback;
    const result = schema.safeParse(raw);
    if (result.success) return result.data;
    // Never echo credentials: a URL may carry a password (postgresql://user:password@host).
    problems.push(
        `${name}=${raw === undefined ? '(unset)' : redactUrl(raw)}: ${result.error.issues[0]?.message ?? 'invalid'}`
    );
    return undefined;
}

/**
 * Why the bridge could not keep its files in `path`, or undefined when it can: the path, or the nearest part of it
 * that exists, must be a folder the process may write to (a missing folder is created at start-up).
 */
function folderProblem(path: string): string | undefined {
    for (let at = path; ; at = dirname(at)) {
        let isFolder: boolean;
        try {
            isFolder = statSync(at).isDirectory();
        } catch {
            if (dirname(at) === at) return undefined;
            continue;
        }
        if (!isFolder) return `${at} is a file, not a folder: choose a folder for the bridge's state`;
        try {
            accessSync(at, constants.W_OK);
        } catch {
            return `${at} is not writable by this process: choose a folder it may write to`;
        }
        return undefined;
    }
}

export interface LoadOptions {
    /** `serve` needs the API token; `sync --once` does not. */
    requireApiToken?: boolean;
    cwd?: string;
}

export function loadConfig(env: Env = process.env, options: LoadOptions = {}): BridgeConfig {
    const problems: string[] = [];
    const cwd = options.cwd ?? process.cwd();

    const apiVersion = parse(
        z.string().regex(/^\d{2,3}\.0$/, 'must look like 62.0'),
        env,
        'SALESFORCE_API_VERSION',
        '62.0',
        problems
    );
    const apiBudgetShare = parse(share, env, 'SALESFORCE_API_BUDGET_SHARE', '0.8', problems);
    // 2,000: above it Salesforce recommends Bulk API 2.0 over synchronous calls (Limits Quick Reference).
    const bulkThreshold = parse(
        z.coerce
            .number({ message: 'must be a whole number of records' })
            .int('must be a whole number of records')
            .min(200, 'must be at least 200 (one sObject Collections call)'),
        env,
        'SALESFORCE_BULK_THRESHOLD',
        '2000',
        problems
    );
    // 4: enough to keep Salesforce busy while each call waits on the network; the org's 25 concurrent long-running
    // requests are shared with every other integration and user.
    const callsInFlight = parse(
        z.coerce
            .number({ message: 'must be a whole number of calls' })
            .int('must be a whole number of calls')
            .min(1, 'must be at least 1')
            .max(25, "must be at most 25 (Salesforce's concurrent long-running requests per org)"),
        env,
        'SALESFORCE_CALLS_IN_FLIGHT',
        '4',
        problems
    );
    // 50,000: a REST query reads 2,000 rows a call, a Bulk query job about 10 calls plus one per 10,000 rows, and
    // waits in Salesforce's queue; Bulk pays off from about 20,000 rows, clearly (half the calls) from 50,000.
    const bulkQueryThreshold = parse(
        z.coerce
            .number({ message: 'must be a whole number of records' })
            .int('must be a whole number of records')
            .min(2000, 'must be at least 2000 (one REST query batch)'),
        env,
        'SALESFORCE_BULK_QUERY_THRESHOLD',
        '50000',
        problems
    );

    let auth: SalesforceAuth | undefined;
    const accessToken = secret(env, 'SALESFORCE_ACCESS_TOKEN', problems);
    const privateKey = secret(env, 'SALESFORCE_PRIVATE_KEY', problems);
    if (accessToken) {
        const instanceUrl = parse(
            url('SALESFORCE_INSTANCE_URL', 'https://example.my.salesforce.com'),
            env,
            'SALESFORCE_INSTANCE_URL',
            undefined,
            problems
        );
        if (instanceUrl) auth = { kind: 'token', instanceUrl, accessToken };
    } else {
        const loginUrl = parse(
            url('SALESFORCE_LOGIN_URL', 'https://login.salesforce.com or https://test.salesforce.com'),
            env,
            'SALESFORCE_LOGIN_URL',
            'https://login.salesforce.com',
            problems
        );
        const clientId = env.SALESFORCE_CLIENT_ID?.trim();
        const username = env.SALESFORCE_USERNAME?.trim();
        if (!clientId)
            problems.push(
                'SALESFORCE_CLIENT_ID is not set: the consumer key of the External Client App with the JWT bearer flow'
            );
        if (!username) problems.push("SALESFORCE_USERNAME is not set: the integration user's username");
        if (!given(env, 'SALESFORCE_PRIVATE_KEY')) {
            problems.push(
                'SALESFORCE_PRIVATE_KEY_FILE is not set: the PEM private key whose certificate is uploaded to the External Client App ' +
                    '(or, for development, set SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN instead)'
            );
        } else if (privateKey && !/-----BEGIN (RSA )?PRIVATE KEY-----/.test(privateKey)) {
            problems.push(
                'SALESFORCE_PRIVATE_KEY_FILE: the file is not a PEM private key (expected -----BEGIN PRIVATE KEY-----)'
            );
        }
        if (loginUrl && clientId && username && privateKey)
            auth = { kind: 'jwt', loginUrl, clientId, username, privateKey };
    }

    const replyApiUrl = parse(
        url('REPLY_API_URL', 'https://api.reply.io'),
        env,
        'REPLY_API_URL',
        'https://api.reply.io',
        problems
    );
    const replyApiKey = secret(env, 'REPLY_API_KEY', problems);
    if (!given(env, 'REPLY_API_KEY'))
        problems.push(
            'REPLY_API_KEY is not set: a Reply API key (Settings -> API Key in Reply), or REPLY_API_KEY_FILE'
        );
    const positive = z.coerce.number().int().positive();
    const perMinute = parse(positive, env, 'REPLY_RATE_PER_MINUTE', '100', problems);
    const perHour = parse(positive, env, 'REPLY_RATE_PER_HOUR', '3000', problems);
    const reportingPerHour = parse(positive, env, 'REPLY_REPORTING_RATE_PER_HOUR', '300', problems);
    const noteReadsPerRun = parse(positive, env, 'REPLY_NOTE_READS_PER_RUN', '100', problems);
    // Reply: statuses reads and the reconciliation, the first report read, the call budget (README "Reply's call
    // budget").
    const statusReadsPerRun = parse(positive, env, 'REPLY_STATUS_READS_PER_RUN', '500', problems);
    const statusRechecksPerRun = parse(
        z.coerce.number().int().min(0),
        env,
        'REPLY_STATUS_RECHECKS_PER_RUN',
        '200',
        problems
    );
    const statusRecheckHours = parse(
        z.coerce
            .number()
            .min(0)
            .max(24 * 30),
        env,
        'REPLY_STATUS_RECHECK_HOURS',
        '24',
        problems
    );
    const activityBackfillDays = parse(
        z.coerce.number().int().min(1).max(3650),
        env,
        'REPLY_ACTIVITY_BACKFILL_DAYS',
        '90',
        problems
    );
    const monthlyCallLimit = env.REPLY_MONTHLY_CALL_LIMIT?.trim()
        ? parse(positive, env, 'REPLY_MONTHLY_CALL_LIMIT', undefined, problems)
        : null;
    const budgetReserve = parse(
        z.coerce.number({ message: 'must be a number between 0 and 0.9' }).min(0).max(0.9),
        env,
        'REPLY_BUDGET_RESERVE',
        '0.2',
        problems
    );

    const dataDir = resolve(cwd, env.BRIDGE_DATA_DIR?.trim() || '.data');
    // The data folder only holds the default SQLite database.
    const dataDirProblem = env.DATABASE_URL?.trim() ? undefined : folderProblem(dataDir);
    if (dataDirProblem) problems.push(`BRIDGE_DATA_DIR=${dataDir}: ${dataDirProblem}`);
    const databaseUrl = parse(
        z.string().regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with file: (SQLite) or postgresql://'),
        env,
        'DATABASE_URL',
        `file:${resolve(dataDir, 'bridge.db')}`,
        problems
    );

    const host = env.BRIDGE_HOST?.trim() || '127.0.0.1';
    const httpPort = parse(port, env, 'BRIDGE_PORT', '4030', problems);
    const apiToken = secret(env, 'BRIDGE_API_TOKEN', problems);
    if (apiToken !== undefined && apiToken.length < 32) {
        problems.push('BRIDGE_API_TOKEN is too short: use at least 32 random characters (e.g. `openssl rand -hex 32`)');
    } else if (!given(env, 'BRIDGE_API_TOKEN') && options.requireApiToken) {
        problems.push(
            'BRIDGE_API_TOKEN is not set: the bearer token the console (Named Credential) and operators use; `openssl rand -hex 32`'
        );
    }
    const publicUrl = env.BRIDGE_PUBLIC_URL?.trim()
        ? parse(url('BRIDGE_PUBLIC_URL', 'https://bridge.example.com'), env, 'BRIDGE_PUBLIC_URL', undefined, problems)
        : undefined;
    const webhookSecret = secret(env, 'REPLY_WEBHOOK_SECRET', problems);
    if (webhookSecret !== undefined && webhookSecret.length < 24) {
        problems.push('REPLY_WEBHOOK_SECRET is too short: use at least 24 random characters');
    }
    const recordRetryLimit = parse(z.coerce.number().int().min(1).max(100), env, 'RECORD_RETRY_LIMIT', '5', problems);
    const logLevel = parse(
        z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
        env,
        'LOG_LEVEL',
        'info',
        problems
    );

    if (problems.length > 0 || !auth || !replyApiUrl || !replyApiKey) {
        throw new ConfigError(
            'ENV_INVALID',
            `The bridge's configuration is incomplete or wrong:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
                'See config/bridge.env.example for every variable.'
        );
    }
    const secrets = [
        replyApiKey,
        apiToken,
        webhookSecret,
        auth.kind === 'token' ? auth.accessToken : auth.privateKey
    ].filter((value): value is string => Boolean(value));
    return {
        salesforce: {
            auth,
            apiVersion: apiVersion!,
            apiBudgetShare: apiBudgetShare!,
            bulkThreshold: bulkThreshold!,
            callsInFlight: callsInFlight!,
            bulkQueryThreshold: bulkQueryThreshold!
        },
        reply: {
            apiUrl: replyApiUrl,
            apiKey: replyApiKey,
            perMinute: perMinute!,
            perHour: perHour!,
            reportingPerHour: reportingPerHour!,
            noteReadsPerRun: noteReadsPerRun!,
            statusReadsPerRun: statusReadsPerRun!,
            statusRechecksPerRun: statusRechecksPerRun!,
            statusRecheckHours: statusRecheckHours!,
            activityBackfillDays: activityBackfillDays!,
            monthlyCallLimit: monthlyCallLimit ?? null,
            budgetReserve: budgetReserve!
        },
        databaseUrl: databaseUrl!,
        dataDir,
        http: { host, port: httpPort!, apiToken, publicUrl },
        webhookSecret,
        recordRetryLimit: recordRetryLimit!,
        logLevel: logLevel!,
        secrets
    };
}
