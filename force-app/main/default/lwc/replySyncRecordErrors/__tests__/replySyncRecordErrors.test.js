import { createElement } from 'lwc';
import ReplySyncRecordErrors from 'c/replySyncRecordErrors';
import getRecordErrors from '@salesforce/apex/ReplySyncConsoleController.getRecordErrors';
import { refreshApex } from '@salesforce/apex';

const { catalog, step } = require('replySyncFixtures');

const ERRORS = [
    {
        id: 'e1',
        name: 'ERR-0000001',
        stepName: 'Custom_People_To_Leads_1',
        stepKind: 'People_To_Leads',
        recordLabel: 'ada@example.com',
        errorCode: 'DUPLICATES_DETECTED',
        message: 'A duplicate rule blocked the Lead: merge the duplicates or relax the rule.',
        attempts: 3,
        gaveUp: false,
        resolved: false,
        lastSeenAt: '2026-03-01T10:05:00.000Z'
    },
    {
        id: 'e2',
        name: 'ERR-0000002',
        stepName: 'Gone_Step',
        stepKind: 'Gone',
        salesforceRecordId: '00Q000000000009AAA',
        errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD',
        message: 'cannot reference converted lead',
        attempts: 5,
        gaveUp: true,
        resolved: false
    }
];

describe('c-reply-sync-record-errors', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    function render() {
        const element = createElement('c-reply-sync-record-errors', { is: ReplySyncRecordErrors });
        element.catalog = catalog;
        element.steps = [step('Custom_People_To_Leads_1', 'People_To_Leads', { label: 'Leads from Reply' })];
        document.body.appendChild(element);
        return element;
    }

    const find = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);

    it('shows a spinner while loading', () => {
        expect(find(render(), 'loading')).not.toBeNull();
    });

    it('lists the failing records with the reason and attempts', async () => {
        const element = render();
        getRecordErrors.emit(ERRORS);
        await Promise.resolve();
        const data = find(element, 'table').data;
        expect(data.map((row) => [row.recordText, row.stepText, row.reasonText, row.attempts, row.stateText])).toEqual([
            [
                'ada@example.com',
                'Leads from Reply',
                'A duplicate rule blocked the Lead: merge the duplicates or relax the rule. (DUPLICATES_DETECTED)',
                3,
                'Open'
            ],
            [
                '00Q000000000009AAA',
                'Gone_Step (not in the step list)',
                'cannot reference converted lead (CANNOT_UPDATE_CONVERTED_LEAD)',
                5,
                'Gave up'
            ]
        ]);
        expect(
            find(element, 'table')
                .columns.filter((column) => !column.initialWidth)
                .map((c) => c.fieldName)
        ).toEqual(['recordText', 'stepText', 'reasonText']);
        expect(getRecordErrors.getLastConfig()).toEqual({ includeResolved: false, maxRows: 200 });
        await expect(element).toBeAccessible();
    });

    it('shows resolved errors on demand', async () => {
        const element = render();
        find(element, 'show-resolved').dispatchEvent(new CustomEvent('change', { detail: { checked: true } }));
        await Promise.resolve();
        expect(getRecordErrors.getLastConfig()).toEqual({ includeResolved: true, maxRows: 200 });
    });

    it('says when no record is failing', async () => {
        const element = render();
        getRecordErrors.emit([]);
        await Promise.resolve();
        expect(find(element, 'empty').textContent).toBe('No record is failing to sync.');
    });

    it('shows why the errors could not be loaded', async () => {
        const element = render();
        getRecordErrors.error({ message: 'No access to Reply Sync Errors' });
        await Promise.resolve();
        expect(find(element, 'error').errors.body.message).toBe('No access to Reply Sync Errors');
    });

    it('refreshes on demand', async () => {
        const element = render();
        getRecordErrors.emit(ERRORS);
        await Promise.resolve();
        find(element, 'refresh').click();
        expect(refreshApex).toHaveBeenCalledTimes(1);
    });
});
