import type { ReplyContact } from '../reply/schemas.ts';
import { fieldOf, type SObjectDescribe } from '../salesforce/describe.ts';
import type { FieldCondition } from '../salesforce/conditions.ts';
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

/** The default filters that read a person's engagement (what the email report notes), not their contact record. */
const ENGAGEMENT_FILTERS: readonly string[] = ['opened', 'clicked', 'replied', 'bounced'];

export function filterReadsEngagement(filter: StepFilter | null): boolean {
    return filter?.type === 'default' && ENGAGEMENT_FILTERS.includes(filter.key);
}

/**
 * A step's Salesforce conditions as structured conditions for the adapter (salesforce/conditions.ts renders them),
 * each with its field's describe type. The conditions are the validator's to judge (validation/org-rules.ts): when
 * it finds a problem, the problems come back instead of conditions.
 */
export function salesforceConditions(
    filter: StepFilter | null,
    describe: SObjectDescribe
): { conditions: FieldCondition[]; problems: string[] } {
    if (!filter || filter.type !== 'salesforceConditions') return { conditions: [], problems: [] };
    const problems = filterConditionProblems(filter, describe).map(describeProblem);
    if (problems.length > 0) return { conditions: [], problems };
    return { conditions: filter.conditions.map((c) => fieldCondition(c, fieldOf(describe, c.field)!)), problems };
}

function fieldCondition(condition: SalesforceCondition, field: { name: string; type: string }): FieldCondition {
    const { operator, value } = condition;
    const base = { field: field.name, type: field.type };
    if (operator === 'isBlank' || operator === 'isNotBlank') return { ...base, operator };
    if (operator === 'in')
        return { ...base, operator, values: Array.isArray(value) ? value : value === undefined ? [] : [String(value)] };
    if (value === undefined || Array.isArray(value)) throw new Error(`"${operator}" needs one value`);
    return { ...base, operator, value };
}
