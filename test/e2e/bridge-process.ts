import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SalesforceSandbox } from '../sandbox/salesforce/index.ts';
import type { World } from './world.ts';

const BIN = fileURLToPath(new URL('../../bridge/bin/reply-sync.js', import.meta.url));

/**
 * Runs `reply-sync sync --once` as its own process; SIGKILLs it as soon as `killWhen` holds for the Salesforce
 * sandbox (checked every 2 ms), as a crash would end it.
 */
export function bridgeProcess(
    w: World,
    killWhen?: (salesforce: SalesforceSandbox) => boolean
): Promise<{ code: number | null; killed: boolean }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, 'sync', '--once', '--json'], {
            env: { ...process.env, ...w.env },
            stdio: ['ignore', 'pipe', 'pipe']
        });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
        child.stdout.resume();
        let killed = false;
        let watch: NodeJS.Timeout | undefined;
        if (killWhen) {
            watch = setInterval(() => {
                if (killWhen(w.salesforce)) {
                    killed = child.kill('SIGKILL');
                    clearInterval(watch);
                }
            }, 2);
        }
        child.on('error', reject);
        child.on('exit', (code) => {
            clearInterval(watch);
            if (!killed && code !== 0 && code !== 1) reject(new Error(`bridge exited ${code}: ${stderr.slice(-2000)}`));
            else resolve({ code, killed });
        });
    });
}

/** Kills once the org has seen this many more API calls than when it was made. */
export function afterCalls(w: World, calls: number): (salesforce: SalesforceSandbox) => boolean {
    const start = w.salesforce.stats().total;
    return (salesforce) => salesforce.stats().total - start >= calls;
}
