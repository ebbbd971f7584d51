/**
 * A small seeded PRNG (mulberry32). The simulator and fault injection draw from it so the same seed and the same
 * calls give the same workspace, byte for byte.
 */
export class Random {
    private state: number;

    constructor(seed: number) {
        this.state = seed >>> 0 || 0x9e3779b9;
    }

    /** uniform in [0, 1) */
    next(): number {
        this.state = (this.state + 0x6d2b79f5) >>> 0;
        let t = this.state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }

    /** integer in [min, max] */
    int(min: number, max: number): number {
        return min + Math.floor(this.next() * (max - min + 1));
    }

    chance(probability: number): boolean {
        return this.next() < probability;
    }

    pick<T>(items: readonly T[]): T {
        if (items.length === 0) throw new Error('Random.pick: empty list');
        return items[Math.floor(this.next() * items.length)] as T;
    }

    /** picks by weight: `[[value, weight], ...]` */
    weighted<T>(options: readonly (readonly [T, number])[]): T {
        const total = options.reduce((sum, [, weight]) => sum + weight, 0);
        let roll = this.next() * total;
        for (const [value, weight] of options) {
            roll -= weight;
            if (roll < 0) return value;
        }
        const last = options[options.length - 1];
        if (!last) throw new Error('Random.weighted: no options');
        return last[0];
    }
}
