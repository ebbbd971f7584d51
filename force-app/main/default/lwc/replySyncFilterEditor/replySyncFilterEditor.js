import { LightningElement, api } from 'lwc';
import {
    CONDITION_OPERATORS,
    FILTER_DEFAULT,
    FILTER_REPLY_LIST,
    FILTER_SALESFORCE_CONDITIONS,
    VALUELESS_OPERATORS,
    allowedFilterTypes,
    conditionValueFromInput,
    conditionValueToInput,
    format,
    nextKey
} from 'c/replySyncRules';
import LABELS, { OPERATOR_LABELS } from './labels';

const DEFAULT_PREFIX = 'default:';
const LIST_PREFIX = 'list:';

/**
 * The filtering rules of one step. What can filter depends on the system the step reads from: Reply-sourced steps
 * load one of the default filters (Opened, Replied, ...) or a Reply list; Salesforce-sourced steps set conditions on
 * the record's fields. Clear filter removes it.
 */
export default class ReplySyncFilterEditor extends LightningElement {
    @api filter = null;
    @api kind;
    @api catalog;
    /** Reply lists (the bridge's options); undefined when the bridge could not be reached. */
    @api replyLists;
    @api salesforceFields;
    @api readOnly = false;

    labels = LABELS;

    get allowedTypes() {
        return allowedFilterTypes(this.kind, this.catalog);
    }

    get usesConditions() {
        return this.allowedTypes.includes(FILTER_SALESFORCE_CONDITIONS);
    }

    get usesReplyFilters() {
        return this.allowedTypes.includes(FILTER_DEFAULT) || this.allowedTypes.includes(FILTER_REPLY_LIST);
    }

    get hasFilter() {
        return Boolean(this.filter);
    }

    get canEdit() {
        return !this.readOnly;
    }

    get canClear() {
        return this.hasFilter && !this.readOnly;
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

    get fieldOptions() {
        return (this.salesforceFields ?? [])
            .filter((field) => field.filterable !== false)
            .map((field) => ({ label: `${field.label} (${field.name})`, value: field.name }));
    }

    get operatorOptions() {
        return CONDITION_OPERATORS.map((operator) => ({ label: OPERATOR_LABELS[operator], value: operator }));
    }

    get conditions() {
        const conditions = this.filter?.type === FILTER_SALESFORCE_CONDITIONS ? this.filter.conditions : [];
        return conditions.map((condition, index) => ({
            ...condition,
            position: index + 1,
            needsValue: !VALUELESS_OPERATORS.includes(condition.operator),
            inputValue: conditionValueToInput(condition.value),
            valueHelp: condition.operator === 'in' ? LABELS.VALUE_IN_HELP : null
        }));
    }

    handleReplyFilterChange(event) {
        const value = event.detail.value;
        if (value.startsWith(DEFAULT_PREFIX)) {
            this.publish({ type: FILTER_DEFAULT, key: value.slice(DEFAULT_PREFIX.length) });
            return;
        }
        const listId = Number(value.slice(LIST_PREFIX.length));
        const list = (this.replyLists ?? []).find((candidate) => candidate.id === listId);
        const filter = { type: FILTER_REPLY_LIST, listId };
        if (list) {
            filter.listName = list.name;
        }
        this.publish(filter);
    }

    handleAddCondition() {
        const conditions = this.filter?.type === FILTER_SALESFORCE_CONDITIONS ? this.filter.conditions : [];
        this.publishConditions([
            ...conditions,
            { key: nextKey('condition'), field: '', operator: 'equals', value: '' }
        ]);
    }

    handleRemoveCondition(event) {
        const key = event.currentTarget.dataset.key;
        this.publishConditions(this.filter.conditions.filter((condition) => condition.key !== key));
    }

    handleConditionFieldChange(event) {
        this.updateCondition(event.target.dataset.key, (condition) => ({ ...condition, field: event.detail.value }));
    }

    handleConditionOperatorChange(event) {
        const operator = event.detail.value;
        this.updateCondition(event.target.dataset.key, (condition) => ({
            ...condition,
            operator,
            value: conditionValueFromInput(
                conditionValueToInput(condition.value),
                operator,
                this.fieldType(condition.field)
            )
        }));
    }

    handleConditionValueChange(event) {
        const text = event.detail.value;
        this.updateCondition(event.target.dataset.key, (condition) => ({
            ...condition,
            value: conditionValueFromInput(text, condition.operator, this.fieldType(condition.field))
        }));
    }

    handleClear() {
        this.publish(null);
    }

    fieldType(fieldName) {
        return (this.salesforceFields ?? []).find((field) => field.name === fieldName)?.type;
    }

    updateCondition(key, change) {
        this.publishConditions(
            this.filter.conditions.map((condition) => (condition.key === key ? change(condition) : condition))
        );
    }

    publishConditions(conditions) {
        this.publish(conditions.length > 0 ? { type: FILTER_SALESFORCE_CONDITIONS, conditions } : null);
    }

    publish(filter) {
        this.dispatchEvent(new CustomEvent('change', { detail: { filter } }));
    }
}
