import { LightningElement, api } from 'lwc';
import { nextKey, valueMappingProblems } from 'c/replySyncRules';
import LABELS from './labels';

/** Status mappings of the two status steps: a Reply status or inbox category, and the Lead Status it sets. */
export default class ReplySyncValueMappings extends LightningElement {
    @api mappings = [];
    /** The Reply values the step reads (statuses or inbox category names); undefined when the bridge is unreachable. */
    @api replyValues;
    /** Open Lead Statuses of the org, as { value, label }; undefined while loading. */
    @api leadStatuses;
    /** What the Reply side is called: "Reply status" or "Inbox category". */
    @api replyValueLabel = '';
    @api stepName = '';
    @api readOnly = false;

    labels = LABELS;

    get unavailable() {
        return !Array.isArray(this.replyValues);
    }

    get rows() {
        const replyOptions = (this.replyValues ?? []).map((value) => ({ label: value, value }));
        const statusOptions = (this.leadStatuses ?? []).map((status) => ({ label: status.label, value: status.value }));
        return (this.mappings ?? []).map((row) => ({
            ...row,
            replyOptions: this.withStored(replyOptions, row.replyValue),
            statusOptions: this.withStored(statusOptions, row.salesforceValue)
        }));
    }

    withStored(options, value) {
        if (!value || options.some((option) => option.value === value)) {
            return options;
        }
        return [{ label: value, value }, ...options];
    }

    get problems() {
        return valueMappingProblems(this.mappings ?? [], {
            stepName: this.stepName,
            replyValues: this.replyValues,
            leadStatusValues: Array.isArray(this.leadStatuses)
                ? this.leadStatuses.map((status) => status.value)
                : undefined
        }).map((text, index) => ({ key: `problem-${index}`, text }));
    }

    get isEmpty() {
        return (this.mappings ?? []).length === 0;
    }

    get canEdit() {
        return !this.readOnly;
    }

    handleReplyValueChange(event) {
        this.updateRow(event.target.dataset.key, { replyValue: event.detail.value });
    }

    handleStatusChange(event) {
        this.updateRow(event.target.dataset.key, { salesforceValue: event.detail.value });
    }

    handleAdd() {
        this.publish([...this.mappings, { key: nextKey('value'), replyValue: '', salesforceValue: '' }]);
    }

    handleRemove(event) {
        const key = event.currentTarget.dataset.key;
        this.publish(this.mappings.filter((row) => row.key !== key));
    }

    updateRow(key, change) {
        this.publish(this.mappings.map((row) => (row.key === key ? { ...row, ...change } : row)));
    }

    publish(mappings) {
        this.dispatchEvent(new CustomEvent('change', { detail: { mappings } }));
    }
}
