import { LightningElement, api } from 'lwc';
import { readsFromSalesforce } from 'c/replySyncCatalog';
import { sectionView } from 'c/replySyncProblems';
import { withStored } from 'c/replySyncRowEditor';
import { nextKey } from 'c/replySyncText';
import LABELS from './labels';

const SECTION = 'ownerMappings';

/**
 * Ownership mappings: Salesforce owner and Reply team member pairs. Which side must be unique depends on the
 * step's direction (the hint says which; the bridge checks). "Save and apply for all steps" asks the settings panel
 * to give the same pairs to every step of that direction.
 */
export default class ReplySyncOwnerMappings extends LightningElement {
    @api mappings = [];
    /** Active Salesforce users; undefined while loading. */
    @api users;
    /** Reply team members (the bridge's options); undefined when the bridge could not be reached. */
    @api replyUsers;
    @api kind;
    @api readOnly = false;
    /** Whether other steps of the same direction exist to apply the mappings to. */
    @api canApplyToAll = false;
    /** The bridge's problems with the step; this section shows its own. */
    @api problems = [];

    labels = LABELS;

    get hint() {
        return readsFromSalesforce(this.kind) ? LABELS.HINT_TO_REPLY : LABELS.HINT_TO_SALESFORCE;
    }

    get replyUnavailable() {
        return !Array.isArray(this.replyUsers);
    }

    get columns() {
        const userOptions = (this.users ?? []).map((user) => ({ label: user.name, value: user.id }));
        const replyOptions = (this.replyUsers ?? []).map((user) => ({ label: user.name, value: String(user.id) }));
        return [
            {
                name: 'salesforceUserId',
                label: LABELS.SALESFORCE_OWNER,
                type: 'combobox',
                size: '5-of-12',
                placeholder: LABELS.CHOOSE,
                options: (row) => withStored(userOptions, row.salesforceUserId)
            },
            {
                name: 'replyUserId',
                label: LABELS.REPLY_OWNER,
                type: 'combobox',
                size: '5-of-12',
                placeholder: LABELS.CHOOSE,
                options: (row) => withStored(replyOptions, row.replyUserId),
                value: (row) => (row.replyUserId ? String(row.replyUserId) : null),
                parse: (value) => ({ replyUserId: Number(value) })
            }
        ];
    }

    /** The bridge's problems with this section: under its heading, and under each row. */
    get problemView() {
        return sectionView(this.problems, SECTION);
    }

    get showApplyAll() {
        return !this.readOnly && this.canApplyToAll;
    }

    newRow = () => ({ key: nextKey('owner'), salesforceUserId: '', replyUserId: null });

    handleChange(event) {
        event.stopPropagation();
        this.dispatchEvent(new CustomEvent('change', { detail: { mappings: event.detail.rows } }));
    }

    handleApplyAll() {
        this.dispatchEvent(new CustomEvent('applyall', { detail: { mappings: this.mappings } }));
    }
}
