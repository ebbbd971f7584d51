/**
 * The latency model both sandboxes share: a profile gives each endpoint family a wait per call and a wait per record
 * the call carries, and the HTTP layer sleeps that long before it answers. Each sandbox names its families and its
 * realistic figures (salesforce/latency.ts, reply/latency.ts, where the figures are sourced); this module only
 * validates profiles, reads them from the environment and computes the waits. A profile of zeros (the default) adds
 * nothing, so tests stay fast; `npm run bench` turns the realistic one on.
 */

/** The wait for one call of a family: `perCallMs + perRecordMs × records`. */
export interface FamilyLatency {
    perCallMs: number;
    perRecordMs: number;
}

export type LatencyProfile<F extends string> = Record<F, FamilyLatency>;

/** One call as the latency model saw it: its family, the records it carried, when its wait began (epoch ms), how long. */
export interface LatencyTraceEntry<F extends string = string> {
    family: F;
    records: number;
    at: number;
    ms: number;
}

/** What a profile may be given as: 'off', 'realistic', or per-family figures (missing families keep theirs). */
export type LatencySetting<F extends string> = 'off' | 'realistic' | Partial<Record<F, Partial<FamilyLatency>>>;

const MAX_PER_CALL_MS = 120_000;
const MAX_PER_RECORD_MS = 1_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function figure(value: unknown, name: string, max: number): number {
    const n = Number(value);
    if (typeof value === 'boolean' || !Number.isFinite(n) || n < 0 || n > max) {
        throw new Error(`${name} must be a number of milliseconds between 0 and ${max}`);
    }
    return n;
}

export class LatencyModel<F extends string> {
    private profile: LatencyProfile<F>;

    /**
     * @param families every family the sandbox distinguishes, in documentation order
     * @param realistic the figures `'realistic'` stands for
     */
    constructor(
        readonly families: readonly F[],
        readonly realistic: LatencyProfile<F>,
        setting: LatencySetting<F> = 'off'
    ) {
        this.profile = this.zero();
        this.set(setting);
    }

    private zero(): LatencyProfile<F> {
        return Object.fromEntries(this.families.map((f) => [f, { perCallMs: 0, perRecordMs: 0 }])) as LatencyProfile<F>;
    }

    /** The current profile (a copy). */
    get current(): LatencyProfile<F> {
        return Object.fromEntries(this.families.map((f) => [f, { ...this.profile[f] }])) as LatencyProfile<F>;
    }

    /** Replaces the profile ('off', 'realistic') or changes some families' figures; throws naming a bad value. */
    set(setting: LatencySetting<F>): LatencyProfile<F> {
        if (setting === 'off') this.profile = this.zero();
        else if (setting === 'realistic') this.profile = structuredClone(this.realistic);
        else {
            if (typeof setting !== 'object' || setting === null || Array.isArray(setting)) {
                throw new Error(`a latency profile is 'off', 'realistic' or {family: {perCallMs, perRecordMs}}`);
            }
            const next = this.current;
            for (const [family, value] of Object.entries(setting) as [string, Partial<FamilyLatency>][]) {
                if (!this.families.includes(family as F)) {
                    throw new Error(`unknown latency family '${family}': use ${this.families.join(', ')}`);
                }
                if (typeof value !== 'object' || value === null) {
                    throw new Error(`latency.${family} must be {perCallMs?, perRecordMs?}`);
                }
                const target = next[family as F];
                for (const key of Object.keys(value)) {
                    if (key !== 'perCallMs' && key !== 'perRecordMs') {
                        throw new Error(`latency.${family}.${key} is not a latency figure: use perCallMs, perRecordMs`);
                    }
                }
                if (value.perCallMs !== undefined)
                    target.perCallMs = figure(value.perCallMs, `latency.${family}.perCallMs`, MAX_PER_CALL_MS);
                if (value.perRecordMs !== undefined)
                    target.perRecordMs = figure(value.perRecordMs, `latency.${family}.perRecordMs`, MAX_PER_RECORD_MS);
            }
            this.profile = next;
        }
        return this.current;
    }

    /** Milliseconds one call of the family carrying `records` records takes under the profile. */
    delayMs(family: F, records: number): number {
        const { perCallMs, perRecordMs } = this.profile[family];
        return perCallMs + perRecordMs * Math.max(0, records);
    }

    /** Sleeps the call's share of the profile (returns at once when it is zero). */
    async wait(family: F, records: number): Promise<void> {
        const ms = this.hold(family, records);
        if (ms > 0) await sleep(ms);
    }

    /** The wait for a call about to be held back (delayMs), noted when tracing. */
    hold(family: F, records: number): number {
        const ms = this.delayMs(family, records);
        this.traced?.push({ family, records, at: Date.now(), ms });
        return ms;
    }

    private traced: LatencyTraceEntry<F>[] | undefined;

    /** Starts noting every call's wait (for the benchmark's timeline); `takeTrace` hands them over and stops. */
    startTrace(): void {
        this.traced = [];
    }

    takeTrace(): LatencyTraceEntry<F>[] {
        const entries = this.traced ?? [];
        this.traced = undefined;
        return entries;
    }
}

/**
 * A setting from an environment variable: unset or empty = undefined, `off`, `realistic`, or a JSON profile such as
 * `{"query":{"perCallMs":150}}`. A value that is none of these throws naming the variable.
 */
export function latencyFromEnv<F extends string>(name: string, env = process.env): LatencySetting<F> | undefined {
    const raw = env[name]?.trim();
    if (!raw) return undefined;
    if (raw === 'off' || raw === 'realistic') return raw;
    try {
        return JSON.parse(raw) as LatencySetting<F>;
    } catch {
        throw new Error(`${name} must be off, realistic or a JSON latency profile, got '${raw}'`);
    }
}
