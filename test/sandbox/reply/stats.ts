/**
 * API call accounting: counts by endpoint (method + path with ids folded to `{id}`), by status and by user, plus the
 * rejections tests care about. Counters only: memory does not grow with traffic.
 */

export interface ReplyApiStats {
    since: string;
    total: number;
    byEndpoint: Record<string, number>;
    byStatus: Record<string, number>;
    byUser: Record<string, number>;
    rateLimited: number;
    unauthorized: number;
    faultsInjected: number;
}

const MAX_ENDPOINT_KEYS = 500;

/** `/v3/contacts/123/notes` -> `/v3/contacts/{id}/notes`; query strings dropped. */
export function endpointKey(method: string, path: string): string {
    const clean = path.split('?')[0] ?? '';
    return `${method.toUpperCase()} ${clean.replace(/\/(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?=\/|$)/gi, '/{id}').replace(/\/+$/, '') || '/'}`;
}

export class ApiStats {
    private since: number;
    private total = 0;
    private byEndpoint = new Map<string, number>();
    private byStatus = new Map<string, number>();
    private byUser = new Map<string, number>();
    private rateLimited = 0;
    private unauthorized = 0;
    private faultsInjected = 0;

    constructor(private readonly now: () => number) {
        this.since = now();
    }

    record(method: string, path: string, status: number, userId: number | undefined, fault: boolean): void {
        this.total++;
        let key = endpointKey(method, path);
        if (!this.byEndpoint.has(key) && this.byEndpoint.size >= MAX_ENDPOINT_KEYS)
            key = `${method.toUpperCase()} (other)`;
        bump(this.byEndpoint, key);
        bump(this.byStatus, String(status));
        if (userId !== undefined) bump(this.byUser, String(userId));
        if (status === 429) this.rateLimited++;
        if (status === 401) this.unauthorized++;
        if (fault) this.faultsInjected++;
    }

    snapshot(): ReplyApiStats {
        return {
            since: new Date(this.since).toISOString(),
            total: this.total,
            byEndpoint: Object.fromEntries(this.byEndpoint),
            byStatus: Object.fromEntries(this.byStatus),
            byUser: Object.fromEntries(this.byUser),
            rateLimited: this.rateLimited,
            unauthorized: this.unauthorized,
            faultsInjected: this.faultsInjected
        };
    }

    reset(): void {
        this.since = this.now();
        this.total = this.rateLimited = this.unauthorized = this.faultsInjected = 0;
        this.byEndpoint = new Map();
        this.byStatus = new Map();
        this.byUser = new Map();
    }
}

function bump(map: Map<string, number>, key: string): void {
    map.set(key, (map.get(key) ?? 0) + 1);
}
