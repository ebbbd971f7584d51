import { LightningElement, api } from 'lwc';
import { fieldMappingProblem, nextKey, offeredSalesforceFields, stepDisplayLabel } from 'c/replySyncRules';
import LABELS from './labels';

/**
 * The field mappings of one step. Required mappings are pre-filled and locked; Salesforce fields Reply cannot sync
 * are not offered; a pair whose types do not fit is refused on the spot with the reason.
 */
export default class ReplySyncFieldMappings extends LightningElement {
    @api mappings = [];
    /** The readable fields of the step's object (Apex describe); undefined while loading. */
    @api salesforceFields;
    /** Reply's fields (the bridge's options, or the catalog's standard ones). */
    @api replyFields = [];
    @api kind;
    @api catalog;
    @api readOnly = false;

    labels = LABELS;
    /** Row key -> why the last choice on that row was refused. */
    refusals = {};

    get salesforceFieldsByName() {
        return Array.isArray(this.salesforceFields)
            ? new Map(this.salesforceFields.map((field) => [field.name, field]))
            : undefined;
    }

    get replyFieldsByName() {
        return new Map((this.replyFields ?? []).map((field) => [field.name, field]));
    }

    get ruleContext() {
        return {
            kind: this.kind,
            catalog: this.catalog,
            stepName: stepDisplayLabel(this.kind),
            salesforceFieldsByName: this.salesforceFieldsByName,
            replyFieldsByName: this.replyFieldsByName
        };
    }

    get salesforceOptions() {
        return offeredSalesforceFields(this.salesforceFields, this.kind, this.catalog).map((field) => ({
            label: `${field.label} (${field.name})`,
            value: field.name
        }));
    }

    get replyOptions() {
        return (this.replyFields ?? []).map((field) => ({
            label: field.custom ? `${field.label} (${LABELS.CUSTOM})` : field.label,
            value: field.name
        }));
    }

    get rows() {
        const offered = this.salesforceOptions;
        const context = this.ruleContext;
        return (this.mappings ?? []).map((row, index) => {
            // A stored field that is no longer offered still shows, with its problem.
            const salesforceOptions =
                row.salesforceField && !offered.some((option) => option.value === row.salesforceField)
                    ? [{ label: row.salesforceField, value: row.salesforceField }, ...offered]
                    : offered;
            const problem = this.refusals[row.key] ?? fieldMappingProblem(row, context);
            return {
                ...row,
                position: index + 1,
                salesforceOptions,
                locked: this.readOnly || row.required,
                removable: !this.readOnly && !row.required,
                problem
            };
        });
    }

    get isEmpty() {
        return (this.mappings ?? []).length === 0;
    }

    get canAdd() {
        return !this.readOnly;
    }

    handleSalesforceFieldChange(event) {
        this.changeRow(event, 'salesforceField');
    }

    handleReplyFieldChange(event) {
        this.changeRow(event, 'replyField');
    }

    changeRow(event, property) {
        const key = event.target.dataset.key;
        const row = this.mappings.find((candidate) => candidate.key === key);
        const candidate = { ...row, [property]: event.detail.value };
        const problem = fieldMappingProblem(candidate, this.ruleContext);
        if (problem) {
            // Refused: the choice is undone and the row says why.
            this.refusals = { ...this.refusals, [key]: problem };
            event.target.value = row[property];
            return;
        }
        const remaining = { ...this.refusals };
        delete remaining[key];
        this.refusals = remaining;
        this.publish(this.mappings.map((existing) => (existing.key === key ? candidate : existing)));
    }

    handleAdd() {
        this.publish([
            ...this.mappings,
            { key: nextKey('field'), salesforceField: '', replyField: '', required: false }
        ]);
    }

    handleRemove(event) {
        const key = event.currentTarget.dataset.key;
        this.publish(this.mappings.filter((row) => row.key !== key));
    }

    publish(mappings) {
        this.dispatchEvent(new CustomEvent('change', { detail: { mappings } }));
    }
}
