/**
 * Switches for the behaviours Reply does not publish (ASSUMPTIONS.md, "no public source"), so tests can show what the
 * bridge does when the live API behaves otherwise: an endpoint that does not exist for a key, a filter rule or sort
 * Reply ignores, a change that does not move `lastModifiedAt`, an import sent to a background job. Every switch holds
 * the assumed behaviour by default; `POST /__sandbox/reset` restores them all.
 */
import { z } from 'zod';

export const capabilitiesSchema = z.strictObject({
    /** `POST /v3/contacts/filter` rules: applied, silently ignored, or refused with a 400 naming the rule. */
    contactFilterRules: z.enum(['honoured', 'ignored', 'rejected']),
    /** `sortBy`/`sortDirection` of the same endpoint: applied, or ignored (answers in id order). */
    contactFilterSort: z.enum(['honoured', 'ignored']),
    /** The reporting activity lists, `POST /v3/reporting/{emails,calls,linkedin}`: off = 404 route.notFound. */
    emailActivity: z.boolean(),
    callActivity: z.boolean(),
    linkedInActivity: z.boolean(),
    /** `GET /v3/contacts/{id}/notes`: off = 404 route.notFound (only "Add a note" is published). */
    notesRead: z.boolean(),
    /** `GET /v3/whoami/team-users`: off = the workspace is not part of an organization (403 organizationRequired). */
    teamUsers: z.boolean(),
    /** Off: a change of status (in-sequence status, reply/bounce flags, opt-out, call and meeting status) leaves
     * `lastModifiedAt` where it was. */
    statusChangesMoveLastModified: z.boolean(),
    /** Off: assigning or clearing an inbox category leaves the thread's `lastActivityDate` where it was. */
    categoryMovesLastActivity: z.boolean(),
    /** An import of more items than this answers 202 with a background job (Reply publishes no such size). */
    backgroundImportsAbove: z.number().int().min(0).max(1000)
});
export type SandboxCapabilities = z.output<typeof capabilitiesSchema>;

export const DEFAULT_CAPABILITIES: SandboxCapabilities = {
    contactFilterRules: 'honoured',
    contactFilterSort: 'honoured',
    emailActivity: true,
    callActivity: true,
    linkedInActivity: true,
    notesRead: true,
    teamUsers: true,
    statusChangesMoveLastModified: true,
    categoryMovesLastActivity: true,
    backgroundImportsAbove: 250
};

/** The current switches; one object per workspace, shared by the routes and the workspace operations. */
export class Capabilities {
    private current: SandboxCapabilities = { ...DEFAULT_CAPABILITIES };

    get(): SandboxCapabilities {
        return this.current;
    }

    /** Changes some switches; returns all of them. */
    set(changes: Partial<SandboxCapabilities>): SandboxCapabilities {
        this.current = { ...this.current, ...changes };
        return this.current;
    }

    reset(): SandboxCapabilities {
        this.current = { ...DEFAULT_CAPABILITIES };
        return this.current;
    }
}
