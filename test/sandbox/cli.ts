/**
 * `npm run sandbox`: starts the local sandboxes in the foreground, seeded, each printing its URL and developer
 * credentials; Ctrl-C stops them all. Each sandbox is one launcher function below: adding a sandbox is adding its
 * function to LAUNCHERS.
 */
import { pathToFileURL } from 'node:url';
import { runReplySandboxCli } from './reply/cli.ts';
import { runSalesforceSandboxCli } from './salesforce/cli.ts';

interface RunningSandbox {
    close(): Promise<void>;
}

type Launcher = () => Promise<RunningSandbox>;

/** The Salesforce org on SANDBOX_SALESFORCE_PORT (4010); see test/sandbox/salesforce/README.md. */
export function startSalesforce(): Promise<RunningSandbox> {
    return runSalesforceSandboxCli();
}

/** The Reply workspace on SANDBOX_REPLY_PORT (4020); see test/sandbox/reply/README.md. */
export function startReply(): Promise<RunningSandbox> {
    return runReplySandboxCli();
}

export const LAUNCHERS: Launcher[] = [startSalesforce, startReply];

export async function runSandboxes(launchers: Launcher[] = LAUNCHERS): Promise<RunningSandbox[]> {
    const running: RunningSandbox[] = [];
    try {
        for (const launch of launchers) {
            running.push(await launch());
            console.log('');
        }
    } catch (error) {
        await Promise.allSettled(running.map((sandbox) => sandbox.close()));
        throw error;
    }
    return running;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
    const running = await runSandboxes();
    const stop = (): void => {
        void Promise.allSettled(running.map((sandbox) => sandbox.close())).then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
}
