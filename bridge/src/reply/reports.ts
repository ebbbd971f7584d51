import { z } from 'zod';
import { activityBase, caseInsensitiveEnum, text } from './schemas.ts';

/**
 * Reply's activity reports, one entry each: where it is read, the shape of its items, and the probed capability that
 * reading it needs (capabilities.ts words it from `what` and `synced`). A new report source is an entry here; the
 * reader (reporting.ts), the capability, doctor's probe and the catalog's source names follow this table.
 */

const emailEventSchema = z.object({
    ...activityBase,
    eventType: caseInsensitiveEnum(['sent', 'opened', 'clicked', 'replied', 'bounced']),
    subject: text,
    bodyPreview: text,
    linkUrl: text,
    bounceType: text
});

const callSchema = z.object({
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

const linkedInEventSchema = z.object({
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

export const REPORTS = {
    emails: {
        path: '/v3/reporting/emails',
        schema: emailEventSchema,
        capability: 'emailActivity',
        what: 'email',
        synced: 'emails'
    },
    calls: {
        path: '/v3/reporting/calls',
        schema: callSchema,
        capability: 'callActivity',
        what: 'call',
        synced: 'calls'
    },
    linkedin: {
        path: '/v3/reporting/linkedin',
        schema: linkedInEventSchema,
        capability: 'linkedInActivity',
        what: 'LinkedIn',
        synced: 'LinkedIn activities'
    }
} as const satisfies Record<
    string,
    { path: `/v3/reporting/${string}`; schema: z.ZodType; capability: string; what: string; synced: string }
>;

/** Reply's activity reports, one entry each above. */
export type ActivityReport = keyof typeof REPORTS;
/** The item each report lists, as parsed. */
export type ReportItems = { [K in ActivityReport]: z.infer<(typeof REPORTS)[K]['schema']> };
/** The capability each report needs. */
export type ReportCapability = (typeof REPORTS)[ActivityReport]['capability'];

export const REPORT_SOURCES = Object.keys(REPORTS) as ActivityReport[];

export type ReplyEmailEvent = ReportItems['emails'];
export type ReplyCall = ReportItems['calls'];
export type ReplyLinkedInEvent = ReportItems['linkedin'];
