import { z } from 'zod';
import { ReplyApiError } from './errors.ts';

/**
 * Reply's v3 shapes as the bridge reads them. Lenient where Reply varies (unknown keys kept out, enum casing differs
 * between API snapshots: parsed case-insensitively), strict where the bridge depends on a field.
 */

/** An enum that accepts any casing ("Active", "active", "ACTIVE") and yields the canonical spelling. */
export function caseInsensitiveEnum<const T extends string>(values: readonly T[]) {
    const byLower = new Map(values.map((value) => [value.toLowerCase(), value]));
    return z.string().transform((raw, ctx): T => {
        const canonical = byLower.get(raw.toLowerCase());
        if (canonical === undefined) {
            ctx.addIssue({ code: 'custom', message: `expected one of ${values.join(', ')}, got "${raw}"` });
            return z.NEVER;
        }
        return canonical;
    });
}

const id = z.coerce.number().int();
const text = z
    .string()
    .nullish()
    .transform((value) => value ?? null);
const timestamp = z.string().min(1);

export const emailDispositionSchema = z
    .object({
        isOpened: z.boolean().optional().default(false),
        isClicked: z.boolean().optional().default(false),
        isReplied: z.boolean().optional().default(false),
        isBounced: z.boolean().optional().default(false)
    })
    .nullish()
    .transform((value) => value ?? null);

export const SEQUENCE_MEMBER_STATUSES = ['active', 'paused', 'finished', 'inactive', 'outOfOffice', 'new'] as const;

export const contactSchema = z.object({
    id,
    email: text,
    firstName: text,
    lastName: text,
    title: text,
    company: text,
    domain: text,
    city: text,
    state: text,
    country: text,
    phone: text,
    linkedInUrl: text,
    industry: text,
    notes: text,
    ownerUserId: id.nullish().transform((value) => value ?? null),
    isOptedOut: z
        .boolean()
        .nullish()
        .transform((value) => value ?? false),
    callStatus: caseInsensitiveEnum(['none', 'toCall', 'called'])
        .nullish()
        .transform((v) => v ?? 'none'),
    meetingStatus: caseInsensitiveEnum(['none', 'meetingBooked'])
        .nullish()
        .transform((v) => v ?? 'none'),
    createdAt: text,
    lastModifiedAt: timestamp,
    customFields: z
        .array(z.object({ key: z.string(), value: z.union([z.string(), z.number()]).nullish() }))
        .nullish()
        .transform((value) => value ?? []),
    sequences: z
        .array(
            z.object({
                sequenceId: id,
                sequenceName: text,
                status: caseInsensitiveEnum(SEQUENCE_MEMBER_STATUSES)
                    .nullish()
                    .transform((v) => v ?? null),
                addingDate: text,
                emailDisposition: emailDispositionSchema
            })
        )
        .nullish()
        .transform((value) => value ?? []),
    lists: z
        .array(z.object({ listId: id, listName: text }))
        .nullish()
        .transform((value) => value ?? [])
});
export type ReplyContact = z.infer<typeof contactSchema>;

export function pageSchema<T extends z.ZodType>(item: T) {
    return z.object({
        items: z.array(item),
        hasMore: z.boolean().optional().default(false),
        totalCount: z.number().optional()
    });
}

/** A list that Reply returns as `{items}` on some endpoints and as a bare array on others. */
export function listSchema<T extends z.ZodType>(item: T) {
    return z.union([z.array(item), z.object({ items: z.array(item) }).transform((page) => page.items)]);
}

export const whoamiSchema = z.object({ userId: id, teamId: id.nullish().transform((v) => v ?? null) });

export const teamUserSchema = z.object({
    id,
    email: text,
    firstName: text,
    lastName: text,
    role: text
});
export type ReplyTeamUser = z.infer<typeof teamUserSchema>;

export const customFieldSchema = z.object({
    id,
    title: z.string(),
    fieldType: caseInsensitiveEnum(['text', 'number'])
});
export type ReplyCustomField = z.infer<typeof customFieldSchema>;

export const importResultSchema = z.object({
    items: z.array(
        z.object({
            id: id.nullish().transform((v) => v ?? null),
            email: text,
            status: caseInsensitiveEnum(['created', 'updated', 'skipped', 'failed']),
            error: z.union([z.string(), z.object({}).passthrough()]).nullish(),
            skipReason: text
        })
    ),
    added: z.number().optional(),
    updated: z.number().optional(),
    skipped: z.number().optional(),
    failed: z.number().optional()
});

export const sequenceSummarySchema = z.object({
    id,
    name: z.string(),
    status: z.string(),
    ownerUserId: id.nullish().transform((v) => v ?? null),
    isArchived: z
        .boolean()
        .nullish()
        .transform((v) => v ?? false)
});

export const sequenceStepSchema = z.object({
    id,
    type: z
        .string()
        .nullish()
        .transform((v) => v ?? 'step'),
    delayInMinutes: z
        .number()
        .nullish()
        .transform((v) => v ?? 0),
    parentId: id.nullish().transform((v) => v ?? null)
});
export type ReplySequenceStep = z.infer<typeof sequenceStepSchema>;

export const sequenceDetailSchema = sequenceSummarySchema.extend({ steps: z.array(sequenceStepSchema).default([]) });

/** `{}` = all fine; otherwise one entry per contact id that was not processed. */
export const bulkFailuresSchema = z.record(
    z.string(),
    z.object({ error: z.union([z.string(), z.number()]), errorDetails: z.unknown().optional() }).passthrough()
);

export const bulkAddResultSchema = z.object({
    added: z.array(id).default([]),
    notProcessed: bulkFailuresSchema.default({})
});

export const contactListSchema = z.object({ id, name: z.string() });

export const inboxCategorySchema = z.object({ id, name: z.string(), isReserved: z.boolean().nullish() });

const activityBase = {
    id: z.coerce.string(),
    occurredAt: timestamp,
    contactId: id,
    contactEmail: text,
    userId: id.nullish().transform((v) => v ?? null),
    sequenceId: id.nullish().transform((v) => v ?? null),
    sequenceName: text,
    stepId: id.nullish().transform((v) => v ?? null),
    stepNumber: z
        .number()
        .nullish()
        .transform((v) => v ?? null)
};

export const emailEventSchema = z.object({
    ...activityBase,
    eventType: caseInsensitiveEnum(['sent', 'opened', 'clicked', 'replied', 'bounced']),
    subject: text,
    bodyPreview: text,
    linkUrl: text,
    bounceType: text
});
export type ReplyEmailEvent = z.infer<typeof emailEventSchema>;

export const callSchema = z.object({
    ...activityBase,
    direction: caseInsensitiveEnum(['outbound', 'inbound'])
        .nullish()
        .transform((v) => v ?? 'outbound'),
    disposition: text,
    durationSeconds: z
        .number()
        .nullish()
        .transform((v) => v ?? null),
    notes: text,
    phone: text
});
export type ReplyCall = z.infer<typeof callSchema>;

export const linkedInEventSchema = z.object({
    ...activityBase,
    eventType: caseInsensitiveEnum([
        'connectionRequestSent',
        'connectionRequestAccepted',
        'messageSent',
        'messageReplied',
        'inMailSent',
        'profileViewed'
    ]),
    message: text
});
export type ReplyLinkedInEvent = z.infer<typeof linkedInEventSchema>;

export const taskSchema = z.object({
    id: z.coerce.string(),
    taskType: z.string(),
    status: caseInsensitiveEnum(['new', 'finished', 'cancelled', 'archived', 'sequenceDetached']),
    linkedInTaskType: text,
    assignedUserId: id.nullish().transform((v) => v ?? null),
    contact: z.object({ id, fullName: text }),
    startAt: timestamp,
    dueTo: text,
    finishedAt: text,
    sequenceId: id.nullish().transform((v) => v ?? null),
    sequenceStepId: id.nullish().transform((v) => v ?? null),
    title: text,
    notes: text
});
export type ReplyTask = z.infer<typeof taskSchema>;

export const inboxThreadSchema = z.object({
    id: z.coerce.string(),
    channel: text,
    lastActivityDate: timestamp,
    contact: z.object({ id, email: text }).nullish(),
    subject: text,
    category: z
        .object({ id, name: z.string() })
        .nullish()
        .transform((v) => v ?? null)
});
export type ReplyInboxThread = z.infer<typeof inboxThreadSchema>;

export const noteSchema = z.object({
    id: z.coerce.string(),
    text: z.string(),
    createdAt: timestamp,
    userId: id.nullish().transform((v) => v ?? null)
});
export type ReplyNote = z.infer<typeof noteSchema>;

export const webhookSchema = z.object({
    id,
    eventType: z.string(),
    url: z.string(),
    enabled: z.boolean().nullish()
});
export type ReplyWebhook = z.infer<typeof webhookSchema>;

/** Parses a Reply answer; a shape the bridge does not understand is a clear error, never a crash or silent loss. */
export function parseReply<T extends z.ZodType>(schema: T, data: unknown, what: string): z.infer<T> {
    const result = schema.safeParse(data);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(root)';
    throw new ReplyApiError(
        'REPLY_UNEXPECTED_RESPONSE',
        `${what}: Reply's answer does not have the expected shape at ${where}: ${issue?.message ?? 'invalid'}`
    );
}

export interface ParsedItems<T> {
    items: T[];
    /** Items Reply sent that do not have the expected shape: reported per record, never dropped silently. */
    invalid: { id: string | null; reason: string }[];
}

/** Parses each item on its own, so one malformed record fails alone. */
export function parseItems<T extends z.ZodType>(schema: T, raw: unknown[]): ParsedItems<z.infer<T>> {
    const out: ParsedItems<z.infer<T>> = { items: [], invalid: [] };
    for (const item of raw) {
        const result = schema.safeParse(item);
        if (result.success) {
            out.items.push(result.data);
        } else {
            const issue = result.error.issues[0];
            const rawId = (item as { id?: unknown } | null)?.id;
            out.invalid.push({
                id: rawId === undefined || rawId === null ? null : String(rawId),
                reason: `${issue?.path.join('.') || '(item)'}: ${issue?.message ?? 'invalid'}`
            });
        }
    }
    return out;
}

export const rawPageSchema = z.object({
    items: z.array(z.unknown()),
    hasMore: z.boolean().optional().default(false)
});
