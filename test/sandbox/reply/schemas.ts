/**
 * Request body schemas shared by the routes and the in-process workspace API. Unknown properties are dropped (zod's
 * default), as Reply ignores them.
 */
import { z } from 'zod';
import { CALL_STATUSES, COMPANY_SIZES, MEETING_STATUSES, WEBHOOK_EVENT_TYPES } from './types.ts';
import { idList, isoDate, positiveId } from './validation.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A text field: '' clears it like null does. */
const text = (max: number) =>
    z
        .string()
        .max(max)
        .nullable()
        .optional()
        .transform((value) => (value === '' ? null : value));

export const customFieldWriteSchema = z
    .object({
        id: positiveId.optional(),
        name: z.string().min(1).optional(),
        value: z.union([z.string(), z.number(), z.null()])
    })
    .refine((field) => field.id !== undefined || field.name !== undefined, { message: 'give the field id or name' });

export const contactFieldsSchema = z.object({
    email: z
        .string()
        .trim()
        .max(256)
        .nullable()
        .optional()
        .transform((value) => (value === '' ? null : value))
        .refine((value) => value === null || value === undefined || EMAIL.test(value), {
            message: 'not a valid email address'
        }),
    firstName: text(100),
    lastName: text(100),
    title: text(256),
    company: text(256),
    domain: text(256),
    city: text(100),
    state: text(100),
    country: text(100),
    timeZoneId: text(100),
    phone: text(50),
    phoneStatus: text(50),
    linkedInUrl: text(1024),
    linkedInSalesNavigatorUrl: text(1024),
    linkedInRecruiterUrl: text(1024),
    industry: text(256),
    notes: text(10_000),
    // Any casing (the snapshots differ); stored as documented.
    companySize: z
        .string()
        .transform((value, ctx) => {
            const size = COMPANY_SIZES.find((known) => known.toLowerCase() === value.toLowerCase());
            if (!size) {
                ctx.addIssue({ code: 'custom', message: `companySize must be one of ${COMPANY_SIZES.join(', ')}` });
                return z.NEVER;
            }
            return size;
        })
        .nullable()
        .optional(),
    accountId: z.number().int().nullable().optional(),
    ownerUserId: positiveId.optional(),
    customFields: z.array(customFieldWriteSchema).optional()
});
export type ContactInput = z.output<typeof contactFieldsSchema> & {
    callStatus?: (typeof CALL_STATUSES)[number];
    meetingStatus?: (typeof MEETING_STATUSES)[number];
    isOptedOut?: boolean;
};
export type CustomFieldWrite = z.output<typeof customFieldWriteSchema>;

export const createContactSchema = contactFieldsSchema.extend({
    firstName: z.string({ error: 'firstName is required' }).trim().min(1, 'firstName is required').max(100)
});

export const patchContactSchema = contactFieldsSchema.extend({
    callStatus: z.enum(CALL_STATUSES).optional(),
    meetingStatus: z.enum(MEETING_STATUSES).optional(),
    /** "Set or clear the contact's opted-out flag" (update-a-contact). */
    isOptedOut: z.boolean().optional()
});

export const importSchema = z.object({
    items: z.array(z.unknown()).min(1, 'items must not be empty').max(1000, 'at most 1,000 items per import'),
    options: z
        .object({
            overwriteExisting: z.boolean().default(false),
            skipExisting: z.boolean().default(false),
            detectTimeZone: z.boolean().default(false),
            listIds: z.array(positiveId).default([])
        })
        .default({ overwriteExisting: false, skipExisting: false, detectTimeZone: false, listIds: [] })
});
export type ImportOptions = z.output<typeof importSchema>['options'];

export const PERSON_STATUSES = [
    'Active',
    'Paused',
    'Finished',
    'Replied',
    'Bounced',
    'OptedOut',
    'ToCall',
    'Called',
    'MeetingBooked',
    'OutOfOffice'
] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

/** Status names are matched case-insensitively (Reply's enum casing changed between snapshots). */
const personStatus = z.string().transform((value, ctx) => {
    const match = PERSON_STATUSES.find((status) => status.toLowerCase() === value.toLowerCase());
    if (!match) {
        ctx.addIssue({ code: 'custom', message: `status must be one of ${PERSON_STATUSES.join(', ')}` });
        return z.NEVER;
    }
    return match;
});

export const setStatusSchema = z.object({
    contactIds: idList.max(1000),
    status: personStatus,
    sequenceId: positiveId.optional()
});

export const clearStatusSchema = z.object({
    contactIds: idList.max(1000),
    statuses: z.array(personStatus).optional(),
    sequenceId: positiveId.optional()
});

export const setOptedOutSchema = z.object({
    contactIds: idList.max(1000),
    isOptedOut: z.boolean().default(true)
});

export const contactIdsSchema = z.object({ contactIds: idList.max(1000) });
export const sequenceContactIdsSchema = z.object({ contactIds: idList.max(100, 'at most 100 contacts per call') });

export const SEQUENCE_STATUS_WRITES = ['active', 'paused', 'finished', 'outOfOffice'] as const;
export type SequenceStatusWrite = (typeof SEQUENCE_STATUS_WRITES)[number];
export const setStatusInSequenceSchema = z.object({
    contactIds: idList.max(100, 'at most 100 contacts per call'),
    status: z.enum(SEQUENCE_STATUS_WRITES)
});

export const bulkAddSchema = z.object({
    contactIds: idList.max(1000, 'at most 1,000 contacts per call'),
    removeFromExisting: z.boolean().default(false),
    startStepId: positiveId.nullable().optional(),
    ignoreStepDelay: z.boolean().default(false),
    startFrom: isoDate.nullable().optional()
});
export type BulkAddInput = z.output<typeof bulkAddSchema>;

export const moveToSequenceSchema = z.object({
    sequenceId: positiveId,
    removeFromExisting: z.boolean().default(false)
});

/** `{notes}` (the body field of "Add a note to a contact"); `{text}` is accepted as well. */
export const noteSchema = z
    .object({ notes: z.string().trim().max(10_000).optional(), text: z.string().trim().max(10_000).optional() })
    .transform((body) => ({ notes: body.notes ?? body.text ?? '' }))
    .refine((body) => body.notes.length > 0, { message: 'notes is required', path: ['notes'] });

export const customFieldSchema = z.object({
    title: z.string().trim().min(1, 'title is required').max(90),
    fieldType: z
        .string()
        .transform((value) => value.toLowerCase())
        .pipe(z.enum(['text', 'number'], { message: 'fieldType must be text or number' })),
    metadata: z.unknown().optional(),
    orgWide: z.boolean().default(false)
});

export const contactListSchema = z.object({
    name: z.string().trim().min(1, 'name is required').max(256),
    isShared: z.boolean().default(false)
});

export const categorySchema = z.object({
    name: z.string().trim().min(1, 'name is required').max(64),
    color: z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/, 'color must be #rrggbb')
        .default('#9e9e9e')
});

export const assignCategorySchema = z.object({ categoryId: positiveId.nullable() });

export const webhookSchema = z.object({
    eventType: z.string().min(1, 'eventType is required'),
    url: z
        .string()
        .max(1024)
        .refine((value) => /^https?:\/\/[^\s]+$/i.test(value) && URL.canParse(value), {
            message: 'url must be an absolute http or https URL'
        }),
    // Casing differs between documentation snapshots (Team / team): any casing is taken.
    scope: z
        .string()
        .transform((value, ctx) => {
            const scope = (['Personal', 'Team', 'Organization'] as const).find(
                (known) => known.toLowerCase() === value.toLowerCase()
            );
            if (!scope) {
                ctx.addIssue({ code: 'custom', message: 'scope must be Personal, Team or Organization' });
                return z.NEVER;
            }
            return scope;
        })
        .optional(),
    enabled: z.boolean().default(true),
    payloadConfig: z
        .object({
            includeEmailUrl: z.boolean().default(false),
            includeEmailText: z.boolean().default(false),
            includeProspectCustomFields: z.boolean().default(false)
        })
        .default({ includeEmailUrl: false, includeEmailText: false, includeProspectCustomFields: false })
});
export type WebhookInput = z.output<typeof webhookSchema>;
export const KNOWN_WEBHOOK_EVENTS: readonly string[] = WEBHOOK_EVENT_TYPES;
