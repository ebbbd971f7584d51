/**
 * Starts the Reply sandbox for demos and manual runs: seeded, on 127.0.0.1:4020 (SANDBOX_REPLY_PORT), printing the
 * URL and keys. The combined launcher (test/sandbox/cli.ts) calls runReplySandboxCli(); `tsx test/sandbox/reply/cli.ts`
 * runs it alone.
 *
 * Environment: SANDBOX_REPLY_PORT (4020), SANDBOX_REPLY_SEED (1), SANDBOX_REPLY_PEOPLE (500),
 * SANDBOX_REPLY_RATE_LIMITS=off, and SANDBOX_REPLY_TICK_SECONDS + SANDBOX_REPLY_TICK_MINUTES to make the workspace
 * live (every TICK_SECONDS of wall time, simulate TICK_MINUTES of sequence activity, enrolling a few people),
 * SANDBOX_REPLY_LATENCY (off, realistic or a JSON latency profile).
 */
import { pathToFileURL } from 'node:url';
import { latencyFromEnv } from '../latency.ts';
import { startReplySandbox, DEFAULT_REPLY_SANDBOX_PORT, type ReplySandbox, type ReplySandboxOptions } from './index.ts';

export interface ReplySandboxCliOptions extends ReplySandboxOptions {
    /** print the banner (default true) */
    quiet?: boolean;
    /** wall-clock seconds between simulation ticks (default SANDBOX_REPLY_TICK_SECONDS, 0 = off) */
    tickSeconds?: number;
    /** simulated minutes per tick (default SANDBOX_REPLY_TICK_MINUTES or 60) */
    tickMinutes?: number;
}

function envNumber(name: string, fallback: number): number {
    const raw = process.env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got '${raw}'`);
    return value;
}

export async function runReplySandboxCli(options: ReplySandboxCliOptions = {}): Promise<ReplySandbox> {
    const sandbox = await startReplySandbox({
        port: options.port ?? envNumber('SANDBOX_REPLY_PORT', DEFAULT_REPLY_SANDBOX_PORT),
        seed: options.seed ?? {
            seed: envNumber('SANDBOX_REPLY_SEED', 1),
            people: envNumber('SANDBOX_REPLY_PEOPLE', 500)
        },
        ...(options.rateLimits !== undefined
            ? { rateLimits: options.rateLimits }
            : process.env.SANDBOX_REPLY_RATE_LIMITS === 'off'
              ? { rateLimits: false as const }
              : {}),
        ...(options.now ? { now: options.now } : {}),
        ...(options.host ? { host: options.host } : {}),
        ...(options.webhooks ? { webhooks: options.webhooks } : {}),
        latency: options.latency ?? latencyFromEnv('SANDBOX_REPLY_LATENCY')
    });
    const tickSeconds = options.tickSeconds ?? envNumber('SANDBOX_REPLY_TICK_SECONDS', 0);
    const tickMinutes = options.tickMinutes ?? envNumber('SANDBOX_REPLY_TICK_MINUTES', 60);
    let timer: NodeJS.Timeout | undefined;
    if (tickSeconds > 0) {
        timer = setInterval(() => sandbox.workspace.simulate({ enrol: 3, minutes: tickMinutes }), tickSeconds * 1000);
        timer.unref();
    }
    const close = sandbox.close;
    sandbox.close = async () => {
        if (timer) clearInterval(timer);
        await close();
    };
    if (!options.quiet) console.log(banner(sandbox, tickSeconds, tickMinutes));
    return sandbox;
}

function banner(sandbox: ReplySandbox, tickSeconds: number, tickMinutes: number): string {
    const users = sandbox.workspace.users;
    const lines = [
        `Reply sandbox    ${sandbox.url}   (REPLY_API_URL; the client appends /v3/...)`,
        `  team key       ${sandbox.apiKey}   (acts as ${users[0]?.email}; X-User-Id / X-User-Email to impersonate)`,
        ...users.map(
            (user) => `  personal key   ${sandbox.personalKeys[user.id]}   ${user.id} ${user.email} (${user.role})`
        ),
        `  workspace      ${sandbox.workspace.peopleCount} people, ${sandbox.workspace.sequences.length} sequences, ${sandbox.workspace.counts().activities} activities`,
        `  control API    ${sandbox.url}/__sandbox/{stats,reset,seed,simulate,clock,faults,keys,webhooks/deliveries}`,
        tickSeconds > 0
            ? `  live           every ${tickSeconds} s: ${tickMinutes} simulated minutes of activity`
            : '  live           off (POST /__sandbox/simulate to generate activity)'
    ];
    return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
    const sandbox = await runReplySandboxCli();
    const stop = () => {
        void sandbox.close().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
}
