import { createElement } from 'lwc';
import ReplySyncAddStep from 'c/replySyncAddStep';

const { catalog } = require('replySyncFixtures');

describe('c-reply-sync-add-step', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
    });

    function render() {
        const element = createElement('c-reply-sync-add-step', { is: ReplySyncAddStep });
        element.catalog = catalog;
        const events = [];
        element.addEventListener('add', (event) => events.push(['add', event.detail.stepKind]));
        element.addEventListener('cancel', () => events.push(['cancel']));
        document.body.appendChild(element);
        return { element, events };
    }

    const groups = (element) => [...element.shadowRoot.querySelectorAll('[data-id="kind"]')];
    const find = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);

    it('offers the sixteen kinds grouped by what they sync, each once, named by its direction', async () => {
        const { element } = render();
        expect(groups(element).map((group) => [group.label, group.options.length])).toEqual([
            ['People', 4],
            ['Statuses', 2],
            ['Activities', 8],
            ['Notes', 2]
        ]);
        expect(groups(element)[0].options[1]).toEqual({
            label: 'Leads in Salesforce \u2192 People in Reply',
            value: 'Leads_To_People'
        });
        expect(groups(element).map((group) => group.value)).toEqual(['Contacts_To_People', null, null, null]);
        await expect(element).toBeAccessible();
    });

    it('keeps one choice across the groups and adds it', async () => {
        const { element, events } = render();
        groups(element)[2].dispatchEvent(new CustomEvent('change', { detail: { value: 'Calls_To_Lead_Tasks' } }));
        await Promise.resolve();
        expect(groups(element).map((group) => group.value)).toEqual([null, null, 'Calls_To_Lead_Tasks', null]);
        find(element, 'add').click();
        find(element, 'cancel').click();
        expect(events).toEqual([['add', 'Calls_To_Lead_Tasks'], ['cancel']]);
    });
});
