import { LightningElement, api } from 'lwc';
import { sectionView } from 'c/replySyncProblems';
import { withStored } from 'c/replySyncRowEditor';
import { nextKey } from 'c/replySyncText';
import LABELS from './labels';

const SECTION = 'valueMappings';

/** Status mappings of the two status steps: a Reply status or inbox category, and the Lead Status it sets. */
export default class ReplySyncValueMappings extends LightningElement {
    @api mappings = [];
    /** The Reply values the step reads (statuses or inbox category names); undefined when the bridge is unreachable. */
    @api replyValues;
    /** Open Lead Statuses of the org, as { value, label }; undefined while loading. */
    @api leadStatuses;
    /** What the Reply side is called: "Reply status" or "Inbox category". */
    @api replyValueLabel = '';
    @api readOnly = false;
    /** The bridge's problems with the step; this section shows its own. */
    @api problems = [];

    labels = LABELS;

    get unavailable() {
        return !Array.isArray(this.replyValues);
    }

    get columns() {
        const replyOptions = (this.replyValues ?? []).map((value) => ({ label: value, value }));
        const statusOptions = (this.leadStatuses ?? []).map((status) => ({ label: status.label, value: status.value }));
        return [
            {
                name: 'replyValue',
                label: this.replyValueLabel,
                type: 'combobox',
                size: '5-of-12',
                placeholder: LABELS.CHOOSE,
                options: (row) => withStored(replyOptions, row.replyValue)
            },
            {
                name: 'salesforceValue',
                label: LABELS.LEAD_STATUS,
                type: 'combobox',
                size: '5-of-12',
                placeholder: LABELS.CHOOSE,
                options: (row) => withStored(statusOptions, row.salesforceValue)
            }
        ];
    }

    /** The bridge's problems with this section: under its heading, and under each row. */
    get problemView() {
        return sectionView(this.problems, SECTION);
    }

    newRow = () => ({ key: nextKey('value'), replyValue: '', salesforceValue: '' });

    handleChange(event) {
        event.stopPropagation();
        this.dispatchEvent(new CustomEvent('change', { detail: { mappings: event.detail.rows } }));
    }
}
