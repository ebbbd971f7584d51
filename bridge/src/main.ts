/**
 * `reply-sync`: the bridge's command line.
 *   serve                      HTTP API + scheduled runs (interval from Reply_Sync_Setting__mdt)
 *   sync --once [--step NAME] [--dry-run] [--json]
 *   doctor                     checks credentials, access, steps and scopes, and says what to fix
 *   webhooks register          subscribes the bridge to the Reply events its active steps feed on
 */
import { Command, Option } from 'commander';
import { pino } from 'pino';
import { Bridge } from './bridge.ts';
import { EXIT, exitCodeForError, exitCodeForRun } from './cli/exit-codes.ts';
import { formatFindings, runDoctor } from './cli/doctor.ts';
import { terminalProgress } from './cli/progress.ts';
import { registerWebhooks } from './cli/webhooks.ts';
import { summaryTable } from './cli/summary.ts';
import { runToJson } from './http/app.ts';
import { loadConfig } from './config/env.ts';
import { createLogger } from './logging.ts';
import { counted } from './text.ts';

async function main(argv: string[]): Promise<number> {
    const program = new Command('reply-sync').description('Reply Sync for Salesforce: the bridge').exitOverride();
    let exitCode: number = EXIT.ok;

    program
        .command('serve')
        .description('serve the HTTP API and run syncs on the schedule set in Salesforce')
        .option('--no-initial-run', 'wait for the first scheduled run instead of syncing at start')
        .action(async (options: { initialRun: boolean }) => {
            const config = loadConfig(process.env, { requireApiToken: true });
            const logger = createLogger({ level: config.logLevel, secrets: config.secrets });
            const bridge = await Bridge.open(config, logger);
            const url = await bridge.listen().catch(async (error: unknown) => {
                await bridge.close();
                throw error;
            });
            logger.info({ url }, 'bridge API listening');
            bridge.scheduler.start(options.initialRun);
            await new Promise<void>((resolve) => {
                const stop = () => resolve();
                process.once('SIGINT', stop);
                process.once('SIGTERM', stop);
            });
            logger.info('stopping: finishing the current run first');
            await bridge.close();
        });

    program
        .command('sync')
        .description('run the active steps once and print what each did')
        .addOption(new Option('--once', 'run once and exit (the only mode of this command)').default(true))
        .option('--step <name>', 'run one step (its API name, e.g. Default_Leads_To_People)')
        .option('--dry-run', 'compute everything, write nothing; report what would be created, updated and skipped')
        .option('--json', 'print the run as JSON instead of a table')
        .action(async (options: { step?: string; dryRun?: boolean; json?: boolean }) => {
            const config = loadConfig(process.env);
            const tty = process.stderr.isTTY && !options.json;
            // The result goes to stdout; logs (JSON lines) to stderr, so scripts can parse either.
            const logger = createLogger({
                level: tty ? 'warn' : config.logLevel,
                secrets: config.secrets,
                destination: pino.destination(2)
            });
            const progress = tty ? terminalProgress() : undefined;
            const bridge = await Bridge.open(config, logger, progress ? { onEvent: progress.onEvent } : {});
            try {
                const run = await bridge.coordinator.runNow({
                    trigger: 'commandLine',
                    stepName: options.step,
                    dryRun: options.dryRun
                });
                progress?.stop();
                console.log(options.json ? JSON.stringify(runToJson(run), null, 2) : summaryTable(run));
                exitCode = exitCodeForRun(run);
            } finally {
                await bridge.close();
            }
        });

    program
        .command('doctor')
        .description('check credentials, API access, the deployed data model, steps and Reply key scopes')
        .action(async () => {
            const config = loadConfig(process.env);
            const logger = createLogger({ level: 'silent', secrets: config.secrets });
            const findings = await runDoctor(config, logger);
            console.log(formatFindings(findings));
            const failed = findings.filter((f) => !f.ok);
            console.log(
                failed.length === 0 ? '\nEverything checks out.' : `\n${counted(failed.length, 'problem')} to fix.`
            );
            exitCode = failed.length === 0 ? EXIT.ok : EXIT.credentials;
        });

    program
        .command('webhooks')
        .description('manage the Reply webhooks that make runs come sooner')
        .command('register')
        .description('subscribe the bridge (BRIDGE_PUBLIC_URL) to the Reply events its active steps feed on')
        .action(async () => {
            const config = loadConfig(process.env);
            const logger = createLogger({ level: 'warn', secrets: config.secrets, destination: process.stderr });
            const bridge = await Bridge.open(config, logger);
            try {
                const result = await registerWebhooks({
                    salesforce: bridge.services.salesforce,
                    reply: bridge.services.reply,
                    catalog: bridge.services.catalog,
                    publicUrl: config.http.publicUrl,
                    secret: config.webhookSecret
                });
                console.log(
                    `created: ${result.created.join(', ') || 'none'}\nalready there: ${result.existing.join(', ') || 'none'}`
                );
                if (result.personal.length > 0)
                    console.log(
                        `Personal scope (Reply refused Team scope for this key; only this user's events arrive): ${result.personal.join(', ')}\n` +
                            "To hear the whole team, register with the team owner's API key."
                    );
            } finally {
                await bridge.close();
            }
        });

    try {
        await program.parseAsync(argv);
        return exitCode;
    } catch (error) {
        if ((error as { code?: string }).code?.startsWith('commander.')) {
            const code = (error as { exitCode?: number }).exitCode ?? 1;
            return code === 0 ? EXIT.ok : EXIT.config;
        }
        console.error((error as Error).message);
        return exitCodeForError(error);
    }
}

// A last net: were the event loop ever to empty while a command still waits (a call that can never settle), Node
// would exit 13 and say nothing. Every call has a deadline, so this should not happen; if it does, it is said.
let finished = false;
process.once('beforeExit', () => {
    if (finished) return;
    console.error('The bridge stopped with work unfinished: a call never settled. Please report this.');
    process.exit(EXIT.unexpected);
});
process.exitCode = await main(process.argv);
finished = true;
