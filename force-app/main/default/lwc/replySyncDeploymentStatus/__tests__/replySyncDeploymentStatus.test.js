import { createElement } from 'lwc';
import ReplySyncDeploymentStatus, { MAX_POLLS, POLL_INTERVAL_MS } from 'c/replySyncDeploymentStatus';
import getDeploymentStatus from '@salesforce/apex/ReplySyncConsoleController.getDeploymentStatus';

const { PENDING_DEPLOYMENT, APEX_ERROR } = require('replySyncFixtures');

const flushPromises = () =>
    Array.from({ length: 10 }).reduce((promise) => promise.then(() => undefined), Promise.resolve());

describe('c-reply-sync-deployment-status', () => {
    beforeEach(() => {
        jest.useFakeTimers();
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        getDeploymentStatus.mockReset();
        jest.useRealTimers();
    });

    async function render() {
        const element = createElement('c-reply-sync-deployment-status', { is: ReplySyncDeploymentStatus });
        element.deployment = PENDING_DEPLOYMENT;
        const events = [];
        element.addEventListener('deploymentend', (event) => events.push(['deploymentend', event.detail]));
        element.addEventListener('dismiss', (event) => events.push(['dismiss', event.detail]));
        document.body.appendChild(element);
        await flushPromises();
        return { element, events };
    }

    const find = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);

    it('stays pending until the callback has recorded a success', async () => {
        getDeploymentStatus
            .mockResolvedValueOnce({ ...PENDING_DEPLOYMENT })
            .mockResolvedValueOnce({ ...PENDING_DEPLOYMENT, status: 'Succeeded' });
        const { element, events } = await render();
        expect(getDeploymentStatus).toHaveBeenCalledWith({ jobId: '0Af000000000001AAA' });
        expect(find(element, 'pending').textContent).toContain('Saving: Leads to People.');
        expect(events).toEqual([]);

        jest.advanceTimersByTime(POLL_INTERVAL_MS);
        await flushPromises();
        expect(getDeploymentStatus).toHaveBeenCalledTimes(2);
        expect(find(element, 'succeeded').textContent).toContain('Saved: Leads to People');
        expect(events).toEqual([
            ['deploymentend', { jobId: '0Af000000000001AAA', status: 'Succeeded', message: undefined }]
        ]);
        find(element, 'dismiss').click();
        expect(events[1]).toEqual(['dismiss', { jobId: '0Af000000000001AAA' }]);
    });

    it('is accessible while pending', async () => {
        getDeploymentStatus.mockResolvedValue({ ...PENDING_DEPLOYMENT });
        const { element } = await render();
        jest.useRealTimers();
        await expect(element).toBeAccessible();
    });

    it('shows why a deployment failed', async () => {
        getDeploymentStatus.mockResolvedValue({
            ...PENDING_DEPLOYMENT,
            status: 'Failed',
            message: 'Reply_Sync_Step.Custom_Leads_To_People_1: Label: data value too large'
        });
        const { element, events } = await render();
        const failure = find(element, 'failed');
        expect(failure.title).toBe('Not saved: Leads to People');
        expect(failure.errors).toEqual(['Reply_Sync_Step.Custom_Leads_To_People_1: Label: data value too large']);
        expect(events[0][1].status).toBe('Failed');
    });

    it('says so when the deployment queue is slow', async () => {
        getDeploymentStatus.mockResolvedValue({ ...PENDING_DEPLOYMENT });
        const { element } = await render();
        for (let poll = 1; poll < MAX_POLLS; poll += 1) {
            jest.advanceTimersByTime(POLL_INTERVAL_MS);
            // eslint-disable-next-line no-await-in-loop
            await flushPromises();
        }
        expect(getDeploymentStatus).toHaveBeenCalledTimes(MAX_POLLS);
        expect(find(element, 'slow').textContent).toContain('Still deploying: Leads to People.');
        getDeploymentStatus.mockResolvedValue({ ...PENDING_DEPLOYMENT, status: 'Succeeded' });
        find(element, 'retry').click();
        await flushPromises();
        expect(find(element, 'succeeded')).not.toBeNull();
    });

    it('shows why the outcome could not be checked, and checks again on demand', async () => {
        getDeploymentStatus.mockRejectedValueOnce(APEX_ERROR('Salesforce has no record of this configuration change.'));
        const { element } = await render();
        expect(find(element, 'check-error').errors.body.message).toBe(
            'Salesforce has no record of this configuration change.'
        );
        getDeploymentStatus.mockResolvedValue({ ...PENDING_DEPLOYMENT, status: 'Succeeded' });
        find(element, 'retry').click();
        await flushPromises();
        expect(find(element, 'succeeded')).not.toBeNull();
    });

    it('stops polling when removed', async () => {
        getDeploymentStatus.mockResolvedValue({ ...PENDING_DEPLOYMENT });
        const { element } = await render();
        document.body.removeChild(element);
        jest.advanceTimersByTime(POLL_INTERVAL_MS * 3);
        await flushPromises();
        expect(getDeploymentStatus).toHaveBeenCalledTimes(1);
    });
});
