import { createElement } from 'lwc';
import ReplySyncFieldMappings from 'c/replySyncFieldMappings';
import { findKind, replyFieldsOf, withRequiredMappings } from 'c/replySyncRules';

const { catalog, LEAD_FIELDS, REPLY_OPTIONS } = require('../../../../../test/fixtures/replySyncFixtures.js');

const LEADS = findKind(catalog, 'Leads_To_People');

function leadMappings() {
    return withRequiredMappings([{ key: 'title', salesforceField: 'Title', replyField: 'title' }], LEADS);
}

describe('c-reply-sync-field-mappings', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
    });

    function render(props = {}) {
        const element = createElement('c-reply-sync-field-mappings', { is: ReplySyncFieldMappings });
        Object.assign(element, {
            mappings: leadMappings(),
            salesforceFields: LEAD_FIELDS,
            replyFields: replyFieldsOf(catalog, REPLY_OPTIONS),
            kind: LEADS,
            catalog,
            ...props
        });
        const changes = [];
        element.addEventListener('change', (event) => changes.push(event.detail.mappings));
        document.body.appendChild(element);
        return { element, changes };
    }

    const rows = (element) => [...element.shadowRoot.querySelectorAll('[data-id="row"]')];
    const inRow = (row, id) => row.querySelector(`[data-id="${id}"]`);

    function choose(combobox, value) {
        combobox.dispatchEvent(new CustomEvent('change', { detail: { value } }));
    }

    it('pre-fills the required mappings, locked and not removable', async () => {
        const { element } = render();
        const [first, , , company, title] = rows(element);
        expect(rows(element)).toHaveLength(5);
        expect(inRow(first, 'salesforce-field').value).toBe('FirstName');
        expect(inRow(first, 'salesforce-field').disabled).toBe(true);
        expect(inRow(first, 'reply-field').disabled).toBe(true);
        expect(inRow(first, 'required')).not.toBeNull();
        expect(inRow(first, 'remove')).toBeNull();
        expect(inRow(company, 'reply-field').value).toBe('company');
        expect(inRow(title, 'remove')).not.toBeNull();
        expect(inRow(title, 'salesforce-field').disabled).toBe(false);
        await expect(element).toBeAccessible();
    });

    it('never offers multi-select picklists or compound fields', () => {
        const { element } = render();
        const offered = inRow(rows(element)[4], 'salesforce-field').options.map((option) => option.value);
        expect(offered).toContain('Title');
        expect(offered).not.toContain('Interests__c');
        expect(offered).not.toContain('Address');
        const replyOptions = inRow(rows(element)[4], 'reply-field').options;
        expect(replyOptions).toContainEqual({ label: 'Score (custom)', value: 'custom:Score' });
    });

    it('refuses a multi-select picklist with the reason and keeps the mapping', async () => {
        const { element, changes } = render();
        const combobox = inRow(rows(element)[4], 'salesforce-field');
        choose(combobox, 'Interests__c');
        await Promise.resolve();
        expect(changes).toEqual([]);
        expect(combobox.value).toBe('Title');
        expect(inRow(rows(element)[4], 'problem').textContent).toContain(
            'Interests is a multipicklist field, which Reply cannot sync.'
        );
    });

    it('refuses a Reply field whose type does not fit, then accepts one that does', async () => {
        const peopleToLeads = findKind(catalog, 'People_To_Leads');
        const { element, changes } = render({ kind: peopleToLeads });
        const salesforce = inRow(rows(element)[4], 'salesforce-field');
        choose(salesforce, 'NumberOfEmployees');
        await Promise.resolve();
        expect(changes).toHaveLength(0);
        expect(inRow(rows(element)[4], 'problem').textContent).toBe(
            '(from) People in Reply - (to) Leads in Salesforce: Employees (int) and the Reply field title (text) do not fit in this direction. Salesforce field types that fit: string, textarea, email, phone, url, picklist, combobox.'
        );

        choose(inRow(rows(element)[4], 'reply-field'), 'custom:Score');
        await Promise.resolve();
        expect(changes).toHaveLength(1);
        expect(changes[0][4]).toMatchObject({ salesforceField: 'Title', replyField: 'custom:Score' });
        expect(inRow(rows(element)[4], 'problem')).toBeNull();
    });

    it('lets a Salesforce checkbox or number go into a Reply text field', async () => {
        const { element, changes } = render();
        choose(inRow(rows(element)[4], 'salesforce-field'), 'HasOptedOutOfEmail');
        await Promise.resolve();
        expect(changes).toHaveLength(1);
        expect(changes[0][4]).toMatchObject({ salesforceField: 'HasOptedOutOfEmail', replyField: 'title' });
        expect(inRow(rows(element)[4], 'problem')).toBeNull();
    });

    it('adds and removes optional mappings', async () => {
        const { element, changes } = render();
        element.shadowRoot.querySelector('[data-id="add"]').click();
        expect(changes[0]).toHaveLength(6);
        expect(changes[0][5]).toMatchObject({ salesforceField: '', replyField: '', required: false });
        inRow(rows(element)[4], 'remove').click();
        expect(changes[1].map((row) => row.salesforceField)).toEqual(['FirstName', 'LastName', 'Email', 'Company']);
    });

    it('shows the problem of a stored mapping Reply cannot sync', async () => {
        const { element } = render({
            mappings: [
                ...leadMappings(),
                { key: 'bad', salesforceField: 'Interests__c', replyField: 'notes', required: false }
            ]
        });
        const row = rows(element)[5];
        expect(inRow(row, 'salesforce-field').options[0]).toEqual({ label: 'Interests__c', value: 'Interests__c' });
        expect(inRow(row, 'problem').textContent).toContain('which Reply cannot sync');
    });

    it('is read-only in the Default profile', () => {
        const { element } = render({ readOnly: true });
        expect(rows(element).every((row) => inRow(row, 'salesforce-field').disabled)).toBe(true);
        expect(element.shadowRoot.querySelector('[data-id="remove"]')).toBeNull();
        expect(element.shadowRoot.querySelector('[data-id="add"]')).toBeNull();
    });

    it('says when there are no mappings', () => {
        const { element } = render({ mappings: [], kind: findKind(catalog, 'Emails_To_Lead_Tasks') });
        expect(element.shadowRoot.querySelector('[data-id="empty"]')).not.toBeNull();
    });
});
