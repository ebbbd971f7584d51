/**
 * The bridge's configuration as Salesforce stores it (Custom Metadata) and the SOQL that reads it: the adapter owns
 * the records' shape and queries; sync/ parses their settings (sync/step-settings.ts, sync/steps.ts).
 */

/** The long text fields of Reply_Sync_Step__mdt that hold a step's settings as JSON. */
export const SETTINGS_FIELD_NAMES = [
    'Field_Mappings__c',
    'Filter__c',
    'Owner_Mappings__c',
    'Sequence_Mappings__c',
    'Value_Mappings__c'
] as const;
export type SettingsFieldName = (typeof SETTINGS_FIELD_NAMES)[number];

/** A Reply_Sync_Step__mdt record as SOQL returns it. */
export interface StepRecord extends Record<SettingsFieldName, string | null> {
    DeveloperName: string;
    MasterLabel: string;
    Step_Kind__c: string | null;
    Profile__c: string | null;
    Active__c: boolean;
    Sort_Order__c: number | null;
    Removed__c: boolean;
}

/** The Reply_Sync_Setting__mdt record Org_Default. */
export interface SettingRecord {
    DeveloperName: string;
    Enabled__c: boolean;
    Profile__c: string | null;
    Sync_Interval_Minutes__c: number | null;
    Connected__c: boolean;
}

export const STEP_FIELDS = [
    'DeveloperName',
    'MasterLabel',
    'Step_Kind__c',
    'Profile__c',
    'Active__c',
    'Sort_Order__c',
    'Removed__c',
    ...SETTINGS_FIELD_NAMES
] as const;

export const STEP_QUERY = `SELECT ${STEP_FIELDS.join(', ')} FROM Reply_Sync_Step__mdt ORDER BY Sort_Order__c, DeveloperName`;
export const SETTING_QUERY =
    "SELECT DeveloperName, Enabled__c, Profile__c, Sync_Interval_Minutes__c, Connected__c FROM Reply_Sync_Setting__mdt WHERE DeveloperName = 'Org_Default'";
