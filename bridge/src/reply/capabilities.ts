import { BridgeError } from '../errors.ts';
import { REPORTS, type ReportCapability } from './reports.ts';

/**
 * What the bridge uses of Reply that Reply does not publish (ENDPOINTS.md, "probed"). Each one is checked by
 * `reply-sync doctor` against the live API, and at run time a step that needs a missing one is paused (never failed,
 * its cursor kept) with the message below, until the capability is there again.
 */
const UNPUBLISHED = {
    contactFeed: {
        label: 'change feed of contacts (POST /v3/contacts/filter with a lastModifiedAt rule, sorted by lastModifiedAt)',
        missing:
            'Reply does not honour the lastModifiedAt rule or sort of the contacts filter for this key, so the bridge reads every contact each run instead (GET /v3/contacts, one call per 1,000 people)',
        fix: 'Nothing to do: the full read finds every change; ask Reply support about the contacts filter rule to make runs cheaper'
    },
    notesRead: {
        label: "read of a contact's notes (GET /v3/contacts/{id}/notes)",
        missing:
            "Reply does not let this API key read a contact's notes (only adding a note is published), so notes are not synced",
        fix: 'Ask Reply support to enable reading notes over API v3; the step resumes from where it stopped once it answers'
    },
    webhookTeamScope: {
        label: 'Team-scope webhook subscriptions',
        missing:
            "Reply refuses Team-scope webhooks for this key (a private team's subscriptions need the team owner), so only this user's own events arrive by webhook",
        fix: "Register webhooks with the team owner's key for everyone's events; scheduled runs still read everything"
    }
} as const;

interface CapabilityText {
    label: string;
    missing: string;
    fix: string;
}

/** Each activity report's capability, worded from its entry in REPORTS. */
function reportCapabilities(): Record<ReportCapability, CapabilityText> {
    const out = {} as Record<ReportCapability, CapabilityText>;
    for (const report of Object.values(REPORTS)) {
        out[report.capability] = {
            label: `${report.what} activity report (POST ${report.path})`,
            missing: `Reply's ${report.what} activity report is not available to this API key, or answers in a shape the bridge does not know, so ${report.synced} are not synced`,
            fix: 'Give the API key the reporting:read permission (Reply: Settings -> API Key) and check that the plan includes reports; the step resumes from where it stopped'
        };
    }
    return out;
}

export const REPLY_CAPABILITIES: typeof UNPUBLISHED & Record<ReportCapability, CapabilityText> = {
    ...UNPUBLISHED,
    ...reportCapabilities()
};

export type ReplyCapability = keyof typeof REPLY_CAPABILITIES;

/** A step needs something this Reply key does not offer: the step pauses with this message and keeps its cursor. */
export class ReplyCapabilityMissing extends BridgeError {
    readonly capability: ReplyCapability;

    constructor(capability: ReplyCapability, evidence: string) {
        const known = REPLY_CAPABILITIES[capability];
        super('REPLY_CAPABILITY_MISSING', `Paused: ${known.missing} (${evidence}). To do: ${known.fix}.`, {
            details: { capability }
        });
        this.capability = capability;
    }
}

/**
 * Does a Reply error say the endpoint itself is not there (an unknown route or method), rather than the record?
 * `recordCode` is the code Reply uses for a missing record on that endpoint (e.g. contact.notFound). Pure.
 */
export function endpointMissing(error: unknown, recordCode?: string): boolean {
    const { status, details } = error as { status?: number; details?: { replyCode?: string } };
    if (status === 405 || status === 501) return true;
    return status === 404 && details?.replyCode !== recordCode;
}
