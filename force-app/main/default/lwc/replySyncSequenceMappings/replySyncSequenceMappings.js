import { LightningElement, api } from 'lwc';
import { sectionView } from 'c/replySyncProblems';
import { withStored } from 'c/replySyncRowEditor';
import { nextKey } from 'c/replySyncText';
import LABELS from './labels';

const SECTION = 'sequenceMappings';
const FIRST_STEP = '';
const idText = (id) => (id ? String(id) : null);

/**
 * People to sequence (steps from Salesforce to Reply people): for each Reply owner one sequence and the step to
 * start at, with Reply's two options, Ignore step delay and Only for new records.
 */
export default class ReplySyncSequenceMappings extends LightningElement {
    @api mappings = [];
    /** Reply team members and sequences (the bridge's options); undefined when the bridge could not be reached. */
    @api replyUsers;
    @api sequences;
    @api readOnly = false;
    /** The bridge's problems with the step; this section shows its own. */
    @api problems = [];

    labels = LABELS;

    get unavailable() {
        return !Array.isArray(this.sequences) || !Array.isArray(this.replyUsers);
    }

    /** Sized to one line with the remove button: 3 + 3 + 2 + 2 + 1 of 12. */
    get columns() {
        const ownerOptions = (this.replyUsers ?? []).map((user) => ({ label: user.name, value: String(user.id) }));
        const sequences = this.sequences ?? [];
        const sequenceOptions = sequences.map((sequence) => ({ label: sequence.name, value: String(sequence.id) }));
        const startOptions = (row) => [
            { label: LABELS.FIRST_STEP, value: FIRST_STEP },
            ...(sequences.find((sequence) => sequence.id === Number(row.sequenceId))?.steps ?? []).map((step) => ({
                label: step.label,
                value: String(step.id)
            }))
        ];
        return [
            {
                name: 'replyUserId',
                size: '3-of-12',
                label: LABELS.REPLY_OWNER,
                type: 'combobox',
                placeholder: LABELS.CHOOSE,
                options: (row) => withStored(ownerOptions, row.replyUserId),
                value: (row) => idText(row.replyUserId),
                parse: (value) => ({ replyUserId: Number(value) })
            },
            {
                name: 'sequenceId',
                size: '3-of-12',
                label: LABELS.SEQUENCE,
                type: 'combobox',
                placeholder: LABELS.CHOOSE,
                options: (row) => withStored(sequenceOptions, row.sequenceId),
                value: (row) => idText(row.sequenceId),
                // Another sequence has other steps: start again at its first.
                parse: (value) => ({ sequenceId: Number(value), startStepId: null })
            },
            {
                name: 'startStepId',
                size: '2-of-12',
                label: LABELS.START,
                type: 'combobox',
                options: (row) => withStored(startOptions(row), row.startStepId),
                value: (row) => idText(row.startStepId) ?? FIRST_STEP,
                parse: (value) => ({ startStepId: value === FIRST_STEP ? null : Number(value) }),
                disabled: (row) => !row.sequenceId
            },
            {
                name: 'ignoreStepDelay',
                size: '2-of-12',
                label: LABELS.IGNORE_DELAY,
                type: 'checkbox',
                help: () => LABELS.IGNORE_DELAY_HELP
            },
            {
                name: 'onlyNewRecords',
                size: '1-of-12',
                label: LABELS.ONLY_NEW,
                type: 'checkbox',
                help: () => LABELS.ONLY_NEW_HELP
            }
        ];
    }

    /** The bridge's problems with this section: under its heading, and under each row. */
    get problemView() {
        return sectionView(this.problems, SECTION);
    }

    newRow = () => ({
        key: nextKey('sequence'),
        replyUserId: null,
        sequenceId: null,
        startStepId: null,
        ignoreStepDelay: false,
        onlyNewRecords: false
    });

    handleChange(event) {
        event.stopPropagation();
        this.dispatchEvent(new CustomEvent('change', { detail: { mappings: event.detail.rows } }));
    }
}
