import { LightningElement, api } from 'lwc';
import { directionLabel, kindsByFamily, stepKinds } from 'c/replySyncCatalog';
import LABELS, { FAMILY_LABELS } from './labels';

/**
 * Picks the kind of a new step, the sixteen grouped by what they sync (people, statuses, activities, notes), each
 * named by its direction. Add opens the new step's settings; nothing is saved until the admin saves them.
 */
export default class ReplySyncAddStep extends LightningElement {
    @api catalog;
    @api disabled = false;

    labels = LABELS;
    chosenKey;

    get selectedKey() {
        return this.chosenKey ?? stepKinds(this.catalog)[0]?.key;
    }

    get groups() {
        return kindsByFamily(this.catalog).map(({ family, kinds }) => ({
            family,
            label: FAMILY_LABELS[family] ?? family,
            options: kinds.map((kind) => ({ label: directionLabel(kind), value: kind.key })),
            // One choice across the groups: a group shows it only when it holds it.
            value: kinds.some((kind) => kind.key === this.selectedKey) ? this.selectedKey : null
        }));
    }

    handleKindChange(event) {
        this.chosenKey = event.detail.value;
    }

    handleAdd() {
        this.dispatchEvent(new CustomEvent('add', { detail: { stepKind: this.selectedKey } }));
    }

    handleCancel() {
        this.dispatchEvent(new CustomEvent('cancel'));
    }
}
