import type { SalesforceClient, SObjectRecord } from './client.ts';
import { isoDateTime } from './changes.ts';
import type { SObjectDescribe } from './describe.ts';
import { SETTING_QUERY, STEP_QUERY, type SettingRecord, type StepRecord } from './step-records.ts';

export interface LeadStatusValue {
    ApiName: string;
    MasterLabel: string;
    IsConverted: boolean;
    IsDefault: boolean;
}

export interface TaskStatusValue {
    ApiName: string;
    MasterLabel: string;
    IsClosed: boolean;
    IsDefault: boolean;
}

/** What every run needs to know about the org, read in one Composite call. */
export interface OrgSnapshot {
    steps: StepRecord[];
    setting: SettingRecord | undefined;
    leadStatuses: LeadStatusValue[];
    taskStatuses: TaskStatusValue[];
    timeZone: string;
    describes: Map<string, SObjectDescribe>;
    /** The daily API allowance as the Composite call's Sforce-Limit-Info header reported it. */
    apiLimit: { max: number; remaining: number } | undefined;
    integrationUserId: string | undefined;
    /** Leads and Contacts deleted in the window asked for (sObject Get Deleted), when one was asked for and answered. */
    deleted: DeletedRecords | undefined;
}

/** A time window for sObject Get Deleted (ISO times; Salesforce reads whole minutes, the start before the end). */
export interface DeletedWindow {
    start: string;
    end: string;
}

export interface DeletedRecords {
    ids: string[];
    /** Where the next window starts: the earliest `latestDateCovered` of the objects asked. */
    latestDateCovered: string;
}

/** The objects whose deletions the bridge follows: the ones it links Reply people to. */
export const PERSON_OBJECTS = ['Lead', 'Contact'] as const;

export const DESCRIBED_OBJECTS = ['Lead', 'Contact', 'Task'] as const;

/**
 * The fixed reads of a run (step definitions, the setting, Lead and Task statuses, the org's time zone and the
 * describes of Lead, Contact and Task) in a single API call: Composite with 5 queries and 3 describes. Custom Metadata
 * is read by SOQL so long text fields arrive whole. The API allowance comes with the answer's Sforce-Limit-Info
 * header: Composite does not serve `/limits` (it runs sObject resources, Query, QueryAll and sObject Collections
 * only; Limits is a Composite Batch resource), and a separate call would cost one more request every run.
 */
export async function readOrg(
    client: SalesforceClient,
    integrationUserId?: string,
    deletedWindow?: DeletedWindow
): Promise<OrgSnapshot> {
    const requests = [
        { referenceId: 'steps', url: `/query?q=${encodeURIComponent(STEP_QUERY)}` },
        { referenceId: 'setting', url: `/query?q=${encodeURIComponent(SETTING_QUERY)}` },
        {
            referenceId: 'leadStatuses',
            url: `/query?q=${encodeURIComponent('SELECT ApiName, MasterLabel, IsConverted, IsDefault FROM LeadStatus ORDER BY SortOrder')}`
        },
        {
            referenceId: 'taskStatuses',
            url: `/query?q=${encodeURIComponent('SELECT ApiName, MasterLabel, IsClosed, IsDefault FROM TaskStatus ORDER BY SortOrder')}`
        },
        {
            referenceId: 'organization',
            url: `/query?q=${encodeURIComponent('SELECT Id, TimeZoneSidKey FROM Organization')}`
        },
        ...DESCRIBED_OBJECTS.map((type) => ({ referenceId: `describe${type}`, url: `/sobjects/${type}/describe` })),
        // Composite serves every sObject resource, Get Deleted among them: the run learns of deleted and merged-away
        // Leads and Contacts at no extra call. Optional: a refused window (older than the delete log) costs nothing.
        ...(deletedWindow
            ? PERSON_OBJECTS.map((type) => ({
                  referenceId: `deleted${type}`,
                  url: `/sobjects/${type}/deleted/?start=${encodeURIComponent(deletedWindow.start)}&end=${encodeURIComponent(deletedWindow.end)}`,
                  optional: true
              }))
            : [])
    ];
    const results = await client.readMany(requests, 'Reading the step definitions and the org');
    const describes = new Map<string, SObjectDescribe>();
    for (const type of DESCRIBED_OBJECTS) {
        const describe = results.get(`describe${type}`) as SObjectDescribe;
        describes.set(type, describe);
        client.rememberDescribe(describe);
    }
    const organization = (results.get('organization') as SObjectRecord[])[0] as { TimeZoneSidKey?: string } | undefined;
    const usage = client.apiUsage;
    return {
        steps: results.get('steps') as StepRecord[],
        setting: (results.get('setting') as SettingRecord[])[0],
        leadStatuses: results.get('leadStatuses') as LeadStatusValue[],
        taskStatuses: results.get('taskStatuses') as TaskStatusValue[],
        timeZone: organization?.TimeZoneSidKey ?? 'UTC',
        describes,
        apiLimit: usage ? { max: usage.limit, remaining: Math.max(0, usage.limit - usage.used) } : undefined,
        integrationUserId,
        deleted: deletedWindow ? deletedRecords(results) : undefined
    };
}

interface GetDeletedAnswer {
    deletedRecords: { id: string; deletedDate: string }[];
    latestDateCovered: string;
}

/** The Get Deleted answers, or undefined when one of them is missing (the window is then asked again next run). */
function deletedRecords(results: Map<string, unknown>): DeletedRecords | undefined {
    const answers = PERSON_OBJECTS.map((type) => results.get(`deleted${type}`) as GetDeletedAnswer | undefined);
    if (answers.some((a) => !a || !Array.isArray(a.deletedRecords))) return undefined;
    const covered = answers.map((a) => isoDateTime(a!.latestDateCovered)).sort();
    return { ids: answers.flatMap((a) => a!.deletedRecords.map((r) => r.id)), latestDateCovered: covered[0]! };
}
