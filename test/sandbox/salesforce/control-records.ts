/**
 * Control routes for the records' lifecycle that the REST API has no resource for: merge (SOAP merge(), Apex
 * merge), undelete (SOAP undelete(), Apex undelete) and, for symmetry, delete. They run as the integration user,
 * with the org's rules, and are never counted as API calls. Mounted by control.ts under `/__sandbox/records`.
 */
import express from 'express';
import type { Request, Response, Router } from 'express';
import { ItemError } from './errors.ts';
import type { Rec } from './schema.ts';
import type { SandboxRuntime } from './runtime.ts';

function ids(value: unknown): string[] {
    if (!Array.isArray(value) || value.some((id) => typeof id !== 'string')) {
        throw new Error('ids must be a list of record ids');
    }
    return value as string[];
}

function answer(res: Response, work: () => unknown): void {
    try {
        res.status(200).json(work());
    } catch (error) {
        const statusCode = error instanceof ItemError ? error.statusCode : undefined;
        res.status(400).json({ error: (error as Error).message, ...(statusCode ? { statusCode } : {}) });
    }
}

export function recordsRouter(runtime: SandboxRuntime): Router {
    const router = express.Router();
    const { org } = runtime;
    /** `{masterId, mergedIds: [1 or 2 ids], fields?}` -> `{id, mergedRecordIds, updatedRelatedIds}` */
    router.post('/merge', (req: Request, res: Response) =>
        answer(res, () => {
            const { masterId, mergedIds, fields } = (req.body ?? {}) as Record<string, unknown>;
            if (typeof masterId !== 'string') throw new Error('masterId is required');
            return org.merge(masterId, ids(mergedIds), (fields ?? {}) as Rec);
        })
    );
    /** `{ids}` -> one `{id, success, errors}` per id, as the REST collections delete answers. */
    router.post('/delete', (req: Request, res: Response) =>
        answer(res, () =>
            ids((req.body as Record<string, unknown> | undefined)?.ids).map((id) => {
                try {
                    org.delete(undefined, id);
                    return { id, success: true, errors: [] };
                } catch (error) {
                    if (!(error instanceof ItemError)) throw error;
                    return { id, success: false, errors: [error.toBody()] };
                }
            })
        )
    );
    /** `{ids}` -> one UndeleteResult `{id, success, errors}` per id. */
    router.post('/undelete', (req: Request, res: Response) =>
        answer(res, () => org.undelete(ids((req.body as Record<string, unknown> | undefined)?.ids)))
    );
    return router;
}
