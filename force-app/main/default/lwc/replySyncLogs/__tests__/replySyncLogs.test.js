import { createElement } from 'lwc';
import ReplySyncLogs from 'c/replySyncLogs';
import getLogs from '@salesforce/apex/ReplySyncConsoleController.getLogs';
import { refreshApex } from '@salesforce/apex';

const { catalog, CUSTOM_STEPS } = require('replySyncFixtures');

const LOGS = [
    {
        id: 'a02',
        runId: 'run-2',
        stepName: 'Custom_Emails_To_Lead_Tasks_1',
        stepKind: 'Emails_To_Lead_Tasks',
        stepLabel: null,
        status: 'Failed',
        triggeredBy: 'Sync Now',
        dryRun: false,
        startedAt: '2026-03-01T10:05:00.000Z',
        recordsRead: 4,
        recordsCreated: 0,
        recordsFailed: 4,
        message: 'INVALID_SESSION_ID'
    },
    {
        id: 'a01',
        runId: 'run-1',
        stepName: 'Custom_Leads_To_People_1',
        stepKind: 'Leads_To_People',
        stepLabel: 'Leads to People',
        status: 'Succeeded',
        triggeredBy: 'Scheduled',
        dryRun: true,
        startedAt: '2026-03-01T10:00:00.000Z',
        recordsRead: 12,
        recordsCreated: 3,
        recordsUpdated: null
    },
    {
        id: 'a00',
        runId: 'run-0',
        stepName: 'Custom_Leads_To_People_1',
        stepKind: 'Leads_To_People',
        status: 'Succeeded',
        triggeredBy: 'Scheduled',
        startedAt: '2026-03-01T09:00:00.000Z',
        recordsRead: 0
    }
];

describe('c-reply-sync-logs', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    function render() {
        const element = createElement('c-reply-sync-logs', { is: ReplySyncLogs });
        Object.assign(element, { steps: CUSTOM_STEPS, catalog });
        document.body.appendChild(element);
        return element;
    }

    const find = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);

    it('shows a spinner while loading', () => {
        const element = render();
        expect(find(element, 'loading')).not.toBeNull();
    });

    it('lists runs and steps newest first with their counts, status and message', async () => {
        const element = render();
        getLogs.emit(LOGS);
        await Promise.resolve();
        const table = find(element, 'table');
        expect(table.data.map((row) => row.id)).toEqual(['a02', 'a01', 'a00']);
        // Zero or missing counts read the same: nothing to do.
        expect(table.data[2].countsText).toBe('Nothing to sync');
        // Each step by its one name, as the step list names it.
        expect(table.data.map((row) => [row.stepText, row.triggerText, row.countsText])).toEqual([
            ['Emails to Lead Tasks', 'Sync Now', '4 read, 4 failed'],
            ['Leads to People', 'Scheduled (dry run)', '12 read, 3 created'],
            ['Leads to People', 'Scheduled', 'Nothing to sync']
        ]);
        expect(table.columns.map((column) => column.fieldName)).toEqual([
            'startedAt',
            'stepText',
            'status',
            'triggerText',
            'countsText',
            'message'
        ]);
        // Only the message takes what is left, and only counts and message wrap.
        expect(table.columns.filter((column) => !column.initialWidth).map((column) => column.fieldName)).toEqual([
            'message'
        ]);
        expect(table.columns.filter((column) => column.wrapText).map((column) => column.fieldName)).toEqual([
            'countsText',
            'message'
        ]);
        expect(getLogs.getLastConfig()).toEqual({ status: '', stepName: '', maxRows: 200 });
        await expect(element).toBeAccessible();
    });

    it('filters by status and step', async () => {
        const element = render();
        expect(find(element, 'step-filter').options.map((option) => option.value)).toEqual([
            '',
            'Custom_Leads_To_People_1',
            'Custom_Statuses_To_Lead_Statuses_1',
            'Custom_Emails_To_Lead_Tasks_1'
        ]);
        find(element, 'status-filter').dispatchEvent(new CustomEvent('change', { detail: { value: 'Failed' } }));
        await Promise.resolve();
        expect(getLogs.getLastConfig()).toEqual({ status: 'Failed', stepName: '', maxRows: 200 });
        find(element, 'step-filter').dispatchEvent(
            new CustomEvent('change', { detail: { value: 'Custom_Emails_To_Lead_Tasks_1' } })
        );
        await Promise.resolve();
        expect(getLogs.getLastConfig()).toEqual({
            status: 'Failed',
            stepName: 'Custom_Emails_To_Lead_Tasks_1',
            maxRows: 200
        });
    });

    it('shows a paused step with what it lacks, and filters on Paused', async () => {
        const element = render();
        expect(find(element, 'status-filter').options.map((option) => option.value)).toContain('Paused');
        getLogs.emit([
            {
                ...LOGS[0],
                id: 'a03',
                status: 'Paused',
                recordsFailed: 0,
                message: "Paused: Reply's email activity report is not available to this API key"
            }
        ]);
        await Promise.resolve();
        const row = find(element, 'table').data[0];
        expect(row.status).toBe('Paused');
        expect(row.message).toContain('not available to this API key');
        find(element, 'status-filter').dispatchEvent(new CustomEvent('change', { detail: { value: 'Paused' } }));
        await Promise.resolve();
        expect(getLogs.getLastConfig()).toEqual({ status: 'Paused', stepName: '', maxRows: 200 });
    });

    it('says when nothing matches', async () => {
        const element = render();
        getLogs.emit([]);
        await Promise.resolve();
        expect(find(element, 'empty')).not.toBeNull();
    });

    it('shows why the logs could not be loaded', async () => {
        const element = render();
        getLogs.error({ message: 'Insufficient permissions: secure query included inaccessible field' });
        await Promise.resolve();
        expect(find(element, 'error').errors.body.message).toContain('Insufficient permissions');
    });

    it('refreshes on demand and for the console', async () => {
        const element = render();
        getLogs.emit(LOGS);
        await Promise.resolve();
        find(element, 'refresh').click();
        await element.refresh();
        expect(refreshApex).toHaveBeenCalledTimes(2);
    });
});
