import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { catalogSchema, type Catalog, type StepKind } from './schema.ts';

export const DEFAULT_CATALOG_PATH = fileURLToPath(new URL('../../../config/catalog.json', import.meta.url));

/** Reads, parses and validates the catalog; throws ConfigError naming the file, the entry and the problem. */
export function loadCatalog(path: string = DEFAULT_CATALOG_PATH): Catalog {
    let raw: unknown;
    try {
        raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
        throw new ConfigError(
            'CATALOG_UNREADABLE',
            `${path}: cannot read the step catalog: ${(error as Error).message}`,
            {
                cause: error
            }
        );
    }
    return parseCatalog(raw, path);
}

export function parseCatalog(raw: unknown, source = 'catalog'): Catalog {
    const parsed = catalogSchema.safeParse(raw);
    if (!parsed.success) {
        throw new ConfigError('CATALOG_INVALID', `${source}: ${describeIssues(raw, parsed.error.issues)}`);
    }
    const problems = crossCheck(parsed.data);
    if (problems.length > 0) {
        throw new ConfigError('CATALOG_INVALID', `${source}: ${problems.join('; ')}`);
    }
    return parsed.data;
}

/** Names each issue by path, and by the step kind's key where the path runs through stepKinds[i]. */
function describeIssues(raw: unknown, issues: z.core.$ZodIssue[]): string {
    return issues
        .map((issue) => {
            const path = issue.path
                .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
                .join('');
            const kindKey = kindKeyAt(raw, issue.path);
            return `${path.replace(/^\./, '') || '(root)'}${kindKey ? ` (${kindKey})` : ''}: ${issue.message}`;
        })
        .join('; ');
}

function kindKeyAt(raw: unknown, path: PropertyKey[]): string | undefined {
    if (path[0] !== 'stepKinds' || typeof path[1] !== 'number') return undefined;
    const kinds = (raw as { stepKinds?: unknown[] }).stepKinds;
    const key = (kinds?.[path[1]] as { key?: unknown } | undefined)?.key;
    return typeof key === 'string' ? key : undefined;
}

/** Rules that span entries: unique keys, mirrors that point back, mappings that name known Reply fields. */
function crossCheck(catalog: Catalog): string[] {
    const problems: string[] = [];
    const byKey = new Map<string, StepKind>();
    const replyFields = new Set(catalog.replyFields.map((field) => field.name));
    for (const kind of catalog.stepKinds) {
        const at = `stepKinds (${kind.key})`;
        if (byKey.has(kind.key)) problems.push(`${at}: duplicate key`);
        byKey.set(kind.key, kind);
        if (kind.source.system === kind.target.system)
            problems.push(`${at}: source and target must be different systems`);
        if (kind.family === 'people' && !kind.mirrorKind) problems.push(`${at}: people kinds need a mirrorKind`);
        if (kind.family !== 'people' && kind.mirrorKind) problems.push(`${at}: only people kinds have a mirrorKind`);
        if (kind.family !== 'people' && !kind.replySource) problems.push(`${at}: needs a replySource`);
        if (kind.family === 'activity' && !kind.taskSubtype) problems.push(`${at}: activity kinds need a taskSubtype`);
        if (kind.family === 'status' && !kind.defaultValueMappings)
            problems.push(`${at}: status kinds need defaultValueMappings`);
        if (kind.settings.includes('valueMappings') !== (kind.family === 'status')) {
            problems.push(`${at}: valueMappings apply to status kinds only, and to all of them`);
        }
        if (kind.settings.includes('sequenceMappings') && kind.target.system !== 'reply') {
            problems.push(`${at}: sequenceMappings apply only to steps that write People in Reply`);
        }
        for (const mapping of [...kind.requiredMappings, ...kind.defaultMappings]) {
            if (!replyFields.has(mapping.replyField)) {
                problems.push(`${at}: mapping to unknown Reply field "${mapping.replyField}"`);
            }
        }
        for (const required of kind.requiredMappings) {
            const preset = kind.defaultMappings.some(
                (m) => m.salesforceField === required.salesforceField && m.replyField === required.replyField
            );
            if (!preset)
                problems.push(`${at}: required mapping ${required.salesforceField} is missing from defaultMappings`);
        }
    }
    for (const kind of catalog.stepKinds) {
        if (!kind.mirrorKind) continue;
        const mirror = byKey.get(kind.mirrorKind);
        if (!mirror) problems.push(`stepKinds (${kind.key}): mirrorKind "${kind.mirrorKind}" is not a step kind`);
        else if (mirror.mirrorKind !== kind.key) {
            problems.push(`stepKinds (${kind.key}): its mirror "${mirror.key}" does not point back`);
        }
    }
    return problems;
}

export function stepKind(catalog: Catalog, key: string): StepKind | undefined {
    return catalog.stepKinds.find((kind) => kind.key === key);
}
