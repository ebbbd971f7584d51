import { createElement } from 'lwc';
import ReplySyncConsole from 'c/replySyncConsole';
import { refreshApex } from '@salesforce/apex';
import getConsoleState from '@salesforce/apex/ReplySyncConsoleController.getConsoleState';
import getCatalog from '@salesforce/apex/ReplySyncConsoleController.getCatalog';
import getLogs from '@salesforce/apex/ReplySyncConsoleController.getLogs';
import getRecordErrors from '@salesforce/apex/ReplySyncConsoleController.getRecordErrors';
import getBridgeStatus from '@salesforce/apex/ReplySyncConsoleController.getBridgeStatus';
import getDeploymentStatus from '@salesforce/apex/ReplySyncConsoleController.getDeploymentStatus';
import startSync from '@salesforce/apex/ReplySyncConsoleController.startSync';
import getRun from '@salesforce/apex/ReplySyncConsoleController.getRun';

const { catalog, consoleState, BRIDGE_STATUS, PENDING_DEPLOYMENT } = require('replySyncFixtures');

const flushPromises = () =>
    Array.from({ length: 10 }).reduce((promise) => promise.then(() => undefined), Promise.resolve());

describe('c-reply-sync-console', () => {
    beforeEach(() => {
        getBridgeStatus.mockResolvedValue(BRIDGE_STATUS);
        getDeploymentStatus.mockResolvedValue({ ...PENDING_DEPLOYMENT });
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
        getDeploymentStatus.mockReset();
    });

    async function render(state = consoleState()) {
        const element = createElement('c-reply-sync-console', { is: ReplySyncConsole });
        const toasts = [];
        element.addEventListener('lightning__showtoast', (event) => toasts.push(event.detail));
        document.body.appendChild(element);
        if (state) {
            getConsoleState.emit(state);
            getCatalog.emit(catalog);
            await flushPromises();
        }
        return { element, toasts };
    }

    const find = (element, selector) => element.shadowRoot.querySelector(selector);

    it('shows a spinner while loading', async () => {
        const { element } = await render(null);
        expect(find(element, '[data-id="loading"]')).not.toBeNull();
        expect(find(element, 'c-reply-sync-steps')).toBeNull();
    });

    it('says why the console could not load', async () => {
        const { element } = await render(null);
        getConsoleState.error({ message: 'You cannot read the Reply Sync configuration.' });
        getCatalog.emit(catalog);
        await flushPromises();
        const error = find(element, '[data-id="load-error"]');
        expect(error.title).toBe('The Reply Sync console could not load');
        expect(error.errors[0].body.message).toBe('You cannot read the Reply Sync configuration.');
        expect(find(element, '[data-id="loading"]')).toBeNull();
    });

    it('lays out connection, integration settings, Sync now and the tabs', async () => {
        const { element } = await render(consoleState({ profile: 'Custom', enabled: true, connected: true }));
        expect(find(element, 'c-reply-sync-connection').connected).toBe(true);
        const settings = find(element, 'c-reply-sync-integration-settings');
        expect(settings.enabled).toBe(true);
        expect(settings.profile).toBe('Custom');
        expect(find(element, 'c-reply-sync-sync-now').enabled).toBe(true);
        const steps = find(element, 'c-reply-sync-steps');
        expect(steps.steps).toHaveLength(3);
        expect(steps.profile).toBe('Custom');
        expect(steps.catalog).toEqual(catalog);
        expect(find(element, 'c-reply-sync-logs').steps).toHaveLength(3);
        expect(find(element, 'c-reply-sync-record-errors')).not.toBeNull();
        expect([...element.shadowRoot.querySelectorAll('lightning-tab')].map((tab) => tab.label)).toEqual([
            'Sync steps',
            'Logs',
            'Record errors'
        ]);
        expect(find(element, '[data-id="read-only"]')).toBeNull();
        expect(find(element, '[data-id="needs-customize-application"]')).toBeNull();
        expect(find(element, 'c-reply-sync-steps').canConfigure).toBe(true);
        getLogs.emit([]);
        getRecordErrors.emit([]);
        await flushPromises();
        await expect(element).toBeAccessible();
    });

    it('tells users without the Configure permission that they can only look', async () => {
        const { element } = await render(consoleState({ canConfigure: false }));
        expect(find(element, '[data-id="read-only"]').textContent).toContain('Reply Sync Admin permission set');
        expect(find(element, 'c-reply-sync-steps').canConfigure).toBe(false);
        expect(getBridgeStatus).not.toHaveBeenCalled();
    });

    it('tells a configurer without Customize Application what is missing, and still offers Sync now', async () => {
        const { element } = await render(consoleState({ canConfigure: true, canDeploy: false }));
        const notice = find(element, '[data-id="needs-customize-application"]');
        expect(notice.textContent).toContain('Customize Application');
        expect(notice.textContent).toContain('Ask a Salesforce admin');
        expect(find(element, '[data-id="read-only"]')).toBeNull();
        expect(find(element, 'c-reply-sync-steps').canConfigure).toBe(false);
        // The bridge may be asked (Test connection, Sync now); nothing that deploys is offered.
        expect(find(element, 'c-reply-sync-connection').canConfigure).toBe(true);
        expect(find(element, 'c-reply-sync-connection').canChange).toBe(false);
        expect(find(element, 'c-reply-sync-integration-settings').canConfigure).toBe(false);
        expect(find(element, 'c-reply-sync-sync-now').canConfigure).toBe(true);
        await expect(element).toBeAccessible();
    });

    it('follows a deployment until it is live, then reloads without a page reload', async () => {
        const { element, toasts } = await render();
        find(element, 'c-reply-sync-steps').dispatchEvent(
            new CustomEvent('deploymentstart', { detail: PENDING_DEPLOYMENT, bubbles: true, composed: true })
        );
        await flushPromises();
        const follower = find(element, 'c-reply-sync-deployment-status');
        expect(follower.deployment).toEqual({ ...PENDING_DEPLOYMENT, status: 'Pending' });
        expect(find(element, 'c-reply-sync-steps').busy).toBe(true);
        expect(find(element, 'c-reply-sync-integration-settings').busy).toBe(true);

        follower.dispatchEvent(
            new CustomEvent('deploymentend', { detail: { jobId: PENDING_DEPLOYMENT.jobId, status: 'Succeeded' } })
        );
        await flushPromises();
        expect(refreshApex).toHaveBeenCalledTimes(1);
        expect(toasts).toEqual([{ title: 'Saved', message: 'Leads to People', variant: 'success' }]);
        expect(find(element, 'c-reply-sync-steps').busy).toBe(false);

        follower.dispatchEvent(new CustomEvent('dismiss', { detail: { jobId: PENDING_DEPLOYMENT.jobId } }));
        await flushPromises();
        expect(find(element, 'c-reply-sync-deployment-status')).toBeNull();
    });

    it('says when a deployment failed and keeps the configuration as it is', async () => {
        const { element, toasts } = await render();
        find(element, 'c-reply-sync-connection').dispatchEvent(
            new CustomEvent('deploymentstart', { detail: PENDING_DEPLOYMENT, bubbles: true, composed: true })
        );
        await flushPromises();
        find(element, 'c-reply-sync-deployment-status').dispatchEvent(
            new CustomEvent('deploymentend', {
                detail: { jobId: PENDING_DEPLOYMENT.jobId, status: 'Failed', message: 'Label: data value too large' }
            })
        );
        await flushPromises();
        expect(refreshApex).not.toHaveBeenCalled();
        expect(toasts).toEqual([{ title: 'Not saved', message: 'Label: data value too large', variant: 'error' }]);
    });

    it('syncs one step when its row asks, and reloads results when the run ends', async () => {
        startSync.mockResolvedValue({ runId: 'run-1', status: 'running', joined: false });
        getRun.mockResolvedValue({ id: 'run-1', status: 'succeeded', steps: [] });
        const { element } = await render();
        getLogs.emit([]);
        getRecordErrors.emit([]);
        await flushPromises();
        find(element, 'c-reply-sync-steps').dispatchEvent(
            new CustomEvent('syncstep', {
                detail: {
                    stepName: 'Custom_Leads_To_People_1',
                    label: '(from) Leads in Salesforce - (to) People in Reply'
                }
            })
        );
        await flushPromises();
        expect(startSync).toHaveBeenCalledWith({ stepName: 'Custom_Leads_To_People_1' });
        expect(refreshApex).toHaveBeenCalledTimes(3);
    });
});
