import type { ReplyContact } from '../reply/schemas.ts';
import { fieldOf, type SObjectDescribe } from '../salesforce/describe.ts';
import { soqlLiteral, soqlLikePattern } from '../salesforce/soql.ts';
import type { PersonFacts } from './person-status.ts';
import type { SalesforceCondition, StepFilter } from './step-settings.ts';
import { filterConditionProblems } from './validation/org-rules.ts';
import { describeProblem } from './validation/problems.ts';

/**
 * Does a Reply person pass a step's filter? A list filter reads the contact record's lists; the default filters read
 * the person's facts (person-status.ts: statuses for replied/bounced, webhooks and the email report for opened and
 * clicked). Pure.
 */
export function replyPersonPasses(
    filter: StepFilter | null,
    contact: Pick<ReplyContact, 'lists'> | undefined,
    facts: PersonFacts
): boolean {
    if (!filter) return true;
    if (filter.type === 'replyList') return Boolean(contact?.lists.some((list) => list.listId === filter.listId));
    if (filter.type !== 'default') return true;
    switch (filter.key) {
        case 'opened':
            return facts.opened || facts.clicked || facts.replied;
        case 'clicked':
            return facts.clicked;
        case 'replied':
            return facts.replied;
        case 'bounced':
            return facts.bounced;
        case 'optedOut':
            return facts.isOptedOut;
        case 'toCall':
            return facts.callStatus === 'toCall';
        default:
            return false;
    }
}

const OPERATORS: Record<
    Exclude<SalesforceCondition['operator'], 'isBlank' | 'isNotBlank' | 'contains' | 'startsWith' | 'in'>,
    string
> = {
    equals: '=',
    notEquals: '!=',
    greaterThan: '>',
    lessThan: '<'
};

/**
 * A step's Salesforce conditions as a SOQL WHERE fragment, every value rendered as a typed literal (no value is ever
 * pasted into SOQL as written). The conditions are the validator's to judge (validation/org-rules.ts): when it finds
 * a problem, the problems come back instead of a fragment.
 */
export function soqlFilter(
    filter: StepFilter | null,
    describe: SObjectDescribe
): { where: string | null; problems: string[] } {
    if (!filter || filter.type !== 'salesforceConditions') return { where: null, problems: [] };
    const problems = filterConditionProblems(filter, describe).map(describeProblem);
    if (problems.length > 0) return { where: null, problems };
    const parts = filter.conditions.map((condition) => {
        const field = fieldOf(describe, condition.field)!;
        return renderCondition(field.name, field.type, condition);
    });
    return { where: parts.length > 0 ? parts.join(' AND ') : null, problems };
}

function renderCondition(field: string, type: string, condition: SalesforceCondition): string {
    const { operator, value } = condition;
    if (operator === 'isBlank') return `${field} = null`;
    if (operator === 'isNotBlank') return `${field} != null`;
    if (operator === 'in') {
        const values = Array.isArray(value) ? value : value === undefined ? [] : [String(value)];
        if (values.length === 0) throw new Error('"in" needs a list of values');
        return `${field} IN (${values.map((v) => soqlLiteral(v, type)).join(', ')})`;
    }
    if (value === undefined || Array.isArray(value)) throw new Error(`"${operator}" needs one value`);
    if (operator === 'contains') return `${field} LIKE ${soqlLikePattern(String(value), 'contains')}`;
    if (operator === 'startsWith') return `${field} LIKE ${soqlLikePattern(String(value), 'startsWith')}`;
    return `${field} ${OPERATORS[operator]} ${soqlLiteral(value, type)}`;
}
