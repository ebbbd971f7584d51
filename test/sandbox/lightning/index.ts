/**
 * The browser sandbox's Lightning runtime: serves the console and the record panel, force-app's LWC compiled
 * unmodified (build.ts), in Lightning Experience's chrome (pages.ts), and runs their Apex as a stand-in (apex/)
 * against the Salesforce sandbox's REST API and the bridge, as the user the URL switch `?as=` signs in.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { consoleController } from './apex/console-controller.ts';
import type { ApexContext, ApexImplementation } from './apex/context.ts';
import { personActivityController } from './apex/person-activity-controller.ts';
import { buildPage } from './build.ts';
import { consolePage, leadListPage, recordPage, type PageSession } from './pages.ts';
import { apexMethods, apexProperties } from './platform/apex-methods.ts';
import { NamedCredentialCallouts } from './platform/callouts.ts';
import { MetadataDeployments } from './platform/deployments.ts';
import { loadLabels } from './platform/labels.ts';
import { OrgSessions, soqlString } from './platform/org.ts';
import { loadPermissionSets } from './platform/permissions.ts';
import { signIn, type SignedIn } from './platform/session.ts';
import { consoleUser } from './platform/users.ts';

export { addConsoleUsers, CONSOLE_USERS } from './platform/users.ts';
export { buildPage } from './build.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface LightningSandboxOptions {
    port?: number;
    host?: string;
    projectDir?: string;
    /** The Salesforce sandbox (or an org) the page's Apex works in, and the connected app it signs users in through. */
    salesforce: { url: string; consumerKey: string; privateKeyPem: string; systemUsername: string };
    /** The External Credential's Token: what the Named Credential sends the bridge. */
    bridgeToken: string;
    /** How long a metadata deployment takes before its callback runs. */
    deploymentDelayMs?: number;
}

export interface LightningSandbox {
    url: string;
    /** The folder of the compiled page script, and whether this start compiled it. */
    build: { dir: string; compiled: boolean };
    close(): Promise<void>;
}

/** Thrown for a request the platform refuses before any Apex runs. */
class PlatformError extends Error {
    constructor(
        readonly status: number,
        message: string
    ) {
        super(message);
    }
}

export async function startLightningSandbox(options: LightningSandboxOptions): Promise<LightningSandbox> {
    const projectDir = options.projectDir ?? ROOT;
    const forceApp = join(projectDir, 'force-app', 'main', 'default');
    const build = await buildPage(projectDir);
    const labels = loadLabels(projectDir);
    const permissionSets = loadPermissionSets(projectDir);
    const methods = apexMethods(projectDir);
    const catalog = JSON.parse(
        readFileSync(join(forceApp, 'staticresources', 'ReplySyncCatalog.json'), 'utf8')
    ) as ApexContext['catalog'];
    const sessions = new OrgSessions({ ...options.salesforce });
    const callouts = new NamedCredentialCallouts(() => sessions.system(), options.bridgeToken);
    const deployments = new MetadataDeployments(options.salesforce.url, options.deploymentDelayMs);
    const implementations: Record<string, Record<string, ApexImplementation>> = {
        ReplySyncConsoleController: consoleController(apexProperties(projectDir, 'ReplySyncStepDraft')),
        ReplyPersonActivityController: personActivityController
    };

    async function sessionOf(key: string | undefined): Promise<SignedIn> {
        const user = consoleUser(key);
        if (!user) throw new PlatformError(400, `No such user in the sign-in switch: ${key}`);
        return signIn(user, sessions, permissionSets);
    }
    const pageSession = (session: SignedIn): PageSession => ({
        user: session.user,
        name: session.name,
        customPermissions: session.customPermissions
    });

    const app = express();
    app.disable('x-powered-by');
    app.use('/slds', express.static(join(projectDir, 'node_modules', '@salesforce-ux', 'design-system', 'assets')));
    app.use('/assets', express.static(build.dir));
    app.get('/resource/:name', (req, res) => {
        res.sendFile(join(forceApp, 'staticresources', `${req.params.name}.json`), (error) => {
            if (error) res.status(404).end();
        });
    });
    app.get('/', (_req, res) => res.redirect('/lightning/n/Reply_Sync'));
    app.get('/favicon.ico', (_req, res) => res.status(204).end());
    app.get('/lightning/n/Reply_Sync', async (req, res, next) => {
        try {
            res.type('html').send(consolePage(pageSession(await sessionOf(req.query.as as string | undefined))));
        } catch (error) {
            next(error);
        }
    });
    app.get('/lightning/o/Lead/list', async (req, res, next) => {
        try {
            const session = await sessionOf(req.query.as as string | undefined);
            const leads = (
                await session.connection.query<Record<string, unknown>>(
                    'SELECT Id, Name, Company, Status, Reply_Status__c FROM Lead WHERE Reply_Contact_Id__c != null ORDER BY LastModifiedDate DESC LIMIT 50'
                )
            ).records;
            res.type('html').send(leadListPage(pageSession(session), leads));
        } catch (error) {
            next(error);
        }
    });
    app.get('/lightning/r/:object/:id/view', async (req, res, next) => {
        try {
            const session = await sessionOf(req.query.as as string | undefined);
            const objectApiName = req.params.object === 'Contact' ? 'Contact' : 'Lead';
            const fields =
                objectApiName === 'Lead'
                    ? ['Company', 'Status', 'Email', 'Phone', 'Title', 'LeadSource']
                    : ['Email', 'Phone', 'Title', 'Department'];
            const [row] = (
                await session.connection.query<Record<string, unknown>>(
                    `SELECT Id, Name, ${fields.join(', ')} FROM ${objectApiName} WHERE Id = ${soqlString(req.params.id)}`
                )
            ).records;
            if (!row) throw new PlatformError(404, `No ${objectApiName} ${req.params.id} this user can see`);
            const describe = await session.connection.describe(objectApiName);
            const labelOf = (name: string) => describe.fields.find((field) => field.name === name)?.label ?? name;
            res.type('html').send(
                recordPage(pageSession(session), {
                    Id: String(row.Id),
                    Name: String(row.Name),
                    objectApiName,
                    fields: fields.map((name) => [labelOf(name), row[name]])
                })
            );
        } catch (error) {
            next(error);
        }
    });

    app.post('/aura/apex', express.json({ limit: '2mb' }), async (req, res) => {
        const { classname, method, params } = (req.body ?? {}) as {
            classname?: string;
            method?: string;
            params?: Record<string, unknown>;
        };
        try {
            const declared = methods.get(`${classname}.${method}`);
            const implementation = implementations[classname ?? '']?.[method ?? ''];
            if (!declared || !implementation) {
                throw new PlatformError(404, `No @AuraEnabled method ${classname}.${method}`);
            }
            const session = await sessionOf(req.header('x-lightning-user'));
            if (!session.canRunClass(declared.className)) {
                throw new PlatformError(403, `You do not have access to the Apex class named '${declared.className}'.`);
            }
            const returnValue = await implementation({ session, labels, catalog, callouts, deployments }, params ?? {});
            res.json({ returnValue: returnValue ?? null });
        } catch (error) {
            const status = error instanceof PlatformError ? error.status : 500;
            res.status(status).json({
                error: { message: (error as Error).message, exceptionType: (error as Error).constructor.name }
            });
        }
    });
    app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        res.status(error instanceof PlatformError ? error.status : 500)
            .type('text')
            .send(error.message);
    });

    const server = await new Promise<Server>((resolve, reject) => {
        const listening = app.listen(options.port ?? 0, options.host ?? '127.0.0.1', (error?: Error) =>
            error ? reject(error) : resolve(listening)
        );
    });
    const address = server.address() as AddressInfo;
    return {
        url: `http://${options.host ?? '127.0.0.1'}:${address.port}`,
        build,
        async close() {
            await deployments.settle();
            server.closeAllConnections();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        }
    };
}
