/**
 * The HTTP face of Bulk API 2.0 under `/services/data/vXX.X/jobs/...` (ingest from v41.0, query from v47.0), and its
 * control routes under `/__sandbox/bulk`. Request bodies arrive as text: JSON for job definitions, CSV for job data.
 * Calls count against the daily API allowance like every REST call (Bulk API requests are API requests).
 */
import express from 'express';
import type { Router } from 'express';
import type { ApiRequest, ApiResult, CallInfo } from './api-types.ts';
import { json, noContent } from './api-types.ts';
import type { BulkEngine, BulkFaults, BulkLimits, BulkProcessing, CsvAnswer, ResultKind } from './bulk2.ts';
import { ApiError, methodNotAllowed, notFound } from './errors.ts';

const CSV_TYPE = 'text/csv';
const ID = '([A-Za-z0-9]{15,18})';

export function isBulkPath(path: string): boolean {
    return /^\/jobs(\/|$)/.test(path);
}

function csv(answer: CsvAnswer, info: CallInfo): ApiResult {
    info.records = answer.records;
    return {
        status: 200,
        raw: { contentType: CSV_TYPE, data: Buffer.from(answer.csv, 'utf8') },
        ...(answer.headers ? { headers: answer.headers } : {})
    };
}

type BulkHandler = (engine: BulkEngine, req: ApiRequest, params: string[], info: CallInfo) => ApiResult;

interface BulkRoute {
    pattern: RegExp;
    minVersion: number;
    endpoint: string;
    methods: Record<string, BulkHandler>;
}

const text = (req: ApiRequest): string => (typeof req.body === 'string' ? req.body : '');

function objectOf(info: CallInfo, result: Record<string, unknown>): Record<string, unknown> {
    if (typeof result.object === 'string') info.object = result.object;
    return result;
}

type Kind = 'ingest' | 'query';

/** What differs between the two kinds of job on their shared resources. */
const KINDS: Record<
    Kind,
    {
        minVersion: number;
        create(engine: BulkEngine, body: string, userId: string, apiVersion: string): Record<string, unknown>;
        patch(engine: BulkEngine, id: string, body: string): Record<string, unknown>;
    }
> = {
    ingest: {
        minVersion: 41,
        create: (engine, body, userId, apiVersion) => engine.createIngest(body, userId, apiVersion),
        patch: (engine, id, body) => engine.patchIngest(id, body)
    },
    query: {
        minVersion: 47,
        create: (engine, body, userId, apiVersion) => engine.createQuery(body, userId, apiVersion),
        patch: (engine, id, body) => engine.patchQuery(id, body)
    }
};

/** `/jobs/{kind}` (create, list) and `/jobs/{kind}/{id}` (info, close or abort, delete). */
function jobRoutes(kind: Kind): BulkRoute[] {
    const { minVersion, create, patch } = KINDS[kind];
    return [
        {
            pattern: new RegExp(`^/jobs/${kind}/?$`),
            minVersion,
            endpoint: `bulk.${kind}`,
            methods: {
                POST: (engine, req, _p, info) =>
                    json(200, objectOf(info, create(engine, text(req), req.userId, req.apiVersion))),
                GET: (engine, req) => json(200, engine.list(kind, req.apiVersion, req.query.get('queryLocator')))
            }
        },
        {
            pattern: new RegExp(`^/jobs/${kind}/${ID}/?$`),
            minVersion,
            endpoint: `bulk.${kind}.job`,
            methods: {
                GET: (engine, _req, [id], info) => json(200, objectOf(info, engine.jobInfo(id as string, kind))),
                PATCH: (engine, req, [id], info) => json(200, objectOf(info, patch(engine, id as string, text(req)))),
                DELETE: (engine, _req, [id]) => {
                    engine.deleteJob(id as string, kind);
                    return noContent();
                }
            }
        }
    ];
}

const RESULT_KINDS: ResultKind[] = ['successfulResults', 'failedResults', 'unprocessedrecords'];

const ROUTES: BulkRoute[] = [
    ...jobRoutes('ingest'),
    {
        pattern: new RegExp(`^/jobs/ingest/${ID}/batches/?$`),
        minVersion: 41,
        endpoint: 'bulk.ingest.upload',
        methods: {
            PUT: (engine, req, [id], info) => {
                const body = text(req);
                engine.upload(id as string, body, req.headers['content-type']);
                // Rows carried, for the latency model (a line count: quoted line breaks make it an estimate).
                info.records = Math.max(0, body.split('\n').length - (body.endsWith('\n') ? 2 : 1));
                return { status: 201 };
            }
        }
    },
    ...RESULT_KINDS.map((kind): BulkRoute => ({
        pattern: new RegExp(`^/jobs/ingest/${ID}/${kind}/?$`),
        minVersion: 41,
        endpoint: 'bulk.ingest.results',
        methods: { GET: (engine, _req, [id], info) => csv(engine.ingestResults(id as string, kind), info) }
    })),
    ...jobRoutes('query'),
    {
        pattern: new RegExp(`^/jobs/query/${ID}/results/?$`),
        minVersion: 47,
        endpoint: 'bulk.query.results',
        methods: {
            GET: (engine, req, [id], info) =>
                csv(
                    engine.queryResults(
                        id as string,
                        req.apiVersion,
                        req.query.get('locator'),
                        req.query.get('maxRecords')
                    ),
                    info
                )
        }
    }
];

/** Runs one Bulk API 2.0 request; ApiErrors become Salesforce's `[{errorCode, message}]` answers. */
export function dispatchBulk(engine: BulkEngine, req: ApiRequest, info: CallInfo): ApiResult {
    try {
        for (const route of ROUTES) {
            const match = route.pattern.exec(req.path);
            if (!match) continue;
            info.endpoint = route.endpoint;
            if (Number(req.apiVersion) < route.minVersion) throw notFound();
            const handler = route.methods[req.method];
            if (!handler) throw methodNotAllowed(req.method, Object.keys(route.methods));
            return handler(engine, req, match.slice(1), info);
        }
        info.endpoint = 'bulk.unknown';
        throw notFound();
    } catch (error) {
        if (error instanceof ApiError) return json(error.httpStatus, error.toBody());
        throw error;
    }
}

/** `/__sandbox/bulk`: processing mode, faults and limits of Bulk jobs, and finishing a job on demand. */
export function bulkControlRouter(engine: BulkEngine): Router {
    const router = express.Router();
    router.use(express.json({ limit: '1mb' }));
    const state = () => ({
        processing: engine.mode,
        faults: engine.currentFaults,
        limits: engine.limits,
        usage: engine.usage()
    });
    const guarded =
        (work: (body: Record<string, unknown>) => unknown) =>
        (req: express.Request, res: express.Response): void => {
            Promise.resolve()
                .then(() => work((req.body ?? {}) as Record<string, unknown>))
                .then((result) => res.status(200).json(result ?? state()))
                .catch((error: unknown) => res.status(400).json({ error: (error as Error).message }));
        };
    router.get(
        '/',
        guarded(() => state())
    );
    router.put(
        '/',
        guarded((body) => {
            if (body.processing !== undefined) engine.setProcessing(body.processing as BulkProcessing);
            if (body.faults !== undefined) engine.setFaults(body.faults as Partial<BulkFaults>);
            if (body.limits !== undefined) engine.setLimits(body.limits as Partial<BulkLimits>);
            return state();
        })
    );
    router.delete(
        '/faults',
        guarded(() => {
            engine.clearFaults();
            return state();
        })
    );
    router.post('/jobs/:id/finish', (req, res) => {
        engine
            .finish(String(req.params.id))
            .then((info) => res.status(200).json(info))
            .catch((error: unknown) => {
                const status = error instanceof ApiError ? error.httpStatus : 400;
                res.status(status).json({ error: (error as Error).message });
            });
    });
    return router;
}
