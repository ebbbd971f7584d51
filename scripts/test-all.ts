/**
 * `npm test`: every check of the project, in order, each one run even when an earlier one failed, then a summary.
 * Exits non-zero when anything failed.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STAGES: [name: string, command: string][] = [
    ['generated metadata is current', 'tsx scripts/generate-metadata.ts --check'],
    ['format (prettier)', 'prettier --check . --log-level warn'],
    ['lint (eslint)', 'eslint . --max-warnings 0'],
    ['types (tsc)', 'tsc --noEmit -p tsconfig.json'],
    ['force-app checks', 'tsx scripts/check-force-app.ts'],
    ['bridge, sandbox and script tests (vitest)', 'vitest run'],
    ['LWC tests (sfdx-lwc-jest)', 'sfdx-lwc-jest -- --passWithNoTests'],
    ['console in Chromium (playwright, axe-core)', 'vitest run --config test/browser/vitest.config.ts']
];

const only = process.argv.slice(2);
const results: { name: string; ok: boolean; seconds: number }[] = [];
for (const [name, command] of STAGES) {
    if (only.length > 0 && !only.some((word) => name.includes(word))) continue;
    console.log(`\n=== ${name}: ${command}`);
    const started = Date.now();
    const { status } = spawnSync(command, { cwd: ROOT, stdio: 'inherit', shell: true, env: process.env });
    results.push({ name, ok: status === 0, seconds: (Date.now() - started) / 1000 });
}
console.log('\n=== summary');
for (const { name, ok, seconds } of results) console.log(`${ok ? 'PASS' : 'FAIL'}  ${name} (${seconds.toFixed(1)} s)`);
const failed = results.filter((result) => !result.ok).length;
console.log(failed === 0 ? 'all checks passed' : `${failed} of ${results.length} checks failed`);
process.exit(failed === 0 ? 0 : 1);
