import { loadCatalog } from '../catalog/load.ts';
import type { BridgeConfig } from '../config/env.ts';
import type { Logger } from '../logging.ts';
import { ReplyClient } from '../reply/client.ts';
import { SalesforceClient } from '../salesforce/client.ts';
import { connectSalesforce } from '../salesforce/connection.ts';
import { fieldOf } from '../salesforce/describe.ts';
import { readOrg, type OrgSnapshot } from '../salesforce/org.ts';
import { openStore } from '../store/store.ts';
import { replyFields } from '../sync/mapping.ts';
import { selectSteps } from '../sync/steps.ts';
import { describeProblems } from '../sync/validation/problems.ts';
import { checkAgainstSystems, validationContextOf } from '../sync/validation/validate.ts';

export interface Finding {
    check: string;
    ok: boolean;
    detail: string;
    fix?: string;
}

/** Fields the bridge writes, by object: missing or read-only ones mean force-app is not deployed or access is missing. */
const REQUIRED_FIELDS: Record<string, string[]> = {
    Lead: ['Reply_Contact_Id__c', 'Reply_Profile_Url__c', 'Reply_Status__c', 'Reply_Sequence__c'],
    Contact: ['Reply_Contact_Id__c', 'Reply_Profile_Url__c', 'Reply_Status__c', 'Reply_Sequence__c'],
    Task: ['Reply_Activity_Id__c']
};

/**
 * `reply-sync doctor`: checks credentials, API access, the deployed data model and the integration user's access,
 * every step's validity, the Reply key and its scopes, and the database; each problem comes with what to do.
 */
export async function runDoctor(config: BridgeConfig, logger: Logger): Promise<Finding[]> {
    const findings: Finding[] = [];
    const add = (finding: Finding) => findings.push(finding);
    const catalog = loadCatalog();

    try {
        const store = await openStore(config.databaseUrl);
        add({
            check: 'Database',
            ok: true,
            detail: `migrations applied (${config.databaseUrl.startsWith('file:') ? 'SQLite' : 'PostgreSQL'})`
        });
        await store.close();
    } catch (error) {
        add({
            check: 'Database',
            ok: false,
            detail: (error as Error).message,
            fix: 'Check DATABASE_URL and that the bridge may write to it'
        });
    }

    let org: OrgSnapshot | undefined;
    try {
        const { conn } = await connectSalesforce(config.salesforce.auth, config.salesforce.apiVersion);
        const client = new SalesforceClient(conn, {
            logger,
            budgetShare: config.salesforce.apiBudgetShare,
            attempts: 1
        });
        add({ check: 'Salesforce login', ok: true, detail: `connected to ${conn.instanceUrl}` });
        try {
            org = await readOrg(client);
            const usage = org.apiLimit
                ? `${org.apiLimit.max - org.apiLimit.remaining} of ${org.apiLimit.max} daily API requests used`
                : 'allowance unknown';
            add({ check: 'Salesforce API access', ok: true, detail: usage });
        } catch (error) {
            add({
                check: 'Salesforce data model',
                ok: false,
                detail: (error as Error).message,
                fix: 'Deploy force-app (sf project deploy start --source-dir force-app) and assign the Reply_Sync_Integration permission set to the integration user'
            });
        }
    } catch (error) {
        add({
            check: 'Salesforce login',
            ok: false,
            detail: (error as Error).message,
            fix: 'Check SALESFORCE_LOGIN_URL, SALESFORCE_CLIENT_ID, SALESFORCE_USERNAME and the private key; pre-authorize the integration user for the External Client App'
        });
    }

    if (org) {
        for (const [object, names] of Object.entries(REQUIRED_FIELDS)) {
            const describe = org.describes.get(object)!;
            const missing = names.filter((name) => !fieldOf(describe, name)?.updateable);
            add(
                missing.length === 0
                    ? { check: `${object} fields`, ok: true, detail: 'present and writable' }
                    : {
                          check: `${object} fields`,
                          ok: false,
                          detail: `missing or read-only for the integration user: ${missing.join(', ')}`,
                          fix: 'Deploy force-app and assign the Reply_Sync_Integration permission set'
                      }
            );
        }
        if (!org.setting) {
            add({
                check: 'Settings',
                ok: false,
                detail: 'Reply_Sync_Setting__mdt.Org_Default is missing',
                fix: 'Deploy force-app, which includes it'
            });
        } else {
            add({
                check: 'Settings',
                ok: true,
                detail: `${org.setting.Enabled__c ? 'enabled' : 'DISABLED (turn it on in the console)'}, ${org.setting.Profile__c ?? 'Default'} profile, every ${org.setting.Sync_Interval_Minutes__c ?? 120} minutes`
            });
        }
    }

    let reply: ReplyClient | undefined;
    try {
        reply = new ReplyClient({
            apiUrl: config.reply.apiUrl,
            apiKey: config.reply.apiKey,
            limits: config.reply,
            logger,
            attempts: 1
        });
        const me = await reply.team.whoami();
        add({
            check: 'Reply API key',
            ok: true,
            detail: `acting as Reply user ${me.userId}${me.teamId ? ` in team ${me.teamId}` : ''}`
        });
    } catch (error) {
        reply = undefined;
        add({
            check: 'Reply API key',
            ok: false,
            detail: (error as Error).message,
            fix: 'Set REPLY_API_KEY to an active key (Reply: Settings -> API Key)'
        });
    }

    if (reply) {
        const scopes: [string, () => Promise<unknown>][] = [
            ['contacts', () => reply.http.post('/v3/contacts/filter', { rules: [] }, { top: 1 })],
            ['custom fields', () => reply.customFields.list()],
            ['sequences', () => reply.http.get('/v3/sequences', { top: 1 })],
            ['inbox', () => reply.inbox.categories()],
            ['tasks', () => reply.http.post('/v3/tasks/filter', {}, { top: 1 })],
            [
                'reporting',
                () =>
                    reply.http.post(
                        '/v3/reporting/emails/list',
                        { filters: { from: new Date().toISOString() } },
                        { top: 1 }
                    )
            ]
        ];
        for (const [name, call] of scopes) {
            try {
                await call();
                add({ check: `Reply access: ${name}`, ok: true, detail: 'allowed' });
            } catch (error) {
                add({
                    check: `Reply access: ${name}`,
                    ok: false,
                    detail: (error as Error).message,
                    fix: `Give the API key the ${name} read permission in Reply`
                });
            }
        }
    }

    if (org?.setting) {
        const fields = reply
            ? replyFields(catalog, await reply.customFields.list().catch(() => []))
            : replyFields(catalog, []);
        for (const parsed of selectSteps(org.steps, org.setting.Profile__c ?? 'Default', catalog)) {
            if (!parsed.ok) {
                add({
                    check: `Step ${parsed.name}`,
                    ok: false,
                    detail: describeProblems(parsed.problems),
                    fix: "Open the step's settings in the console and save valid ones"
                });
                continue;
            }
            const problems = checkAgainstSystems(parsed.step, validationContextOf(org, fields), catalog);
            add(
                problems.length === 0
                    ? { check: `Step ${parsed.step.name}`, ok: true, detail: parsed.step.kind.label }
                    : {
                          check: `Step ${parsed.step.name}`,
                          ok: false,
                          detail: describeProblems(problems),
                          fix: "Fix the step's settings in the console"
                      }
            );
        }
    }
    return findings;
}

export function formatFindings(findings: Finding[]): string {
    return findings
        .map((f) => `${f.ok ? 'OK  ' : 'FAIL'} ${f.check}: ${f.detail}${!f.ok && f.fix ? `\n     fix: ${f.fix}` : ''}`)
        .join('\n');
}
