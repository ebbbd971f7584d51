import { LightningElement, api } from 'lwc';
import { filterTypesOf, settingsFacts } from 'c/replySyncCatalog';
import { sectionView } from 'c/replySyncProblems';
import { withStored } from 'c/replySyncRowEditor';
import {
    FILTER_DEFAULT,
    FILTER_REPLY_LIST,
    FILTER_SALESFORCE_CONDITIONS,
    conditionValueFromInput,
    conditionValueToInput
} from 'c/replySyncSettings';
import { format, nextKey } from 'c/replySyncText';
import LABELS, { OPERATOR_LABELS } from './labels';

const SECTION = 'filters';
const DEFAULT_PREFIX = 'default:';
const LIST_PREFIX = 'list:';

/**
 * The filtering rules of one step. What can filter depends on the system the step reads from: Reply-sourced steps
 * load one of the default filters (Opened, Replied, ...) or a Reply list; Salesforce-sourced steps set conditions on
 * the record's fields, one row each. Clear filter removes it.
 */
export default class ReplySyncFilterEditor extends LightningElement {
    @api filter = null;
    @api kind;
    @api catalog;
    /** Reply lists (the bridge's options); undefined when the bridge could not be reached. */
    @api replyLists;
    @api salesforceFields;
    @api readOnly = false;
    /** The bridge's problems with the step; this section shows its own. */
    @api problems = [];

    labels = LABELS;

    get allowedTypes() {
        return filterTypesOf(this.kind, this.catalog);
    }

    get usesConditions() {
        return this.allowedTypes.includes(FILTER_SALESFORCE_CONDITIONS);
    }

    get usesReplyFilters() {
        return this.allowedTypes.includes(FILTER_DEFAULT) || this.allowedTypes.includes(FILTER_REPLY_LIST);
    }

    get showNone() {
        return !this.filter && !this.usesConditions;
    }

    get canClear() {
        return Boolean(this.filter) && !this.readOnly;
    }

    get listsUnavailable() {
        return this.allowedTypes.includes(FILTER_REPLY_LIST) && !Array.isArray(this.replyLists);
    }

    get replyFilterOptions() {
        const options = [];
        if (this.allowedTypes.includes(FILTER_DEFAULT)) {
            (this.catalog?.defaultFilters ?? []).forEach((defaultFilter) =>
                options.push({
                    label: format(LABELS.DEFAULT_OPTION, defaultFilter.label),
                    value: DEFAULT_PREFIX + defaultFilter.key
                })
            );
        }
        if (this.allowedTypes.includes(FILTER_REPLY_LIST)) {
            (this.replyLists ?? []).forEach((list) =>
                options.push({ label: format(LABELS.LIST_OPTION, list.name), value: LIST_PREFIX + list.id })
            );
            // A stored list the bridge did not return still shows.
            if (
                this.filter?.type === FILTER_REPLY_LIST &&
                !options.some((option) => option.value === this.replyFilterValue)
            ) {
                options.push({
                    label: format(LABELS.LIST_OPTION, this.filter.listName ?? this.filter.listId),
                    value: this.replyFilterValue
                });
            }
        }
        return options;
    }

    get replyFilterValue() {
        if (this.filter?.type === FILTER_DEFAULT) {
            return DEFAULT_PREFIX + this.filter.key;
        }
        if (this.filter?.type === FILTER_REPLY_LIST) {
            return LIST_PREFIX + this.filter.listId;
        }
        return null;
    }

    get conditions() {
        return this.filter?.type === FILTER_SALESFORCE_CONDITIONS ? this.filter.conditions : [];
    }

    get columns() {
        const fieldOptions = (this.salesforceFields ?? [])
            .filter((field) => field.filterable !== false)
            .map((field) => ({ label: `${field.label} (${field.name})`, value: field.name }));
        const { conditionOperators, valuelessOperators } = settingsFacts(this.catalog);
        const operatorOptions = conditionOperators.map((operator) => ({
            label: OPERATOR_LABELS[operator] ?? operator,
            value: operator
        }));
        const valueFor = (text, operator) => conditionValueFromInput(text, operator, this.catalog);
        return [
            {
                name: 'field',
                label: LABELS.FIELD,
                type: 'combobox',
                size: '4-of-12',
                placeholder: LABELS.CHOOSE,
                options: (row) => withStored(fieldOptions, row.field)
            },
            {
                name: 'operator',
                label: LABELS.OPERATOR,
                type: 'combobox',
                size: '3-of-12',
                options: () => operatorOptions,
                parse: (operator, row) => ({ operator, value: valueFor(conditionValueToInput(row.value), operator) })
            },
            {
                name: 'value',
                label: LABELS.VALUE,
                type: 'text',
                size: '4-of-12',
                hidden: (row) => valuelessOperators.includes(row.operator),
                value: (row) => conditionValueToInput(row.value),
                parse: (text, row) => ({ value: valueFor(text, row.operator) }),
                help: (row) => (row.operator === 'in' ? LABELS.VALUE_IN_HELP : null)
            }
        ];
    }

    /** The bridge's problems with this section: under its heading, and under each row. */
    get problemView() {
        return sectionView(this.problems, SECTION);
    }

    newCondition = () => ({ key: nextKey('condition'), field: '', operator: 'equals', value: '' });

    handleReplyFilterChange(event) {
        // The combobox's change event crosses shadow boundaries: only this editor's own change may leave it.
        event.stopPropagation();
        const value = event.detail.value;
        if (value.startsWith(DEFAULT_PREFIX)) {
            this.publish({ type: FILTER_DEFAULT, key: value.slice(DEFAULT_PREFIX.length) });
            return;
        }
        const listId = Number(value.slice(LIST_PREFIX.length));
        const list = (this.replyLists ?? []).find((candidate) => candidate.id === listId);
        this.publish(
            list ? { type: FILTER_REPLY_LIST, listId, listName: list.name } : { type: FILTER_REPLY_LIST, listId }
        );
    }

    handleConditionsChange(event) {
        event.stopPropagation();
        const conditions = event.detail.rows;
        this.publish(conditions.length > 0 ? { type: FILTER_SALESFORCE_CONDITIONS, conditions } : null);
    }

    handleClear() {
        this.publish(null);
    }

    publish(filter) {
        this.dispatchEvent(new CustomEvent('change', { detail: { filter } }));
    }
}
