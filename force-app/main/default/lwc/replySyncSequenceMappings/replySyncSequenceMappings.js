import { LightningElement, api } from 'lwc';
import { nextKey, sequenceMappingProblems } from 'c/replySyncRules';
import LABELS from './labels';

const FIRST_STEP = '';

/**
 * People to sequence (steps from Salesforce to Reply people): for each Reply owner one sequence and the step to
 * start at, with Reply's two options, Ignore step delay and Only for new records.
 */
export default class ReplySyncSequenceMappings extends LightningElement {
    @api mappings = [];
    /** Reply team members and sequences (the bridge's options); undefined when the bridge could not be reached. */
    @api replyUsers;
    @api sequences;
    @api stepName = '';
    @api readOnly = false;

    labels = LABELS;

    get unavailable() {
        return !Array.isArray(this.sequences) || !Array.isArray(this.replyUsers);
    }

    get rows() {
        const ownerOptions = (this.replyUsers ?? []).map((user) => ({ label: user.name, value: String(user.id) }));
        const sequences = this.sequences ?? [];
        return (this.mappings ?? []).map((row) => {
            const sequence = sequences.find((candidate) => candidate.id === Number(row.sequenceId));
            const startOptions = [
                { label: LABELS.FIRST_STEP, value: FIRST_STEP },
                ...(sequence?.steps ?? []).map((step) => ({ label: step.label, value: String(step.id) }))
            ];
            return {
                ...row,
                ownerValue: row.replyUserId ? String(row.replyUserId) : null,
                ownerOptions: this.withStored(ownerOptions, row.replyUserId),
                sequenceValue: row.sequenceId ? String(row.sequenceId) : null,
                sequenceOptions: this.withStored(
                    sequences.map((candidate) => ({ label: candidate.name, value: String(candidate.id) })),
                    row.sequenceId
                ),
                startValue: row.startStepId ? String(row.startStepId) : FIRST_STEP,
                startOptions: this.withStored(startOptions, row.startStepId),
                startDisabled: this.readOnly || !row.sequenceId
            };
        });
    }

    /** A stored id the bridge did not return still shows. */
    withStored(options, id) {
        if (!id || options.some((option) => option.value === String(id))) {
            return options;
        }
        return [{ label: String(id), value: String(id) }, ...options];
    }

    get problems() {
        return sequenceMappingProblems(this.mappings ?? [], {
            stepName: this.stepName,
            sequencesById: Array.isArray(this.sequences)
                ? new Map(this.sequences.map((item) => [item.id, item]))
                : undefined,
            replyUsersById: Array.isArray(this.replyUsers)
                ? new Map(this.replyUsers.map((user) => [user.id, user]))
                : undefined
        }).map((text, index) => ({ key: `problem-${index}`, text }));
    }

    get isEmpty() {
        return (this.mappings ?? []).length === 0;
    }

    get canEdit() {
        return !this.readOnly;
    }

    handleOwnerChange(event) {
        this.updateRow(event.target.dataset.key, { replyUserId: Number(event.detail.value) });
    }

    handleSequenceChange(event) {
        // Another sequence has other steps: start again at its first.
        this.updateRow(event.target.dataset.key, { sequenceId: Number(event.detail.value), startStepId: null });
    }

    handleStartChange(event) {
        const value = event.detail.value;
        this.updateRow(event.target.dataset.key, { startStepId: value === FIRST_STEP ? null : Number(value) });
    }

    handleIgnoreDelayChange(event) {
        this.updateRow(event.target.dataset.key, { ignoreStepDelay: event.detail.checked });
    }

    handleOnlyNewChange(event) {
        this.updateRow(event.target.dataset.key, { onlyNewRecords: event.detail.checked });
    }

    handleAdd() {
        this.publish([
            ...this.mappings,
            {
                key: nextKey('sequence'),
                replyUserId: null,
                sequenceId: null,
                startStepId: null,
                ignoreStepDelay: false,
                onlyNewRecords: false
            }
        ]);
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
