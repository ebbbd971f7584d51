/**
 * `doctor`'s checks of the org the way a first deploy needs it: the integration user's object and field access, its
 * permission set, the admins who configure (Reply_Sync_Admin, and Customize Application to save), and the Named
 * Credential the console calls the bridge through. Reading is one Composite call (describes and queries) plus one
 * query when there are admins to check; deciding is pure (assessOrg), so every finding is tested without a server.
 */
import type { SalesforceClient, SObjectRecord } from '../salesforce/client.ts';
import { fieldOf, type SObjectDescribe } from '../salesforce/describe.ts';
import { errorRow, logRow } from '../sync/salesforce-log.ts';
import type { RecordErrorRow } from '../domain/records.ts';
import type { RunStepRecord } from '../domain/runs.ts';
import type { Finding } from './doctor.ts';

export const INTEGRATION_PERMISSION_SET = 'Reply_Sync_Integration';
export const ADMIN_PERMISSION_SET = 'Reply_Sync_Admin';
export const NAMED_CREDENTIAL = 'Reply_Bridge';
/** The URL force-app deploys the Named Credential with: it reaches nothing. */
export const PLACEHOLDER_URL = 'https://reply-sync-bridge.example.com';

type Need = 'create' | 'update';

/** What the bridge does to each object, and the custom fields it writes there. */
const NEEDS: { object: string; needs: Need[]; fields: string[] }[] = [
    { object: 'Lead', needs: ['create', 'update'], fields: personFields() },
    { object: 'Contact', needs: ['create', 'update'], fields: personFields() },
    { object: 'Task', needs: ['create', 'update'], fields: ['Reply_Activity_Id__c'] },
    { object: 'ContentNote', needs: ['create'], fields: [] },
    { object: 'ContentDocumentLink', needs: ['create'], fields: [] },
    // The log objects' fields are the keys of the rows the bridge writes (sync/salesforce-log.ts): one source.
    {
        object: 'Reply_Sync_Log__c',
        needs: ['create', 'update'],
        fields: Object.keys(logRow({} as RunStepRecord, 'scheduled'))
    },
    {
        object: 'Reply_Sync_Error__c',
        needs: ['create', 'update'],
        fields: Object.keys(errorRow({ firstSeenAt: new Date(0), lastSeenAt: new Date(0) } as RecordErrorRow))
    }
];

function personFields(): string[] {
    return ['Reply_Contact_Id__c', 'Reply_Profile_Url__c', 'Reply_Status__c', 'Reply_Sequence__c'];
}

const WHY: Record<string, string> = {
    Task: 'the activity steps write Tasks; Reply_Sync_Integration grants Edit Tasks',
    ContentNote: 'the note steps write ContentNotes; they need Notes enabled (Setup > Notes Settings)',
    ContentDocumentLink: 'the note steps link each note to its Lead or Contact'
};

export type ObjectDescribe = SObjectDescribe & { createable?: boolean; updateable?: boolean };

/** What the org answered, or why it did not. */
export interface OrgAccessFacts {
    describes: Map<string, ObjectDescribe | { error: string }>;
    integrationUser: { id: string; username?: string };
    /** Permission set names assigned to the integration user, or why they could not be read. */
    integrationSets: string[] | { error: string };
    /** Active users holding Reply_Sync_Admin, with whether each has Customize Application. */
    admins: { username: string; customizeApplication: boolean }[] | { error: string };
    namedCredential: { url: string | null } | undefined | { error: string };
    /** BRIDGE_PUBLIC_URL, when set: the Named Credential must point there. */
    publicUrl: string | undefined;
}

const failed = (value: unknown): value is { error: string } =>
    typeof value === 'object' && value !== null && 'error' in value;

const assign = (set: string, who: string) => `sf org assign permset --name ${set} --on-behalf-of ${who}`;

/** Every finding of the org checks, pure. */
export function assessOrg(facts: OrgAccessFacts): Finding[] {
    const findings: Finding[] = [];
    const who = facts.integrationUser.username ?? facts.integrationUser.id;
    for (const { object, needs, fields } of NEEDS) {
        const describe = facts.describes.get(object);
        const check = `Salesforce access: ${object}`;
        const fixFor = (what: string) =>
            `${what}: assign ${INTEGRATION_PERMISSION_SET} to the integration user (${assign(INTEGRATION_PERMISSION_SET, who)})` +
            (WHY[object] ? `; ${WHY[object]}` : '') +
            ', and deploy force-app if the object or field is missing';
        if (!describe || failed(describe)) {
            findings.push({
                check,
                ok: false,
                detail: `the integration user cannot see ${object}: ${describe ? describe.error : 'not described'}`,
                fix: fixFor(`Give the integration user read access to ${object}`)
            });
            continue;
        }
        const refused = needs.filter(
            (need) => (need === 'create' ? describe.createable : describe.updateable) === false
        );
        const unwritable = fields.filter((name) => {
            const field = fieldOf(describe, name);
            return (
                !field ||
                (needs.includes('create') && !field.createable) ||
                (needs.includes('update') && !field.updateable)
            );
        });
        if (refused.length === 0 && unwritable.length === 0) {
            findings.push({
                check,
                ok: true,
                detail: `${needs.join(' and ')}${fields.length ? `, ${fields.length} fields` : ''}`
            });
            continue;
        }
        const problems = [
            ...(refused.length ? [`cannot ${refused.join(' or ')} ${object} records`] : []),
            ...(unwritable.length ? [`missing or read-only fields: ${unwritable.join(', ')}`] : [])
        ];
        findings.push({
            check,
            ok: false,
            detail: `the integration user ${problems.join('; ')}`,
            fix: fixFor(`Give the integration user ${needs.join(' and ')} access to ${object} and its fields`)
        });
    }

    const sets = facts.integrationSets;
    findings.push(
        failed(sets)
            ? {
                  check: 'Integration permission set',
                  ok: false,
                  detail: `the integration user's permission sets cannot be read: ${sets.error}`,
                  fix: `Assign ${INTEGRATION_PERMISSION_SET} (it grants View Setup and Configuration): ${assign(INTEGRATION_PERMISSION_SET, who)}`
              }
            : sets.includes(INTEGRATION_PERMISSION_SET)
              ? {
                    check: 'Integration permission set',
                    ok: true,
                    detail: `${INTEGRATION_PERMISSION_SET} is assigned to ${who}`
                }
              : {
                    check: 'Integration permission set',
                    ok: false,
                    detail: `${INTEGRATION_PERMISSION_SET} is not assigned to ${who}`,
                    fix: assign(INTEGRATION_PERMISSION_SET, who)
                }
    );

    const admins = facts.admins;
    if (failed(admins)) {
        findings.push({
            check: 'Admins who configure',
            ok: false,
            detail: `cannot read who holds ${ADMIN_PERMISSION_SET}: ${admins.error}`,
            fix: `Assign ${INTEGRATION_PERMISSION_SET} to the integration user: it grants View Setup and Configuration`
        });
    } else if (admins.length === 0) {
        findings.push({
            check: 'Admins who configure',
            ok: false,
            detail: `no active user holds ${ADMIN_PERMISSION_SET}: nobody can change Reply Sync in its console or reach the bridge's Named Credential principal`,
            fix: assign(ADMIN_PERMISSION_SET, '<admin username>')
        });
    } else {
        const without = admins.filter((admin) => !admin.customizeApplication).map((admin) => admin.username);
        findings.push(
            without.length === 0
                ? {
                      check: 'Admins who configure',
                      ok: true,
                      detail: `${admins.map((a) => a.username).join(', ')} (with Customize Application)`
                  }
                : {
                      check: 'Admins who configure',
                      ok: without.length < admins.length,
                      detail:
                          `${without.join(', ')} hold${without.length === 1 ? 's' : ''} ${ADMIN_PERMISSION_SET} without Customize ` +
                          'Application: they can run Sync now but not save changes (saving deploys Custom Metadata)',
                      fix: 'Give them Customize Application (System Administrator profile, or a permission set of your org), or let an admin who has it make the changes'
                  }
        );
    }

    const credential = facts.namedCredential;
    const check = `Named Credential ${NAMED_CREDENTIAL}`;
    const setUrl = (url: string) =>
        `In Setup > Named Credentials > ${NAMED_CREDENTIAL}, set URL to ${url}; the token goes in External Credentials > Reply_Bridge_Auth > principal Bridge (parameter Token = BRIDGE_API_TOKEN)`;
    const target = facts.publicUrl ?? "the bridge's public HTTPS address";
    if (failed(credential)) {
        findings.push({
            check,
            ok: false,
            detail: `cannot be read: ${credential.error}`,
            fix: `Assign ${INTEGRATION_PERMISSION_SET} to the integration user: reading Named Credentials needs View Setup and Configuration`
        });
    } else if (!credential) {
        findings.push({
            check,
            ok: false,
            detail: 'not found',
            fix: 'Deploy force-app (npm run deploy), which includes it'
        });
    } else if (!credential.url || credential.url.replace(/\/+$/, '') === PLACEHOLDER_URL) {
        findings.push({
            check,
            ok: false,
            detail: `URL is still the placeholder ${PLACEHOLDER_URL}, which reaches nothing`,
            fix: setUrl(target)
        });
    } else if (!credential.url.startsWith('https://')) {
        findings.push({
            check,
            ok: false,
            detail: `URL ${credential.url} is not HTTPS: Salesforce calls out over HTTPS only`,
            fix: setUrl(target)
        });
    } else if (facts.publicUrl && new URL(credential.url).origin !== new URL(facts.publicUrl).origin) {
        findings.push({
            check,
            ok: false,
            detail: `URL ${credential.url} is not BRIDGE_PUBLIC_URL (${facts.publicUrl}): the console would call another server`,
            fix: setUrl(facts.publicUrl)
        });
    } else {
        findings.push({
            check,
            ok: true,
            detail: `${credential.url}; principal Bridge granted by ${ADMIN_PERMISSION_SET} (its Token cannot be read through the API: the console's Test connection checks it)`
        });
    }
    return findings;
}

function soql(text: string): string {
    return `/query?q=${encodeURIComponent(text)}`;
}

const quote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function answerError(body: unknown, status: number): string {
    const first = Array.isArray(body) ? (body[0] as { errorCode?: string; message?: string } | undefined) : undefined;
    return first?.errorCode ? `${first.errorCode}: ${first.message ?? ''}` : `HTTP ${status}`;
}

export interface CheckOptions {
    /** The integration user as the JWT login told it; otherwise the identity service is asked. */
    integrationUserId?: string;
    integrationUsername?: string;
    /** BRIDGE_PUBLIC_URL, when set. */
    publicUrl?: string;
}

/** The integration user as the login told it, or as the identity service says. */
async function whoAmI(
    client: SalesforceClient,
    knownId: string | undefined,
    knownUsername: string | undefined
): Promise<{ id: string; username?: string }> {
    if (knownId) return { id: knownId, ...(knownUsername ? { username: knownUsername } : {}) };
    const resources = await client.request<{ identity?: string }>(
        { method: 'GET', url: client.versioned('/') },
        'Who am I'
    );
    if (!resources.identity) throw new Error('the REST API did not name the identity URL');
    const identity = await client.request<{ user_id: string; username?: string }>(
        { method: 'GET', url: resources.identity },
        'Who am I'
    );
    return { id: identity.user_id, ...(identity.username ? { username: identity.username } : {}) };
}

/** Reads what assessOrg needs. */
export async function readOrgAccess(client: SalesforceClient, options: CheckOptions): Promise<OrgAccessFacts> {
    const user = await whoAmI(client, options.integrationUserId, options.integrationUsername);
    const queries = {
        sets: `SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId = ${quote(user.id)}`,
        admins: `SELECT AssigneeId, Assignee.Username FROM PermissionSetAssignment WHERE PermissionSet.Name = ${quote(ADMIN_PERMISSION_SET)} AND Assignee.IsActive = true`,
        credential: `SELECT DeveloperName, Endpoint FROM NamedCredential WHERE DeveloperName = ${quote(NAMED_CREDENTIAL)}`
    };
    const responses = await client.composite(
        [
            ...NEEDS.map(({ object }) => ({
                method: 'GET' as const,
                url: client.versioned(`/sobjects/${object}/describe`),
                referenceId: `describe_${object}`
            })),
            ...Object.entries(queries).map(([referenceId, text]) => ({
                method: 'GET' as const,
                url: client.versioned(soql(text)),
                referenceId
            }))
        ],
        'Checking the integration user, the admins and the Named Credential'
    );
    const byId = new Map(responses.map((response) => [response.referenceId, response]));
    const records = (referenceId: string): SObjectRecord[] | { error: string } => {
        const response = byId.get(referenceId);
        if (!response || response.httpStatusCode >= 300) {
            return { error: response ? answerError(response.body, response.httpStatusCode) : 'no answer' };
        }
        return (response.body as { records: SObjectRecord[] }).records;
    };
    const describes = new Map<string, ObjectDescribe | { error: string }>();
    for (const { object } of NEEDS) {
        const response = byId.get(`describe_${object}`);
        describes.set(
            object,
            response && response.httpStatusCode < 300
                ? (response.body as ObjectDescribe)
                : { error: response ? answerError(response.body, response.httpStatusCode) : 'no answer' }
        );
    }
    const setRows = records('sets');
    const adminRows = records('admins');
    let admins: OrgAccessFacts['admins'] = failed(adminRows) ? adminRows : [];
    if (!failed(adminRows) && adminRows.length > 0) {
        const ids = [...new Set(adminRows.map((row) => String(row.AssigneeId)))];
        const customizers = await client.query(
            `SELECT AssigneeId FROM PermissionSetAssignment WHERE AssigneeId IN (${ids.map(quote).join(', ')}) AND PermissionSet.PermissionsCustomizeApplication = true`,
            'Checking which admins have Customize Application'
        );
        const allowed = new Set(customizers.map((row) => String(row.AssigneeId)));
        admins = adminRows.map((row) => ({
            username: String((row.Assignee as { Username?: string } | undefined)?.Username ?? row.AssigneeId),
            customizeApplication: allowed.has(String(row.AssigneeId))
        }));
    }
    const credentialRows = records('credential');
    return {
        describes,
        integrationUser: user,
        integrationSets: failed(setRows)
            ? setRows
            : setRows.map((row) => String((row.PermissionSet as { Name?: string } | undefined)?.Name ?? '')),
        admins,
        namedCredential: failed(credentialRows)
            ? credentialRows
            : credentialRows[0]
              ? { url: (credentialRows[0].Endpoint as string | null) ?? null }
              : undefined,
        publicUrl: options.publicUrl
    };
}

/** The org checks of `doctor`: read, then assess. */
export async function checkSalesforceOrg(client: SalesforceClient, options: CheckOptions): Promise<Finding[]> {
    return assessOrg(await readOrgAccess(client, options));
}
