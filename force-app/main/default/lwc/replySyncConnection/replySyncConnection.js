import { LightningElement, api } from 'lwc';
import LightningConfirm from 'lightning/confirm';
import getBridgeStatus from '@salesforce/apex/ReplySyncConsoleController.getBridgeStatus';
import connect from '@salesforce/apex/ReplySyncConsoleController.connect';
import disconnect from '@salesforce/apex/ReplySyncConsoleController.disconnect';
import { deploymentStartEvent } from 'c/replySyncDeployments';
import { format } from 'c/replySyncText';
import LABELS from './labels';

/**
 * The connection panel: whether the integration is connected (Connected__c), what the bridge says right now
 * (GET /v1/status), how to connect when it is not, Test connection (which records the connection once the bridge
 * reaches both sides) and Disconnect (which clears Connected__c and Enabled__c).
 */
export default class ReplySyncConnection extends LightningElement {
    /** Reply_Sync_Setting__mdt.Connected__c. */
    @api connected = false;
    /** The Configure permission: asking the bridge, Test connection. */
    @api canConfigure = false;
    /** Configure and Customize Application: changes that deploy (Disconnect). */
    @api canChange = false;
    @api busy = false;

    labels = LABELS;
    status;
    statusError;
    checking = false;
    testResult;
    actionError;

    connectedCallback() {
        if (this.canConfigure) {
            this.loadStatus();
        }
    }

    async loadStatus() {
        this.checking = true;
        try {
            this.showStatus(await getBridgeStatus(), undefined);
        } catch (error) {
            this.showStatus(undefined, error);
        } finally {
            this.checking = false;
        }
    }

    /** What the bridge says now; the console learns whether it answers (Sync now waits for it). */
    showStatus(status, error) {
        this.status = status;
        this.statusError = error;
        this.dispatchEvent(new CustomEvent('bridgestatus', { detail: { reachable: Boolean(status) && !error } }));
    }

    /** Whether the bridge reaches both Salesforce and Reply now. */
    get liveConnected() {
        return Boolean(this.status?.salesforce?.connected && this.status?.reply?.connected);
    }

    /**
     * One state, never two that contradict: what the bridge says now when it was asked, else what was recorded
     * (Connected__c) for a user who may not ask it.
     */
    get state() {
        if (this.statusError) {
            return 'unreachable';
        }
        if (this.status) {
            return this.liveConnected ? 'connected' : 'notConnected';
        }
        return this.connected ? 'connected' : 'notConnected';
    }

    get badgeLabel() {
        return { connected: LABELS.CONNECTED, notConnected: LABELS.NOT_CONNECTED, unreachable: LABELS.UNREACHABLE }[
            this.state
        ];
    }

    get badgeClass() {
        return {
            connected: 'slds-theme_success',
            notConnected: 'slds-theme_warning',
            unreachable: 'slds-theme_error'
        }[this.state];
    }

    /** Connected now but not recorded yet: Test connection records it. */
    get showNotRecorded() {
        return this.state === 'connected' && !this.connected && this.canConfigure;
    }

    get showGuide() {
        return this.state !== 'connected';
    }

    get salesforceText() {
        const side = this.status?.salesforce;
        return side?.connected
            ? format(LABELS.SALESFORCE_OK, side.username ?? side.instanceUrl ?? '')
            : this.sideDown(side);
    }

    get replyText() {
        const side = this.status?.reply;
        return side?.connected ? format(LABELS.REPLY_OK, side.userId ?? '-', side.teamId ?? '-') : this.sideDown(side);
    }

    sideDown(side) {
        return side?.error ? `${LABELS.SIDE_DOWN}: ${side.error}` : LABELS.SIDE_DOWN;
    }

    get salesforceClass() {
        return this.status?.salesforce?.connected ? '' : 'slds-text-color_error';
    }

    get replyClass() {
        return this.status?.reply?.connected ? '' : 'slds-text-color_error';
    }

    get scheduleText() {
        return format(LABELS.EVERY, this.status?.schedule?.intervalMinutes ?? '-');
    }

    get nextRunAt() {
        return this.status?.schedule?.nextRunAt;
    }

    get apiUsageText() {
        const usage = this.status?.salesforce?.apiUsage;
        return usage ? format(LABELS.API_USAGE_VALUE, usage.used, usage.limit) : null;
    }

    get pausedText() {
        const paused = this.status?.salesforce?.paused;
        return paused ? format(LABELS.PAUSED, paused) : null;
    }

    get actionsDisabled() {
        return !this.canConfigure || this.busy || this.checking;
    }

    get disconnectDisabled() {
        return this.actionsDisabled || !this.canChange || !this.connected;
    }

    get testResultClass() {
        return this.testResult?.ok ? 'slds-text-color_success' : 'slds-text-color_error';
    }

    async handleTest() {
        this.checking = true;
        this.actionError = undefined;
        this.testResult = undefined;
        try {
            const result = await connect();
            this.showStatus(result.status, undefined);
            const ok = Boolean(result.status?.salesforce?.connected && result.status?.reply?.connected);
            this.testResult = { ok, text: ok ? LABELS.TEST_OK : LABELS.TEST_INCOMPLETE };
            if (result.deployment) {
                this.dispatchEvent(deploymentStartEvent(result.deployment));
            }
        } catch (error) {
            this.showStatus(undefined, error);
        } finally {
            this.checking = false;
        }
    }

    async handleDisconnect() {
        const confirmed = await LightningConfirm.open({
            label: LABELS.CONFIRM_DISCONNECT_TITLE,
            message: LABELS.CONFIRM_DISCONNECT,
            theme: 'warning'
        });
        if (!confirmed) {
            return;
        }
        this.actionError = undefined;
        try {
            this.dispatchEvent(deploymentStartEvent(await disconnect()));
        } catch (error) {
            this.actionError = error;
        }
    }
}
