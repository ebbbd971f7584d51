/**
 * The workspace's latency profile (the model is ../latency.ts): the endpoint family of a /v3 call, the records it
 * carries, the realistic figures, and the express middleware that holds each answer back by the profile's wait.
 * The figures are estimates (README "Latency" says why); the `latencyMs` fault stays a separate, flat delay.
 */
import type { NextFunction, Request, Response } from 'express';
import { LatencyModel, type LatencyProfile, type LatencySetting } from '../latency.ts';

export const REPLY_LATENCY_FAMILIES = ['reads', 'import', 'reporting', 'writes'] as const;
export type ReplyLatencyFamily = (typeof REPLY_LATENCY_FAMILIES)[number];
export type ReplyLatencySetting = LatencySetting<ReplyLatencyFamily>;

export const REALISTIC_REPLY_LATENCY: LatencyProfile<ReplyLatencyFamily> = {
    reads: { perCallMs: 300, perRecordMs: 0.3 },
    import: { perCallMs: 500, perRecordMs: 3 },
    reporting: { perCallMs: 800, perRecordMs: 0.3 },
    writes: { perCallMs: 300, perRecordMs: 1 }
};

export function replyLatency(setting?: ReplyLatencySetting): LatencyModel<ReplyLatencyFamily> {
    return new LatencyModel(REPLY_LATENCY_FAMILIES, REALISTIC_REPLY_LATENCY, setting ?? 'off');
}

/** The family of a /v3 call: reporting, the contact import, other reads (GET, `/filter`, `/list`), other writes. */
export function familyOf(method: string, path: string): ReplyLatencyFamily {
    const bare = path.split('?')[0] ?? path;
    if (bare.startsWith('/v3/reporting/')) return 'reporting';
    if (method === 'POST' && bare === '/v3/contacts/import') return 'import';
    if (method === 'GET' || /\/(filter|list)\/?$/.test(bare)) return 'reads';
    return 'writes';
}

/** Records a call carries: the items it answers, else the items it sends (an import), else one for a single record. */
function recordsOf(requestBody: unknown, responseBody: unknown): number {
    const items = (body: unknown): number | undefined => {
        if (Array.isArray(body)) return body.length;
        const list = (body as { items?: unknown } | null)?.items;
        return Array.isArray(list) ? list.length : undefined;
    };
    return items(responseBody) ?? items(requestBody) ?? 1;
}

/**
 * Holds every /v3 answer back by the profile's wait for its family and records. It wraps `res.json` (to count the
 * records) and `res.send` (where every answer ends), so it must run before the routes.
 */
export function latencyMiddleware(model: LatencyModel<ReplyLatencyFamily>) {
    return (req: Request, res: Response, next: NextFunction): void => {
        const family = familyOf(req.method, req.originalUrl);
        let records = 1;
        const json = res.json.bind(res);
        res.json = (body?: unknown) => {
            records = recordsOf(req.body, body);
            return json(body);
        };
        const send = res.send.bind(res);
        let held = false;
        res.send = (body?: unknown) => {
            if (held) return send(body);
            const ms = model.hold(family, records);
            if (ms <= 0) return send(body);
            held = true;
            setTimeout(() => {
                if (!res.writableEnded && !res.destroyed) send(body);
            }, ms);
            return res;
        };
        next();
    };
}
