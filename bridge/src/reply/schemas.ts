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
export const text = z
    .string()
    .nullish()
    .transform((value) => value ?? null);

/**
 * A time as ISO-8601 UTC with a `Z`. Reply documents some times without an offset ("lastModifiedAt":
 * "2024-03-10T15:30:00", docs.reply.io filter-contacts) and others with one ("+00:00"): a time without an offset is UTC,
 * never the bridge's local time, and every time the bridge compares or stores is in the same form.
 */
export function utcTime(raw: string): string | undefined {
    const bare = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(raw);
    const ms = Date.parse(bare ? `${raw}Z` : raw);
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

const timestamp = z.string().transform((raw, ctx) => {
    const time = utcTime(raw);
    if (time === undefined) {
        ctx.addIssue({ code: 'custom', message: `"${raw}" is not an ISO-8601 time` });
        return z.NEVER;
    }
    return time;
});
const optionalTime = z
    .string()
    .nullish()
    .transform((raw) => (raw ? (utcTime(raw) ?? null) : null));

/** Reply/bounce flags of a sequence membership; null = never emailed (docs get-a-contact-in-a-sequence). */
export const emailDispositionSchema = z
    .object({
        isReplied: z.boolean().optional().default(false),
        isBounced: z.boolean().optional().default(false)
    })
    .nullish()
    .transform((value) => value ?? null);

export const SEQUENCE_MEMBER_STATUSES = ['active', 'paused', 'finished', 'inactive', 'outOfOffice', 'new'] as const;
const memberStatus = caseInsensitiveEnum(SEQUENCE_MEMBER_STATUSES)
    .nullish()
    .transform((v) => v ?? null);
const callStatus = caseInsensitiveEnum(['none', 'toCall', 'called'])
    .nullish()
    .transform((v) => v ?? 'none');
const meetingStatus = caseInsensitiveEnum(['none', 'meetingBooked'])
    .nullish()
    .transform((v) => v ?? 'none');
const isOptedOut = z
    .boolean()
    .nullish()
    .transform((value) => value ?? false);

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
    isOptedOut,
    callStatus,
    meetingStatus,
    createdAt: optionalTime,
    lastModifiedAt: timestamp,
    customFields: z
        .array(z.object({ key: z.string(), value: z.union([z.string(), z.number()]).nullish() }))
        .nullish()
        .transform((value) => value ?? []),
    // Documented entry {sequenceId, sequenceName, status, currentStep (a number), addingDate, ...}: no reply or
    // bounce flags here, those are on GET /v3/contacts/{id}/statuses.
    sequences: z
        .array(z.object({ sequenceId: id, sequenceName: text, status: memberStatus, addingDate: optionalTime }))
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

/** GET /v3/contacts/{id}/statuses (docs.reply.io/api-reference/contacts/get-a-contacts-statuses). */
export const contactStatusesSchema = z.object({
    contactId: id,
    isOptedOut,
    callStatus,
    meetingStatus,
    sequences: z
        .array(
            z.object({
                sequenceId: id,
                sequenceName: text,
                statusInSequence: memberStatus,
                emailDisposition: emailDispositionSchema
            })
        )
        .nullish()
        .transform((value) => value ?? [])
});
export type ReplyContactStatuses = z.infer<typeof contactStatusesSchema>;

export const whoamiSchema = z.object({ userId: id, teamId: id.nullish().transform((v) => v ?? null) });

const nameOrNull = z
    .unknown()
    .optional()
    .transform((value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null));

/**
 * A row of GET /v3/whoami/team-users: `{teamId, teamName, userId, ...}` (reply-team/reply-cli src/teams.ts), carrying
 * "the team, the user identifier, the display name and the email address" (reply-team/reply-skills mapping-18) under
 * names that are not published: read leniently, `id` taken for `userId` as older shapes had it.
 */
export const teamUserSchema = z
    .object({
        teamId: id.nullish(),
        userId: id.nullish(),
        id: id.nullish(),
        email: nameOrNull,
        userEmail: nameOrNull,
        userName: nameOrNull,
        displayName: nameOrNull,
        fullName: nameOrNull,
        name: nameOrNull,
        firstName: nameOrNull,
        lastName: nameOrNull
    })
    .refine((row) => (row.userId ?? row.id) !== undefined && (row.userId ?? row.id) !== null, {
        message: 'a team user row needs userId'
    })
    .transform((row) => ({
        userId: (row.userId ?? row.id)!,
        teamId: row.teamId ?? null,
        email: row.email ?? row.userEmail,
        name:
            row.userName ??
            row.displayName ??
            row.fullName ??
            row.name ??
            ([row.firstName, row.lastName].filter(Boolean).join(' ') || null)
    }));
export type ReplyTeamUser = z.infer<typeof teamUserSchema>;

export const customFieldSchema = z.object({
    id,
    title: z.string(),
    fieldType: caseInsensitiveEnum(['text', 'number'])
});
export type ReplyCustomField = z.infer<typeof customFieldSchema>;

/** The import answer: documented `{items:[{id, status, error}], added, updated, skipped, failed}`, in input order. */
export const importResultSchema = z.object({
    items: z.array(
        z.object({
            id: id.nullish().transform((v) => v ?? null),
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

/** What every activity report item carries (reports.ts adds each report's own fields). */
export const activityBase = {
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

// The activity reports' items are declared beside their reports (reports.ts); the types are said here too for
// the modules that read them with the other Reply shapes.
export type { ReplyCall, ReplyEmailEvent, ReplyLinkedInEvent } from './reports.ts';

/**
 * A documented enum that older snapshots send as integers (docs.reply.io tasks pages; reply-api.md §1): both are read,
 * the integer through its documented meaning.
 */
function stringOrCode<const T extends string>(values: readonly T[], codes: Record<number, T>) {
    const named = caseInsensitiveEnum(values);
    return z.union([z.number().int(), z.string()]).transform((raw, ctx): T => {
        if (typeof raw === 'number') {
            const value = codes[raw];
            if (value === undefined) {
                ctx.addIssue({ code: 'custom', message: `unknown code ${raw}` });
                return z.NEVER;
            }
            return value;
        }
        const parsed = named.safeParse(raw);
        if (!parsed.success) {
            ctx.addIssue({ code: 'custom', message: parsed.error.issues[0]?.message ?? 'invalid' });
            return z.NEVER;
        }
        return parsed.data;
    });
}

export const TASK_TYPES = ['toDo', 'call', 'meeting', 'linkedIn', 'manualEmail', 'sms', 'whatsApp'] as const;

/** POST /v3/tasks/filter items (docs.reply.io/api-reference/tasks/filter-tasks): the documented fields only. */
export const taskSchema = z.object({
    id: z.coerce.string(),
    taskType: stringOrCode(TASK_TYPES, {
        0: 'toDo',
        2: 'call',
        4: 'meeting',
        5: 'linkedIn',
        7: 'manualEmail',
        8: 'sms',
        9: 'whatsApp'
    }),
    status: stringOrCode(['new', 'finished', 'cancelled', 'archived', 'sequenceDetached'], {
        0: 'new',
        1: 'finished',
        3: 'cancelled',
        4: 'archived',
        5: 'sequenceDetached'
    }),
    linkedInTaskType: stringOrCode(['message', 'connect', 'inMail', 'viewProfile'], {
        0: 'message',
        1: 'connect',
        2: 'inMail',
        3: 'viewProfile'
    })
        .nullish()
        .transform((v) => v ?? null),
    assignedUserId: id.nullish().transform((v) => v ?? null),
    contact: z.object({ id, fullName: text }),
    startAt: timestamp,
    dueTo: optionalTime,
    finishedAt: optionalTime,
    sequenceId: id.nullish().transform((v) => v ?? null),
    sequenceStepId: id.nullish().transform((v) => v ?? null)
});
export type ReplyTask = z.infer<typeof taskSchema>;

/**
 * Inbox threads (docs.reply.io list-inbox-threads / filter-inbox-threads). A deleted person's thread comes with
 * `contact.id: null` (and `isDeleted: true`): it belongs to nobody the bridge can sync, so the id stays null.
 */
export const inboxThreadSchema = z.object({
    id: z.coerce.string(),
    channel: text,
    lastActivityDate: timestamp,
    contact: z
        .object({
            id: id.nullish().transform((v) => v ?? null),
            email: text,
            isDeleted: z.boolean().nullish()
        })
        .nullish()
        .transform((v) => (v && v.id !== null && !v.isDeleted ? { id: v.id, email: v.email } : null)),
    category: z
        .object({ id, name: z.string() })
        .nullish()
        .transform((v) => v ?? null)
});
export type ReplyInboxThread = z.infer<typeof inboxThreadSchema>;

/** A note as the notes read answers it: no public source (only "Add a note" is published), hence the probe. */
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
    scope: text,
    enabled: z.boolean().nullish()
});
export type ReplyWebhook = z.infer<typeof webhookSchema>;

/** GET /v3/background-jobs/{jobId} (docs.reply.io/api-reference/background-jobs/get-a-background-job). */
export const backgroundJobSchema = z.object({
    jobId: z.string(),
    status: z.string(),
    category: text,
    jsonDataResult: text
});
export const TERMINAL_JOB_STATUSES = ['done', 'failed', 'expired', 'cancelled', 'unknown'];

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
