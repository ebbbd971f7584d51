import { createElement } from 'lwc';
import ReplySyncConnection from 'c/replySyncConnection';
import LightningConfirm from 'lightning/confirm';
import getBridgeStatus from '@salesforce/apex/ReplySyncConsoleController.getBridgeStatus';
import connect from '@salesforce/apex/ReplySyncConsoleController.connect';
import disconnect from '@salesforce/apex/ReplySyncConsoleController.disconnect';

const { BRIDGE_STATUS, PENDING_DEPLOYMENT, APEX_ERROR } = require('replySyncFixtures');

const flushPromises = () =>
    Array.from({ length: 10 }).reduce((promise) => promise.then(() => undefined), Promise.resolve());

const UNAUTHORIZED =
    "The bridge refused the token. The Token of the external credential Reply Bridge Auth (principal Bridge) must equal the bridge's BRIDGE_API_TOKEN; re-enter it in Setup > Named Credentials > External Credentials.";

describe('c-reply-sync-connection', () => {
    beforeEach(() => {
        getBridgeStatus.mockResolvedValue(BRIDGE_STATUS);
        LightningConfirm.open.mockResolvedValue(true);
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    async function render(props = {}) {
        const element = createElement('c-reply-sync-connection', { is: ReplySyncConnection });
        Object.assign(element, { connected: true, canConfigure: true, ...props });
        const deployments = [];
        element.addEventListener('deploymentstart', (event) => deployments.push(event.detail));
        document.body.appendChild(element);
        await flushPromises();
        return { element, deployments };
    }

    const find = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);

    it('shows what the bridge says about both sides and its schedule', async () => {
        const { element } = await render();
        expect(find(element, 'badge').label).toBe('Connected');
        expect(find(element, 'salesforce').textContent).toBe('Connected as integration@example.com');
        expect(find(element, 'reply').textContent).toBe('Connected (Reply user 7, team 3)');
        expect(find(element, 'schedule').textContent).toBe('Every 120 minutes');
        expect(find(element, 'next-run').value).toBe('2026-03-01T12:00:00.000Z');
        expect(find(element, 'api-usage').textContent).toBe('1200 of 100000');
        expect(find(element, 'version').textContent).toBe('1.0.0');
        expect(find(element, 'guide')).toBeNull();
        await expect(element).toBeAccessible();
    });

    it('explains how to connect when not connected', async () => {
        getBridgeStatus.mockResolvedValue({
            ...BRIDGE_STATUS,
            reply: { connected: false, userId: null, teamId: null, error: 'Reply answered 401: invalid API key' },
            salesforce: { ...BRIDGE_STATUS.salesforce, paused: 'the daily API allowance is spent' }
        });
        const { element } = await render({ connected: false });
        expect(find(element, 'badge').label).toBe('Not connected');
        expect(find(element, 'reply').textContent).toBe('Not connected: Reply answered 401: invalid API key');
        expect(find(element, 'paused').textContent).toBe('Salesforce writes paused: the daily API allowance is spent');
        const guide = find(element, 'guide').textContent;
        expect(guide).toContain('Named Credentials, edit Reply Bridge');
        expect(guide).toContain('add the authentication parameter Token');
        expect(guide).toContain('Reply Sync Integration to the bridge');
        expect(find(element, 'disconnect').disabled).toBe(true);
        await expect(element).toBeAccessible();
    });

    it('says what to fix when the bridge refuses the token', async () => {
        getBridgeStatus.mockRejectedValue(APEX_ERROR(UNAUTHORIZED));
        const { element } = await render();
        const warning = find(element, 'status-error');
        expect(warning.title).toBe('The bridge could not be reached');
        expect(warning.errors.body.message).toBe(UNAUTHORIZED);
        expect(find(element, 'guide')).not.toBeNull();
    });

    it('tests the connection and records it when the bridge reaches both sides', async () => {
        connect.mockResolvedValue({ status: BRIDGE_STATUS, deployment: PENDING_DEPLOYMENT });
        const { element, deployments } = await render({ connected: false });
        find(element, 'test').click();
        await flushPromises();
        expect(connect).toHaveBeenCalledTimes(1);
        expect(find(element, 'test-result').textContent).toBe('The bridge answers and reaches Salesforce and Reply.');
        expect(deployments).toEqual([PENDING_DEPLOYMENT]);
    });

    it('says when the bridge answers but does not reach both sides', async () => {
        connect.mockResolvedValue({
            status: {
                ...BRIDGE_STATUS,
                salesforce: { connected: false, error: 'invalid_grant: user hasn’t approved this consumer' }
            },
            deployment: null
        });
        const { element, deployments } = await render({ connected: false });
        find(element, 'test').click();
        await flushPromises();
        expect(find(element, 'test-result').textContent).toContain('does not reach both Salesforce and Reply yet');
        expect(find(element, 'salesforce').textContent).toContain('invalid_grant');
        expect(deployments).toEqual([]);
    });

    it('shows why Test connection failed', async () => {
        connect.mockRejectedValue(
            APEX_ERROR('Salesforce could not reach the bridge (Unable to tunnel through proxy.).')
        );
        const { element } = await render({ connected: false });
        find(element, 'test').click();
        await flushPromises();
        expect(find(element, 'status-error').errors.body.message).toContain('could not reach the bridge');
    });

    it('disconnects after confirmation', async () => {
        disconnect.mockResolvedValue(PENDING_DEPLOYMENT);
        const { element, deployments } = await render();
        LightningConfirm.open.mockResolvedValueOnce(false);
        find(element, 'disconnect').click();
        await flushPromises();
        expect(disconnect).not.toHaveBeenCalled();
        find(element, 'disconnect').click();
        await flushPromises();
        expect(LightningConfirm.open).toHaveBeenLastCalledWith(
            expect.objectContaining({ label: 'Disconnect Reply Sync', theme: 'warning' })
        );
        expect(disconnect).toHaveBeenCalledTimes(1);
        expect(deployments).toEqual([PENDING_DEPLOYMENT]);
    });

    it('shows why Disconnect failed', async () => {
        disconnect.mockRejectedValue(APEX_ERROR('You need the Reply Sync Admin permission set.'));
        const { element } = await render();
        find(element, 'disconnect').click();
        await flushPromises();
        expect(find(element, 'action-error').errors.body.message).toBe('You need the Reply Sync Admin permission set.');
    });

    it('does not reach the bridge without the Configure permission', async () => {
        const { element } = await render({ canConfigure: false });
        expect(getBridgeStatus).not.toHaveBeenCalled();
        expect(find(element, 'test')).toBeNull();
        expect(find(element, 'no-permission')).not.toBeNull();
    });

    it('shows one state, what the bridge says now: never Connected above an unreachable bridge', async () => {
        const recordedNot = await render({ connected: false });
        // Connected now but not recorded: Connected, with how to record it; no guide.
        expect(find(recordedNot.element, 'badge').label).toBe('Connected');
        expect(find(recordedNot.element, 'not-recorded').textContent).toContain('Test connection');
        expect(find(recordedNot.element, 'guide')).toBeNull();

        getBridgeStatus.mockRejectedValue(APEX_ERROR('Salesforce could not reach the bridge (connect ECONNREFUSED).'));
        const unreachable = await render({ connected: true });
        // Never Connected above "could not be reached".
        expect(find(unreachable.element, 'badge').label).toBe('Bridge unreachable');
        expect(find(unreachable.element, 'badge').className).toContain('slds-theme_error');
        expect(find(unreachable.element, 'status-error')).not.toBeNull();
        expect(find(unreachable.element, 'guide')).not.toBeNull();
        await expect(unreachable.element).toBeAccessible();
    });

    it('announces whether the bridge answers', async () => {
        const element = createElement('c-reply-sync-connection', { is: ReplySyncConnection });
        Object.assign(element, { connected: true, canConfigure: true });
        const reachable = [];
        element.addEventListener('bridgestatus', (event) => reachable.push(event.detail.reachable));
        document.body.appendChild(element);
        await flushPromises();
        getBridgeStatus.mockRejectedValue(APEX_ERROR('down'));
        connect.mockRejectedValue(APEX_ERROR('down'));
        find(element, 'test').click();
        await flushPromises();
        expect(reachable).toEqual([true, false]);
    });
});
