import { createElement } from 'lwc';
import ReplySyncFilterEditor from 'c/replySyncFilterEditor';
import { findKind } from 'c/replySyncRules';

const { catalog, LEAD_FIELDS, REPLY_OPTIONS } = require('../../../../../test/fixtures/replySyncFixtures.js');

const EMAILS = findKind(catalog, 'Emails_To_Lead_Tasks');
const LEADS = findKind(catalog, 'Leads_To_People');

describe('c-reply-sync-filter-editor', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
    });

    function render(props) {
        const element = createElement('c-reply-sync-filter-editor', { is: ReplySyncFilterEditor });
        Object.assign(element, { catalog, salesforceFields: LEAD_FIELDS, ...props });
        const changes = [];
        element.addEventListener('change', (event) => changes.push(event.detail.filter));
        document.body.appendChild(element);
        return { element, changes };
    }

    const find = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);
    const findAll = (element, id) => [...element.shadowRoot.querySelectorAll(`[data-id="${id}"]`)];
    const choose = (target, value) => target.dispatchEvent(new CustomEvent('change', { detail: { value } }));

    it('loads a default filter or a Reply list for steps that read Reply', async () => {
        const { element, changes } = render({ kind: EMAILS, filter: null, replyLists: REPLY_OPTIONS.lists });
        const combobox = find(element, 'reply-filter');
        expect(combobox.options.map((option) => option.label)).toEqual([
            'Default filter: Opened',
            'Default filter: Replied',
            'Default filter: Bounced',
            'Default filter: Opted out',
            'Default filter: To call',
            'Default filter: Clicked',
            'Reply list: Webinar',
            'Reply list: Trade show'
        ]);
        expect(find(element, 'no-filter')).not.toBeNull();
        expect(find(element, 'add-condition')).toBeNull();
        choose(combobox, 'default:replied');
        choose(combobox, 'list:6');
        expect(changes).toEqual([
            { type: 'default', key: 'replied' },
            { type: 'replyList', listId: 6, listName: 'Trade show' }
        ]);
        await expect(element).toBeAccessible();
    });

    it('clears a loaded filter', () => {
        const { element, changes } = render({
            kind: EMAILS,
            filter: { type: 'default', key: 'replied' },
            replyLists: []
        });
        expect(find(element, 'reply-filter').value).toBe('default:replied');
        find(element, 'clear').click();
        expect(changes).toEqual([null]);
    });

    it('keeps a stored list when the bridge cannot list them, and says so', () => {
        const { element } = render({
            kind: EMAILS,
            filter: { type: 'replyList', listId: 42, listName: 'Old list' },
            replyLists: undefined
        });
        expect(find(element, 'lists-unavailable')).not.toBeNull();
        expect(find(element, 'reply-filter').options).toContainEqual({
            label: 'Reply list: Old list',
            value: 'list:42'
        });
        expect(find(element, 'reply-filter').value).toBe('list:42');
    });

    it('sets conditions on Salesforce fields for steps that read Salesforce', async () => {
        const { element, changes } = render({ kind: LEADS, filter: null });
        expect(find(element, 'reply-filter')).toBeNull();
        find(element, 'add-condition').click();
        expect(changes[0]).toEqual({
            type: 'salesforceConditions',
            conditions: [{ key: expect.any(String), field: '', operator: 'equals', value: '' }]
        });

        const filter = {
            type: 'salesforceConditions',
            conditions: [
                { key: 'a', field: 'LeadSource', operator: 'equals', value: 'Web' },
                { key: 'b', field: 'NumberOfEmployees', operator: 'greaterThan', value: 10 }
            ]
        };
        element.filter = filter;
        await Promise.resolve();
        expect(findAll(element, 'condition')).toHaveLength(2);
        const fields = find(element, 'condition-field').options.map((option) => option.value);
        expect(fields).not.toContain('Description');
        expect(fields).toContain('LeadSource');

        choose(findAll(element, 'condition-operator')[0], 'in');
        expect(changes[1].conditions[0]).toMatchObject({ operator: 'in', value: ['Web'] });
        choose(findAll(element, 'condition-value')[1], '250');
        expect(changes[2].conditions[1].value).toBe(250);
        choose(findAll(element, 'condition-field')[1], 'Email');
        expect(changes[3].conditions[1].field).toBe('Email');
        choose(findAll(element, 'condition-operator')[0], 'isBlank');
        expect(changes[4].conditions[0].value).toBeUndefined();

        findAll(element, 'remove-condition')[0].click();
        expect(changes[5].conditions.map((condition) => condition.key)).toEqual(['b']);
        await expect(element).toBeAccessible();
    });

    it('drops the filter with its last condition', async () => {
        const { element, changes } = render({
            kind: LEADS,
            filter: { type: 'salesforceConditions', conditions: [{ key: 'a', field: 'Email', operator: 'isBlank' }] }
        });
        expect(find(element, 'condition-value')).toBeNull();
        find(element, 'remove-condition').click();
        expect(changes).toEqual([null]);
    });

    it('is read-only in the Default profile', () => {
        const { element } = render({
            kind: LEADS,
            readOnly: true,
            filter: { type: 'salesforceConditions', conditions: [{ key: 'a', field: 'Email', operator: 'isBlank' }] }
        });
        expect(find(element, 'condition-field').disabled).toBe(true);
        expect(find(element, 'add-condition')).toBeNull();
        expect(find(element, 'remove-condition')).toBeNull();
        expect(find(element, 'clear')).toBeNull();
    });
});
