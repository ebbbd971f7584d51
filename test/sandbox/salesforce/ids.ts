/**
 * Salesforce record ids: 3-character key prefix, 2-character pod, 1 reserved character and a 9-character base-62
 * counter make the case-sensitive 15-character id; three checksum characters that encode the case of the first 15
 * make the case-insensitive 18-character form the REST API returns.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const POD = '5g';

/** The 3 checksum characters for a 15-character id: one per 5-character chunk, a bit per upper-case letter. */
export function checksum(id15: string): string {
    let suffix = '';
    for (let chunk = 0; chunk < 3; chunk++) {
        let bits = 0;
        for (let i = 0; i < 5; i++) {
            const c = id15.charCodeAt(chunk * 5 + i);
            if (c >= 65 && c <= 90) bits |= 1 << i;
        }
        suffix += CHECKSUM_ALPHABET[bits];
    }
    return suffix;
}

export function to18(id15: string): string {
    return id15 + checksum(id15);
}

/**
 * The canonical 18-character id for a 15- or 18-character input, or undefined when malformed. An 18-character id
 * is case-insensitive, so its case is repaired from the checksum (as Salesforce does).
 */
export function normalizeId(value: string): string | undefined {
    if (value.length === 15) return /^[a-zA-Z0-9]{15}$/.test(value) ? to18(value) : undefined;
    if (value.length !== 18 || !/^[a-zA-Z0-9]{18}$/.test(value)) return undefined;
    const suffix = value.slice(15).toUpperCase();
    if (!/^[A-Z0-5]{3}$/.test(suffix)) return undefined;
    let id15 = '';
    for (let chunk = 0; chunk < 3; chunk++) {
        const bits = CHECKSUM_ALPHABET.indexOf(suffix[chunk] as string);
        for (let i = 0; i < 5; i++) {
            const c = value[chunk * 5 + i] as string;
            id15 += bits & (1 << i) ? c.toUpperCase() : c.toLowerCase();
        }
    }
    // Digits cannot carry case: a checksum that claims an upper-case digit is not a Salesforce id.
    if (checksum(id15) !== suffix) return undefined;
    return id15 + suffix;
}

export function isIdShaped(value: string): boolean {
    return normalizeId(value) !== undefined;
}

export function keyPrefixOf(id: string): string {
    return id.slice(0, 3);
}

function base62(n: number, width: number): string {
    let out = '';
    let rest = n;
    while (rest > 0) {
        out = BASE62[rest % 62] + out;
        rest = Math.floor(rest / 62);
    }
    return out.padStart(width, '0');
}

/** Hands out ids per key prefix from a counter, so a given sequence of inserts always yields the same ids. */
export class IdGenerator {
    private readonly counters = new Map<string, number>();

    next(prefix: string): string {
        const n = (this.counters.get(prefix) ?? 0) + 1;
        this.counters.set(prefix, n);
        return to18(prefix + POD + '0' + base62(n, 9));
    }

    reset(): void {
        this.counters.clear();
    }
}

/** A fixed id for singletons (the org, query locators' prefix); same shape as generated ones. */
export function fixedId(prefix: string, n: number): string {
    return to18(prefix + POD + '0' + base62(n, 9));
}
