import { LightningElement, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getConsoleState from '@salesforce/apex/ReplySyncConsoleController.getConsoleState';
import getCatalog from '@salesforce/apex/ReplySyncConsoleController.getCatalog';
import { PENDING, SUCCEEDED } from 'c/replySyncDeployments';
import LABELS from './labels';

/**
 * The Reply Sync console. It loads the configuration and the catalog, lays out the connection, the integration
 * settings, Sync now and the tabs (steps, logs, record errors), and follows every configuration deployment its
 * children start until the change is live, then reloads, without a page reload.
 */
export default class ReplySyncConsole extends LightningElement {
    labels = LABELS;
    state;
    stateError;
    wiredState;
    catalog;
    catalogError;
    /** Configuration deployments started here: { jobId, summary, status }. */
    deployments = [];
    /** Whether the bridge answered the connection panel (Sync now needs it). */
    bridgeReachable = false;

    @wire(getConsoleState)
    receiveState(result) {
        this.wiredState = result;
        if (result.data) {
            this.state = result.data;
            this.stateError = undefined;
        } else if (result.error) {
            this.stateError = result.error;
        }
    }

    @wire(getCatalog)
    receiveCatalog({ data, error }) {
        if (data) {
            this.catalog = data;
            this.catalogError = undefined;
        } else if (error) {
            this.catalogError = error;
        }
    }

    get loadErrors() {
        return [this.stateError, this.catalogError].filter(Boolean);
    }

    get hasLoadErrors() {
        return this.loadErrors.length > 0;
    }

    get isLoading() {
        return !this.hasLoadErrors && (!this.state || !this.catalog);
    }

    get isReady() {
        return !this.hasLoadErrors && Boolean(this.state && this.catalog);
    }

    get setting() {
        return this.state?.setting ?? {};
    }

    get canConfigure() {
        return Boolean(this.state?.canConfigure);
    }

    /** Saving deploys Custom Metadata, which Salesforce allows only with Customize Application. */
    get canDeploy() {
        return Boolean(this.state?.canDeploy);
    }

    /** Whether the user can change the configuration (and not only run Sync now). */
    get canChange() {
        return this.canConfigure && this.canDeploy;
    }

    get steps() {
        return this.state?.steps ?? [];
    }

    /** While a change is deploying, further changes wait: two deployments of one record would race. */
    get busy() {
        return this.deployments.some((deployment) => deployment.status === PENDING);
    }

    handleDeploymentStart(event) {
        event.stopPropagation();
        const deployment = { ...event.detail, status: PENDING };
        this.deployments = [...this.deployments.filter((item) => item.jobId !== deployment.jobId), deployment];
    }

    handleDeploymentEnd(event) {
        const { jobId, status, message } = event.detail;
        const deployment = this.deployments.find((item) => item.jobId === jobId);
        const succeeded = status === SUCCEEDED;
        // A change that is live needs no banner beside its toast; one that failed stays, with why, until dismissed.
        this.deployments = succeeded
            ? this.deployments.filter((item) => item.jobId !== jobId)
            : this.deployments.map((item) => (item.jobId === jobId ? { ...item, status } : item));
        this.dispatchEvent(
            new ShowToastEvent({
                title: succeeded ? LABELS.SAVED : LABELS.NOT_SAVED,
                message: succeeded ? deployment?.summary : message || deployment?.summary,
                variant: succeeded ? 'success' : 'error'
            })
        );
        if (succeeded) {
            refreshApex(this.wiredState);
        }
    }

    handleDeploymentDismiss(event) {
        this.deployments = this.deployments.filter((item) => item.jobId !== event.detail.jobId);
    }

    handleBridgeStatus(event) {
        this.bridgeReachable = event.detail.reachable;
    }

    handleSyncStep(event) {
        const { stepName, label } = event.detail;
        this.template.querySelector('c-reply-sync-sync-now').start(stepName, label);
    }

    /** A run ended: its results are now in the logs, the record errors and each step's last run. */
    handleRunEnd() {
        refreshApex(this.wiredState);
        this.template.querySelector('c-reply-sync-logs')?.refresh();
        this.template.querySelector('c-reply-sync-record-errors')?.refresh();
    }
}
