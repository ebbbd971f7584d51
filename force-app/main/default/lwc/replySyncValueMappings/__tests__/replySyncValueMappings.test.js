import { createElement } from 'lwc';
import ReplySyncValueMappings from 'c/replySyncValueMappings';

const { LEAD_STATUSES, REPLY_OPTIONS } = require('../../../../../test/fixtures/replySyncFixtures.js');

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
            stepName: 'Statuses',
            mappings: [],
            ...props
        });
        const changes = [];
        element.addEventListener('change', (event) => changes.push(event.detail.mappings));
        document.body.appendChild(element);
        return { element, changes };
    }

    const find = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);
    const findAll = (element, id) => [...element.shadowRoot.querySelectorAll(`[data-id="${id}"]`)];
    const choose = (target, value) => target.dispatchEvent(new CustomEvent('change', { detail: { value } }));

    it('maps Reply values to the open Lead Statuses of the org', async () => {
        const { element, changes } = render({
            mappings: [{ key: 'a', replyValue: 'Replied', salesforceValue: 'Working - Contacted' }]
        });
        expect(find(element, 'reply-value').label).toBe('Reply status');
        expect(find(element, 'reply-value').options.map((option) => option.value)).toEqual(REPLY_OPTIONS.statuses);
        expect(find(element, 'lead-status').options.map((option) => option.value)).toEqual(
            LEAD_STATUSES.map((status) => status.value)
        );
        choose(find(element, 'reply-value'), 'Bounced');
        expect(changes[0][0].replyValue).toBe('Bounced');
        choose(find(element, 'lead-status'), 'Closed - Not Converted');
        expect(changes[1][0].salesforceValue).toBe('Closed - Not Converted');
        find(element, 'add').click();
        expect(changes[2]).toHaveLength(2);
        find(element, 'remove').click();
        expect(changes[3]).toEqual([]);
        await expect(element).toBeAccessible();
    });

    it('names duplicates and statuses the org does not have', () => {
        const { element } = render({
            mappings: [
                { key: 'a', replyValue: 'Replied', salesforceValue: 'Working - Contacted' },
                { key: 'b', replyValue: 'Replied', salesforceValue: 'Qualified' }
            ]
        });
        expect(findAll(element, 'problem').map((problem) => problem.textContent)).toEqual([
            'Statuses: Replied is mapped more than once. A Reply value maps to one Lead Status.',
            'Statuses: Qualified is not an open Lead Status in this org (converted statuses cannot be set by a sync).'
        ]);
        expect(findAll(element, 'lead-status')[1].options[0]).toEqual({ label: 'Qualified', value: 'Qualified' });
    });

    it('keeps stored values when the bridge is unreachable, and says so', () => {
        const { element } = render({
            replyValues: undefined,
            mappings: [{ key: 'a', replyValue: 'Interested', salesforceValue: 'Working - Contacted' }]
        });
        expect(find(element, 'unavailable')).not.toBeNull();
        expect(find(element, 'reply-value').options).toEqual([{ label: 'Interested', value: 'Interested' }]);
    });

    it('is read-only in the Default profile and says when empty', () => {
        const { element } = render({ readOnly: true });
        expect(find(element, 'empty')).not.toBeNull();
        expect(find(element, 'add')).toBeNull();
    });
});
