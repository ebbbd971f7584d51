/**
 * Fault injection for the API: added latency, a share of 503s, UNABLE_TO_LOCK_ROW on a share of record writes,
 * and connections dropped mid-response. Rates draw from a seeded generator so a test run is reproducible.
 */

export interface Faults {
    /** Added to every API response, in milliseconds. */
    latencyMs: number;
    /** Share (0..1) of API requests answered 503 SERVER_UNAVAILABLE. */
    serviceUnavailableRate: number;
    /** Share (0..1) of record writes failing with UNABLE_TO_LOCK_ROW (per item in collections). */
    lockRowRate: number;
    /** The next N API requests are processed, then the connection is cut (see dropStage). */
    dropConnections: number;
    /**
     * Where the cut happens: `mid-body` sends the status, headers and half the body first (jsforce 3.10.16 never
     * settles such a call: see README); `before-headers` closes the socket before any byte of the response.
     */
    dropStage: 'mid-body' | 'before-headers';
    /** Seed of the generator behind the rates. */
    seed: number;
}

export const NO_FAULTS: Faults = {
    latencyMs: 0,
    serviceUnavailableRate: 0,
    lockRowRate: 0,
    dropConnections: 0,
    dropStage: 'mid-body',
    seed: 1
};

/** mulberry32: a small, fast, seedable generator. */
function generator(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function rate(value: unknown, name: string): number {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error(`${name} must be between 0 and 1`);
    return n;
}

function count(value: unknown, name: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number >= 0`);
    return n;
}

export class FaultInjector {
    private current: Faults = { ...NO_FAULTS };
    private random = generator(NO_FAULTS.seed);

    get faults(): Faults {
        return { ...this.current };
    }

    set(partial: Partial<Faults>): void {
        const next = { ...this.current };
        if (partial.latencyMs !== undefined) next.latencyMs = count(partial.latencyMs, 'latencyMs');
        if (partial.serviceUnavailableRate !== undefined) {
            next.serviceUnavailableRate = rate(partial.serviceUnavailableRate, 'serviceUnavailableRate');
        }
        if (partial.lockRowRate !== undefined) next.lockRowRate = rate(partial.lockRowRate, 'lockRowRate');
        if (partial.dropConnections !== undefined)
            next.dropConnections = count(partial.dropConnections, 'dropConnections');
        if (partial.dropStage !== undefined) {
            if (partial.dropStage !== 'mid-body' && partial.dropStage !== 'before-headers') {
                throw new Error('dropStage must be mid-body or before-headers');
            }
            next.dropStage = partial.dropStage;
        }
        if (partial.seed !== undefined) {
            next.seed = count(partial.seed, 'seed');
            this.random = generator(next.seed);
        }
        this.current = next;
    }

    clear(): void {
        this.current = { ...NO_FAULTS };
        this.random = generator(NO_FAULTS.seed);
    }

    serviceUnavailable(): boolean {
        return this.current.serviceUnavailableRate > 0 && this.random() < this.current.serviceUnavailableRate;
    }

    lockRow(): boolean {
        return this.current.lockRowRate > 0 && this.random() < this.current.lockRowRate;
    }

    /** Whether this request's connection is to be dropped (consumes one of the N). */
    takeDrop(): boolean {
        if (this.current.dropConnections <= 0) return false;
        this.current.dropConnections--;
        return true;
    }
}
