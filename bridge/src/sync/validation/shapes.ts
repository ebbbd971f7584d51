import type { z } from 'zod';
import { SECTION_FIELDS, SETTINGS_FIELDS, SETTINGS_VERSION } from '../step-settings.ts';
import { listed, problem, PROBLEM_TEXTS, type ProblemCode, type ProblemField, type StepProblem } from './problems.ts';

type Section = keyof typeof SECTION_FIELDS;

/**
 * Reads one settings field of a step record against its versioned schema (step-settings.ts): the parsed value, or
 * every way it is wrong, each placed at its row and column. A blank field reads as undefined (the kind's default).
 */
export function readSettingsField<S extends Section>(
    section: S,
    raw: string | null | undefined,
    problems: StepProblem[]
): z.infer<(typeof SETTINGS_FIELDS)[(typeof SECTION_FIELDS)[S]]> | undefined {
    if (raw === null || raw === undefined || raw.trim() === '') return undefined;
    let json: unknown;
    try {
        json = JSON.parse(raw);
    } catch (error) {
        problems.push(problem('SETTINGS_NOT_JSON', { section }, { reason: (error as Error).message }));
        return undefined;
    }
    const schema = SETTINGS_FIELDS[SECTION_FIELDS[section]];
    const parsed = schema.safeParse(json, { reportInput: true });
    if (parsed.success) return parsed.data as z.infer<(typeof SETTINGS_FIELDS)[(typeof SECTION_FIELDS)[S]]>;
    problems.push(...parsed.error.issues.map((issue) => shapeProblem(section, issue)));
    return undefined;
}

/** Where in the section a JSON path points: mappings[i].key and filter.conditions[i].key are rows. */
function placeOf(section: Section, path: readonly PropertyKey[]): ProblemField {
    const parts = path[0] === 'filter' ? path.slice(1) : path;
    const rowAt = parts[0] === 'mappings' || parts[0] === 'conditions' ? 1 : -1;
    if (rowAt > 0 && typeof parts[rowAt] === 'number') {
        const column = parts[rowAt + 1];
        return { section, row: parts[rowAt] as number, ...(column === undefined ? {} : { column: String(column) }) };
    }
    return parts.length > 0 ? { section, column: String(parts[0]) } : { section };
}

const ID_COLUMNS = new Set(['replyUserId', 'sequenceId', 'startStepId', 'listId']);

/** A schema issue as a problem code: what is missing or wrong, in terms the console can translate. */
function shapeProblem(section: Section, issue: z.core.$ZodIssue): StepProblem {
    const field = placeOf(section, issue.path);
    const input = (issue as { input?: unknown }).input;
    const missing = input === undefined || input === null || (typeof input === 'string' && input.trim() === '');
    const at = (code: ProblemCode, params = {}) => problem(code, field, params);
    if (field.column === 'version' && issue.path.length === 1)
        return at('SETTINGS_VERSION', { version: SETTINGS_VERSION });
    switch (issue.code) {
        case 'unrecognized_keys':
            return at('SETTINGS_UNKNOWN_KEYS', { keys: listed(issue.keys) });
        case 'invalid_type':
            if (missing) return at('VALUE_MISSING');
            if (field.column && ID_COLUMNS.has(field.column)) return at('ID_INVALID');
            return at('VALUE_WRONG_TYPE', { expected: issue.expected });
        case 'too_small':
            if (issue.origin === 'array') return at('CONDITIONS_EMPTY');
            if (issue.origin === 'number') return at('ID_INVALID');
            return at('VALUE_MISSING');
        case 'invalid_format':
            if (missing) return at('VALUE_MISSING');
            return issue.message in PROBLEM_TEXTS
                ? at(issue.message as ProblemCode)
                : at('SETTINGS_INVALID', { reason: issue.message });
        case 'invalid_value':
            return at('VALUE_NOT_ALLOWED', { allowed: listed(issue.values.map(String)) });
        case 'invalid_union': {
            const options = (issue as { options?: unknown[] }).options;
            if (!options) return at('SETTINGS_INVALID', { reason: issue.message });
            const type = (input as { type?: unknown } | undefined)?.type;
            return type === undefined
                ? at('VALUE_MISSING')
                : at('VALUE_NOT_ALLOWED', { allowed: listed(options.map(String)) });
        }
        default:
            return at('SETTINGS_INVALID', { reason: issue.message });
    }
}
