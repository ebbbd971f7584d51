import type { Catalog } from '../catalog/schema.ts';
import type { BridgeConfig } from '../config/env.ts';
import type { Logger } from '../logging.ts';
import { endpointMissing, REPLY_CAPABILITIES, type ReplyCapability } from '../reply/capabilities.ts';
import { ReplyClient } from '../reply/client.ts';
import { contactSchema, noteSchema, parseItems, rawPageSchema } from '../reply/schemas.ts';
import { REPORTS } from '../reply/reports.ts';
import { REPORT_WINDOW_MS } from '../reply/reporting.ts';
import type { Store } from '../store/store.ts';
import type { ParsedStep } from '../sync/steps.ts';
import type { Finding } from './doctor.ts';

/** What each probe found: a capability is there, missing (with the evidence), or could not be told. */
export type ProbeResult = { state: 'ok'; detail: string } | { state: 'missing' | 'unknown'; detail: string };
export type ReplyProbes = Partial<Record<ReplyCapability, ProbeResult>>;

/** The Reply capability each step kind's source needs (only unpublished ones are probed). */
const NEEDS: Record<string, ReplyCapability[]> = {
    ...Object.fromEntries(Object.entries(REPORTS).map(([report, spec]) => [report, [spec.capability]])),
    notes: ['notesRead', 'contactFeed'],
    personStatuses: ['contactFeed']
};

/** Capabilities whose absence pauses a step (the others only make it slower or narrower). */
const PAUSES: ReplyCapability[] = [...Object.values(REPORTS).map((spec) => spec.capability), 'notesRead'];

const SCOPES: [string, string, (reply: ReplyClient) => Promise<unknown>][] = [
    ['contacts:read', 'people, statuses and the change feed', (r) => r.http.get('/v3/contacts', { top: 1 })],
    ['contacts:read (custom fields)', 'mapping choices', (r) => r.customFields.list()],
    ['sequences:read', 'sequence choices', (r) => r.http.get('/v3/sequences', { top: 1 })],
    [
        'sequences:operate',
        'People to sequence (bulk add)',
        // Nothing is added: sequence 0 does not exist; only a refused scope answers 403.
        (r) => r.http.post('/v3/sequences/0/contact-links/bulk', { contactIds: [] })
    ],
    ['inbox:read', 'inbox categories and threads', (r) => r.inbox.categories()],
    ['tasks:read', 'Reply tasks', (r) => r.http.post('/v3/tasks/filter', {}, { top: 1 })],
    ['webhooks:read', '`reply-sync webhooks register`', (r) => r.webhooks.list()],
    ['other:read', 'following large imports (background jobs)', (r) => r.http.get('/v3/background-jobs', { top: 1 })]
];

const REPORT_PROBES: [ReplyCapability, string][] = Object.values(REPORTS).map((spec) => [spec.capability, spec.path]);

const status = (error: unknown) => (error as { status?: number }).status;
const replyCode = (error: unknown) => (error as { details?: { replyCode?: string } }).details?.replyCode;

/**
 * `doctor`'s Reply part: the key, the scopes each step needs, and every behaviour the bridge uses that Reply does not
 * publish, probed against the live API with the configured key (ENDPOINTS.md, "probed"); then, per step, whether it
 * can run and what to do if not. Only reads, except probes that cannot add anything.
 */
export async function replyDoctor(
    config: BridgeConfig,
    logger: Logger,
    store: Store | undefined
): Promise<{ findings: Finding[]; reply: ReplyClient | undefined; probes: ReplyProbes }> {
    const findings: Finding[] = [];
    const probes: ReplyProbes = {};
    const reply = new ReplyClient({
        apiUrl: config.reply.apiUrl,
        apiKey: config.reply.apiKey,
        limits: config.reply,
        logger,
        attempts: 1,
        allowance: { monthly: config.reply.monthlyCallLimit, reserveShare: config.reply.budgetReserve },
        ...(store ? { callCounts: store.replyCalls } : {})
    });
    try {
        const me = await reply.team.whoami();
        findings.push({
            check: 'Reply API key',
            ok: true,
            detail: `acting as Reply user ${me.userId}${me.teamId ? ` in team ${me.teamId}` : ''}`
        });
    } catch (error) {
        findings.push({
            check: 'Reply API key',
            ok: false,
            detail: (error as Error).message,
            fix: 'Set REPLY_API_KEY to an active key (Reply: Settings -> API Key)'
        });
        return { findings, reply: undefined, probes };
    }

    for (const [scope, forWhat, call] of SCOPES) {
        try {
            await call(reply);
            findings.push({ check: `Reply access: ${scope}`, ok: true, detail: `allowed (${forWhat})` });
        } catch (error) {
            const refused = status(error) === 403;
            findings.push(
                refused || status(error) === 401
                    ? {
                          check: `Reply access: ${scope}`,
                          ok: false,
                          detail: (error as Error).message,
                          fix: `Give the API key the ${scope.split(' ')[0]} permission in Reply (needed for ${forWhat})`
                      }
                    : { check: `Reply access: ${scope}`, ok: true, detail: `allowed (${forWhat})` }
            );
        }
    }

    probes.contactFeed = await probeContactFeed(reply);
    for (const [capability, path] of REPORT_PROBES) probes[capability] = await probeReport(reply, path);
    probes.notesRead = await probeNotes(reply);
    probes.webhookTeamScope = await probeWebhookScope(reply);
    for (const [capability, result] of Object.entries(probes) as [ReplyCapability, ProbeResult][]) {
        const known = REPLY_CAPABILITIES[capability];
        findings.push(
            result.state === 'ok'
                ? { check: `Reply capability: ${known.label}`, ok: true, detail: result.detail }
                : {
                      check: `Reply capability: ${known.label}`,
                      ok: result.state !== 'missing' || !PAUSES.includes(capability),
                      detail: `${result.state === 'missing' ? known.missing : 'could not be checked'}: ${result.detail}`,
                      fix: known.fix
                  }
        );
    }

    findings.push(await teamUsersFinding(reply));
    await reply.budget.sync().catch(() => undefined);
    const usage = reply.budget.usage();
    findings.push({
        check: 'Reply call budget',
        ok: usage.hour.used < usage.hour.limit,
        detail:
            `${usage.hour.used} of ${usage.hour.limit} calls this hour, ${usage.reportingHour.used} of ${usage.reportingHour.limit} reporting calls, ` +
            `${usage.month.used}${usage.month.limit === null ? '' : ` of ${usage.month.limit}`} this month (all bridge processes; ` +
            `optional reads stop at ${Math.round((1 - config.reply.budgetReserve) * 100)} %)`,
        fix: 'Wait for the hour to pass, or lower REPLY_STATUS_RECHECKS_PER_RUN and REPLY_NOTE_READS_PER_RUN'
    });
    return { findings, reply, probes };
}

/** Per step: can it run on this key, and if not, what the admin sees (it pauses) and what to do. Pure. */
export function stepCapabilityFindings(steps: ParsedStep[], catalog: Catalog, probes: ReplyProbes): Finding[] {
    const findings: Finding[] = [];
    for (const parsed of steps) {
        if (!parsed.ok) continue;
        const needs = NEEDS[parsed.step.kind.replySource ?? ''] ?? [];
        const missing = needs.filter((capability) => probes[capability]?.state === 'missing');
        const pausing = missing.filter((capability) => PAUSES.includes(capability));
        const label = catalog.stepKinds.find((k) => k.key === parsed.step.kind.key)?.label ?? parsed.step.kind.key;
        if (pausing.length > 0) {
            findings.push({
                check: `Step ${parsed.step.name} on this Reply key`,
                ok: false,
                detail: `${label} will pause (not fail): ${pausing.map((c) => REPLY_CAPABILITIES[c].missing).join('; ')}`,
                fix: pausing.map((c) => REPLY_CAPABILITIES[c].fix).join('; ')
            });
        } else {
            findings.push({
                check: `Step ${parsed.step.name} on this Reply key`,
                ok: true,
                detail:
                    missing.length > 0
                        ? `${label} can run, more slowly: ${missing.map((c) => REPLY_CAPABILITIES[c].missing).join('; ')}`
                        : `${label} can run`
            });
        }
    }
    return findings;
}

/**
 * The change feed (C3): a lastModifiedAt bound taken from a sample of contacts, then the filter must answer nothing
 * older than the bound, every sampled contact at or after it, and ascending order.
 */
async function probeContactFeed(reply: ReplyClient): Promise<ProbeResult> {
    try {
        const sample = parseItems(
            contactSchema,
            rawPageSchema.parse(await reply.http.get('/v3/contacts', { top: 100 })).items
        ).items;
        if (sample.length < 2) return { state: 'unknown', detail: 'too few contacts to tell' };
        const times = sample.map((c) => c.lastModifiedAt).sort();
        const bound = times[Math.floor(times.length / 2)]!;
        const answer = parseItems(
            contactSchema,
            rawPageSchema.parse(
                await reply.http.post(
                    '/v3/contacts/filter',
                    {
                        rules: [{ property: 'lastModifiedAt', condition: 'greaterThanOrEqual', value: bound }],
                        sortBy: 'lastModifiedAt',
                        sortDirection: 'asc'
                    },
                    { top: 1000 }
                )
            ).items
        ).items;
        const older = answer.find((c) => c.lastModifiedAt < bound);
        if (older) return { state: 'missing', detail: `contact ${older.id} is older than the rule's bound ${bound}` };
        const unsorted = answer.findIndex((c, i) => i > 0 && c.lastModifiedAt < answer[i - 1]!.lastModifiedAt);
        if (unsorted > 0) return { state: 'missing', detail: 'the answer is not sorted by lastModifiedAt' };
        const answered = new Set(answer.map((c) => c.id));
        const left = sample.find((c) => c.lastModifiedAt >= bound && !answered.has(c.id));
        if (left && answer.length < 1000)
            return { state: 'missing', detail: `contact ${left.id}, changed after the bound, is not in the answer` };
        return { state: 'ok', detail: 'the lastModifiedAt rule and sort are honoured' };
    } catch (error) {
        return status(error) === 400
            ? { state: 'missing', detail: `Reply refused the rule: ${(error as Error).message}` }
            : { state: 'unknown', detail: (error as Error).message };
    }
}

async function probeReport(reply: ReplyClient, path: string): Promise<ProbeResult> {
    const to = new Date();
    const from = new Date(to.getTime() - Math.min(REPORT_WINDOW_MS, 7 * 24 * 3600_000));
    try {
        const page = rawPageSchema.parse(
            await reply.http.post(path, { filters: { from: from.toISOString(), to: to.toISOString() } }, { top: 1 })
        );
        return { state: 'ok', detail: `answers (${page.items.length > 0 ? 'items' : 'no items in the last week'})` };
    } catch (error) {
        if (endpointMissing(error) || status(error) === 403)
            return { state: 'missing', detail: (error as Error).message };
        return { state: 'unknown', detail: (error as Error).message };
    }
}

async function probeNotes(reply: ReplyClient): Promise<ProbeResult> {
    try {
        const first = rawPageSchema.parse(await reply.http.get('/v3/contacts', { top: 1 })).items[0] as
            { id?: unknown } | undefined;
        if (!first || typeof first.id !== 'number') return { state: 'unknown', detail: 'no contact to ask about' };
        const page = rawPageSchema.parse(await reply.http.get(`/v3/contacts/${first.id}/notes`, { top: 5 }));
        const parsed = parseItems(noteSchema, page.items);
        if (page.items.length > 0 && parsed.items.length === 0)
            return { state: 'missing', detail: `notes come in an unknown shape (${parsed.invalid[0]?.reason})` };
        return { state: 'ok', detail: 'notes can be read' };
    } catch (error) {
        if (endpointMissing(error, 'contact.notFound') || status(error) === 403)
            return { state: 'missing', detail: (error as Error).message };
        return { state: 'unknown', detail: (error as Error).message };
    }
}

/** Webhook scope (docs create-a-webhook-subscription): the bridge's registered subscriptions, Team or Personal. */
async function probeWebhookScope(reply: ReplyClient): Promise<ProbeResult> {
    try {
        const mine = (await reply.webhooks.list()).filter((w) => w.url.includes('/v1/webhooks/reply'));
        if (mine.length === 0)
            return { state: 'ok', detail: 'no bridge webhooks registered (optional: `reply-sync webhooks register`)' };
        const personal = mine.filter((w) => w.scope?.toLowerCase() === 'personal');
        return personal.length > 0
            ? { state: 'missing', detail: `${personal.length} of ${mine.length} bridge subscriptions are Personal` }
            : { state: 'ok', detail: `${mine.length} bridge subscriptions, Team scope` };
    } catch (error) {
        return { state: 'unknown', detail: (error as Error).message };
    }
}

async function teamUsersFinding(reply: ReplyClient): Promise<Finding> {
    try {
        await reply.http.get('/v3/whoami/team-users');
        return { check: 'Reply team users', ok: true, detail: 'listed (owner mappings offer every team member)' };
    } catch (error) {
        return {
            check: 'Reply team users',
            ok: true,
            detail:
                replyCode(error) === 'workspace.organizationRequired'
                    ? "not an organization account: owner mappings offer only the key's own user"
                    : `not listed (${(error as Error).message}): owner mappings offer only the key's own user`
        };
    }
}
