import type { RequestClass } from './rate-limiter.ts';

/**
 * Reply's allowance per user: 100 requests a minute and 3,000 an hour (docs.reply.io/api-reference/rate-limits), a
 * lower unpublished hourly cap for /v3/reporting/*, and no monthly figure for v3 (v1/v2 documented 15,000 a month
 * per key: REPLY_MONTHLY_CALL_LIMIT sets one when a contract has it).
 */
export interface ReplyAllowance {
    perHour: number;
    reportingPerHour: number;
    monthly: number | null;
    /** Share of each allowance kept for essential calls: optional reads stop once the rest is used. */
    reserveShare: number;
}

/** Where the counts live: the store, shared by every bridge process (absent in `doctor`, which only reads). */
export interface CallCountStore {
    add(hourStart: Date, calls: number, reporting: number): Promise<void>;
    totals(hourStart: Date, monthStart: Date): Promise<{ hour: number; hourReporting: number; month: number }>;
}

export interface ReplyCallUsage {
    hour: { used: number; limit: number; since: string };
    reportingHour: { used: number; limit: number };
    month: { used: number; limit: number | null; since: string };
}

function hourStart(ms: number): Date {
    return new Date(Math.floor(ms / 3600_000) * 3600_000);
}

function monthStart(ms: number): Date {
    const d = new Date(ms);
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}

/**
 * Counts the bridge's own Reply calls by UTC hour and month, and decides whether an optional read (notes, reports,
 * the statuses reconciliation) may still go out: only while essential work keeps its reserve of the hour's and the
 * month's allowance. Calls are counted in memory as they go out and added to the store at `sync()` (after each step
 * and for /v1/status), which also reads what other bridge processes spent.
 */
export class ReplyCallBudget {
    private pending = { calls: 0, reporting: 0 };
    private known = { hourStart: 0, hour: 0, hourReporting: 0, monthStart: 0, month: 0 };

    constructor(
        readonly allowance: ReplyAllowance,
        private readonly store: CallCountStore | undefined,
        private readonly now: () => number = Date.now
    ) {}

    /** One call went out (ReplyHttp tells). */
    record(kind: RequestClass): void {
        this.roll();
        this.pending.calls += 1;
        if (kind === 'reporting') this.pending.reporting += 1;
    }

    /** Adds this process's calls to the store and reads the totals of every process. */
    async sync(): Promise<void> {
        this.roll();
        const { calls, reporting } = this.pending;
        const hour = new Date(this.known.hourStart);
        this.pending = { calls: 0, reporting: 0 };
        if (!this.store) {
            this.known.hour += calls;
            this.known.hourReporting += reporting;
            this.known.month += calls;
            return;
        }
        try {
            await this.store.add(hour, calls, reporting);
        } catch (error) {
            this.pending.calls += calls;
            this.pending.reporting += reporting;
            throw error;
        }
        const totals = await this.store.totals(hour, new Date(this.known.monthStart));
        this.known.hour = totals.hour;
        this.known.hourReporting = totals.hourReporting;
        this.known.month = totals.month;
    }

    usage(): ReplyCallUsage {
        this.roll();
        return {
            hour: {
                used: this.known.hour + this.pending.calls,
                limit: this.allowance.perHour,
                since: new Date(this.known.hourStart).toISOString()
            },
            reportingHour: {
                used: this.known.hourReporting + this.pending.reporting,
                limit: this.allowance.reportingPerHour
            },
            month: {
                used: this.known.month + this.pending.calls,
                limit: this.allowance.monthly,
                since: new Date(this.known.monthStart).toISOString()
            }
        };
    }

    /**
     * May `count` optional calls of this kind go out now? Not when they would eat into the reserve of the hour's
     * allowance, of the reporting hour's (for reports), or of the month's. Pure over the counts.
     */
    allowsOptional(count: number, kind: RequestClass = 'general'): boolean {
        const usage = this.usage();
        const keep = 1 - this.allowance.reserveShare;
        if (usage.hour.used + count > usage.hour.limit * keep) return false;
        if (kind === 'reporting' && usage.reportingHour.used + count > usage.reportingHour.limit * keep) return false;
        return usage.month.limit === null || usage.month.used + count <= usage.month.limit * keep;
    }

    /** How many optional calls fit before the reserve (the smallest room of the allowances that apply). */
    optionalRoom(kind: RequestClass = 'general'): number {
        const usage = this.usage();
        const keep = 1 - this.allowance.reserveShare;
        const rooms = [usage.hour.limit * keep - usage.hour.used];
        if (kind === 'reporting') rooms.push(usage.reportingHour.limit * keep - usage.reportingHour.used);
        if (usage.month.limit !== null) rooms.push(usage.month.limit * keep - usage.month.used);
        return Math.max(0, Math.floor(Math.min(...rooms)));
    }

    /** A new hour (or month) starts from the store's count of it, zero until `sync` reads it. */
    private roll(): void {
        const now = this.now();
        const hour = hourStart(now).getTime();
        if (hour !== this.known.hourStart) {
            const month = monthStart(now).getTime();
            if (month !== this.known.monthStart) this.known.month = 0;
            this.known = { ...this.known, hourStart: hour, hour: 0, hourReporting: 0, monthStart: month };
        }
    }
}
