import { createElement } from 'lwc';
import ReplySyncRowEditor, { withStored } from 'c/replySyncRowEditor';

const COLUMNS = [
    {
        name: 'field',
        label: 'Field',
        type: 'combobox',
        size: '4-of-12',
        options: () => [
            { label: 'Title', value: 'Title' },
            { label: 'Email', value: 'Email' }
        ]
    },
    {
        name: 'count',
        label: 'Count',
        type: 'text',
        value: (row) => String(row.count),
        parse: (text) => ({ count: Number(text) }),
        hidden: (row) => row.field === 'Email',
        help: () => 'A number'
    },
    { name: 'on', label: 'On', type: 'checkbox', disabled: (row) => row.field === '' }
];

const PROBLEMS = [
    { text: 'Choose another field.', column: 'field' },
    { text: 'Holds settings Reply Sync does not know: x.' }
];

const ROWS = [
    { key: 'a', field: 'Title', count: 1, on: true, fixed: true },
    { key: 'b', field: 'Email', count: 2, on: false },
    { key: 'c', field: '', count: 3, on: false }
];

describe('c-reply-sync-row-editor', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
    });

    function render(props = {}) {
        const element = createElement('c-reply-sync-row-editor', { is: ReplySyncRowEditor });
        Object.assign(element, {
            rows: ROWS,
            columns: COLUMNS,
            locked: (row) => Boolean(row.fixed),
            lockedLabel: 'Required',
            newRow: () => ({ key: 'new', field: '', count: 0, on: false }),
            addLabel: 'Add a row',
            removeLabel: 'Remove the row',
            emptyText: 'No rows yet',
            ...props
        });
        const changes = [];
        element.addEventListener('change', (event) => changes.push(event.detail.rows));
        document.body.appendChild(element);
        return { element, changes };
    }

    const rowsOf = (element) => [...element.shadowRoot.querySelectorAll('[data-id="row"]')];
    const cell = (row, name) => row.querySelector(`[data-id="${name}"]`);

    it('draws a row of inputs per row as the columns say, locked rows badged and fixed', async () => {
        const { element } = render();
        const [fixed, email, blank] = rowsOf(element);
        expect(rowsOf(element).map((row) => row.dataset.key)).toEqual(['a', 'b', 'c']);
        expect(cell(fixed, 'field').value).toBe('Title');
        expect(cell(fixed, 'field').options).toHaveLength(2);
        expect(cell(fixed, 'field').disabled).toBe(true);
        expect(cell(fixed, 'count').value).toBe('1');
        expect(cell(fixed, 'count').fieldLevelHelp).toBe('A number');
        expect(cell(fixed, 'on').checked).toBe(true);
        expect(cell(fixed, 'locked').label).toBe('Required');
        expect(cell(fixed, 'remove')).toBeNull();
        expect(cell(email, 'count')).toBeNull();
        expect(cell(email, 'field').disabled).toBe(false);
        expect(cell(email, 'remove').alternativeText).toBe('Remove the row');
        expect(cell(blank, 'on').disabled).toBe(true);
        await expect(element).toBeAccessible();
    });

    it('turns each edit into the changed rows, through the column parse', () => {
        const { element, changes } = render();
        const [, email, blank] = rowsOf(element);
        cell(email, 'field').dispatchEvent(new CustomEvent('change', { detail: { value: 'Title' } }));
        cell(blank, 'count').dispatchEvent(new CustomEvent('change', { detail: { value: '42' } }));
        cell(email, 'on').dispatchEvent(new CustomEvent('change', { detail: { checked: true } }));
        expect(changes[0][1]).toEqual({ key: 'b', field: 'Title', count: 2, on: false });
        expect(changes[1][2]).toEqual({ key: 'c', field: '', count: 42, on: false });
        expect(changes[2][1].on).toBe(true);
        expect(changes.every((rows) => rows[0].key === 'a' && rows[0].field === 'Title')).toBe(true);
    });

    it('adds a new row and removes one', () => {
        const { element, changes } = render();
        element.shadowRoot.querySelector('[data-id="add"]').click();
        expect(changes[0].map((row) => row.key)).toEqual(['a', 'b', 'c', 'new']);
        cell(rowsOf(element)[1], 'remove').click();
        expect(changes[1].map((row) => row.key)).toEqual(['a', 'c']);
    });

    it("shows each row's problems under it, named by their column, and the section's above", async () => {
        const { element } = render({
            problems: (row) => (row.key === 'b' ? PROBLEMS : []),
            messages: [{ key: 'm', text: 'The mapping Company is required.' }]
        });
        await Promise.resolve();
        const problems = [...rowsOf(element)[1].querySelectorAll('[data-id="problem"]')];
        expect(problems.map((p) => p.textContent)).toEqual([
            'Field: Choose another field.',
            'Holds settings Reply Sync does not know: x.'
        ]);
        expect(problems[0].dataset.column).toBe('field');
        expect(rowsOf(element)[0].querySelector('[data-id="problem"]')).toBeNull();
        expect(element.shadowRoot.querySelector('[data-id="message"]').textContent).toBe(
            'The mapping Company is required.'
        );
    });

    it('changes nothing when read-only, and says when there are no rows', () => {
        const { element } = render({ readOnly: true, rows: [] });
        expect(element.shadowRoot.querySelector('[data-id="add"]')).toBeNull();
        expect(element.shadowRoot.querySelector('[data-id="empty"]').textContent).toBe('No rows yet');
        const readOnly = render({ readOnly: true });
        expect(cell(rowsOf(readOnly.element)[1], 'field').disabled).toBe(true);
        expect(cell(rowsOf(readOnly.element)[1], 'remove')).toBeNull();
    });

    it('keeps a stored choice in the options when they lack it', () => {
        const options = [{ label: 'Title', value: 'Title' }];
        expect(withStored(options, 'Title')).toBe(options);
        expect(withStored(options, 7)).toEqual([{ label: '7', value: '7' }, ...options]);
        expect(withStored(options, null)).toBe(options);
    });

    it("keeps the inputs' own change events inside: only its rows leave it", () => {
        const { element, changes } = render();
        const escaped = [];
        document.body.addEventListener('change', (event) => escaped.push(event.detail));
        const input = cell(rowsOf(element)[1], 'field');
        // The base components' change events bubble and are composed, as lightning-combobox's are in a browser.
        input.dispatchEvent(new CustomEvent('change', { detail: { value: 'Email' }, bubbles: true, composed: true }));
        expect(changes).toHaveLength(1);
        expect(escaped).toEqual([]);
    });
});
