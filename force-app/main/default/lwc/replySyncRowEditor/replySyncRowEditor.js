import { LightningElement, api } from 'lwc';
import LABELS from './labels';

const NO_PROBLEMS = () => [];

/** Combobox options with the stored value first when they lack it: a stored choice always shows. */
export function withStored(options, value) {
    const stored = value === undefined || value === null || value === '' ? undefined : String(value);
    if (stored === undefined || options.some((option) => option.value === stored)) {
        return options;
    }
    return [{ label: stored, value: stored }, ...options];
}
const NEVER = () => false;

/**
 * One editor for a list of setting rows (field, owner, sequence and value mappings, filter conditions): a line of
 * inputs per row as the column definitions say, a remove button, Add, and under each row the bridge's problems with
 * it. It judges nothing itself: the problems come from the `problems` function.
 *
 * A column: { name (the row property), label, type: 'combobox' | 'text' | 'checkbox', size (an SLDS size such as
 * '5-of-12'), options(row) (comboboxes), value(row) (what the input shows; the property by default),
 * parse(value, row) (the row changes an input makes; { [name]: value } by default), disabled(row), hidden(row),
 * placeholder, help(row) }.
 */
export default class ReplySyncRowEditor extends LightningElement {
    /** The rows, each with a unique `key`. */
    @api rows = [];
    @api columns = [];
    /** (row) => the row's problems, [{ key, text, column }]; each shows under the row, its column's label first. */
    @api problems;
    /** Problems of the whole section, [{ key, text }], shown above the rows. */
    @api messages = [];
    @api readOnly = false;
    /** (row) => whether the row is fixed (a required mapping): shown with the locked badge, not editable. */
    @api locked;
    @api lockedLabel = '';
    @api lockedHelp = '';
    /** () => a new, empty row (with its key). */
    @api newRow;
    @api addLabel = LABELS.ADD;
    @api removeLabel = LABELS.REMOVE;
    @api emptyText = '';

    get isEmpty() {
        return (this.rows ?? []).length === 0;
    }

    get canAdd() {
        return !this.readOnly && typeof this.newRow === 'function';
    }

    get columnLabels() {
        return new Map((this.columns ?? []).map((column) => [column.name, column.label]));
    }

    get viewRows() {
        const problemsOf = this.problems ?? NO_PROBLEMS;
        const lockedOf = this.locked ?? NEVER;
        const labels = this.columnLabels;
        return (this.rows ?? []).map((row) => {
            const locked = lockedOf(row);
            return {
                key: row.key,
                locked,
                removable: !this.readOnly && !locked,
                cells: (this.columns ?? []).map((column) => this.cell(column, row, locked)),
                problems: problemsOf(row).map((problem, index) => ({
                    key: `${row.key}-problem-${index}`,
                    column: problem.column,
                    text: labels.has(problem.column) ? `${labels.get(problem.column)}: ${problem.text}` : problem.text
                }))
            };
        });
    }

    cell(column, row, locked) {
        const value = column.value ? column.value(row) : row[column.name];
        // A hidden cell keeps its place, so the row's other inputs stay in line with the rows around it.
        const shown = !column.hidden?.(row);
        return {
            key: `${row.key}-${column.name}`,
            name: column.name,
            label: column.label,
            sizeClass: `slds-col slds-size_${column.size ?? '1-of-3'}`,
            isCombobox: shown && column.type === 'combobox',
            isText: shown && column.type === 'text',
            isCheckbox: shown && column.type === 'checkbox',
            options: column.options ? column.options(row) : [],
            value: value ?? null,
            checked: Boolean(value),
            disabled: this.readOnly || locked || Boolean(column.disabled?.(row)),
            placeholder: column.placeholder,
            help: column.help ? column.help(row) : null
        };
    }

    handleInput(event) {
        // The base components' change events bubble and cross shadow boundaries: this editor's own change, with the
        // rows, is the only one its users may receive.
        event.stopPropagation();
        const { key, column: name } = event.target.dataset;
        const column = this.columns.find((candidate) => candidate.name === name);
        const row = this.rows.find((candidate) => candidate.key === key);
        const value = column.type === 'checkbox' ? event.detail.checked : event.detail.value;
        const changes = column.parse ? column.parse(value, row) : { [name]: value };
        this.publish(this.rows.map((candidate) => (candidate.key === key ? { ...candidate, ...changes } : candidate)));
    }

    handleAdd() {
        this.publish([...(this.rows ?? []), this.newRow()]);
    }

    handleRemove(event) {
        const key = event.currentTarget.dataset.key;
        this.publish(this.rows.filter((row) => row.key !== key));
    }

    publish(rows) {
        this.dispatchEvent(new CustomEvent('change', { detail: { rows } }));
    }
}
