import { z } from 'zod';
import { REPORT_SOURCES } from '../reply/reports.ts';

/** The step catalog's shape (config/catalog.json). One definition, used by the loader and the metadata generator. */

export const SYSTEMS = ['salesforce', 'reply'] as const;
export const FAMILIES = ['people', 'status', 'activity', 'note'] as const;
export const SETTINGS_SECTIONS = [
    'fieldMappings',
    'filters',
    'ownerMappings',
    'sequenceMappings',
    'valueMappings'
] as const;
/** What a kind reads in Reply: the family sources, Reply's task window, and each activity report (reply/reports.ts). */
export const REPLY_SOURCES = ['personStatuses', 'inboxCategories', 'tasks', 'notes', ...REPORT_SOURCES] as const;
export const REPLY_FIELD_TYPES = ['text', 'email', 'phone', 'url', 'number'] as const;
export const FILTER_TYPES = ['salesforceConditions', 'default', 'replyList'] as const;

const fieldMapping = z.strictObject({
    salesforceField: z.string().min(1),
    replyField: z.string().min(1)
});

const valueMapping = z.strictObject({
    replyValue: z.string().min(1),
    salesforceValue: z.string().min(1)
});

const endpoint = z.strictObject({
    system: z.enum(SYSTEMS),
    object: z.string().min(1),
    label: z.string().min(1)
});

export const stepKindSchema = z.strictObject({
    /** Stable key, stored in Reply_Sync_Step__mdt.Step_Kind__c; fits a DeveloperName with a prefix. */
    key: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, 'a letter, then up to 31 letters, digits or underscores'),
    label: z.string().min(1),
    /** The label of a Reply_Sync_Step__mdt record: at most 40 characters. */
    shortLabel: z.string().min(1).max(40),
    family: z.enum(FAMILIES),
    source: endpoint,
    target: endpoint,
    /** The Salesforce record type the step reads or writes, or whose Tasks/Notes it writes. */
    salesforceObject: z.enum(['Lead', 'Contact']),
    mirrorKind: z.string().optional(),
    replySource: z.enum(REPLY_SOURCES).optional(),
    taskSubtype: z.enum(['Email', 'Call', 'Task']).optional(),
    settings: z.array(z.enum(SETTINGS_SECTIONS)),
    requiredMappings: z.array(fieldMapping),
    defaultMappings: z.array(fieldMapping),
    defaultValueMappings: z.array(valueMapping).optional()
});

const compatibility = z.record(z.enum(REPLY_FIELD_TYPES), z.array(z.string().min(1)));

export const catalogSchema = z.strictObject({
    version: z.literal(1),
    defaults: z.strictObject({
        profile: z.enum(['Default', 'Custom']),
        enabled: z.boolean(),
        syncIntervalMinutes: z.number().int().min(5).max(1440)
    }),
    replyFields: z.array(
        z.strictObject({ name: z.string().min(1), label: z.string().min(1), type: z.enum(REPLY_FIELD_TYPES) })
    ),
    /**
     * Per direction, the Salesforce field types each Reply field type fits. Salesforce -> Reply is wider: a Reply text
     * field holds a checkbox, date or number as text, but text cannot go back into those Salesforce fields safely.
     */
    fieldTypeCompatibility: z.strictObject({ toReply: compatibility, toSalesforce: compatibility }),
    unmappableSalesforceFieldTypes: z.array(z.string().min(1)),
    defaultFilters: z.array(z.strictObject({ key: z.string().min(1), label: z.string().min(1) })),
    filterTypesBySourceSystem: z.record(z.enum(SYSTEMS), z.array(z.enum(FILTER_TYPES))),
    stepKinds: z.array(stepKindSchema).min(1)
});

export type StepKind = z.infer<typeof stepKindSchema>;
export type Catalog = z.infer<typeof catalogSchema>;
export type Family = (typeof FAMILIES)[number];
export type ReplySource = (typeof REPLY_SOURCES)[number];
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];
export type ReplyFieldType = (typeof REPLY_FIELD_TYPES)[number];
export type FieldMapping = z.infer<typeof fieldMapping>;
export type ValueMapping = z.infer<typeof valueMapping>;
