import { LightningElement, api } from 'lwc';
import { findKind, isPeopleKind, stepDisplayLabel, stepKinds } from 'c/replySyncCatalog';
import { format } from 'c/replySyncText';
import LABELS from './labels';

/** Picks the kind of a new step among the sixteen; people kinds can be turned around to their mirror. */
export default class ReplySyncAddStep extends LightningElement {
    @api catalog;
    @api disabled = false;

    labels = LABELS;
    chosenKey;

    get selectedKey() {
        return this.chosenKey ?? stepKinds(this.catalog)[0]?.key;
    }

    get kindOptions() {
        return stepKinds(this.catalog).map((kind) => ({ label: stepDisplayLabel(kind), value: kind.key }));
    }

    get selectedKind() {
        return findKind(this.catalog, this.selectedKey);
    }

    get canFlip() {
        return isPeopleKind(this.selectedKind) && Boolean(this.selectedKind.mirrorKind);
    }

    get directionText() {
        return format(LABELS.DIRECTION, stepDisplayLabel(this.selectedKind));
    }

    handleKindChange(event) {
        this.chosenKey = event.detail.value;
    }

    handleFlip() {
        this.chosenKey = this.selectedKind.mirrorKind;
    }

    handleAdd() {
        this.dispatchEvent(new CustomEvent('add', { detail: { stepKind: this.selectedKey } }));
    }

    handleCancel() {
        this.dispatchEvent(new CustomEvent('cancel'));
    }
}
