import { createElement } from 'lwc';
import ReplySyncSequenceMappings from 'c/replySyncSequenceMappings';
import { placedProblems } from 'c/replySyncProblems';

const { REPLY_OPTIONS, VERDICTS } = require('replySyncFixtures');

describe('c-reply-sync-sequence-mappings', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
    });

    function render(props) {
        const element = createElement('c-reply-sync-sequence-mappings', { is: ReplySyncSequenceMappings });
        Object.assign(element, {
            replyUsers: REPLY_OPTIONS.users,
            sequences: REPLY_OPTIONS.sequences,
            mappings: [],
            ...props
        });
        const changes = [];
        element.addEventListener('change', (event) => changes.push(event.detail.mappings));
        document.body.appendChild(element);
        return { element, changes };
    }

    // The rows are the shared row editor's; the notes around them are this component's.
    const editor = (element) => element.shadowRoot.querySelector('c-reply-sync-row-editor').shadowRoot;
    const find = (element, id) =>
        element.shadowRoot.querySelector(`[data-id="${id}"]`) ?? editor(element).querySelector(`[data-id="${id}"]`);
    const findAll = (element, id) => [...editor(element).querySelectorAll(`[data-id="${id}"]`)];
    const choose = (target, value) => target.dispatchEvent(new CustomEvent('change', { detail: { value } }));
    const check = (target, checked) => target.dispatchEvent(new CustomEvent('change', { detail: { checked } }));

    const MAPPING = {
        key: 'a',
        replyUserId: 7,
        sequenceId: 12,
        startStepId: 122,
        ignoreStepDelay: false,
        onlyNewRecords: true
    };

    it('chooses per Reply owner a sequence, a start step and the two options', async () => {
        const { element, changes } = render({ mappings: [MAPPING] });
        expect(find(element, 'replyUserId').value).toBe('7');
        expect(find(element, 'sequenceId').options.map((option) => option.label)).toEqual([
            'Spring outreach',
            'Follow-up'
        ]);
        expect(find(element, 'startStepId').options).toEqual([
            { label: 'First step', value: '' },
            { label: 'Step 1 - Email', value: '121' },
            { label: 'Step 2 - Email (1 day delay)', value: '122' }
        ]);
        expect(find(element, 'startStepId').value).toBe('122');
        expect(find(element, 'onlyNewRecords').checked).toBe(true);

        choose(find(element, 'startStepId'), '');
        expect(changes[0][0].startStepId).toBeNull();
        choose(find(element, 'sequenceId'), '13');
        expect(changes[1][0]).toMatchObject({ sequenceId: 13, startStepId: null });
        choose(find(element, 'replyUserId'), '8');
        expect(changes[2][0].replyUserId).toBe(8);
        check(find(element, 'ignoreStepDelay'), true);
        expect(changes[3][0].ignoreStepDelay).toBe(true);
        check(find(element, 'onlyNewRecords'), false);
        expect(changes[4][0].onlyNewRecords).toBe(false);
        find(element, 'add').click();
        expect(changes[5][1]).toMatchObject({ replyUserId: null, sequenceId: null, startStepId: null });
        find(element, 'remove').click();
        expect(changes[6]).toEqual([]);
        await expect(element).toBeAccessible();
    });

    it("shows the bridge's verdict on the row it concerns: one sequence per Reply owner", async () => {
        const { element } = render({
            mappings: [MAPPING, { ...MAPPING, key: 'b', sequenceId: 13, startStepId: null }]
        });
        element.problems = placedProblems(VERDICTS.leadsWithProblems, { sequenceMappings: ['a', 'b'] });
        await Promise.resolve();
        const [, second] = findAll(element, 'row');
        expect([...second.querySelectorAll('[data-id="problem"]')].map((problem) => problem.textContent)).toEqual([
            'Reply owner: This Reply owner already has a sequence in this step. Each Reply owner gets one sequence per step; duplicate the step to send other records to another sequence.'
        ]);
        expect(findAll(element, 'problem')).toHaveLength(1);
    });

    it('waits for a sequence before offering start steps', () => {
        const { element } = render({ mappings: [{ ...MAPPING, sequenceId: null, startStepId: null }] });
        expect(find(element, 'startStepId').disabled).toBe(true);
    });

    it('keeps stored choices when the bridge is unreachable, and says so', () => {
        const { element } = render({ replyUsers: undefined, sequences: undefined, mappings: [MAPPING] });
        expect(find(element, 'unavailable')).not.toBeNull();
        expect(find(element, 'sequenceId').options).toEqual([{ label: '12', value: '12' }]);
    });

    it('is read-only in the Default profile', () => {
        const { element } = render({ readOnly: true, mappings: [MAPPING] });
        expect(find(element, 'replyUserId').disabled).toBe(true);
        expect(find(element, 'ignoreStepDelay').disabled).toBe(true);
        expect(find(element, 'add')).toBeNull();
        expect(find(element, 'remove')).toBeNull();
    });

    it('says when no sequence is used', () => {
        const { element } = render({});
        expect(find(element, 'empty')).not.toBeNull();
    });
});
