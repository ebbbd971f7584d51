import { LightningElement, api } from 'lwc';
import getDeploymentStatus from '@salesforce/apex/ReplySyncConsoleController.getDeploymentStatus';
import { PENDING, SUCCEEDED } from 'c/replySyncDeployments';
import { format } from 'c/replySyncText';
import LABELS from './labels';

export const POLL_INTERVAL_MS = 2000;
/** About five minutes: beyond that the deployment queue is unusually slow and the admin is told so. */
export const MAX_POLLS = 150;

/**
 * One configuration change on its way: custom metadata is deployed asynchronously, so this polls the
 * Reply_Sync_Deployment__c row the deployment callback completes, shows Pending until then, and tells the console
 * the outcome (deploymentend).
 */
export default class ReplySyncDeploymentStatus extends LightningElement {
    @api deployment;

    labels = LABELS;
    status = PENDING;
    message;
    checkError;
    polls = 0;
    timer;

    connectedCallback() {
        this.status = this.deployment?.status ?? PENDING;
        if (this.status === PENDING) {
            this.check();
        }
    }

    disconnectedCallback() {
        clearTimeout(this.timer);
    }

    async check() {
        this.polls += 1;
        try {
            const outcome = await getDeploymentStatus({ jobId: this.deployment.jobId });
            this.checkError = undefined;
            this.status = outcome.status;
            this.message = outcome.message;
        } catch (error) {
            this.checkError = error;
            return;
        }
        if (this.status === PENDING) {
            if (this.polls < MAX_POLLS) {
                // The deployment callback runs asynchronously; nothing pushes its outcome, so it is polled.
                // eslint-disable-next-line @lwc/lwc/no-async-operation
                this.timer = setTimeout(() => this.check(), POLL_INTERVAL_MS);
            }
            return;
        }
        this.dispatchEvent(
            new CustomEvent('deploymentend', {
                detail: { jobId: this.deployment.jobId, status: this.status, message: this.message }
            })
        );
    }

    get isPending() {
        return this.status === PENDING && !this.checkError && this.polls < MAX_POLLS;
    }

    get isSlow() {
        return this.status === PENDING && !this.checkError && this.polls >= MAX_POLLS;
    }

    get isSucceeded() {
        return this.status === SUCCEEDED;
    }

    get isFailed() {
        return !this.isPending && !this.isSlow && !this.isSucceeded && !this.checkError;
    }

    get pendingText() {
        return format(LABELS.PENDING, this.deployment?.summary);
    }

    get slowText() {
        return format(LABELS.SLOW, this.deployment?.summary);
    }

    get succeededText() {
        return format(LABELS.SUCCEEDED, this.deployment?.summary);
    }

    get failedTitle() {
        return format(LABELS.FAILED, this.deployment?.summary);
    }

    get failure() {
        return this.message ? [this.message] : [this.status];
    }

    handleRetry() {
        this.polls = 0;
        this.check();
    }

    handleDismiss() {
        this.dispatchEvent(new CustomEvent('dismiss', { detail: { jobId: this.deployment.jobId } }));
    }
}
