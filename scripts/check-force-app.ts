/** `npm run check:force-app`: runs every offline check of force-app and exits non-zero on any finding. */
import { fileURLToPath } from 'node:url';
import { ALL_CHECKS } from './force-app-checks.ts';

const projectDir = process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url));
let failed = 0;
for (const check of ALL_CHECKS) {
    const started = Date.now();
    const { name, findings } = await check(projectDir);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`${findings.length === 0 ? 'PASS' : 'FAIL'}  ${name} (${seconds} s)`);
    for (const finding of findings) console.log(`      ${finding}`);
    if (findings.length > 0) failed += 1;
}
console.log(failed === 0 ? 'force-app checks: all passed' : `force-app checks: ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
