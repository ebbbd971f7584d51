import { soqlLikePattern, soqlList, soqlLiteral } from './soql.ts';

/**
 * Structured WHERE conditions, rendered into SOQL here and only here: sync/ says which field compares how with
 * which value, the adapter writes the text, every value as a typed literal (no value is ever pasted into SOQL).
 */
export type FieldCondition =
    | { field: string; type: string; operator: 'isBlank' | 'isNotBlank' }
    | { field: string; type: string; operator: 'in'; values: (string | number | boolean)[] }
    | {
          field: string;
          type: string;
          operator: 'equals' | 'notEquals' | 'greaterThan' | 'lessThan' | 'contains' | 'startsWith';
          value: string | number | boolean;
      }
    /** Record ids (any object): `Id IN (...)` and the like. */
    | { field: string; type: 'id'; operator: 'idIn'; values: string[] };

const COMPARISONS = { equals: '=', notEquals: '!=', greaterThan: '>', lessThan: '<' } as const;

export function renderCondition(condition: FieldCondition): string {
    const { field } = condition;
    switch (condition.operator) {
        case 'isBlank':
            return `${field} = null`;
        case 'isNotBlank':
            return `${field} != null`;
        case 'idIn':
            return `${field} IN ${soqlList(condition.values)}`;
        case 'in':
            if (condition.values.length === 0) throw new Error('"in" needs a list of values');
            return `${field} IN (${condition.values.map((v) => soqlLiteral(v, condition.type)).join(', ')})`;
        case 'contains':
        case 'startsWith':
            return `${field} LIKE ${soqlLikePattern(String(condition.value), condition.operator)}`;
        default:
            return `${field} ${COMPARISONS[condition.operator]} ${soqlLiteral(condition.value, condition.type)}`;
    }
}

/** All the conditions (AND), or undefined when there are none. */
export function soqlWhere(conditions: readonly FieldCondition[]): string | undefined {
    return conditions.length > 0 ? conditions.map(renderCondition).join(' AND ') : undefined;
}
