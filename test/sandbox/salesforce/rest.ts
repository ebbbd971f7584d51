/**
 * The route table of `/services/data/vXX.X` and the dispatcher that turns thrown ApiErrors into Salesforce's
 * error responses. Also the small resources: the version's resource list, describeGlobal, query, limits.
 */
import type { ApiContext, ApiRequest, ApiResult, CallInfo, Handler } from './api-types.ts';
import { json } from './api-types.ts';
import { collections, collectionsOfType } from './collections.ts';
import { composite } from './composite.ts';
import { compositeBatch } from './composite-batch.ts';
import { describeGlobal } from './describe.ts';
import { ApiError, invalidType, methodNotAllowed, notFound } from './errors.ts';
import { batchSizeFrom } from './query.ts';
import { deletedIds, describe, recordByField, recordById, sobjectRoot, updatedIds } from './records.ts';

interface Route {
    pattern: RegExp;
    methods: Record<string, Handler>;
    endpoint: string;
}

const SEGMENT = '([^/]+)';

const resources: Handler = (ctx, req) => {
    const base = `/services/data/v${req.apiVersion}`;
    return json(200, {
        tooling: `${base}/tooling`,
        metadata: `${base}/metadata`,
        eclair: `${base}/eclair`,
        limits: `${base}/limits`,
        sobjects: `${base}/sobjects`,
        identity: `${ctx.instanceUrl}/id/${ctx.org.orgId}/${req.userId}`,
        composite: `${base}/composite`,
        query: `${base}/query`,
        queryAll: `${base}/queryAll`,
        recent: `${base}/recent`,
        search: `${base}/search`
    });
};

const globalDescribe: Handler = (ctx, req) =>
    json(200, describeGlobal(ctx.org, req.apiVersion, ctx.org.accessOf(req.userId)));

function objectOf(soql: string): string | undefined {
    return /\bfrom\s+([A-Za-z0-9_]+)/i.exec(soql)?.[1];
}

const queryHandler =
    (includeDeleted: boolean): Handler =>
    (ctx, req, _params, info) => {
        const soql = req.query.get('q');
        if (soql === null) {
            throw new ApiError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
        }
        const name = objectOf(soql);
        const def = name ? ctx.org.schema.get(name) : undefined;
        info.object = def?.name ?? name;
        // An object the user may not read does not exist for them (NamedCredential needs View Setup, for one).
        if (def && !ctx.org.accessOf(req.userId).object(def).read) throw invalidType(name as string);
        const result = ctx.org.queries.query(soql, {
            userId: req.userId,
            apiVersion: req.apiVersion,
            batchSize: batchSizeFrom(req.headers['sforce-query-options']),
            includeDeleted
        });
        return json(200, result);
    };

const queryMore: Handler = (ctx, req, [locator]) => json(200, ctx.org.queries.more(locator as string, req.userId));

const limits: Handler = (ctx) => {
    const pair = (max: number, remaining = max): { Max: number; Remaining: number } => ({
        Max: max,
        Remaining: remaining
    });
    return json(200, {
        ConcurrentAsyncGetReportInstances: pair(200),
        ConcurrentSyncReportRuns: pair(20),
        DailyApiRequests: pair(ctx.allowance.limit, Math.max(0, ctx.allowance.limit - ctx.allowance.used)),
        DailyAsyncApexExecutions: pair(250000),
        DailyBulkApiBatches: pair(15000),
        DailyBulkV2QueryFileStorageMB: pair(976562),
        DailyBulkV2QueryJobs: pair(10000),
        DataStorageMB: pair(1024),
        FileStorageMB: pair(2048),
        HourlyPublishedPlatformEvents: pair(250000),
        SingleEmail: pair(5000),
        ...ctx.bulkLimits?.()
    });
};

const ROUTES: Route[] = [
    { pattern: /^\/?$/, methods: { GET: resources }, endpoint: 'resources' },
    { pattern: /^\/sobjects\/?$/, methods: { GET: globalDescribe }, endpoint: 'describeGlobal' },
    {
        pattern: new RegExp(`^/sobjects/${SEGMENT}/describe/?$`),
        methods: { GET: describe },
        endpoint: 'sobject.describe'
    },
    {
        pattern: new RegExp(`^/sobjects/${SEGMENT}/updated/?$`),
        methods: { GET: updatedIds },
        endpoint: 'sobject.updated'
    },
    {
        pattern: new RegExp(`^/sobjects/${SEGMENT}/deleted/?$`),
        methods: { GET: deletedIds },
        endpoint: 'sobject.deleted'
    },
    {
        pattern: new RegExp(`^/sobjects/${SEGMENT}/?$`),
        methods: { GET: sobjectRoot, POST: sobjectRoot },
        endpoint: 'sobject.create'
    },
    {
        pattern: new RegExp(`^/sobjects/${SEGMENT}/${SEGMENT}/?$`),
        methods: { GET: recordById, PATCH: recordById, DELETE: recordById },
        endpoint: 'sobject.retrieve'
    },
    {
        pattern: new RegExp(`^/sobjects/${SEGMENT}/${SEGMENT}/${SEGMENT}/?$`),
        methods: { GET: recordByField, PATCH: recordByField, DELETE: recordByField },
        endpoint: 'sobject.upsert'
    },
    { pattern: /^\/query\/?$/, methods: { GET: queryHandler(false) }, endpoint: 'query' },
    { pattern: new RegExp(`^/query/${SEGMENT}/?$`), methods: { GET: queryMore }, endpoint: 'queryMore' },
    { pattern: /^\/queryAll\/?$/, methods: { GET: queryHandler(true) }, endpoint: 'queryAll' },
    { pattern: new RegExp(`^/queryAll/${SEGMENT}/?$`), methods: { GET: queryMore }, endpoint: 'queryMore' },
    {
        pattern: /^\/composite\/sobjects\/?$/,
        methods: { POST: collections, PATCH: collections, DELETE: collections },
        endpoint: 'collections'
    },
    {
        pattern: new RegExp(`^/composite/sobjects/${SEGMENT}/?$`),
        methods: { GET: collectionsOfType, POST: collectionsOfType },
        endpoint: 'collections.retrieve'
    },
    {
        pattern: new RegExp(`^/composite/sobjects/${SEGMENT}/${SEGMENT}/?$`),
        methods: { PATCH: collectionsOfType },
        endpoint: 'collections.upsert'
    },
    { pattern: /^\/composite\/?$/, methods: { POST: composite }, endpoint: 'composite' },
    { pattern: /^\/composite\/batch\/?$/, methods: { POST: compositeBatch }, endpoint: 'composite.batch' },
    { pattern: /^\/limits\/?$/, methods: { GET: limits }, endpoint: 'limits' }
];

/** Runs one API request; ApiErrors become their HTTP answers, anything else propagates (500). */
export function dispatch(ctx: ApiContext, req: ApiRequest, info: CallInfo): ApiResult {
    try {
        for (const route of ROUTES) {
            const match = route.pattern.exec(req.path);
            if (!match) continue;
            info.endpoint = route.endpoint;
            const handler = route.methods[req.method];
            if (!handler) throw methodNotAllowed(req.method, Object.keys(route.methods));
            if ((route.endpoint === 'composite' || route.endpoint === 'composite.batch') && ctx.inComposite) {
                throw notFound();
            }
            const params = match.slice(1).map((p) => decodeURIComponent(p));
            return handler(ctx, req, params, info);
        }
        info.endpoint = 'unknown';
        throw notFound();
    } catch (error) {
        if (error instanceof ApiError) return json(error.httpStatus, error.toBody());
        throw error;
    }
}
