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

    const find = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);

    it('offers the sixteen kinds as Reply names them', async () => {
        const { element } = render();
        const options = find(element, 'kind').options;
        expect(options).toHaveLength(16);
        expect(options[1]).toEqual({
            label: '(from) Leads in Salesforce - (to) People in Reply',
            value: 'Leads_To_People'
        });
        expect(find(element, 'kind').value).toBe('Contacts_To_People');
        await expect(element).toBeAccessible();
    });

    it('turns a people kind around with the direction icon', async () => {
        const { element, events } = render();
        find(element, 'kind').dispatchEvent(new CustomEvent('change', { detail: { value: 'Leads_To_People' } }));
        await Promise.resolve();
        expect(find(element, 'direction').textContent).toContain('(from) Leads in Salesforce - (to) People in Reply');
        find(element, 'flip').click();
        await Promise.resolve();
        expect(find(element, 'kind').value).toBe('People_To_Leads');
        find(element, 'add').click();
        expect(events).toEqual([['add', 'People_To_Leads']]);
    });

    it('has no direction icon for kinds that go one way only', async () => {
        const { element, events } = render();
        find(element, 'kind').dispatchEvent(new CustomEvent('change', { detail: { value: 'Calls_To_Lead_Tasks' } }));
        await Promise.resolve();
        expect(find(element, 'flip')).toBeNull();
        find(element, 'cancel').click();
        expect(events).toEqual([['cancel']]);
    });
});
