/**
 * API usage: the rolling 24-hour allowance behind `Sforce-Limit-Info` and REQUEST_LIMIT_EXCEEDED, and call
 * statistics by endpoint and object. Everything here is a counter: memory does not grow with the number of calls.
 */

const HOUR_MS = 3_600_000;

/** Calls in the last 24 hours, kept in 24 hourly buckets. */
export class Allowance {
    private readonly buckets = new Array<number>(24).fill(0);
    private bucketHour = Math.floor(Date.now() / HOUR_MS);
    /** Calls added by "exhaust" or set explicitly, on top of the buckets. */
    private offset = 0;

    constructor(public limit: number) {}

    private roll(): void {
        const hour = Math.floor(Date.now() / HOUR_MS);
        const elapsed = Math.min(24, hour - this.bucketHour);
        for (let i = 1; i <= elapsed; i++) this.buckets[(this.bucketHour + i) % 24] = 0;
        if (elapsed > 0) this.bucketHour = hour;
    }

    get used(): number {
        this.roll();
        return this.buckets.reduce((a, b) => a + b, 0) + this.offset;
    }

    get exhausted(): boolean {
        return this.used >= this.limit;
    }

    count(): void {
        this.roll();
        this.buckets[this.bucketHour % 24] = (this.buckets[this.bucketHour % 24] ?? 0) + 1;
    }

    /** Sets the usage to a value (e.g. the limit, to exhaust it). */
    setUsed(used: number): void {
        this.buckets.fill(0);
        this.offset = Math.max(0, used);
    }

    header(): string {
        return `api-usage=${this.used}/${this.limit}`;
    }
}

export interface ApiStats {
    /** Calls that counted against the allowance. */
    total: number;
    byEndpoint: Record<string, number>;
    /** object name -> endpoint -> calls. */
    byObject: Record<string, Record<string, number>>;
    /** Subrequests executed inside Composite calls, by endpoint (they count as one API call). */
    compositeSubrequests: Record<string, number>;
    /** Records saved through the API, by object and operation. */
    records: Record<string, { created: number; updated: number; deleted: number; failed: number }>;
    /** Requests refused before they counted. */
    rejected: { unauthorized: number; limitExceeded: number; serviceUnavailable: number; dropped: number };
    apiUsage: { used: number; limit: number };
}

export type RecordOutcome = 'created' | 'updated' | 'deleted' | 'failed';

export class Stats {
    private total = 0;
    private byEndpoint = new Map<string, number>();
    private byObject = new Map<string, Map<string, number>>();
    private subrequests = new Map<string, number>();
    private records = new Map<string, { created: number; updated: number; deleted: number; failed: number }>();
    private rejected = { unauthorized: 0, limitExceeded: 0, serviceUnavailable: 0, dropped: 0 };

    call(endpoint: string, objectName: string | undefined): void {
        this.total++;
        this.byEndpoint.set(endpoint, (this.byEndpoint.get(endpoint) ?? 0) + 1);
        if (objectName) {
            let perObject = this.byObject.get(objectName);
            if (!perObject) this.byObject.set(objectName, (perObject = new Map()));
            perObject.set(endpoint, (perObject.get(endpoint) ?? 0) + 1);
        }
    }

    subrequest(endpoint: string): void {
        this.subrequests.set(endpoint, (this.subrequests.get(endpoint) ?? 0) + 1);
    }

    record(objectName: string, outcome: RecordOutcome, n = 1): void {
        let counts = this.records.get(objectName);
        if (!counts) this.records.set(objectName, (counts = { created: 0, updated: 0, deleted: 0, failed: 0 }));
        counts[outcome] += n;
    }

    reject(kind: keyof ApiStats['rejected']): void {
        this.rejected[kind]++;
    }

    snapshot(allowance: Allowance): ApiStats {
        return {
            total: this.total,
            byEndpoint: Object.fromEntries(this.byEndpoint),
            byObject: Object.fromEntries([...this.byObject].map(([name, map]) => [name, Object.fromEntries(map)])),
            compositeSubrequests: Object.fromEntries(this.subrequests),
            records: Object.fromEntries([...this.records].map(([name, counts]) => [name, { ...counts }])),
            rejected: { ...this.rejected },
            apiUsage: { used: allowance.used, limit: allowance.limit }
        };
    }

    reset(): void {
        this.total = 0;
        this.byEndpoint = new Map();
        this.byObject = new Map();
        this.subrequests = new Map();
        this.records = new Map();
        this.rejected = { unauthorized: 0, limitExceeded: 0, serviceUnavailable: 0, dropped: 0 };
    }
}
