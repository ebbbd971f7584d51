/**
 * `/__sandbox/latency` in both sandboxes: read the latency profile, set it (`{"profile": "realistic"}`,
 * `{"profile": "off"}` or per-family figures such as `{"query": {"perCallMs": 150}}`), or turn it off (DELETE).
 */
import express from 'express';
import type { Router } from 'express';
import type { LatencyModel, LatencySetting } from './latency.ts';

export function latencyControlRouter<F extends string>(model: LatencyModel<F>): Router {
    const router = express.Router();
    router.use(express.json({ limit: '64kb' }));
    const answer = () => ({ families: model.families, profile: model.current });
    router.get('/', (_req, res) => {
        res.json(answer());
    });
    router.put('/', (req, res) => {
        const body = (req.body ?? {}) as { profile?: unknown } & Record<string, unknown>;
        try {
            model.set((body.profile ?? body) as LatencySetting<F>);
            res.json(answer());
        } catch (error) {
            res.status(400).json({ error: (error as Error).message });
        }
    });
    router.delete('/', (_req, res) => {
        model.set('off');
        res.json(answer());
    });
    return router;
}
