/**
 * The control API (`/__sandbox/...`, JSON, no auth, not part of Salesforce): statistics, reset and seed, lead
 * conversion, Custom Metadata deployment, org settings (duplicate rules, assignment rule, time zone), sessions,
 * the allowance and fault injection. Calls here are never counted as API calls.
 */
import express from 'express';
import type { Request, Response, Router } from 'express';
import { ItemError } from './errors.ts';
import type { Faults } from './faults.ts';
import type { ConvertLeadOptions } from './org.ts';
import type { DuplicateRuleMode } from './rules.ts';
import { accessRouter } from './control-access.ts';
import { recordsRouter } from './control-records.ts';
import type { SandboxRuntime } from './runtime.ts';
import type { SeedOptions } from './seed.ts';

type Body = Record<string, unknown>;

/** Wraps a handler: thrown errors become `400 {error, statusCode?}`. */
function route(work: (req: Request, res: Response) => unknown) {
    return (req: Request, res: Response): void => {
        try {
            const result = work(req, res);
            if (!res.headersSent) res.status(200).json(result ?? { ok: true });
        } catch (error) {
            const statusCode = error instanceof ItemError ? error.statusCode : undefined;
            res.status(400).json({ error: (error as Error).message, ...(statusCode ? { statusCode } : {}) });
        }
    };
}

function body(req: Request): Body {
    return (req.body ?? {}) as Body;
}

const MODES: DuplicateRuleMode[] = ['off', 'alert', 'block'];

function seedFrom(value: unknown): SeedOptions | false | undefined {
    if (value === undefined) return undefined;
    if (value === false) return false;
    if (typeof value !== 'object' || value === null) throw new Error('seed must be an object or false');
    const seed = value as Record<string, unknown>;
    const out: SeedOptions = {};
    for (const key of ['seed', 'leads', 'contacts', 'accounts'] as const) {
        if (seed[key] === undefined) continue;
        const n = Number(seed[key]);
        if (!Number.isInteger(n) || n < 0 || n > 1_000_000) throw new Error(`${key} must be a whole number`);
        out[key] = n;
    }
    return out;
}

export function controlRouter(runtime: SandboxRuntime): Router {
    const router = express.Router();
    router.use(express.json({ limit: '10mb' }));
    const { org } = runtime;

    router.get(
        '/info',
        route(() => runtime.info())
    );
    router.get(
        '/stats',
        route(() => ({ ...runtime.statsSnapshot(), counts: runtime.recordCounts() }))
    );
    router.post(
        '/stats/reset',
        route(() => runtime.stats.reset())
    );
    router.post(
        '/reset',
        route((req) => ({ seeded: runtime.reset(seedFrom(body(req).seed)) ?? null, counts: runtime.recordCounts() }))
    );
    router.post(
        '/seed',
        route((req) => ({ seeded: runtime.reset(seedFrom(body(req)) || {}) ?? null, counts: runtime.recordCounts() }))
    );
    router.get(
        '/query',
        route((req) => org.query(String(req.query.q ?? '')))
    );
    router.post(
        '/leads/:id/convert',
        route((req) => org.convertLead(String(req.params.id), body(req) as ConvertLeadOptions))
    );
    router.put(
        '/custom-metadata/:type/:developerName',
        route((req) => {
            const { label, values } = body(req);
            const id = org.setCustomMetadata(
                String(req.params.type),
                String(req.params.developerName),
                typeof label === 'string' ? label : String(req.params.developerName),
                (values ?? {}) as Record<string, unknown>
            );
            return org.get(id);
        })
    );
    router.get(
        '/custom-metadata/:type',
        route((req) => {
            const type = String(req.params.type);
            return org.query(`SELECT FIELDS(ALL) FROM ${type.endsWith('__mdt') ? type : `${type}__mdt`} LIMIT 200`);
        })
    );
    router.put(
        '/duplicate-rules',
        route((req) => {
            for (const objectName of ['Lead', 'Contact'] as const) {
                const mode = body(req)[objectName];
                if (mode === undefined) continue;
                if (!MODES.includes(mode as DuplicateRuleMode))
                    throw new Error(`${objectName} must be off, alert or block`);
                org.setDuplicateRule(objectName, mode as DuplicateRuleMode);
            }
            return org.settings.duplicateRules;
        })
    );
    router.put(
        '/assignment-rule',
        route((req) => {
            const ownerId = body(req).ownerId;
            org.setAssignmentRule(typeof ownerId === 'string' ? { ownerId } : null);
            return { assignmentRule: org.settings.assignmentRule };
        })
    );
    router.delete(
        '/assignment-rule',
        route(() => {
            org.setAssignmentRule(null);
            return { assignmentRule: null };
        })
    );
    router.put(
        '/org',
        route((req) => {
            const timeZone = body(req).timeZone;
            if (typeof timeZone === 'string') org.setTimeZone(timeZone);
            return org.get(org.orgId);
        })
    );
    router.get(
        '/faults',
        route(() => runtime.faults.faults)
    );
    router.put(
        '/faults',
        route((req) => {
            runtime.faults.set(body(req) as Partial<Faults>);
            return runtime.faults.faults;
        })
    );
    router.delete(
        '/faults',
        route(() => {
            runtime.faults.clear();
            return runtime.faults.faults;
        })
    );
    router.post(
        '/sessions/expire',
        route((req) => runtime.auth.expireAll(body(req).includeDeveloperToken === true))
    );
    router.post(
        '/allowance/exhaust',
        route(() => {
            runtime.allowance.setUsed(runtime.allowance.limit);
            return { used: runtime.allowance.used, limit: runtime.allowance.limit };
        })
    );
    router.put(
        '/allowance',
        route((req) => {
            const { limit, used } = body(req);
            if (limit !== undefined) runtime.allowance.limit = Number(limit);
            if (used !== undefined) runtime.allowance.setUsed(Number(used));
            return { used: runtime.allowance.used, limit: runtime.allowance.limit };
        })
    );
    router.post(
        '/refresh-tokens',
        route((req) => {
            const username = String(body(req).username ?? runtime.integrationUsername);
            const user = org.userByUsername(username);
            if (!user) throw new Error(`No user ${username}`);
            return { refresh_token: runtime.auth.issueRefreshToken(user.Id as string) };
        })
    );
    router.use('/records', recordsRouter(runtime));
    router.use(accessRouter(runtime));
    router.use((_req, res) => {
        res.status(404).json({ error: 'Unknown control route' });
    });
    return router;
}
