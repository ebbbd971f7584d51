import { SalesforceIdMap } from '../domain/keys.ts';
import type { SalesforceClient, SObjectRecord } from './client.ts';
import { soqlWhere, type FieldCondition } from './conditions.ts';
import { soqlList } from './soql.ts';

/**
 * The reads the bridge makes of Leads and Contacts as people: by email, by id, and along conversions. Each query is
 * written here once; sync/ asks in domain terms.
 */

/** Emails per SOQL IN list: keeps each query well inside Salesforce's URL and SOQL length limits. */
const EMAILS_PER_QUERY = 200;
/** Ids per SOQL IN list. */
const IDS_PER_QUERY = 200;

export interface EmailMatchRows {
    contacts: { Id: string; Email: string | null }[];
    leads: { Id: string; Email: string | null; IsConverted: boolean; ConvertedContactId: string | null }[];
}

/**
 * Contacts and Leads with these emails, oldest first (where Salesforce has duplicates, the oldest wins): up to 5
 * queries of 200 emails in one Composite call.
 */
export async function peopleByEmail(client: SalesforceClient, emails: string[]): Promise<EmailMatchRows> {
    const requests: { referenceId: string; url: string }[] = [];
    for (let i = 0; i < emails.length; i += EMAILS_PER_QUERY) {
        const list = soqlList(emails.slice(i, i + EMAILS_PER_QUERY));
        requests.push(
            {
                referenceId: `contacts${i}`,
                url: `/query?q=${encodeURIComponent(`SELECT Id, Email FROM Contact WHERE Email IN ${list} ORDER BY CreatedDate, Id`)}`
            },
            {
                referenceId: `leads${i}`,
                url: `/query?q=${encodeURIComponent(`SELECT Id, Email, IsConverted, ConvertedContactId FROM Lead WHERE Email IN ${list} ORDER BY CreatedDate, Id`)}`
            }
        );
    }
    const rows: EmailMatchRows = { contacts: [], leads: [] };
    if (requests.length === 0) return rows;
    const results = await client.readMany(requests, 'Matching Reply people to Salesforce by email');
    for (const [referenceId, records] of results) {
        if (referenceId.startsWith('contacts')) rows.contacts.push(...(records as EmailMatchRows['contacts']));
        else
            rows.leads.push(
                ...(records as EmailMatchRows['leads']).map((r) => ({
                    ...r,
                    IsConverted: Boolean(r.IsConverted),
                    ConvertedContactId: r.ConvertedContactId ?? null
                }))
            );
    }
    return rows;
}

/** The Contact each of these Leads was converted into (converted Leads only; by Lead id, 15 or 18 characters). */
export function convertedContactsOf(client: SalesforceClient, leadIds: string[]): Promise<SalesforceIdMap<string>> {
    return conversions(client, 'Id', leadIds);
}

/** The Lead each of these Contacts was converted from, if any (by Contact id). */
export function leadsConvertedInto(client: SalesforceClient, contactIds: string[]): Promise<SalesforceIdMap<string>> {
    return conversions(client, 'ConvertedContactId', contactIds);
}

/** Converted Leads by their own id or by their Contact's: a map from the ids asked to the other side. */
async function conversions(
    client: SalesforceClient,
    by: 'Id' | 'ConvertedContactId',
    ids: string[]
): Promise<SalesforceIdMap<string>> {
    const map = new SalesforceIdMap<string>();
    for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
        const rows = await client.query<{ Id: string; ConvertedContactId: string | null }>(
            `SELECT Id, ConvertedContactId FROM Lead WHERE IsConverted = true AND ${by} IN ${soqlList(ids.slice(i, i + IDS_PER_QUERY))}`,
            by === 'Id'
                ? 'Finding the Contacts of converted Leads'
                : 'Finding the Leads these Contacts were converted from'
        );
        for (const row of rows) {
            if (!row.ConvertedContactId) continue;
            if (by === 'Id') map.set(row.Id, row.ConvertedContactId);
            else map.set(row.ConvertedContactId, row.Id);
        }
    }
    return map;
}

export interface LeadState {
    Id: string;
    Status: string | null;
    IsConverted: boolean;
}

/** Leads by id with their status (ids Salesforce no longer has are absent). */
export async function leadStates(client: SalesforceClient, ids: string[]): Promise<SalesforceIdMap<LeadState>> {
    const map = new SalesforceIdMap<LeadState>();
    for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
        const rows = await client.query<LeadState & SObjectRecord>(
            `SELECT Id, Status, IsConverted FROM Lead WHERE Id IN ${soqlList(ids.slice(i, i + IDS_PER_QUERY))}`,
            'Reading the Leads whose status may change'
        );
        for (const row of rows) map.set(row.Id, row);
    }
    return map;
}

/** Records of `object` by id that also meet the conditions (ids that do not are absent). */
export async function recordsById(
    client: SalesforceClient,
    options: { object: string; fields: string[]; ids: string[]; conditions: readonly FieldCondition[]; what: string }
): Promise<SObjectRecord[]> {
    const out: SObjectRecord[] = [];
    const where = soqlWhere(options.conditions);
    for (let i = 0; i < options.ids.length; i += IDS_PER_QUERY) {
        out.push(
            ...(await client.query<SObjectRecord>(
                `SELECT ${options.fields.join(', ')} FROM ${options.object} WHERE Id IN ${soqlList(options.ids.slice(i, i + IDS_PER_QUERY))}${where ? ` AND (${where})` : ''}`,
                options.what
            ))
        );
    }
    return out;
}

export interface RecordFate {
    Id: string;
    IsDeleted: boolean;
    MasterRecordId: string | null;
}

/**
 * Whether these Leads and Contacts are deleted, and into which record a merged one went: QueryAll (it sees the
 * recycle bin), every object's queries in one Composite call. `typeOf` says which object an id is.
 */
export async function recordFates(
    client: SalesforceClient,
    ids: string[],
    typeOf: (id: string) => string | undefined
): Promise<SalesforceIdMap<RecordFate>> {
    const requests: { referenceId: string; url: string }[] = [];
    for (const type of new Set(ids.map(typeOf).filter((t): t is string => Boolean(t)))) {
        const ofType = ids.filter((id) => typeOf(id) === type);
        for (let i = 0; i < ofType.length; i += IDS_PER_QUERY) {
            const soql = `SELECT Id, IsDeleted, MasterRecordId FROM ${type} WHERE Id IN ${soqlList(ofType.slice(i, i + IDS_PER_QUERY))}`;
            requests.push({ referenceId: `${type}${i}`, url: `/queryAll?q=${encodeURIComponent(soql)}` });
        }
    }
    const results = await client.readMany(requests, 'Following Leads and Contacts deleted or merged in Salesforce');
    const rows = new SalesforceIdMap<RecordFate>();
    for (const records of results.values()) for (const row of records as RecordFate[]) rows.set(row.Id, row);
    return rows;
}
