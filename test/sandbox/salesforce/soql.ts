/**
 * SOQL to an executable query: parsed by soql-parser-js, then resolved against the schema (fields, relationship
 * paths, literal types) with Salesforce's error codes and messages, and compiled to predicates and sort keys.
 *
 * soql-parser-js returns WHERE as a right-leaning chain with parenthesis counts; we rebuild the tree ourselves,
 * which is also where Salesforce's rules bite: AND and OR may not be mixed without parentheses, and NOT only opens
 * an expression.
 */
import soqlParser from 'soql-parser-js';
import type {
    Condition,
    FieldType as SoqlField,
    LiteralType,
    OrderByClause,
    Query,
    ValueQueryCondition,
    WhereClause
} from 'soql-parser-js';
import { ApiError, invalidType } from './errors.ts';
import { normalizeId } from './ids.ts';
import { field } from './schema.ts';
import type { FieldDef, ObjectDef, Rec, Schema, Value } from './schema.ts';
import { addDays, addMonths, dateInZone, parseDateTime, startOfDayInZone } from './time.ts';

export interface SoqlEnv {
    schema: Schema;
    timeZone: string;
    now: number;
    find(id: string): { def: ObjectDef; rec: Rec } | undefined;
    /** Runs a semi-join subquery and returns the values of its single selected field. */
    semiJoin(query: Query, soql: string): Set<string>;
}

/** A field reached from the queried object, possibly through parent relationships. */
export interface FieldPath {
    /** Lookup fields walked, in order (OwnerId for Owner.Name). */
    steps: FieldDef[];
    leaf: FieldDef;
    /** The path after the last polymorphic hop reads the Name pseudo-object. */
    polymorphic: boolean;
}

export interface SelectField {
    kind: 'field';
    path: FieldPath;
}

export interface SelectAggregate {
    kind: 'aggregate';
    fn: 'COUNT' | 'COUNT_DISTINCT' | 'MIN' | 'MAX' | 'SUM' | 'AVG';
    path: FieldPath | undefined;
    alias: string;
}

export interface OrderSpec {
    path: FieldPath;
    descending: boolean;
    nullsFirst: boolean;
}

export type Predicate = (rec: Rec) => boolean;

/** An equality or range on an indexed field of the queried object, usable to narrow the scan. */
export type IndexHint =
    | { kind: 'equals'; field: FieldDef; values: Value[] }
    | { kind: 'modstamp'; from: number | undefined; inclusive: boolean };

export interface CompiledQuery {
    object: ObjectDef;
    fields: SelectField[];
    aggregates: SelectAggregate[];
    countOnly: boolean;
    where: Predicate | undefined;
    hints: IndexHint[];
    orderBy: OrderSpec[];
    limit: number | undefined;
    offset: number;
}

/** The fields a polymorphic relationship (Who, What, Owner, LinkedEntity) exposes. */
const NAME_OBJECT_FIELDS: FieldDef[] = [
    field({ name: 'Id', type: 'id', label: 'Id' }),
    field({ name: 'Name', type: 'string', label: 'Name' }),
    field({ name: 'Type', type: 'picklist', label: 'Type' }),
    field({ name: 'Email', type: 'email', label: 'Email' }),
    field({ name: 'FirstName', type: 'string', label: 'First Name' }),
    field({ name: 'LastName', type: 'string', label: 'Last Name' }),
    field({ name: 'Phone', type: 'phone', label: 'Phone' }),
    field({ name: 'Title', type: 'string', label: 'Title' }),
    field({ name: 'Alias', type: 'string', label: 'Alias' }),
    field({ name: 'Username', type: 'string', label: 'Username' }),
    field({ name: 'IsActive', type: 'boolean', label: 'Active' })
];
const NAME_OBJECT = new Map(NAME_OBJECT_FIELDS.map((f) => [f.name.toLowerCase(), f]));

const STRING_TYPES = new Set(['string', 'textarea', 'email', 'url', 'phone', 'picklist', 'combobox', 'multipicklist']);
const ID_TYPES = new Set(['id', 'reference']);
const NUMBER_TYPES = new Set(['int', 'double', 'currency', 'percent']);

// ---------------------------------------------------------------- errors with Salesforce's message layout

/** Salesforce echoes the query line with a caret under the position, then the row/column and the reason. */
function errorAt(code: string, soql: string, needle: string | undefined, reason: string): ApiError {
    let index = 0;
    if (needle) {
        const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const match = new RegExp(`(^|[^A-Za-z0-9_.])(${escaped})(?![A-Za-z0-9_])`, 'i').exec(soql);
        if (match) index = match.index + (match[1] as string).length;
    }
    const before = soql.slice(0, index);
    const row = before.split('\n').length;
    const lineStart = before.lastIndexOf('\n') + 1;
    const column = index - lineStart + 1;
    const lineEnd = soql.indexOf('\n', index);
    const line = soql.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
    const message = `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${reason}`;
    return new ApiError(400, code, message);
}

function malformed(soql: string, token: string | undefined, reason?: string): ApiError {
    return errorAt('MALFORMED_QUERY', soql, token, reason ?? `unexpected token: '${token ?? ''}'`);
}

function unsupported(soql: string, what: string): ApiError {
    return new ApiError(400, 'MALFORMED_QUERY', `${what} is not supported by the Reply Sync sandbox org: ${soql}`);
}

/** The offending token named in a soql-parser-js (chevrotain) error message. */
function tokenFromParseError(message: string): string | undefined {
    const found = /but found:? ?(?:-->)? ?'([^']*)'/.exec(message);
    return found?.[1] || undefined;
}

// ---------------------------------------------------------------- field resolution

export function resolvePath(env: SoqlEnv, def: ObjectDef, dotted: string, soql: string): FieldPath {
    const parts = dotted.split('.');
    const leafName = parts.pop() as string;
    const steps: FieldDef[] = [];
    let current: ObjectDef | undefined = def;
    let polymorphic = false;
    for (const rel of parts) {
        const lookup: FieldDef | undefined =
            current && !polymorphic ? env.schema.relationship(current, rel) : undefined;
        if (!lookup) {
            throw errorAt(
                'INVALID_FIELD',
                soql,
                dotted,
                `Didn't understand relationship '${rel}' in field path. If you are attempting to use a custom ` +
                    "relationship, be sure to append the '__r' after the custom relationship name. Please reference " +
                    'your WSDL or the describe call for the appropriate names.'
            );
        }
        steps.push(lookup);
        if (lookup.referenceTo.length > 1) polymorphic = true;
        else current = env.schema.get(lookup.referenceTo[0] as string);
    }
    const leaf = polymorphic ? NAME_OBJECT.get(leafName.toLowerCase()) : current?.byName.get(leafName.toLowerCase());
    if (!leaf) {
        const entity = polymorphic ? 'Name' : (current?.name ?? def.name);
        throw errorAt(
            'INVALID_FIELD',
            soql,
            dotted,
            `No such column '${leafName}' on entity '${entity}'. If you are attempting to use a custom field, be ` +
                "sure to append the '__c' after the custom field name. Please reference your WSDL or the describe " +
                'call for the appropriate names.'
        );
    }
    return { steps, leaf, polymorphic };
}

/** The value at a path for one record: walks lookups (null when a parent is missing). */
export function readPath(env: Pick<SoqlEnv, 'find'>, rec: Rec, path: FieldPath): Value {
    let current: Rec | undefined = rec;
    let currentDef: ObjectDef | undefined;
    for (const step of path.steps) {
        const id: Value | undefined = current?.[step.name];
        const found: { def: ObjectDef; rec: Rec } | undefined = typeof id === 'string' ? env.find(id) : undefined;
        if (!found || found.rec.IsDeleted) return null;
        current = found.rec;
        currentDef = found.def;
    }
    if (!current) return null;
    if (path.polymorphic) {
        if (path.leaf.name === 'Type') return currentDef?.name ?? null;
        if (!currentDef?.byName.has(path.leaf.name.toLowerCase())) return null;
    }
    return current[path.leaf.name] ?? (path.leaf.type === 'boolean' ? false : null);
}

// ---------------------------------------------------------------- literals

function unquote(raw: string): string {
    const body = raw.slice(1, -1);
    return body.replace(/\\(.)/g, (_m, c: string) => ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' })[c] ?? c);
}

type Range = { start: string; end: string };

function weekStart(day: string): string {
    const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
    return addDays(day, -dow);
}

function shiftUnit(day: string, unit: string, n: number): string {
    if (unit === 'DAY') return addDays(day, n);
    if (unit === 'WEEK') return addDays(day, 7 * n);
    if (unit === 'MONTH') return addMonths(day, n);
    if (unit === 'QUARTER') return addMonths(day, 3 * n);
    return addMonths(day, 12 * n);
}

function unitStart(day: string, unit: string): string {
    const [y, m] = day.split('-').map(Number) as [number, number];
    if (unit === 'DAY') return day;
    if (unit === 'WEEK') return weekStart(day);
    if (unit === 'MONTH') return `${y}-${String(m).padStart(2, '0')}-01`;
    if (unit === 'QUARTER') return `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
    return `${y}-01-01`;
}

/** A date literal (TODAY, LAST_N_DAYS:7, THIS_QUARTER...) as a [start, end) range of local dates. */
export function dateLiteralRange(literal: string, today: string): Range | undefined {
    const [name, nText] = literal.toUpperCase().split(':') as [string, string | undefined];
    const n = nText === undefined ? 1 : Number(nText);
    const fixed: Record<string, Range> = {
        YESTERDAY: { start: addDays(today, -1), end: today },
        TODAY: { start: today, end: addDays(today, 1) },
        TOMORROW: { start: addDays(today, 1), end: addDays(today, 2) },
        LAST_90_DAYS: { start: addDays(today, -90), end: addDays(today, 1) },
        NEXT_90_DAYS: { start: addDays(today, 1), end: addDays(today, 91) }
    };
    if (fixed[name]) return fixed[name];
    const m = /^(THIS|LAST|NEXT|LAST_N|NEXT_N|N)_(?:FISCAL_)?(DAY|WEEK|MONTH|QUARTER|YEAR)S?(_AGO)?$/.exec(name);
    if (!m || !Number.isInteger(n) || n < 0) return undefined;
    const [, which, unit, ago] = m as unknown as [string, string, string, string | undefined];
    const start = unitStart(today, unit);
    if (which === 'N' && ago) return { start: shiftUnit(start, unit, -n), end: shiftUnit(start, unit, -n + 1) };
    if (unit === 'DAY' && which === 'LAST_N') return { start: addDays(today, -n), end: addDays(today, 1) };
    if (unit === 'DAY' && which === 'NEXT_N') return { start: addDays(today, 1), end: addDays(today, 1 + n) };
    switch (which) {
        case 'THIS':
            return { start, end: shiftUnit(start, unit, 1) };
        case 'LAST':
            return { start: shiftUnit(start, unit, -1), end: start };
        case 'NEXT':
            return { start: shiftUnit(start, unit, 1), end: shiftUnit(start, unit, 2) };
        case 'LAST_N':
            return { start: shiftUnit(start, unit, -n), end: start };
        case 'NEXT_N':
            return { start: shiftUnit(start, unit, 1), end: shiftUnit(start, unit, 1 + n) };
        default:
            return undefined;
    }
}

/** A literal converted to the comparable value of the field, or a date range. */
type Operand = { kind: 'value'; value: Value } | { kind: 'range'; start: Value; end: Value };

function typeName(f: FieldDef): string {
    if (f.type === 'datetime') return 'dateTime';
    if (f.type === 'date') return 'date';
    if (f.type === 'boolean') return 'boolean';
    if (f.type === 'int') return 'int';
    if (NUMBER_TYPES.has(f.type)) return 'double';
    return 'string';
}

function literalError(soql: string, fieldText: string, f: FieldDef): ApiError {
    const quoted = typeName(f) === 'string' ? 'should be enclosed in quotes' : 'should not be enclosed in quotes';
    return errorAt(
        'INVALID_FIELD',
        soql,
        fieldText,
        `value of filter criterion for field '${f.name}' must be of type ${typeName(f)} and ${quoted}`
    );
}

function toOperand(
    env: SoqlEnv,
    f: FieldDef,
    raw: string,
    literal: LiteralType,
    soql: string,
    fieldText: string
): Operand {
    if (literal === 'NULL') return { kind: 'value', value: null };
    const isString = STRING_TYPES.has(f.type) || ID_TYPES.has(f.type);
    if (isString) {
        if (literal !== 'STRING') throw literalError(soql, fieldText, f);
        const text = unquote(raw);
        if (ID_TYPES.has(f.type)) {
            const id = normalizeId(text);
            if (!id) throw errorAt('INVALID_QUERY_FILTER_OPERATOR', soql, fieldText, `invalid ID field: ${text}`);
            return { kind: 'value', value: id };
        }
        return { kind: 'value', value: text };
    }
    if (f.type === 'boolean') {
        if (literal !== 'BOOLEAN') throw literalError(soql, fieldText, f);
        return { kind: 'value', value: raw.toUpperCase() === 'TRUE' };
    }
    if (NUMBER_TYPES.has(f.type)) {
        if (literal !== 'INTEGER' && literal !== 'DECIMAL') throw literalError(soql, fieldText, f);
        return { kind: 'value', value: Number(raw) };
    }
    if (f.type === 'date' || f.type === 'datetime') {
        if (literal === 'DATE_LITERAL' || literal === 'DATE_N_LITERAL') {
            const range = dateLiteralRange(raw, dateInZone(env.now, env.timeZone));
            if (!range) throw malformed(soql, raw);
            if (f.type === 'date') return { kind: 'range', start: range.start, end: range.end };
            return {
                kind: 'range',
                start: startOfDayInZone(range.start, env.timeZone),
                end: startOfDayInZone(range.end, env.timeZone)
            };
        }
        if (f.type === 'date' && literal === 'DATE') return { kind: 'value', value: raw };
        if (f.type === 'datetime' && literal === 'DATETIME') {
            const ms = parseDateTime(raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
            if (ms === undefined) throw malformed(soql, raw);
            return { kind: 'value', value: ms };
        }
        throw literalError(soql, fieldText, f);
    }
    throw literalError(soql, fieldText, f);
}

// ---------------------------------------------------------------- comparison

/** Salesforce compares text case-insensitively; ids are compared in their 18-character form. */
export function compareValues(f: FieldDef, a: Value, b: Value): number {
    if (STRING_TYPES.has(f.type)) {
        const x = String(a).toLowerCase();
        const y = String(b).toLowerCase();
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
    const x = String(a);
    const y = String(b);
    return x < y ? -1 : x > y ? 1 : 0;
}

function likeMatcher(pattern: string): RegExp {
    let source = '';
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i] as string;
        if (c === '\\' && i + 1 < pattern.length)
            source += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        else if (c === '%') source += '.*';
        else if (c === '_') source += '.';
        else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
    return new RegExp(`^${source}$`, 'is');
}

function compileComparison(f: FieldDef, operator: string, operands: Operand[], soql: string, fieldText: string) {
    const inRange = (v: Value, op: Operand): boolean =>
        op.kind === 'range'
            ? v !== null && compareValues(f, v, op.start) >= 0 && compareValues(f, v, op.end) < 0
            : op.value === null
              ? v === null
              : v !== null && compareValues(f, v, op.value) === 0;
    const single = operands[0] as Operand;
    switch (operator) {
        case '=':
            return (v: Value) => inRange(v, single);
        case '!=':
            return (v: Value) => !inRange(v, single);
        case 'IN':
            return (v: Value) => operands.some((op) => inRange(v, op));
        case 'NOT IN':
            return (v: Value) => !operands.some((op) => inRange(v, op));
        case '<':
        case '<=':
        case '>':
        case '>=': {
            if (single.kind === 'value' && single.value === null) return () => false;
            const low = single.kind === 'range' ? single.start : single.value;
            const high = single.kind === 'range' ? single.end : single.value;
            if (operator === '<') return (v: Value) => v !== null && compareValues(f, v, low) < 0;
            if (operator === '>=') return (v: Value) => v !== null && compareValues(f, v, low) >= 0;
            if (single.kind === 'range') {
                if (operator === '<=') return (v: Value) => v !== null && compareValues(f, v, high) < 0;
                return (v: Value) => v !== null && compareValues(f, v, high) >= 0;
            }
            if (operator === '<=') return (v: Value) => v !== null && compareValues(f, v, low) <= 0;
            return (v: Value) => v !== null && compareValues(f, v, low) > 0;
        }
        case 'LIKE': {
            if (!STRING_TYPES.has(f.type)) {
                throw errorAt('INVALID_FIELD', soql, fieldText, `invalid operator on ${typeName(f)} field: ${f.name}`);
            }
            const pattern =
                single.kind === 'value' && typeof single.value === 'string' ? likeMatcher(single.value) : undefined;
            return (v: Value) => pattern !== undefined && typeof v === 'string' && pattern.test(v);
        }
        default:
            throw unsupported(soql, `The ${operator} operator`);
    }
}

// ---------------------------------------------------------------- WHERE

type Token =
    | { t: '(' }
    | { t: ')' }
    | { t: 'AND' }
    | { t: 'OR' }
    | { t: 'NOT' }
    | { t: 'cond'; cond: Condition | ValueQueryCondition };

function flattenWhere(where: WhereClause | undefined, out: Token[]): void {
    if (!where) return;
    const left = where.left as (Condition & { openParen?: number; closeParen?: number }) | null;
    const operator = 'operator' in where ? where.operator : undefined;
    if (operator === 'NOT') {
        for (let i = 0; i < (left?.openParen ?? 0); i++) out.push({ t: '(' });
        out.push({ t: 'NOT' });
        flattenWhere((where as { right: WhereClause }).right, out);
        return;
    }
    if (left) {
        for (let i = 0; i < (left.openParen ?? 0); i++) out.push({ t: '(' });
        out.push({ t: 'cond', cond: left });
        for (let i = 0; i < (left.closeParen ?? 0); i++) out.push({ t: ')' });
    }
    if (operator === 'AND' || operator === 'OR') {
        out.push({ t: operator });
        flattenWhere((where as { right: WhereClause }).right, out);
    }
}

type Node =
    | { kind: 'and' | 'or'; children: Node[] }
    | { kind: 'not'; child: Node }
    | { kind: 'cond'; cond: Condition | ValueQueryCondition };

/** Recursive descent over the flat tokens with SOQL's restrictions. */
function buildTree(tokens: Token[], soql: string): Node {
    let pos = 0;
    const peek = (): Token | undefined => tokens[pos];
    const expression = (): Node => {
        let negate = false;
        if (peek()?.t === 'NOT') {
            negate = true;
            pos++;
        }
        const first = term();
        const children: Node[] = [negate ? { kind: 'not', child: first } : first];
        let op: 'AND' | 'OR' | undefined;
        for (let next = peek(); next && (next.t === 'AND' || next.t === 'OR'); next = peek()) {
            if (op && next.t !== op) throw malformed(soql, next.t);
            op = next.t;
            pos++;
            if (peek()?.t === 'NOT') throw malformed(soql, 'NOT');
            children.push(term());
        }
        return op ? { kind: op === 'AND' ? 'and' : 'or', children } : (children[0] as Node);
    };
    const term = (): Node => {
        const token = peek();
        if (token?.t === '(') {
            pos++;
            const inner = expression();
            if (peek()?.t !== ')') throw malformed(soql, peek()?.t ?? ')');
            pos++;
            return inner;
        }
        if (token?.t === 'cond') {
            pos++;
            return { kind: 'cond', cond: token.cond };
        }
        throw malformed(soql, token?.t);
    };
    const tree = expression();
    if (pos !== tokens.length) throw malformed(soql, tokens[pos]?.t);
    return tree;
}

function stripAlias(name: string, alias: string | undefined): string {
    return alias && name.toLowerCase().startsWith(`${alias.toLowerCase()}.`) ? name.slice(alias.length + 1) : name;
}

interface WhereCompile {
    predicate: Predicate;
    /** Top-level AND conjuncts usable as index hints. */
    hints: IndexHint[];
    /** Fields filtered with = or IN at the top level (for ContentDocumentLink's restriction). */
    equalityFields: Set<string>;
}

function compileWhere(env: SoqlEnv, def: ObjectDef, query: Query, soql: string): WhereCompile | undefined {
    if (!query.where) return undefined;
    const tokens: Token[] = [];
    flattenWhere(query.where, tokens);
    const tree = buildTree(tokens, soql);
    const hints: IndexHint[] = [];
    const equalityFields = new Set<string>();

    const compileCond = (cond: Condition | ValueQueryCondition, topLevel: boolean): Predicate => {
        if ('fn' in cond) throw unsupported(soql, 'A function in WHERE');
        if (!('field' in cond)) throw malformed(soql, '(');
        const fieldText = stripAlias(cond.field, query.sObjectAlias);
        const path = resolvePath(env, def, fieldText, soql);
        const f = path.leaf;
        if (!f.filterable) {
            throw errorAt('INVALID_FIELD', soql, fieldText, `field '${f.name}' can not be filtered in a query call`);
        }
        let operands: Operand[];
        if ('valueQuery' in cond && cond.valueQuery) {
            const values = env.semiJoin(cond.valueQuery, soql);
            operands = [...values].map((value) => ({ kind: 'value', value }));
        } else {
            const c = cond as { value: string | string[]; literalType?: LiteralType | LiteralType[] };
            const raws = Array.isArray(c.value) ? c.value : [c.value];
            const literals: LiteralType[] = Array.isArray(c.literalType)
                ? c.literalType
                : raws.map(() => (c.literalType as LiteralType | undefined) ?? 'STRING');
            operands = raws.map((raw, i) => toOperand(env, f, raw, literals[i] ?? 'STRING', soql, fieldText));
        }
        const test = compileComparison(f, cond.operator, operands, soql, fieldText);
        if (topLevel && path.steps.length === 0) {
            const values = operands.flatMap((op) => (op.kind === 'value' ? [op.value] : []));
            const allValues = values.length === operands.length && values.every((v) => v !== null);
            if ((cond.operator === '=' || cond.operator === 'IN') && allValues) {
                equalityFields.add(f.name);
                hints.push({ kind: 'equals', field: f, values });
            }
            const single = operands[0];
            if (f.name === 'SystemModstamp' && single?.kind === 'value' && typeof single.value === 'number') {
                if (cond.operator === '>' || cond.operator === '>=') {
                    hints.push({ kind: 'modstamp', from: single.value, inclusive: cond.operator === '>=' });
                }
            }
        }
        if (path.steps.length === 0) {
            const name = f.name;
            const isBool = f.type === 'boolean';
            return (rec) => test(rec[name] ?? (isBool ? false : null));
        }
        return (rec) => test(readPath(env, rec, path));
    };

    const compileNode = (node: Node, topLevel: boolean): Predicate => {
        switch (node.kind) {
            case 'cond':
                return compileCond(node.cond, topLevel);
            case 'not': {
                const inner = compileNode(node.child, false);
                return (rec) => !inner(rec);
            }
            case 'and': {
                const parts = node.children.map((child) => compileNode(child, topLevel));
                return (rec) => parts.every((p) => p(rec));
            }
            case 'or': {
                const parts = node.children.map((child) => compileNode(child, false));
                return (rec) => parts.some((p) => p(rec));
            }
        }
    };
    return { predicate: compileNode(tree, true), hints, equalityFields };
}

// ---------------------------------------------------------------- SELECT, ORDER BY, whole query

const AGGREGATES = new Set(['COUNT', 'COUNT_DISTINCT', 'MIN', 'MAX', 'SUM', 'AVG']);

function expandFieldsFunction(def: ObjectDef, which: string): string[] {
    const kind = which.toUpperCase();
    return def.fields
        .filter((f) => (kind === 'CUSTOM' ? f.custom : kind === 'STANDARD' ? !f.custom : true))
        .map((f) => f.name);
}

export function parseSoql(soql: string): Query {
    try {
        return soqlParser.parseQuery(soql);
    } catch (error) {
        const message = (error as Error).message;
        const token = tokenFromParseError(message);
        throw malformed(soql, token, token === undefined ? 'unexpected end of query' : undefined);
    }
}

export function compileQuery(env: SoqlEnv, soql: string, parsed: Query = parseSoql(soql)): CompiledQuery {
    if (parsed.groupBy || parsed.having) throw unsupported(soql, 'GROUP BY');
    if (parsed.withDataCategory) throw unsupported(soql, 'WITH DATA CATEGORY');
    if (!parsed.sObject) throw malformed(soql, 'FROM');
    const def = env.schema.get(parsed.sObject);
    if (!def) throw invalidType(parsed.sObject);
    if (!def.queryable) {
        throw new ApiError(400, 'INVALID_TYPE_FOR_OPERATION', `entity type ${def.name} does not support query`);
    }
    const alias = parsed.sObjectAlias;
    const fields: SelectField[] = [];
    const aggregates: SelectAggregate[] = [];
    let countOnly = false;
    const seen = new Set<string>();
    const addField = (dotted: string): void => {
        const path = resolvePath(env, def, stripAlias(dotted, alias), soql);
        const key = [...path.steps.map((s) => s.relationshipName), path.leaf.name].join('.').toLowerCase();
        if (seen.has(key)) {
            throw errorAt('MALFORMED_QUERY', soql, dotted, `duplicate field selected: ${dotted}`);
        }
        seen.add(key);
        fields.push({ kind: 'field', path });
    };
    const prefixOf = (item: object): string | undefined =>
        'objectPrefix' in item && typeof item.objectPrefix === 'string' ? item.objectPrefix : undefined;
    for (const item of (parsed.fields ?? []) as SoqlField[]) {
        switch (item.type) {
            case 'Field':
                addField(prefixOf(item) ? `${prefixOf(item)}.${item.field}` : item.field);
                break;
            case 'FieldRelationship':
                addField([prefixOf(item), ...item.relationships, item.field].filter(Boolean).join('.'));
                break;
            case 'FieldFunctionExpression': {
                const fn = item.functionName.toUpperCase();
                if (fn === 'FIELDS') {
                    const which = String(item.parameters[0] ?? '');
                    if (which.toUpperCase() !== 'STANDARD' && (parsed.limit === undefined || parsed.limit > 200)) {
                        throw malformed(soql, 'FIELDS', 'The SOQL FIELDS function must have a LIMIT of at most 200');
                    }
                    for (const name of expandFieldsFunction(def, which))
                        if (!seen.has(name.toLowerCase())) addField(name);
                    break;
                }
                if (!AGGREGATES.has(fn)) throw unsupported(soql, `The ${fn} function`);
                const param = item.parameters[0];
                if (fn === 'COUNT' && param === undefined) {
                    countOnly = true;
                    break;
                }
                if (typeof param !== 'string') throw malformed(soql, fn);
                const path = resolvePath(env, def, stripAlias(param, alias), soql);
                aggregates.push({
                    kind: 'aggregate',
                    fn: fn as SelectAggregate['fn'],
                    path,
                    alias: item.alias ?? `expr${aggregates.length}`
                });
                break;
            }
            case 'FieldSubquery':
                throw unsupported(soql, 'A child relationship subquery');
            default:
                throw unsupported(soql, 'TYPEOF');
        }
    }
    if (countOnly && (fields.length > 0 || aggregates.length > 0)) throw malformed(soql, 'COUNT');
    if (aggregates.length > 0 && fields.length > 0) {
        const first = fields[0] as SelectField;
        throw errorAt(
            'MALFORMED_QUERY',
            soql,
            first.path.leaf.name,
            `Field must be grouped or aggregated: ${first.path.leaf.name}`
        );
    }
    const where = compileWhere(env, def, parsed, soql);
    if (def.name === 'ContentDocumentLink') {
        const ok = ['ContentDocumentId', 'LinkedEntityId', 'Id'].some((name) => where?.equalityFields.has(name));
        if (!ok) {
            throw new ApiError(
                400,
                'MALFORMED_QUERY',
                'Implementation restriction: ContentDocumentLink requires a filter by a single Id on ContentDocumentId ' +
                    "or LinkedEntityId using the equals operator or multiple Id's using the IN operator."
            );
        }
    }
    const orderClauses = (
        parsed.orderBy === undefined ? [] : Array.isArray(parsed.orderBy) ? parsed.orderBy : [parsed.orderBy]
    ) as OrderByClause[];
    const orderBy = orderClauses.map((clause): OrderSpec => {
        if (!('field' in clause)) throw unsupported(soql, 'ORDER BY a function');
        const path = resolvePath(env, def, stripAlias(clause.field, alias), soql);
        if (!path.leaf.sortable) {
            throw errorAt(
                'INVALID_FIELD',
                soql,
                clause.field,
                `field '${path.leaf.name}' can not be sorted in a query call`
            );
        }
        const descending = clause.order === 'DESC';
        // Salesforce puts nulls first by default; DESC reverses that unless NULLS is given.
        const nullsFirst = clause.nulls ? clause.nulls === 'FIRST' : !descending;
        return { path, descending, nullsFirst };
    });
    if (parsed.offset !== undefined && parsed.offset > 2000) {
        throw new ApiError(400, 'NUMBER_OUTSIDE_VALID_RANGE', 'Maximum SOQL offset allowed is 2000');
    }
    return {
        object: def,
        fields,
        aggregates,
        countOnly,
        where: where?.predicate,
        hints: where?.hints ?? [],
        orderBy,
        limit: parsed.limit,
        offset: parsed.offset ?? 0
    };
}

/** Sort comparator for ORDER BY. */
export function orderComparator(env: Pick<SoqlEnv, 'find'>, specs: OrderSpec[]): (a: Rec, b: Rec) => number {
    return (a, b) => {
        for (const spec of specs) {
            const x = readPath(env, a, spec.path);
            const y = readPath(env, b, spec.path);
            if (x === null && y === null) continue;
            if (x === null) return spec.nullsFirst ? -1 : 1;
            if (y === null) return spec.nullsFirst ? 1 : -1;
            const c = compareValues(spec.path.leaf, x, y);
            if (c !== 0) return spec.descending ? -c : c;
        }
        return 0;
    };
}

/** Whether results in SystemModstamp order already satisfy the ORDER BY (so a scan can stop at LIMIT). */
export function orderedByModstamp(specs: OrderSpec[]): boolean {
    if (specs.length === 0) return false;
    const [first, second] = specs;
    const plain = (s: OrderSpec | undefined, name: string): boolean =>
        s !== undefined && s.path.steps.length === 0 && s.path.leaf.name === name && !s.descending;
    return plain(first, 'SystemModstamp') && (specs.length === 1 || (specs.length === 2 && plain(second, 'Id')));
}
