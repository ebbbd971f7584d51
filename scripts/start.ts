/**
 * `npm start`: the whole product on the sandboxes. Starts the local Salesforce org and Reply workspace (seeded, with
 * simulated Reply activity; a quarter of the Reply people are already Salesforce Contacts), starts the bridge against
 * them through its production paths (JWT bearer login, the Reply client with its rate limits), runs a first sync with
 * progress, prints what each step did, then keeps serving on the schedule set in Salesforce, with the admin console
 * and the record panel in a browser (test/sandbox/lightning: force-app's LWC compiled, Apex's stand-in on the same
 * sandboxes and bridge). `npm start -- --once` does one run and exits (0 when it succeeded).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { Bridge } from '../bridge/src/bridge.ts';
import { exitCodeForRun } from '../bridge/src/cli/exit-codes.ts';
import { terminalProgress } from '../bridge/src/cli/progress.ts';
import { summaryTable } from '../bridge/src/cli/summary.ts';
import { loadConfig } from '../bridge/src/config/env.ts';
import { createLogger } from '../bridge/src/logging.ts';
import { startReplySandbox } from '../test/sandbox/reply/index.ts';
import { startSalesforceSandbox } from '../test/sandbox/salesforce/index.ts';
import { addConsoleUsers, startLightningSandbox, type LightningSandbox } from '../test/sandbox/lightning/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
    options: {
        once: { type: 'boolean', default: false },
        people: { type: 'string', default: '120' },
        leads: { type: 'string', default: '60' },
        contacts: { type: 'string', default: '60' }
    }
});

/** The console's server once it runs (a holder: shutdown may come before it starts). */
const browser: { console?: LightningSandbox } = {};

const dataDir = join(ROOT, '.data', 'demo');
// The sandboxes start fresh every time, so the bridge's state must too.
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });

const salesforcePort = Number(process.env.SANDBOX_SALESFORCE_PORT ?? 4010);
const salesforce = await startSalesforceSandbox({
    port: salesforcePort,
    seed: { seed: 1, leads: Number(args.leads), contacts: Number(args.contacts), accounts: 40 }
}).catch(portHint('Salesforce sandbox', salesforcePort, 'SANDBOX_SALESFORCE_PORT'));
const replyPort = Number(process.env.SANDBOX_REPLY_PORT ?? 4020);
const reply = await startReplySandbox({ port: replyPort, seed: { seed: 1, people: Number(args.people) } }).catch(
    portHint('Reply sandbox', replyPort, 'SANDBOX_REPLY_PORT', () => salesforce.close())
);
reply.workspace.simulate({ enrol: Math.min(Number(args.people), 200), minutes: 10 * 24 * 60 });
addExistingCustomers();

const keyFile = join(dataDir, 'salesforce-jwt.key');
writeFileSync(keyFile, salesforce.jwt.privateKeyPem, { mode: 0o600 });
const apiToken = process.env.BRIDGE_API_TOKEN ?? randomBytes(24).toString('hex');
const config = loadConfig(
    {
        SALESFORCE_LOGIN_URL: salesforce.url,
        SALESFORCE_CLIENT_ID: salesforce.jwt.consumerKey,
        SALESFORCE_USERNAME: salesforce.jwt.username,
        SALESFORCE_PRIVATE_KEY_FILE: keyFile,
        REPLY_API_URL: reply.url,
        REPLY_API_KEY: reply.apiKey,
        BRIDGE_DATA_DIR: dataDir,
        BRIDGE_PORT: process.env.BRIDGE_PORT ?? '4030',
        BRIDGE_API_TOKEN: apiToken,
        // Keeps the first run inside Reply's 100 requests a minute; the rest of the notes follow on later runs.
        REPLY_NOTE_READS_PER_RUN: '30',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'info'
    },
    { cwd: ROOT, requireApiToken: true }
);
const logFile = join(dataDir, 'bridge.log');
const logger = createLogger({
    level: config.logLevel,
    secrets: config.secrets,
    destination: pino.destination({ dest: logFile, sync: false })
});
const progress = process.stderr.isTTY ? terminalProgress() : undefined;
const bridge = await Bridge.open(config, logger, {
    // The simulated outreach runs ahead of the wall clock: the bridge reads Reply's reports up to the sandbox's now.
    now: () => new Date(reply.workspace.now()),
    onEvent: (event) => {
        progress?.onEvent(event);
        if (!progress && event.type === 'stepFinished') console.log(`  ${event.status.padEnd(9)} ${event.step}`);
    }
});
const url = await bridge.listen().catch(async (error: unknown) => {
    console.error((error as Error).message);
    await shutdown(3);
    throw error;
});

// The admin console in a browser, on the same org and bridge: its users, and the Named Credential set as an admin
// sets it in Setup. Compiled while the first sync runs (once per change of the sources).
const consolePort = Number(process.env.SANDBOX_CONSOLE_PORT ?? 4040);
const lightningStarting = args.once
    ? undefined
    : (() => {
          addConsoleUsers(salesforce.org);
          salesforce.org.setNamedCredentialUrl('Reply_Bridge', url);
          return startLightningSandbox({
              port: consolePort,
              salesforce: {
                  url: salesforce.url,
                  consumerKey: salesforce.jwt.consumerKey,
                  privateKeyPem: salesforce.jwt.privateKeyPem,
                  systemUsername: salesforce.jwt.username
              },
              bridgeToken: apiToken
          }).catch(
              portHint('console', consolePort, 'SANDBOX_CONSOLE_PORT', async () => {
                  await bridge.close();
                  await Promise.all([salesforce.close(), reply.close()]);
              })
          );
      })();

console.log(`
Reply Sync for Salesforce: demo on the sandboxes
  Salesforce sandbox   ${salesforce.url}   (developer token: ${salesforce.developerToken})
  Reply sandbox        ${reply.url}   (API key: ${reply.apiKey})
  Bridge API           ${url}   (Authorization: Bearer ${apiToken})
  Bridge log           ${logFile}

First sync:`);

const run = await bridge.coordinator.runNow({ trigger: 'startup' });
progress?.stop();
console.log(`\n${summaryTable(run)}\n`);
browser.console = await lightningStarting;

/**
 * As in most real workspaces, some Reply people are already Contacts in Salesforce (same email, no Reply link yet):
 * the first sync links them without duplicating anyone, and their outreach lands on the Contacts' activity.
 */
function addExistingCustomers(): void {
    let i = 0;
    for (const person of reply.workspace.state.contacts.values()) {
        if (i++ % 4 !== 0 || !person.email) continue;
        salesforce.org.insert('Contact', {
            FirstName: person.firstName,
            LastName: person.lastName ?? person.email,
            Email: person.email,
            Title: person.title?.slice(0, 128) ?? null
        });
    }
}

/** A port already taken ends the demo with the variable that picks another, not a stack trace. */
function portHint(what: string, port: number, variable: string, cleanUp?: () => Promise<void>) {
    return async (error: NodeJS.ErrnoException): Promise<never> => {
        if (error.code !== 'EADDRINUSE') throw error;
        await cleanUp?.();
        console.error(
            `The ${what} cannot listen on port ${port}: it is already in use (another npm start?). Stop that process or set ${variable}.`
        );
        process.exit(3);
    };
}

async function shutdown(code: number): Promise<never> {
    await browser.console?.close();
    await bridge.close();
    await Promise.all([salesforce.close(), reply.close()]);
    process.exit(code);
}

if (args.once) {
    await shutdown(exitCodeForRun(run));
} else {
    bridge.scheduler.start(false);
    const [lead] = salesforce.org.query(
        'SELECT Id FROM Lead WHERE Reply_Contact_Id__c != null AND IsConverted = false ORDER BY LastModifiedDate DESC LIMIT 1'
    );
    if (browser.console) {
        console.log(`Admin console in a browser (the same org and bridge; ?as=admin, readonly, configurer or rep signs in):
  Console        ${browser.console.url}/lightning/n/Reply_Sync
  Record panel   ${browser.console.url}/lightning/r/Lead/${String(lead?.Id ?? '')}/view
`);
    }
    // The bridge's clock is the sandbox's, which runs ahead of the wall clock: say when in minutes, not as a date.
    const next = bridge.scheduler.nextRunAt;
    const inMinutes = next ? Math.round((next.getTime() - reply.workspace.now()) / 60_000) : undefined;
    console.log(`Serving. ${inMinutes === undefined ? 'No run is scheduled' : `Next scheduled run in ${inMinutes} minutes`}; try:
  curl -s -X POST -H "Authorization: Bearer ${apiToken}" ${url}/v1/sync
  curl -s -H "Authorization: Bearer ${apiToken}" ${url}/v1/runs?limit=1
Ctrl+C stops everything.`);
    process.once('SIGINT', () => void shutdown(0));
    process.once('SIGTERM', () => void shutdown(0));
}
