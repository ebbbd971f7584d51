import { createElement } from 'lwc';
import ReplySyncIntegrationSettings from 'c/replySyncIntegrationSettings';
import LightningConfirm from 'lightning/confirm';
import saveSetting from '@salesforce/apex/ReplySyncConsoleController.saveSetting';

const { PENDING_DEPLOYMENT, APEX_ERROR } = require('replySyncFixtures');

const flushPromises = () =>
    Array.from({ length: 10 }).reduce((promise) => promise.then(() => undefined), Promise.resolve());

describe('c-reply-sync-integration-settings', () => {
    beforeEach(() => {
        saveSetting.mockResolvedValue(PENDING_DEPLOYMENT);
        LightningConfirm.open.mockResolvedValue(true);
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    function render(props = {}) {
        const element = createElement('c-reply-sync-integration-settings', { is: ReplySyncIntegrationSettings });
        Object.assign(element, { enabled: true, profile: 'Default', canConfigure: true, ...props });
        const deployments = [];
        element.addEventListener('deploymentstart', (event) => deployments.push(event.detail));
        document.body.appendChild(element);
        return { element, deployments };
    }

    const find = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);

    it('explains what the Default profile locks', async () => {
        const { element } = render();
        expect(find(element, 'profile').value).toBe('Default');
        expect(find(element, 'explanation').textContent).toContain(
            "you cannot add, duplicate or delete steps, change field mappings or filtering rules, or change a step's direction"
        );
        expect(find(element, 'enabled').checked).toBe(true);
        await expect(element).toBeAccessible();
    });

    it('explains the Custom profile', () => {
        const { element } = render({ profile: 'Custom' });
        expect(find(element, 'explanation').textContent).toContain('The first switch to Custom starts from a copy');
    });

    it('turns the integration off and on in either profile', async () => {
        const { element, deployments } = render({ profile: 'Default' });
        find(element, 'enabled').dispatchEvent(new CustomEvent('change', { detail: { checked: false } }));
        await flushPromises();
        expect(saveSetting).toHaveBeenCalledWith({ enabled: false, profile: 'Default' });
        expect(deployments).toEqual([PENDING_DEPLOYMENT]);
    });

    it('switches to Custom at once and back to Default after confirmation', async () => {
        const custom = render({ profile: 'Default' });
        find(custom.element, 'profile').dispatchEvent(new CustomEvent('change', { detail: { value: 'Custom' } }));
        await flushPromises();
        expect(LightningConfirm.open).not.toHaveBeenCalled();
        expect(saveSetting).toHaveBeenLastCalledWith({ enabled: true, profile: 'Custom' });

        const back = render({ profile: 'Custom' });
        LightningConfirm.open.mockResolvedValueOnce(false);
        const picker = find(back.element, 'profile');
        picker.dispatchEvent(new CustomEvent('change', { detail: { value: 'Default' } }));
        await flushPromises();
        expect(saveSetting).toHaveBeenCalledTimes(1);
        expect(picker.value).toBe('Custom');
        picker.dispatchEvent(new CustomEvent('change', { detail: { value: 'Default' } }));
        await flushPromises();
        expect(saveSetting).toHaveBeenLastCalledWith({ enabled: true, profile: 'Default' });
    });

    it('shows why a change was refused', async () => {
        saveSetting.mockRejectedValue(APEX_ERROR('You need the Reply Sync Admin permission set.'));
        const { element, deployments } = render();
        find(element, 'enabled').dispatchEvent(new CustomEvent('change', { detail: { checked: false } }));
        await flushPromises();
        expect(find(element, 'error').errors.body.message).toBe('You need the Reply Sync Admin permission set.');
        expect(find(element, 'enabled').checked).toBe(true);
        expect(deployments).toEqual([]);
    });

    it('is disabled without permission or while a deployment is pending', () => {
        expect(find(render({ canConfigure: false }).element, 'enabled').disabled).toBe(true);
        expect(find(render({ busy: true }).element, 'profile').disabled).toBe(true);
    });
});
