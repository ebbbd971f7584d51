import { createElement } from 'lwc';
import ReplySyncSyncNow, { POLL_INTERVAL_MS } from 'c/replySyncSyncNow';
import startSync from '@salesforce/apex/ReplySyncConsoleController.startSync';
import getRun from '@salesforce/apex/ReplySyncConsoleController.getRun';

const { APEX_ERROR } = require('replySyncFixtures');

const flushPromises = () =>
    Array.from({ length: 10 }).reduce((promise) => promise.then(() => undefined), Promise.resolve());

const runStep = (stepName, label, status, counts = {}) => ({
    stepName,
    stepKind: 'Leads_To_People',
    label,
    status,
    read: 0,
    created: 0,
    updated: 0,
    skipped: 0,
    failed: 0,
    salesforceApiCalls: 0,
    replyApiCalls: 0,
    message: null,
    ...counts
});

const RUNNING = {
    id: 'run-1',
    status: 'running',
    trigger: 'syncNow',
    dryRun: false,
    createdAt: '2026-03-01T10:00:00Z',
    progress: { stepsDone: 1, stepsTotal: 4, currentStep: 'Emails to Lead Tasks' },
    steps: []
};
const FINISHED = {
    ...RUNNING,
    status: 'partial',
    progress: { stepsDone: 4, stepsTotal: 4, currentStep: null },
    steps: [
        runStep('A', 'Leads to People', 'succeeded', { read: 10, created: 2, updated: 3, skipped: 5 }),
        runStep('B', 'Emails to Lead Tasks', 'partial', { read: 4, created: 2, failed: 2, message: '2 records failed' })
    ]
};

describe('c-reply-sync-sync-now', () => {
    beforeEach(() => {
        jest.useFakeTimers();
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        startSync.mockReset();
        getRun.mockReset();
        jest.useRealTimers();
    });

    function render(props = {}) {
        const element = createElement('c-reply-sync-sync-now', { is: ReplySyncSyncNow });
        Object.assign(element, { enabled: true, canConfigure: true, bridgeReachable: true, ...props });
        const ended = [];
        element.addEventListener('runend', (event) => ended.push(event.detail.run));
        document.body.appendChild(element);
        return { element, ended };
    }

    const find = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);

    it('is not offered while the bridge cannot be reached, and says so', () => {
        const { element } = render({ bridgeReachable: false });
        expect(find(element, 'sync-all').disabled).toBe(true);
        expect(find(element, 'disabled-hint').textContent).toBe(
            'The bridge cannot be reached, so nothing can sync now.'
        );
    });

    it('syncs every active step and shows the run until it ends', async () => {
        startSync.mockResolvedValue({ runId: 'run-1', status: 'queued', joined: false });
        getRun.mockResolvedValueOnce({ ...RUNNING, status: 'queued', progress: undefined });
        getRun.mockResolvedValueOnce(RUNNING);
        getRun.mockResolvedValueOnce(FINISHED);
        const { element, ended } = render();
        find(element, 'sync-all').click();
        await flushPromises();
        expect(startSync).toHaveBeenCalledWith({ stepName: null });
        expect(getRun).toHaveBeenCalledWith({ runId: 'run-1' });
        expect(find(element, 'progress-text').textContent).toBe(
            'Waiting for the run in progress to finish, then syncing every active step.'
        );
        expect(find(element, 'sync-all').disabled).toBe(true);

        jest.advanceTimersByTime(POLL_INTERVAL_MS);
        await flushPromises();
        expect(find(element, 'progress-text').textContent).toBe('Syncing every active step: 1 of 4 steps done');
        expect(element.shadowRoot.querySelector('lightning-progress-bar').value).toBe(25);
        expect(find(element, 'current-step').textContent).toBe('Now: Emails to Lead Tasks');

        jest.advanceTimersByTime(POLL_INTERVAL_MS);
        await flushPromises();
        expect(find(element, 'progress')).toBeNull();
        expect(find(element, 'result-text').textContent).toBe(
            'Sync of every active step finished, but some records failed. See Record errors.'
        );
        expect(find(element, 'totals').textContent).toBe('14 read, 4 created, 3 updated, 5 skipped, 2 failed');
        expect(
            [...element.shadowRoot.querySelectorAll('[data-id="step-result"]')].map((item) => item.textContent.trim())
        ).toEqual(['Emails to Lead Tasks: Partly synced(2 records failed)']);
        expect(ended).toEqual([FINISHED]);
        expect(find(element, 'sync-all').disabled).toBe(false);
        jest.useRealTimers();
        await expect(element).toBeAccessible();
    });

    it('syncs one step when a step row asks, and says when it joined a run', async () => {
        startSync.mockResolvedValue({ runId: 'run-2', status: 'running', joined: true });
        getRun.mockResolvedValue({ ...RUNNING, id: 'run-2', progress: { stepsDone: 0, stepsTotal: 1 } });
        const { element } = render();
        element.start('Custom_Leads_To_People_1', '(from) Leads in Salesforce - (to) People in Reply');
        await flushPromises();
        expect(startSync).toHaveBeenCalledWith({ stepName: 'Custom_Leads_To_People_1' });
        expect(find(element, 'progress-text').textContent).toBe(
            'Syncing (from) Leads in Salesforce - (to) People in Reply: 0 of 1 steps done'
        );
        expect(find(element, 'joined')).not.toBeNull();
    });

    it('says why the bridge refused to sync', async () => {
        startSync.mockRejectedValue(APEX_ERROR('The integration is disabled. Turn on Enabled, then try again.'));
        const { element, ended } = render();
        find(element, 'sync-all').click();
        await flushPromises();
        expect(find(element, 'error').errors.body.message).toBe(
            'The integration is disabled. Turn on Enabled, then try again.'
        );
        expect(find(element, 'progress')).toBeNull();
        expect(ended).toEqual([]);
        expect(find(element, 'sync-all').disabled).toBe(false);
    });

    it('says why progress could not be read', async () => {
        startSync.mockResolvedValue({ runId: 'run-3', status: 'running', joined: false });
        getRun.mockRejectedValue(APEX_ERROR('The bridge has no record of this run (it may have restarted).'));
        const { element } = render();
        find(element, 'sync-all').click();
        await flushPromises();
        expect(find(element, 'error').errors.body.message).toContain('no record of this run');
    });

    it('cannot sync while the integration is disabled or without permission', () => {
        const disabled = render({ enabled: false });
        expect(find(disabled.element, 'sync-all').disabled).toBe(true);
        expect(find(disabled.element, 'disabled-hint').textContent).toBe('Turn on the integration to sync.');
        const readOnly = render({ canConfigure: false });
        expect(find(readOnly.element, 'sync-all').disabled).toBe(true);
    });

    it('stops following the run when removed', async () => {
        startSync.mockResolvedValue({ runId: 'run-1', status: 'running', joined: false });
        getRun.mockResolvedValue(RUNNING);
        const { element } = render();
        find(element, 'sync-all').click();
        await flushPromises();
        document.body.removeChild(element);
        jest.advanceTimersByTime(POLL_INTERVAL_MS * 3);
        await flushPromises();
        expect(getRun).toHaveBeenCalledTimes(1);
    });
});
