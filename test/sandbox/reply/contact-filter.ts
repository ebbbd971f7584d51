/**
 * POST /v3/contacts/filter: rules, list/sequence limits, substring search and sorting (ASSUMPTIONS C3, R-rows).
 * The "changed since" form (lastModifiedAt >= x, sorted by lastModifiedAt asc) reads the lastModifiedAt index from
 * its lower bound instead of scanning; everything else is a scan, fine at 100,000 contacts.
 */
import { z } from 'zod';
import { parseTime } from './clock.ts';
import { notFound, validationProblem, type FieldError } from './problems.ts';
import type { WorkspaceState } from './state.ts';
import type { Contact } from './types.ts';
import { positiveId } from './validation.ts';

export const filterSchema = z.object({
    rules: z
        .array(z.object({ property: z.string().min(1), condition: z.string().min(1), value: z.unknown().optional() }))
        .default([]),
    listId: positiveId.nullable().optional(),
    sequenceId: positiveId.nullable().optional(),
    sequenceStepId: positiveId.nullable().optional(),
    searchTerm: z.string().nullable().optional(),
    sortBy: z.string().nullable().optional(),
    sortDirection: z
        .string()
        .transform((value) => value.toLowerCase())
        .pipe(z.enum(['asc', 'desc']))
        .default('asc')
});
export type ContactFilter = z.output<typeof filterSchema>;

type Kind = 'text' | 'number' | 'date' | 'bool';
const PROPERTIES: Record<string, [Kind, (c: Contact) => string | number | boolean | null]> = {
    id: ['number', (c) => c.id],
    email: ['text', (c) => c.email],
    firstName: ['text', (c) => c.firstName],
    lastName: ['text', (c) => c.lastName],
    title: ['text', (c) => c.title],
    company: ['text', (c) => c.company],
    domain: ['text', (c) => c.domain],
    city: ['text', (c) => c.city],
    state: ['text', (c) => c.state],
    country: ['text', (c) => c.country],
    phone: ['text', (c) => c.phone],
    linkedInUrl: ['text', (c) => c.linkedInUrl],
    industry: ['text', (c) => c.industry],
    timeZoneId: ['text', (c) => c.timeZoneId],
    companySize: ['text', (c) => c.companySize],
    callStatus: ['text', (c) => c.callStatus],
    meetingStatus: ['text', (c) => c.meetingStatus],
    ownerUserId: ['number', (c) => c.ownerUserId],
    isOptedOut: ['bool', (c) => c.isOptedOut],
    createdAt: ['date', (c) => c.createdAt],
    addingDate: ['date', (c) => c.addingDate],
    lastModifiedAt: ['date', (c) => c.lastModifiedAt]
};
const SORTABLE = [
    'id',
    'email',
    'firstName',
    'lastName',
    'company',
    'title',
    'createdAt',
    'addingDate',
    'lastModifiedAt'
];
const CONDITIONS = [
    'equals',
    'notEquals',
    'contains',
    'notContains',
    'startsWith',
    'endsWith',
    'greaterThan',
    'greaterThanOrEqual',
    'lessThan',
    'lessThanOrEqual',
    'isEmpty',
    'isNotEmpty',
    'in'
] as const;
type Condition = (typeof CONDITIONS)[number];

interface CompiledRule {
    property: string;
    condition: Condition;
    test: (c: Contact) => boolean;
    /** for date and number rules: the bound, to use an index */
    bound?: number;
}

function canonical<T extends string>(options: readonly T[], value: string): T | undefined {
    return options.find((option) => option.toLowerCase() === value.toLowerCase());
}

function coerce(kind: Kind, value: unknown): string | number | boolean | null | undefined {
    if (value === null) return null;
    switch (kind) {
        case 'text':
            return typeof value === 'string' || typeof value === 'number' ? String(value).toLowerCase() : undefined;
        case 'number': {
            const number =
                typeof value === 'number'
                    ? value
                    : typeof value === 'string' && value.trim() !== ''
                      ? Number(value)
                      : NaN;
            return Number.isFinite(number) ? number : undefined;
        }
        case 'date': {
            const ms = typeof value === 'string' ? parseTime(value) : NaN;
            return Number.isFinite(ms) ? ms : undefined;
        }
        case 'bool':
            return typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : undefined;
    }
}

function compile(rules: ContactFilter['rules']): CompiledRule[] {
    const errors: FieldError[] = [];
    const compiled: CompiledRule[] = [];
    rules.forEach((rule, index) => {
        const property = canonical(Object.keys(PROPERTIES), rule.property);
        const condition = canonical(CONDITIONS, rule.condition);
        if (!property)
            errors.push({ pointer: `/rules/${index}/property`, detail: `unknown property '${rule.property}'` });
        if (!condition)
            errors.push({ pointer: `/rules/${index}/condition`, detail: `unknown condition '${rule.condition}'` });
        if (!property || !condition) return;
        const [kind, read] = PROPERTIES[property] as [Kind, (c: Contact) => string | number | boolean | null];
        const get = (c: Contact) => {
            const value = read(c);
            return typeof value === 'string' ? value.toLowerCase() : value;
        };
        if (condition === 'isEmpty' || condition === 'isNotEmpty') {
            const empty = condition === 'isEmpty';
            compiled.push({ property, condition, test: (c) => (get(c) === null || get(c) === '') === empty });
            return;
        }
        const values = condition === 'in' ? (Array.isArray(rule.value) ? rule.value : [rule.value]) : [rule.value];
        const coerced = values.map((value) => coerce(kind, value));
        if (coerced.some((value) => value === undefined)) {
            errors.push({
                pointer: `/rules/${index}/value`,
                detail: `value does not fit property '${property}' (${kind})`
            });
            return;
        }
        const target = coerced[0] as string | number | boolean | null;
        const text = (c: Contact) => String(get(c) ?? '');
        const test = ((): ((c: Contact) => boolean) => {
            switch (condition) {
                case 'equals':
                    return (c) => get(c) === target;
                case 'notEquals':
                    return (c) => get(c) !== target;
                case 'in':
                    return (c) => coerced.includes(get(c));
                case 'contains':
                    return (c) => text(c).includes(String(target));
                case 'notContains':
                    return (c) => !text(c).includes(String(target));
                case 'startsWith':
                    return (c) => text(c).startsWith(String(target));
                case 'endsWith':
                    return (c) => text(c).endsWith(String(target));
                case 'greaterThan':
                    return (c) => (get(c) ?? -Infinity) > (target ?? -Infinity);
                case 'greaterThanOrEqual':
                    return (c) => (get(c) ?? -Infinity) >= (target ?? -Infinity);
                case 'lessThan':
                    return (c) => get(c) !== null && (get(c) as number) < (target as number);
                default:
                    return (c) => get(c) !== null && (get(c) as number) <= (target as number);
            }
        })();
        compiled.push({ property, condition, test, ...(typeof target === 'number' ? { bound: target } : {}) });
    });
    if (errors.length > 0) throw validationProblem(errors);
    return compiled;
}

/** The matching contacts in the requested order, lazily. */
export function filterContacts(s: WorkspaceState, filter: ContactFilter): Iterable<Contact> {
    // The rule vocabulary and the sortable fields are published nowhere (reply-team/reply-cli
    // src/operations/contacts.ts): the switches show a Reply that refuses or ignores them.
    const { contactFilterRules, contactFilterSort } = s.capabilities.get();
    if (contactFilterRules === 'rejected' && filter.rules.length > 0) {
        throw validationProblem([
            { pointer: '/rules/0/property', detail: `unknown property '${filter.rules[0]!.property}'` }
        ]);
    }
    const rules = contactFilterRules === 'ignored' ? [] : compile(filter.rules);
    if (contactFilterSort === 'ignored') filter = { ...filter, sortBy: null, sortDirection: 'asc' };
    const sortBy = filter.sortBy ? canonical(SORTABLE, filter.sortBy) : 'id';
    if (!sortBy) throw validationProblem([{ pointer: '/sortBy', detail: `cannot sort by '${filter.sortBy}'` }]);
    const list = filter.listId ? s.lists.get(filter.listId) : undefined;
    if (filter.listId && !list) throw notFound('contactList.notFound', `Contact list ${filter.listId} was not found`);
    const term = filter.searchTerm?.trim().toLowerCase();
    const matches = (c: Contact): boolean => {
        if (list && !list.members.has(c.id)) return false;
        if (filter.sequenceId) {
            const membership = s.memberships.get(filter.sequenceId, c.id);
            if (!membership) return false;
            if (filter.sequenceStepId && membership.currentStepId !== filter.sequenceStepId) return false;
        } else if (filter.sequenceStepId) {
            if (!s.memberships.forContact(c.id).some((m) => m.currentStepId === filter.sequenceStepId)) return false;
        }
        if (term && !searchable(c).includes(term)) return false;
        return rules.every((rule) => rule.test(c));
    };
    const desc = filter.sortDirection === 'desc';
    if (sortBy === 'lastModifiedAt') {
        if (desc) return filtered(s.contacts.byModifiedDescending(), matches);
        // Start the index scan at the tightest lower bound a lastModifiedAt rule gives.
        let from: number | undefined;
        let exclusive = false;
        for (const rule of rules) {
            if (rule.property !== 'lastModifiedAt' || rule.bound === undefined) continue;
            if (rule.condition === 'greaterThanOrEqual' || rule.condition === 'equals') {
                if (from === undefined || rule.bound > from) [from, exclusive] = [rule.bound, false];
            } else if (rule.condition === 'greaterThan' && (from === undefined || rule.bound >= from)) {
                [from, exclusive] = [rule.bound, true];
            }
        }
        return filtered(s.contacts.byModifiedAscending(from, exclusive), matches);
    }
    if (sortBy === 'id')
        return desc ? filtered([...s.contacts.values()].reverse(), matches) : filtered(s.contacts.values(), matches);
    const [, read] = PROPERTIES[sortBy] as [Kind, (c: Contact) => string | number | boolean | null];
    const sign = desc ? -1 : 1;
    return [...filtered(s.contacts.values(), matches)].sort((a, b) => {
        const x = read(a);
        const y = read(b);
        const order = x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
        return sign * (order || a.id - b.id);
    });
}

function searchable(c: Contact): string {
    return [c.email, c.firstName, c.lastName, `${c.firstName ?? ''} ${c.lastName ?? ''}`, c.company, c.title]
        .filter(Boolean)
        .join('\n')
        .toLowerCase();
}

function* filtered(source: Iterable<Contact>, keep: (c: Contact) => boolean): Generator<Contact> {
    for (const contact of source) if (keep(contact)) yield contact;
}
