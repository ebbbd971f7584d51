/**
 * Dates and times as Salesforce writes and reads them: datetimes `2026-11-28T16:05:00.000+0000` (UTC, milliseconds),
 * dates `2026-11-28`, and the org's time zone for "today" (date literals, ConvertedDate).
 */

export function formatDateTime(ms: number): string {
    return new Date(ms).toISOString().replace('Z', '+0000');
}

const DATETIME_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;
const DATE_INPUT = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds for an ISO-8601 datetime as the API accepts it (offset optional, UTC assumed), else undefined. */
export function parseDateTime(text: string): number | undefined {
    const m = DATETIME_INPUT.exec(text);
    if (!m) return undefined;
    const [, y, mo, d, h, mi, s = '0', frac = '0', zone = 'Z'] = m;
    const ms = Math.floor(Number(`0.${frac}`) * 1000);
    let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
    if (!isValidDate(`${y}-${mo}-${d}`) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
    if (zone !== 'Z') {
        const sign = zone.startsWith('-') ? -1 : 1;
        const digits = zone.slice(1).replace(':', '');
        t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    }
    return t;
}

export function isValidDate(text: string): boolean {
    const m = DATE_INPUT.exec(text);
    if (!m) return false;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The calendar date (YYYY-MM-DD) at an instant in a time zone. */
export function dateInZone(ms: number, timeZone: string): string {
    const parts = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit'
    }).format(new Date(ms));
    return parts;
}

/** Offset of the zone from UTC at an instant, in milliseconds. */
function zoneOffset(ms: number, timeZone: string): number {
    const parts = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric'
    }).formatToParts(new Date(ms));
    const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
    const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant a calendar date starts in a time zone. */
export function startOfDayInZone(date: string, timeZone: string): number {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const guess = Date.UTC(y, m - 1, d);
    const first = guess - zoneOffset(guess, timeZone);
    // Re-evaluate at the candidate: the offset may differ across a DST change near midnight.
    return guess - zoneOffset(first, timeZone);
}

export function addDays(date: string, days: number): string {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function addMonths(date: string, months: number): string {
    const [y, m] = date.split('-').map(Number) as [number, number, number];
    return new Date(Date.UTC(y, m - 1 + months, 1)).toISOString().slice(0, 10);
}

export function isValidTimeZone(timeZone: string): boolean {
    try {
        new Intl.DateTimeFormat('en-US', { timeZone });
        return true;
    } catch {
        return false;
    }
}

/**
 * Hands out strictly increasing timestamps: every record write gets its own millisecond, so no two writes ever
 * share a SystemModstamp (see README: real Salesforce can give one stamp to a whole batch).
 */
export class Clock {
    private last = 0;

    next(): number {
        const now = Date.now();
        this.last = now > this.last ? now : this.last + 1;
        return this.last;
    }

    /** Moves the clock past a historical stamp (seeding writes its own stamps). */
    observe(stamp: number): void {
        if (stamp > this.last) this.last = stamp;
    }
}
