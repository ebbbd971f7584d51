/**
 * `npm run deploy -- --target-org ALIAS [--dry-run] [--test-level LEVEL] [--integration-user USERNAME]`
 *
 * Deploys force-app the way a first deploy has to succeed, with the Salesforce CLI (`sf`, a devDependency):
 *   1. the offline checks that need no Java (placement and permission rules, Apex syntax, Apex test rules), so a
 *      mistake the org would refuse is named before anything is sent;
 *   2. `sf org display` to make sure ALIAS is an authorized org (else: how to authorize it);
 *   3. `sf project deploy start --source-dir force-app --test-level RunLocalTests --wait 60`: local tests run on
 *      every org (production requires them; running them on a sandbox first shows what production will say);
 *      `--dry-run` validates only (Salesforce's check-only deploy, tests included) and stops there;
 *   4. `sf org assign permset`: Reply_Sync_Admin to the deploying user, Reply_Sync_Integration to the integration
 *      user when given (an assignment that exists already is fine);
 *   5. prints the steps left, which no command can do for you (the bridge's URL and token, the External Client App).
 *
 * Pure planning (parseDeployArgs, deployCommands, nextSteps) is separate from running, so tests check the exact
 * commands without an org. Exit codes: 0 done, 2 usage, 3 offline checks failed, 4 no such org, 5 deploy failed,
 * 6 a permission set could not be assigned.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const TEST_LEVELS = ['RunLocalTests', 'RunAllTestsInOrg', 'NoTestRun'] as const;
export type TestLevel = (typeof TEST_LEVELS)[number];

export const EXIT = { ok: 0, usage: 2, checks: 3, noOrg: 4, deploy: 5, assign: 6 } as const;

export interface DeployOptions {
    targetOrg: string;
    dryRun: boolean;
    testLevel: TestLevel;
    integrationUser: string | undefined;
    skipChecks: boolean;
}

export class UsageError extends Error {}

export const USAGE =
    'Usage: npm run deploy -- --target-org ALIAS [--dry-run] [--test-level RunLocalTests|RunAllTestsInOrg|NoTestRun] ' +
    '[--integration-user USERNAME] [--skip-checks]';

export function parseDeployArgs(argv: string[]): DeployOptions {
    let values;
    try {
        ({ values } = parseArgs({
            args: argv,
            strict: true,
            allowPositionals: false,
            options: {
                'target-org': { type: 'string', short: 'o' },
                'dry-run': { type: 'boolean', default: false },
                'test-level': { type: 'string', short: 'l', default: 'RunLocalTests' },
                'integration-user': { type: 'string' },
                'skip-checks': { type: 'boolean', default: false },
                help: { type: 'boolean', short: 'h', default: false }
            }
        }));
    } catch (error) {
        throw new UsageError(`${(error as Error).message}\n${USAGE}`);
    }
    if (values.help) throw new UsageError(USAGE);
    const targetOrg = values['target-org']?.trim();
    if (!targetOrg) {
        throw new UsageError(
            `--target-org is required: the alias or username of an org the Salesforce CLI is logged in to ` +
                `(sf org login web --alias ALIAS; add --instance-url https://test.salesforce.com for a sandbox).\n${USAGE}`
        );
    }
    const testLevel = values['test-level'] as TestLevel;
    if (!TEST_LEVELS.includes(testLevel)) {
        throw new UsageError(`--test-level must be one of ${TEST_LEVELS.join(', ')}, not ${testLevel}.\n${USAGE}`);
    }
    return {
        targetOrg,
        dryRun: values['dry-run'] === true,
        testLevel,
        integrationUser: values['integration-user']?.trim() || undefined,
        skipChecks: values['skip-checks'] === true
    };
}

export interface Command {
    /** What the step does, printed before it runs. */
    title: string;
    args: string[];
    /** Parse its --json answer (the assignments), rather than stream its output. */
    json?: boolean;
}

/** The `sf` commands, in order, for these options. */
export function deployCommands(options: DeployOptions): Command[] {
    const org = ['--target-org', options.targetOrg];
    const commands: Command[] = [
        {
            title: `Checking that ${options.targetOrg} is an authorized org`,
            args: ['org', 'display', ...org, '--json'],
            json: true
        },
        {
            title: options.dryRun
                ? `Validating force-app against ${options.targetOrg} (check-only, ${options.testLevel})`
                : `Deploying force-app to ${options.targetOrg} (${options.testLevel})`,
            args: [
                'project',
                'deploy',
                'start',
                '--source-dir',
                'force-app',
                ...org,
                '--test-level',
                options.testLevel,
                '--wait',
                '60',
                ...(options.dryRun ? ['--dry-run'] : [])
            ]
        }
    ];
    if (options.dryRun) return commands;
    commands.push({
        title: 'Assigning Reply_Sync_Admin to you, the deploying user',
        args: ['org', 'assign', 'permset', '--name', 'Reply_Sync_Admin', ...org, '--json'],
        json: true
    });
    if (options.integrationUser) {
        commands.push({
            title: `Assigning Reply_Sync_Integration to ${options.integrationUser}`,
            args: [
                'org',
                'assign',
                'permset',
                '--name',
                'Reply_Sync_Integration',
                '--on-behalf-of',
                options.integrationUser,
                ...org,
                '--json'
            ],
            json: true
        });
    }
    return commands;
}

/** What is left to do by hand after a deploy, each step with what it needs. */
export function nextSteps(options: DeployOptions): string[] {
    if (options.dryRun) {
        return [
            `The validation passed: nothing was saved in ${options.targetOrg}. Deploy for real with:`,
            `  npm run deploy -- --target-org ${options.targetOrg}` +
                (options.integrationUser ? ` --integration-user ${options.integrationUser}` : '')
        ];
    }
    const integration = options.integrationUser ?? 'INTEGRATION_USERNAME';
    return [
        'Next steps:',
        ...(options.integrationUser
            ? []
            : [
                  `- Assign Reply_Sync_Integration to the bridge's integration user (profile "Minimum Access - API Only Integrations" recommended):`,
                  `    sf org assign permset --name Reply_Sync_Integration --on-behalf-of ${integration} --target-org ${options.targetOrg}`
              ]),
        `- Reps who should see Reply's activity on Leads and Contacts: sf org assign permset --name Reply_Sync_User --on-behalf-of REP_USERNAME --target-org ${options.targetOrg}`,
        '- Configurers other than you: assign Reply_Sync_Admin the same way. Saving changes also needs Customize Application (System Administrators have it); without it the console offers Sync now only.',
        "- Setup > External Client App Manager: an app with the JWT Bearer Flow and your certificate; pre-authorize the integration user (its permission set or profile). The consumer key is the bridge's SALESFORCE_CLIENT_ID.",
        "- Setup > Named Credentials > Reply Bridge: set URL to the bridge's public HTTPS address (BRIDGE_PUBLIC_URL).",
        "- Setup > External Credentials > Reply Bridge Auth > principal Bridge: add the authentication parameter Token = the bridge's BRIDGE_API_TOKEN.",
        `- Configure the bridge (config/bridge.env.example: SALESFORCE_LOGIN_URL, SALESFORCE_CLIENT_ID, SALESFORCE_USERNAME=${integration}, the private key), then run: reply-sync doctor`,
        '- Open the Reply Sync app, press Test connection, and turn the integration on.'
    ];
}

export interface RunResult {
    code: number;
    stdout: string;
}

export type Runner = (args: string[], capture: boolean) => Promise<RunResult>;

/** Runs `sf` from this project's node_modules (or PATH), telemetry and update checks off. */
export const runSf: Runner = (args, capture) =>
    new Promise((resolve, reject) => {
        const binDir = fileURLToPath(new URL('../node_modules/.bin', import.meta.url));
        const child = spawn('sf', args, {
            stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
            env: {
                ...process.env,
                PATH: `${binDir}:${process.env.PATH ?? ''}`,
                SF_DISABLE_TELEMETRY: 'true',
                SF_SKIP_NEW_VERSION_CHECK: 'true',
                SF_AUTOUPDATE_DISABLE: 'true'
            }
        });
        let stdout = '';
        child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
        child.on('error', (error) =>
            reject(
                new Error(
                    `Cannot run the Salesforce CLI (sf): ${error.message}. Run npm install, which installs it, or install it with npm install --global @salesforce/cli.`
                )
            )
        );
        child.on('close', (code) => resolve({ code: code ?? 1, stdout }));
    });

interface SfJson {
    status?: number;
    message?: string;
    name?: string;
    result?: { failures?: { message?: string }[]; username?: string };
}

function parseJson(stdout: string): SfJson {
    try {
        return JSON.parse(stdout.slice(stdout.indexOf('{'))) as SfJson;
    } catch {
        return {};
    }
}

/** Offline checks that need no Java and no org, run before anything is sent. */
async function offlineFindings(projectDir: string): Promise<string[]> {
    const {
        checkApexParses,
        checkApexTestCallouts,
        checkApexTestUsers,
        checkMetadataConverts,
        checkMetadataPlacement
    } = await import('./force-app-checks.ts');
    const findings: string[] = [];
    for (const check of [
        checkMetadataConverts,
        checkMetadataPlacement,
        checkApexParses,
        checkApexTestCallouts,
        checkApexTestUsers
    ]) {
        const result = await check(projectDir);
        findings.push(...result.findings.map((finding) => `${result.name}: ${finding}`));
    }
    return findings;
}

/** The whole deploy; returns the exit code. `print` and `run` are passed in so tests can watch. */
export async function deploy(
    options: DeployOptions,
    run: Runner,
    print: (line: string) => void,
    projectDir = fileURLToPath(new URL('..', import.meta.url))
): Promise<number> {
    if (!options.skipChecks) {
        print('Running the offline checks (placement and permission rules, Apex syntax, Apex test rules)');
        const findings = await offlineFindings(projectDir);
        if (findings.length > 0) {
            for (const finding of findings) print(`  ${finding}`);
            print(`${findings.length} problem(s) a deploy would fail on: fix them first (or --skip-checks).`);
            return EXIT.checks;
        }
    }
    for (const command of deployCommands(options)) {
        print(`\n${command.title}\n  sf ${command.args.join(' ')}`);
        const { code, stdout } = await run(command.args, command.json === true);
        const answer = command.json ? parseJson(stdout) : {};
        if (command.args[1] === 'display') {
            if (code !== 0) {
                print(
                    `No org ${options.targetOrg}: ${
                        answer.message
                            ?.split('\n')
                            .map((l) => l.trim())
                            .filter(Boolean)
                            .join(' ') ?? `sf exited ${code}`
                    }\n` +
                        `Log in first: sf org login web --alias ${options.targetOrg} (for a sandbox add --instance-url https://test.salesforce.com), then run this again.`
                );
                return EXIT.noOrg;
            }
            continue;
        }
        if (command.args[0] === 'project') {
            if (code !== 0) {
                print(
                    `\nThe ${options.dryRun ? 'validation' : 'deploy'} failed (sf exited ${code}); Salesforce rolled everything back. ` +
                        'The component and test failures are listed above. Fix them, run npm run check:force-app, and deploy again.'
                );
                return EXIT.deploy;
            }
            continue;
        }
        const failures = answer.result?.failures ?? [];
        const duplicate =
            failures.length > 0 && failures.every((f) => /duplicate|already assigned/i.test(f.message ?? ''));
        if (code !== 0 && !duplicate) {
            print(
                `  could not assign it: ${failures.map((f) => f.message).join('; ') || answer.message || `sf exited ${code}`}\n` +
                    '  The deploy itself succeeded; assign the permission set in Setup > Permission Sets, or run the command above again.'
            );
            return EXIT.assign;
        }
        print(duplicate ? '  already assigned' : '  assigned');
    }
    print('');
    for (const line of nextSteps(options)) print(line);
    return EXIT.ok;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
    let options: DeployOptions;
    try {
        options = parseDeployArgs(process.argv.slice(2));
    } catch (error) {
        console.error((error as Error).message);
        process.exit(EXIT.usage);
    }
    deploy(options, runSf, (line) => console.log(line)).then(
        (code) => process.exit(code),
        (error: unknown) => {
            console.error((error as Error).message);
            process.exit(EXIT.deploy);
        }
    );
}
