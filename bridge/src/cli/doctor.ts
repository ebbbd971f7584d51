import { loadCatalog } from '../catalog/load.ts';
import type { BridgeConfig } from '../config/env.ts';
import type { Logger } from '../logging.ts';
import { SalesforceClient } from '../salesforce/client.ts';
import { connectSalesforce } from '../salesforce/connection.ts';
import { readOrg, type OrgSnapshot } from '../salesforce/org.ts';
import { openStore } from '../store/store.ts';
import { replyFields } from '../sync/mapping.ts';
import { selectSteps } from '../sync/steps.ts';
import { describeProblems } from '../sync/validation/problems.ts';
import { checkAgainstSystems, validationContextOf } from '../sync/validation/validate.ts';
import { replyDoctor, stepCapabilityFindings } from './doctor-reply.ts';
import { checkSalesforceOrg } from './doctor-salesforce.ts';

export interface Finding {
    check: string;
    ok: boolean;
    detail: string;
    fix?: string;
}

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
        const { conn, userId } = await connectSalesforce(config.salesforce.auth, config.salesforce.apiVersion);
        const client = new SalesforceClient(conn, {
            logger,
            budgetShare: config.salesforce.apiBudgetShare,
            attempts: 1,
            credentials: config.salesforce.auth.kind
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
                fix: 'Deploy force-app (npm run deploy -- --target-org <alias>) and assign the Reply_Sync_Integration permission set to the integration user; the checks below say what is missing'
            });
        }
        // The integration user's access, its permission set, the admins and the Named Credential: run even when the
        // reads above failed, since they say why.
        try {
            const auth = config.salesforce.auth;
            const options = {
                ...(userId ? { integrationUserId: userId } : {}),
                ...(auth.kind === 'jwt' ? { integrationUsername: auth.username } : {}),
                ...(config.http.publicUrl ? { publicUrl: config.http.publicUrl } : {})
            };
            for (const finding of await checkSalesforceOrg(client, options)) add(finding);
        } catch (error) {
            add({
                check: 'Salesforce access',
                ok: false,
                detail: (error as Error).message,
                fix: 'Assign the Reply_Sync_Integration permission set to the integration user (it grants API access and View Setup and Configuration)'
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

    // Reply: key, scopes, unpublished behaviours probed live, call budget (doctor-reply.ts).
    const store = await openStore(config.databaseUrl).catch(() => undefined);
    const { findings: replyChecks, reply, probes } = await replyDoctor(config, logger, store);
    findings.push(...replyChecks);

    if (org?.setting) {
        findings.push(
            ...stepCapabilityFindings(
                selectSteps(org.steps, org.setting.Profile__c ?? 'Default', catalog),
                catalog,
                probes
            )
        );
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
    await store?.close();
    return findings;
}

export function formatFindings(findings: Finding[]): string {
    return findings
        .map((f) => `${f.ok ? 'OK  ' : 'FAIL'} ${f.check}: ${f.detail}${!f.ok && f.fix ? `\n     fix: ${f.fix}` : ''}`)
        .join('\n');
}
