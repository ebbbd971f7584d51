import { createElement } from 'lwc';
import ReplySyncValueMappings from 'c/replySyncValueMappings';
import { placedProblems } from 'c/replySyncProblems';

const { LEAD_STATUSES, REPLY_OPTIONS, VERDICTS } = require('replySyncFixtures');

describe('c-reply-sync-value-mappings', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
    });

    function render(props) {
        const element = createElement('c-reply-sync-value-mappings', { is: ReplySyncValueMappings });
        Object.assign(element, {
            replyValues: REPLY_OPTIONS.statuses,
            leadStatuses: LEAD_STATUSES,
            replyValueLabel: 'Reply status',
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

    it('maps Reply values to the open Lead Statuses of the org', async () => {
        const { element, changes } = render({
            mappings: [{ key: 'a', replyValue: 'Replied', salesforceValue: 'Working - Contacted' }]
        });
        expect(find(element, 'replyValue').label).toBe('Reply status');
        expect(find(element, 'replyValue').options.map((option) => option.value)).toEqual(REPLY_OPTIONS.statuses);
        expect(find(element, 'salesforceValue').options.map((option) => option.value)).toEqual(
            LEAD_STATUSES.map((status) => status.value)
        );
        choose(find(element, 'replyValue'), 'Bounced');
        expect(changes[0][0].replyValue).toBe('Bounced');
        choose(find(element, 'salesforceValue'), 'Closed - Not Converted');
        expect(changes[1][0].salesforceValue).toBe('Closed - Not Converted');
        find(element, 'add').click();
        expect(changes[2]).toHaveLength(2);
        find(element, 'remove').click();
        expect(changes[3]).toEqual([]);
        await expect(element).toBeAccessible();
    });

    it("shows the bridge's verdict on the row it concerns, and keeps a stored status the org lacks", async () => {
        const { element } = render({
            mappings: [
                { key: 'a', replyValue: 'Replied', salesforceValue: 'Working - Contacted' },
                { key: 'b', replyValue: 'replied', salesforceValue: 'Qualified' }
            ]
        });
        element.problems = placedProblems(VERDICTS.statusesWithProblems, { valueMappings: ['a', 'b'] });
        await Promise.resolve();
        expect(findAll(element, 'problem').map((problem) => problem.textContent)).toEqual([
            'Reply status: replied is mapped more than once (Reply values match in any case). A Reply value maps to one Lead Status.'
        ]);
        expect(findAll(element, 'row')[1].querySelector('[data-id="problem"]')).not.toBeNull();
        expect(findAll(element, 'salesforceValue')[1].options[0]).toEqual({ label: 'Qualified', value: 'Qualified' });
    });

    it('keeps stored values when the bridge is unreachable, and says so', () => {
        const { element } = render({
            replyValues: undefined,
            mappings: [{ key: 'a', replyValue: 'Interested', salesforceValue: 'Working - Contacted' }]
        });
        expect(find(element, 'unavailable')).not.toBeNull();
        expect(find(element, 'replyValue').options).toEqual([{ label: 'Interested', value: 'Interested' }]);
    });

    it('is read-only in the Default profile and says when empty', () => {
        const { element } = render({ readOnly: true });
        expect(find(element, 'empty')).not.toBeNull();
        expect(find(element, 'add')).toBeNull();
    });
});
