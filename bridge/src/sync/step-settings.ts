import { z } from 'zod';
import type { SettingsFieldName } from '../salesforce/step-records.ts';

/**
 * The JSON kept in Reply_Sync_Step__mdt's long text fields. One versioned schema per field, defined here once: the
 * console asks the bridge (POST /v1/steps/validate) rather than copying them. Change a shape only with a new
 * version. Custom messages are problem codes (validation/problems.ts), so a failed check says which rule it broke.
 */

export const SETTINGS_VERSION = 1;

const salesforceUserId = z.string().regex(/^005[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/, 'SALESFORCE_USER_ID_INVALID');
const replyId = z.number().int().positive();

export const fieldMappingsSchema = z.strictObject({
    version: z.literal(SETTINGS_VERSION),
    mappings: z.array(z.strictObject({ salesforceField: z.string().min(1), replyField: z.string().min(1) }))
});

export const CONDITION_OPERATORS = [
    'equals',
    'notEquals',
    'contains',
    'startsWith',
    'greaterThan',
    'lessThan',
    'in',
    'isBlank',
    'isNotBlank'
] as const;

/** The operators that compare with nothing: a condition using one has no value. */
export const VALUELESS_OPERATORS = [
    'isBlank',
    'isNotBlank'
] as const satisfies readonly (typeof CONDITION_OPERATORS)[number][];

export const salesforceConditionSchema = z.strictObject({
    field: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'SALESFORCE_FIELD_NAME_INVALID'),
    operator: z.enum(CONDITION_OPERATORS),
    value: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).optional()
});

export const filterSchema = z.strictObject({
    version: z.literal(SETTINGS_VERSION),
    filter: z
        .discriminatedUnion('type', [
            /** One of the catalog's default filters (Opened, Replied, ...), applied to the Reply person. */
            z.strictObject({ type: z.literal('default'), key: z.string().min(1) }),
            /** Members of a Reply contact list. */
            z.strictObject({ type: z.literal('replyList'), listId: replyId, listName: z.string().optional() }),
            /** Conditions on the Salesforce record, all of which must hold. */
            z.strictObject({
                type: z.literal('salesforceConditions'),
                conditions: z.array(salesforceConditionSchema).min(1)
            })
        ])
        .nullable()
});

export const ownerMappingsSchema = z.strictObject({
    version: z.literal(SETTINGS_VERSION),
    mappings: z.array(z.strictObject({ salesforceUserId, replyUserId: replyId }))
});

export const sequenceMappingsSchema = z.strictObject({
    version: z.literal(SETTINGS_VERSION),
    mappings: z.array(
        z.strictObject({
            replyUserId: replyId,
            sequenceId: replyId,
            /** null starts at the sequence's first step. */
            startStepId: replyId.nullable(),
            ignoreStepDelay: z.boolean(),
            onlyNewRecords: z.boolean()
        })
    )
});

export const valueMappingsSchema = z.strictObject({
    version: z.literal(SETTINGS_VERSION),
    mappings: z.array(z.strictObject({ replyValue: z.string().min(1), salesforceValue: z.string().min(1) }))
});

export type FieldMappings = z.infer<typeof fieldMappingsSchema>;
export type FilterSetting = z.infer<typeof filterSchema>;
export type StepFilter = NonNullable<FilterSetting['filter']>;
export type SalesforceCondition = z.infer<typeof salesforceConditionSchema>;
export type OwnerMappings = z.infer<typeof ownerMappingsSchema>;
export type SequenceMappings = z.infer<typeof sequenceMappingsSchema>;
export type ValueMappings = z.infer<typeof valueMappingsSchema>;

/** Field API name on Reply_Sync_Step__mdt -> its schema. */
export const SETTINGS_FIELDS = {
    Field_Mappings__c: fieldMappingsSchema,
    Filter__c: filterSchema,
    Owner_Mappings__c: ownerMappingsSchema,
    Sequence_Mappings__c: sequenceMappingsSchema,
    Value_Mappings__c: valueMappingsSchema
} as const satisfies Record<SettingsFieldName, z.ZodType>;

/** Settings section of the catalog -> the Reply_Sync_Step__mdt field that stores it. */
export const SECTION_FIELDS = {
    fieldMappings: 'Field_Mappings__c',
    filters: 'Filter__c',
    ownerMappings: 'Owner_Mappings__c',
    sequenceMappings: 'Sequence_Mappings__c',
    valueMappings: 'Value_Mappings__c'
} as const satisfies Record<string, keyof typeof SETTINGS_FIELDS>;
