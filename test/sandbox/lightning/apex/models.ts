/**
 * ReplySyncConsoleModel and ReplyPersonActivityController's value classes: what the console receives, copied and
 * named from the records the REST API returns (Apex serializes a Datetime in UTC with milliseconds, a Decimal as a
 * number, a null as null).
 */
type Row = Record<string, unknown>;

export function apexDatetime(value: unknown): string | null {
    return value === null || value === undefined ? null : new Date(String(value)).toISOString();
}

const bool = (value: unknown) => value === true;
const nullable = (value: unknown) => (value === undefined ? null : value);

export const LOG_FIELDS =
    'Id, Name, Run_Id__c, Step_Name__c, Step_Kind__c, Step_Label__c, Status__c, Trigger__c, Dry_Run__c, Started_At__c, Finished_At__c, Records_Read__c, Records_Created__c, Records_Updated__c, Records_Skipped__c, Records_Failed__c, Salesforce_Api_Calls__c, Reply_Api_Calls__c, Message__c';

export const STEP_FIELDS =
    'DeveloperName, MasterLabel, Step_Kind__c, Profile__c, Active__c, Sort_Order__c, Removed__c, Field_Mappings__c, Filter__c, Owner_Mappings__c, Sequence_Mappings__c, Value_Mappings__c';

export function setting(row: Row) {
    return {
        enabled: bool(row.Enabled__c),
        profile: row.Profile__c || 'Default',
        connected: bool(row.Connected__c),
        syncIntervalMinutes: nullable(row.Sync_Interval_Minutes__c)
    };
}

export function logEntry(row: Row) {
    return {
        id: row.Id,
        name: row.Name,
        runId: nullable(row.Run_Id__c),
        stepName: nullable(row.Step_Name__c),
        stepKind: nullable(row.Step_Kind__c),
        stepLabel: nullable(row.Step_Label__c),
        status: nullable(row.Status__c),
        triggeredBy: nullable(row.Trigger__c),
        dryRun: bool(row.Dry_Run__c),
        startedAt: apexDatetime(row.Started_At__c),
        finishedAt: apexDatetime(row.Finished_At__c),
        recordsRead: nullable(row.Records_Read__c),
        recordsCreated: nullable(row.Records_Created__c),
        recordsUpdated: nullable(row.Records_Updated__c),
        recordsSkipped: nullable(row.Records_Skipped__c),
        recordsFailed: nullable(row.Records_Failed__c),
        salesforceApiCalls: nullable(row.Salesforce_Api_Calls__c),
        replyApiCalls: nullable(row.Reply_Api_Calls__c),
        message: nullable(row.Message__c)
    };
}

export function step(row: Row, lastRun: ReturnType<typeof logEntry> | undefined) {
    return {
        developerName: row.DeveloperName,
        label: row.MasterLabel,
        stepKind: nullable(row.Step_Kind__c),
        profile: nullable(row.Profile__c),
        active: bool(row.Active__c),
        sortOrder: nullable(row.Sort_Order__c),
        fieldMappings: nullable(row.Field_Mappings__c),
        filter: nullable(row.Filter__c),
        ownerMappings: nullable(row.Owner_Mappings__c),
        sequenceMappings: nullable(row.Sequence_Mappings__c),
        valueMappings: nullable(row.Value_Mappings__c),
        lastRun: lastRun ?? null
    };
}

export function recordError(row: Row) {
    return {
        id: row.Id,
        name: row.Name,
        stepName: nullable(row.Step_Name__c),
        stepKind: nullable(row.Step_Kind__c),
        recordLabel: nullable(row.Record_Label__c),
        salesforceRecordId: nullable(row.Salesforce_Record_Id__c),
        replyRecordId: nullable(row.Reply_Record_Id__c),
        errorCode: nullable(row.Error_Code__c),
        message: nullable(row.Message__c),
        attempts: nullable(row.Attempts__c),
        gaveUp: bool(row.Gave_Up__c),
        resolved: bool(row.Resolved__c),
        firstSeenAt: apexDatetime(row.First_Seen_At__c),
        lastSeenAt: apexDatetime(row.Last_Seen_At__c)
    };
}

export function deployment(row: Row) {
    return {
        jobId: row.Job_Id__c,
        status: row.Status__c,
        summary: nullable(row.Summary__c),
        message: nullable(row.Message__c),
        completedAt: apexDatetime(row.Completed_At__c)
    };
}
