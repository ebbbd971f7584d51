import { LightningElement, api } from 'lwc';
import { readsFromSalesforce } from 'c/replySyncCatalog';
import { sectionView } from 'c/replySyncProblems';
import { withStored } from 'c/replySyncRowEditor';
import { nextKey } from 'c/replySyncText';
import LABELS from './labels';

const SECTION = 'fieldMappings';

/**
 * The field mappings of one step: Salesforce field and Reply field pairs, the catalog's required pairs locked.
 * The dropdown offers the fields Reply can sync (not multi-select picklists or other types the catalog lists as
 * unmappable; only writable fields when the step writes Salesforce); the bridge says what is wrong with a pair.
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
    /** The bridge's problems with the step (replySyncProblems.placedProblems); this section shows its own. */
    @api problems = [];

    labels = LABELS;

    /** The fields a mapping may use, by label as the admin reads them. */
    get offeredFields() {
        const unmappable = this.catalog?.unmappableSalesforceFieldTypes ?? [];
        const writesSalesforce = !readsFromSalesforce(this.kind);
        return (this.salesforceFields ?? [])
            .filter((field) => !unmappable.includes(field.type) && (!writesSalesforce || field.writable !== false))
            .sort((a, b) => a.label.localeCompare(b.label) || a.name.localeCompare(b.name));
    }

    get columns() {
        const offered = this.offeredFields.map((field) => ({
            label: `${field.label} (${field.name})`,
            value: field.name
        }));
        // The field a step writes is not offered again once another row writes it: the bridge refuses a second
        // mapping of one target field (MAPPING_TARGET_TWICE). A row keeps its own choice.
        const target = readsFromSalesforce(this.kind) ? 'replyField' : 'salesforceField';
        const offeredFor = (property, options) => (row) => {
            const taken =
                property === target
                    ? new Set(
                          (this.mappings ?? []).filter((other) => other.key !== row.key).map((other) => other[property])
                      )
                    : new Set();
            return withStored(
                options.filter((option) => !taken.has(option.value)),
                row[property]
            );
        };
        const replyOptions = (this.replyFields ?? []).map((field) => ({
            label: field.custom ? `${field.label} (${LABELS.CUSTOM})` : field.label,
            value: field.name
        }));
        return [
            {
                name: 'salesforceField',
                label: LABELS.SALESFORCE_FIELD,
                type: 'combobox',
                size: '5-of-12',
                placeholder: LABELS.CHOOSE,
                // A stored field that is no longer offered still shows, with the bridge's problem under it.
                options: offeredFor('salesforceField', offered)
            },
            {
                name: 'replyField',
                label: LABELS.REPLY_FIELD,
                type: 'combobox',
                size: '5-of-12',
                placeholder: LABELS.CHOOSE,
                options: offeredFor('replyField', replyOptions)
            }
        ];
    }

    /** The bridge's problems with this section: under its heading, and under each row. */
    get problemView() {
        return sectionView(this.problems, SECTION);
    }

    isLocked = (row) => Boolean(row.required);

    newRow = () => ({ key: nextKey('field'), salesforceField: '', replyField: '', required: false });

    handleChange(event) {
        event.stopPropagation();
        this.dispatchEvent(new CustomEvent('change', { detail: { mappings: event.detail.rows } }));
    }
}
