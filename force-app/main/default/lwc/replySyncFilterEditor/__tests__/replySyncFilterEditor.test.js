import { createElement } from 'lwc';
import ReplySyncFilterEditor from 'c/replySyncFilterEditor';
import { findKind } from 'c/replySyncCatalog';
import { placedProblems } from 'c/replySyncProblems';

const { catalog, LEAD_FIELDS, REPLY_OPTIONS, VERDICTS } = require('replySyncFixtures');

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

    // Conditions are rows of the shared row editor; the rest is this component's.
    const editor = (element) => element.shadowRoot.querySelector('c-reply-sync-row-editor')?.shadowRoot;
    const find = (element, id) =>
        element.shadowRoot.querySelector(`[data-id="${id}"]`) ?? editor(element)?.querySelector(`[data-id="${id}"]`);
    const findAll = (element, id) => [...(editor(element)?.querySelectorAll(`[data-id="${id}"]`) ?? [])];
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
        expect(element.shadowRoot.querySelector('c-reply-sync-row-editor')).toBeNull();
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
        find(element, 'add').click();
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
        expect(findAll(element, 'row')).toHaveLength(2);
        const fields = find(element, 'field').options.map((option) => option.value);
        expect(fields).not.toContain('Description');
        expect(fields).toContain('LeadSource');

        choose(findAll(element, 'operator')[0], 'in');
        expect(changes[1].conditions[0]).toMatchObject({ operator: 'in', value: ['Web'] });
        choose(findAll(element, 'value')[1], '250');
        expect(changes[2].conditions[1].value).toBe('250');
        choose(findAll(element, 'field')[1], 'Email');
        expect(changes[3].conditions[1].field).toBe('Email');
        choose(findAll(element, 'operator')[0], 'isBlank');
        expect(changes[4].conditions[0].value).toBeUndefined();

        findAll(element, 'remove')[0].click();
        expect(changes[5].conditions.map((condition) => condition.key)).toEqual(['b']);
        await expect(element).toBeAccessible();
    });

    it("shows the bridge's verdict on the condition it concerns", async () => {
        const filter = {
            type: 'salesforceConditions',
            conditions: [{ key: 'c', field: 'Title', operator: 'equals', value: '' }]
        };
        const { element } = render({ kind: LEADS, filter });
        element.problems = placedProblems(VERDICTS.leadsWithProblems, { filters: ['c'] });
        await Promise.resolve();
        // Once "condition 1 on needs a value"; now the row itself says which input wants what.
        expect(findAll(element, 'problem').map((problem) => problem.textContent)).toEqual([
            'Value: Choose or enter a value.'
        ]);
        element.problems = placedProblems(
            {
                problems: [
                    {
                        code: 'FILTER_TYPE_NOT_ALLOWED',
                        params: { source: 'Leads in Salesforce' },
                        field: { section: 'filters', column: 'type' }
                    }
                ]
            },
            {}
        );
        await Promise.resolve();
        expect(element.shadowRoot.querySelector('[data-id="message"]').textContent).toBe(
            'A step that reads Leads in Salesforce cannot use this kind of filter.'
        );
    });

    it('drops the filter with its last condition', async () => {
        const { element, changes } = render({
            kind: LEADS,
            filter: { type: 'salesforceConditions', conditions: [{ key: 'a', field: 'Email', operator: 'isBlank' }] }
        });
        expect(find(element, 'value')).toBeNull();
        find(element, 'remove').click();
        expect(changes).toEqual([null]);
    });

    it('is read-only in the Default profile', () => {
        const { element } = render({
            kind: LEADS,
            readOnly: true,
            filter: { type: 'salesforceConditions', conditions: [{ key: 'a', field: 'Email', operator: 'isBlank' }] }
        });
        expect(find(element, 'field').disabled).toBe(true);
        expect(find(element, 'add')).toBeNull();
        expect(find(element, 'remove')).toBeNull();
        expect(find(element, 'clear')).toBeNull();
    });
});
