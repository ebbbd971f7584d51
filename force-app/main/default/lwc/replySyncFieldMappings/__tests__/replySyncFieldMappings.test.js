import { createElement } from 'lwc';
import ReplySyncFieldMappings from 'c/replySyncFieldMappings';
import { findKind, replyFieldsOf } from 'c/replySyncCatalog';
import { placedProblems } from 'c/replySyncProblems';
import { parseStepSettings, rowKeysBySection } from 'c/replySyncSettings';

const { catalog, LEAD_FIELDS, REPLY_OPTIONS, LEADS_WITH_PROBLEMS, VERDICTS } = require('replySyncFixtures');

const LEADS = findKind(catalog, 'Leads_To_People');
const PEOPLE_TO_LEADS = findKind(catalog, 'People_To_Leads');

describe('c-reply-sync-field-mappings', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
    });

    function render(props = {}) {
        const { settings } = parseStepSettings(LEADS_WITH_PROBLEMS, LEADS, catalog);
        const element = createElement('c-reply-sync-field-mappings', { is: ReplySyncFieldMappings });
        Object.assign(element, {
            mappings: settings.fieldMappings,
            salesforceFields: LEAD_FIELDS,
            replyFields: replyFieldsOf(catalog, REPLY_OPTIONS),
            kind: LEADS,
            catalog,
            ...props
        });
        const changes = [];
        element.addEventListener('change', (event) => changes.push(event.detail.mappings));
        document.body.appendChild(element);
        return { element, changes, settings };
    }

    const editor = (element) => element.shadowRoot.querySelector('c-reply-sync-row-editor');
    const rows = (element) => [...editor(element).shadowRoot.querySelectorAll('[data-id="row"]')];
    const inRow = (row, id) => row.querySelector(`[data-id="${id}"]`);

    it('shows the required mappings locked and not removable, the others editable', async () => {
        const { element } = render();
        const [first, , , company, interests] = rows(element);
        expect(rows(element)).toHaveLength(5);
        expect(inRow(first, 'salesforceField').value).toBe('FirstName');
        expect(inRow(first, 'salesforceField').disabled).toBe(true);
        expect(inRow(first, 'locked').label).toBe('Required');
        expect(inRow(first, 'remove')).toBeNull();
        expect(inRow(company, 'replyField').value).toBe('company');
        expect(inRow(interests, 'remove')).not.toBeNull();
        expect(inRow(interests, 'salesforceField').disabled).toBe(false);
        await expect(element).toBeAccessible();
    });

    it('offers the fields Reply can sync, and only writable ones when the step writes Salesforce', () => {
        const { element } = render();
        const offered = inRow(rows(element)[0], 'salesforceField').options.map((option) => option.value);
        expect(offered).toEqual(expect.arrayContaining(['Title', 'HasOptedOutOfEmail', 'CreatedDate']));
        expect(offered).not.toContain('Address');
        const stored = inRow(rows(element)[4], 'salesforceField').options.map((option) => option.value);
        expect(stored[0]).toBe('Interests__c');
        const inward = render({ kind: PEOPLE_TO_LEADS });
        const inwardOffered = inRow(rows(inward.element)[0], 'salesforceField').options.map((o) => o.value);
        expect(inwardOffered).not.toContain('CreatedDate');
        const replyOffered = inRow(rows(element)[0], 'replyField').options.map((option) => option.label);
        expect(replyOffered).toContain('Score (custom)');
    });

    it("shows the bridge's problem under the row it concerns", async () => {
        const { element, settings } = render();
        element.problems = placedProblems(VERDICTS.leadsWithProblems, rowKeysBySection(settings));
        await Promise.resolve();
        expect(inRow(rows(element)[4], 'problem').textContent).toBe(
            'Salesforce field: Lead.Interests__c is a multi-select picklist, which Reply cannot sync: Reply has no multi-select fields.'
        );
        expect(
            rows(element)
                .slice(0, 4)
                .every((row) => !inRow(row, 'problem'))
        ).toBe(true);
    });

    it('passes every edit on, keeping the choice the admin made', () => {
        const { element, changes } = render();
        inRow(rows(element)[4], 'replyField').dispatchEvent(new CustomEvent('change', { detail: { value: 'title' } }));
        expect(changes[0][4]).toMatchObject({ salesforceField: 'Interests__c', replyField: 'title' });
        editor(element).shadowRoot.querySelector('[data-id="add"]').click();
        expect(changes[1][5]).toMatchObject({ salesforceField: '', replyField: '', required: false });
        inRow(rows(element)[4], 'remove').click();
        expect(changes[2]).toHaveLength(4);
    });

    it('is read-only in the Default profile and says when there are no mappings', () => {
        const { element } = render({ readOnly: true });
        expect(inRow(rows(element)[4], 'salesforceField').disabled).toBe(true);
        expect(editor(element).shadowRoot.querySelector('[data-id="add"]')).toBeNull();
        const empty = render({ mappings: [] });
        expect(editor(empty.element).shadowRoot.querySelector('[data-id="empty"]').textContent).toBe(
            'No field mappings yet.'
        );
    });

    it('offers the fields by label, and not a field another row already writes', () => {
        const { element } = render();
        const labels = inRow(rows(element)[0], 'salesforceField').options.map((option) => option.label);
        expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b)));
        // Leads to People writes Reply: a Reply field mapped on one row is not offered on another.
        const offered = inRow(rows(element)[4], 'replyField').options.map((option) => option.value);
        expect(offered).not.toContain('email');
        expect(inRow(rows(element)[2], 'replyField').options.map((option) => option.value)).toContain('email');
        // People to Leads writes Salesforce: there the Salesforce side is the one not offered twice.
        const inward = render({ kind: PEOPLE_TO_LEADS });
        const inwardOffered = inRow(rows(inward.element)[4], 'salesforceField').options.map((option) => option.value);
        expect(inwardOffered).not.toContain('Email');
    });
});
