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
    @api canConfigure = false;
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
            this.status = await getBridgeStatus();
            this.statusError = undefined;
        } catch (error) {
            this.statusError = error;
        } finally {
            this.checking = false;
        }
    }

    get badgeLabel() {
        return this.connected ? LABELS.CONNECTED : LABELS.NOT_CONNECTED;
    }

    get badgeClass() {
        return this.connected ? 'slds-theme_success' : 'slds-theme_warning';
    }

    get showGuide() {
        return !this.connected || Boolean(this.statusError);
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
        return this.actionsDisabled || !this.connected;
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
            this.status = result.status;
            this.statusError = undefined;
            const ok = Boolean(result.status?.salesforce?.connected && result.status?.reply?.connected);
            this.testResult = { ok, text: ok ? LABELS.TEST_OK : LABELS.TEST_INCOMPLETE };
            if (result.deployment) {
                this.dispatchEvent(deploymentStartEvent(result.deployment));
            }
        } catch (error) {
            this.statusError = error;
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
