/**
 * Request parsing with zod: bodies become typed values or a 400 with one `errors[]` entry per field (JSON pointer);
 * paging and ids follow Reply's conventions (top/skip, 404 for an id that cannot exist).
 */
import { z } from 'zod';
import { parseTime } from './clock.ts';
import { invalidParameter, notFound, validationProblem, type FieldError } from './problems.ts';

export function pointerOf(path: readonly PropertyKey[]): string {
    return path.length === 0
        ? ''
        : '/' + path.map((part) => String(part).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

export function issuesToErrors(issues: readonly z.core.$ZodIssue[], prefix = ''): FieldError[] {
    return issues.map((issue) => ({ pointer: prefix + pointerOf(issue.path), detail: issue.message }));
}

/** Parses a JSON body; a missing body counts as `{}` so optional-only schemas accept an empty POST. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
    const parsed = schema.safeParse(body === undefined ? {} : body);
    if (!parsed.success) throw validationProblem(issuesToErrors(parsed.error.issues));
    return parsed.data;
}

/** ISO-8601 date-time string -> epoch ms (no offset = UTC). */
export const isoDate = z.string().transform((value, ctx) => {
    const ms = parseTime(value);
    if (Number.isNaN(ms)) {
        ctx.addIssue({ code: 'custom', message: `'${value}' is not an ISO-8601 date-time` });
        return z.NEVER;
    }
    return ms;
});

export const positiveId = z.number().int().positive();
export const idList = z.array(positiveId).min(1);

export interface Paging {
    top: number;
    skip: number;
}

/**
 * Reads `top` and `skip` from the query string: integers, top 1..maxTop (default 25), skip >= 0. `cap` answers at most
 * that many items whatever `top` asks (a page cap below `top`, unpublished for most lists): a client must move `skip`
 * on by the items it got, not by the `top` it asked for.
 */
export function readPaging(
    query: Record<string, unknown>,
    defaults: { top?: number; maxTop?: number; cap?: number } = {}
): Paging {
    const maxTop = defaults.maxTop ?? 1000;
    const top = readInt(query, 'top', defaults.top ?? 25);
    const skip = readInt(query, 'skip', 0);
    if (top < 1 || top > maxTop) throw invalidParameter('top', `top must be between 1 and ${maxTop}`);
    if (skip < 0) throw invalidParameter('skip', 'skip must be 0 or more');
    return { top: Math.min(top, defaults.cap ?? top), skip };
}

/** The page cap of the lists whose maximum page size Reply does not publish (ASSUMPTIONS C24). */
export const UNPUBLISHED_PAGE_CAP = 100;

export function readInt(query: Record<string, unknown>, name: string, fallback: number): number {
    const raw = query[name];
    if (raw === undefined || raw === '') return fallback;
    if (typeof raw !== 'string' || !/^-?\d+$/.test(raw)) throw invalidParameter(name, `${name} must be an integer`);
    return Number(raw);
}

export function readOptionalInt(query: Record<string, unknown>, name: string): number | undefined {
    return query[name] === undefined || query[name] === '' ? undefined : readInt(query, name, 0);
}

export function readOptionalString(query: Record<string, unknown>, name: string): string | undefined {
    const raw = query[name];
    if (raw === undefined) return undefined;
    if (typeof raw !== 'string') throw invalidParameter(name, `${name} must be given once`);
    return raw;
}

export function readOptionalBool(query: Record<string, unknown>, name: string): boolean | undefined {
    const raw = readOptionalString(query, name);
    if (raw === undefined || raw === '') return undefined;
    if (!/^(true|false)$/i.test(raw)) throw invalidParameter(name, `${name} must be true or false`);
    return raw.toLowerCase() === 'true';
}

/** A path id: anything but a positive integer cannot name a record, so it is a 404 with the resource's code. */
export function pathId(raw: string | string[] | undefined, code: string, what: string): number {
    const value = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
    if (value <= 0) throw notFound(code, `${what} '${String(raw)}' was not found`);
    return value;
}
