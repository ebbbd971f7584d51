import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
    EXIT,
    UsageError,
    deploy,
    deployCommands,
    nextSteps,
    parseDeployArgs,
    type Runner
} from '../scripts/deploy.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A fake `sf`: answers each command from a table and records what was run. */
function fakeSf(answers: Record<string, { code: number; stdout?: string }> = {}) {
    const ran: string[] = [];
    const run: Runner = async (args) => {
        const line = args.join(' ');
        ran.push(line);
        const key = Object.keys(answers).find((prefix) => line.startsWith(prefix));
        return {
            code: key ? (answers[key]?.code ?? 0) : 0,
            stdout: key ? (answers[key]?.stdout ?? '') : '{"status":0}'
        };
    };
    return { ran, run };
}

describe('npm run deploy', () => {
    it('needs --target-org and says how to get one; refuses unknown options and test levels', () => {
        expect(() => parseDeployArgs([])).toThrow(UsageError);
        expect(() => parseDeployArgs([])).toThrow(/--target-org is required.*sf org login web --alias ALIAS/s);
        expect(() => parseDeployArgs(['--target-org', 'uat', '--force'])).toThrow(/Unknown option '--force'/);
        expect(() => parseDeployArgs(['--target-org', 'uat', '--test-level', 'RunSomeTests'])).toThrow(
            '--test-level must be one of RunLocalTests, RunAllTestsInOrg, NoTestRun, not RunSomeTests.'
        );
        expect(parseDeployArgs(['--target-org', 'uat'])).toEqual({
            targetOrg: 'uat',
            dryRun: false,
            testLevel: 'RunLocalTests',
            integrationUser: undefined,
            skipChecks: false
        });
    });

    it('deploys with local tests, then assigns the permission sets', () => {
        const options = parseDeployArgs(['--target-org', 'prod', '--integration-user', 'sync@acme.com']);
        expect(deployCommands(options).map((c) => `sf ${c.args.join(' ')}`)).toEqual([
            'sf org display --target-org prod --json',
            'sf project deploy start --source-dir force-app --target-org prod --test-level RunLocalTests --wait 60',
            'sf org assign permset --name Reply_Sync_Admin --target-org prod --json',
            'sf org assign permset --name Reply_Sync_Integration --on-behalf-of sync@acme.com --target-org prod --json'
        ]);
    });

    it('validates only with --dry-run: a check-only deploy that runs the tests, and nothing assigned', () => {
        const options = parseDeployArgs(['--target-org', 'uat', '--dry-run']);
        expect(deployCommands(options).map((c) => `sf ${c.args.join(' ')}`)).toEqual([
            'sf org display --target-org uat --json',
            'sf project deploy start --source-dir force-app --target-org uat --test-level RunLocalTests --wait 60 --dry-run'
        ]);
        expect(nextSteps(options)).toEqual([
            'The validation passed: nothing was saved in uat. Deploy for real with:',
            '  npm run deploy -- --target-org uat'
        ]);
    });

    it('runs the offline checks, deploys, assigns, and prints what is left, with what each step needs', async () => {
        const lines: string[] = [];
        const { ran, run } = fakeSf({
            'org assign permset --name Reply_Sync_Admin': {
                code: 1,
                stdout: '{"status":1,"result":{"failures":[{"name":"admin@acme.com","message":"Duplicate PermissionSetAssignment"}]}}'
            }
        });
        const code = await deploy(parseDeployArgs(['--target-org', 'prod']), run, (line) => lines.push(line), ROOT);
        expect(code).toBe(EXIT.ok);
        expect(ran).toHaveLength(3);
        const out = lines.join('\n');
        expect(out).toContain('Running the offline checks');
        expect(out).toContain('already assigned');
        expect(out).toContain(
            'sf org assign permset --name Reply_Sync_Integration --on-behalf-of INTEGRATION_USERNAME --target-org prod'
        );
        expect(out).toContain("Setup > Named Credentials > Reply Bridge: set URL to the bridge's public HTTPS address");
        expect(out).toContain('principal Bridge: add the authentication parameter Token');
        expect(out).toContain('reply-sync doctor');
    });

    it('stops with what to do when the org is unknown, the deploy fails or an assignment fails', async () => {
        const options = { ...parseDeployArgs(['--target-org', 'nope']), skipChecks: true };
        const print = (into: string[]) => (line: string) => into.push(line);
        const unknown: string[] = [];
        const noOrg = fakeSf({
            'org display': { code: 1, stdout: '{"status":1,"message":"No authorization information found for nope."}' }
        });
        expect(await deploy(options, noOrg.run, print(unknown))).toBe(EXIT.noOrg);
        expect(noOrg.ran).toHaveLength(1);
        expect(unknown.join('\n')).toContain(
            'No org nope: No authorization information found for nope.\nLog in first: sf org login web --alias nope'
        );

        const failedDeploy: string[] = [];
        const refused = fakeSf({ 'project deploy': { code: 1 } });
        expect(await deploy(options, refused.run, print(failedDeploy))).toBe(EXIT.deploy);
        expect(refused.ran).toHaveLength(2);
        expect(failedDeploy.join('\n')).toContain(
            'The deploy failed (sf exited 1); Salesforce rolled everything back.'
        );

        const failedAssign: string[] = [];
        const noLicence = fakeSf({
            'org assign': {
                code: 1,
                stdout: '{"status":1,"result":{"failures":[{"message":"Permission set license doesn\'t match"}]}}'
            }
        });
        expect(await deploy(options, noLicence.run, print(failedAssign))).toBe(EXIT.assign);
        expect(failedAssign.join('\n')).toContain("could not assign it: Permission set license doesn't match");
    });

    it('ends with a clear error and exit 4 when the real sf CLI knows no such org', () => {
        const home = mkdtempSync(join(tmpdir(), 'deploy-home-'));
        try {
            const result = spawnSync(
                'node_modules/.bin/tsx',
                ['scripts/deploy.ts', '--target-org', 'no-such-org', '--skip-checks'],
                {
                    cwd: ROOT,
                    encoding: 'utf8',
                    env: { ...process.env, HOME: home }
                }
            );
            expect(result.stdout).toContain('sf org display --target-org no-such-org --json');
            expect(result.stdout).toContain('No org no-such-org:');
            expect(result.stdout).toContain('Log in first: sf org login web --alias no-such-org');
            expect(result.status).toBe(EXIT.noOrg);
        } finally {
            rmSync(home, { recursive: true, force: true });
        }
    }, 60_000);

    it('prints its usage and exits 2 without --target-org', () => {
        const result = spawnSync('node_modules/.bin/tsx', ['scripts/deploy.ts'], { cwd: ROOT, encoding: 'utf8' });
        expect(result.status).toBe(EXIT.usage);
        expect(result.stderr).toContain('--target-org is required');
    });
});
