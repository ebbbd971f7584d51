import { LightningElement, api } from 'lwc';
import startSync from '@salesforce/apex/ReplySyncConsoleController.startSync';
import getRun from '@salesforce/apex/ReplySyncConsoleController.getRun';
import { isRunFinished, runProgressPercent, runTotals } from 'c/replySyncRunProgress';
import { findKind, stepName as nameOfStep } from 'c/replySyncCatalog';
import { format } from 'c/replySyncText';
import LABELS from './labels';

export const POLL_INTERVAL_MS = 2000;

const FINAL_TEXTS = { succeeded: LABELS.SUCCEEDED, partial: LABELS.PARTIAL, failed: LABELS.FAILED };
const STEP_STATUSES = {
    succeeded: LABELS.STATUS_SUCCEEDED,
    partial: LABELS.STATUS_PARTIAL,
    failed: LABELS.STATUS_FAILED,
    paused: LABELS.STATUS_PAUSED,
    skipped: LABELS.STATUS_SKIPPED
};
const FINAL_THEMES = { succeeded: 'slds-theme_success', partial: 'slds-theme_warning', failed: 'slds-theme_error' };

/**
 * Sync now: asks the bridge to run every active step (the button) or one step (start(), from a step's row), then
 * follows the run through GET /v1/runs/{id} until it ends, showing which step it is on. The console refreshes logs
 * and last runs on runend.
 */
export default class ReplySyncSyncNow extends LightningElement {
    @api enabled = false;
    @api canConfigure = false;
    /** Whether the bridge answers: a sync it cannot receive is not offered. */
    @api bridgeReachable = false;
    /** The steps of the profile in use and the catalog: each result names its step as the list does. */
    @api steps = [];
    @api catalog;

    labels = LABELS;
    scope;
    run;
    joined = false;
    starting = false;
    error;
    timer;

    disconnectedCallback() {
        clearTimeout(this.timer);
    }

    /** Starts a sync of one step (its DeveloperName and display name), or of every active step when stepName is empty. */
    @api
    start(stepName, label) {
        return this.startRun(stepName, label);
    }

    handleSyncAll() {
        return this.startRun(null, null);
    }

    async startRun(stepName, label) {
        clearTimeout(this.timer);
        this.scope = stepName ? label || stepName : LABELS.ALL_STEPS;
        this.run = undefined;
        this.error = undefined;
        this.starting = true;
        try {
            const accepted = await startSync({ stepName });
            this.joined = Boolean(accepted.joined);
            this.run = { id: accepted.runId, status: accepted.status, steps: [] };
            await this.follow();
        } catch (error) {
            this.error = error;
        } finally {
            this.starting = false;
        }
    }

    async follow() {
        try {
            this.run = await getRun({ runId: this.run.id });
        } catch (error) {
            this.error = error;
            return;
        }
        if (isRunFinished(this.run)) {
            this.dispatchEvent(new CustomEvent('runend', { detail: { run: this.run } }));
            return;
        }
        // The bridge does not push progress: it is read again shortly.
        // eslint-disable-next-line @lwc/lwc/no-async-operation
        this.timer = setTimeout(() => this.follow(), POLL_INTERVAL_MS);
    }

    get isBusy() {
        return this.starting || (Boolean(this.run) && !isRunFinished(this.run) && !this.error);
    }

    get buttonDisabled() {
        return !this.enabled || !this.canConfigure || !this.bridgeReachable || this.isBusy;
    }

    get buttonTitle() {
        return this.disabledHint ?? LABELS.BUTTON;
    }

    /** Why Sync now cannot be used, for a user who could use it. */
    get disabledHint() {
        if (!this.canConfigure) {
            return null;
        }
        if (!this.enabled) {
            return LABELS.DISABLED;
        }
        return this.bridgeReachable ? null : LABELS.UNREACHABLE;
    }

    get showDisabledHint() {
        return Boolean(this.disabledHint);
    }

    get showProgress() {
        return this.isBusy;
    }

    get percent() {
        return runProgressPercent(this.run);
    }

    get progressText() {
        if (!this.run) {
            return format(LABELS.STARTING, this.scope);
        }
        if (this.run.status === 'queued') {
            return format(LABELS.QUEUED, this.scope);
        }
        const progress = this.run.progress ?? {};
        return format(LABELS.RUNNING, this.scope, progress.stepsDone ?? 0, progress.stepsTotal ?? 0);
    }

    get currentStepText() {
        const current = this.run?.progress?.currentStep;
        return current ? format(LABELS.CURRENT, current) : null;
    }

    get isFinished() {
        return isRunFinished(this.run);
    }

    get finalText() {
        return format(FINAL_TEXTS[this.run.status], this.scope);
    }

    get finalClass() {
        return `slds-box slds-box_x-small slds-m-top_small ${FINAL_THEMES[this.run.status]}`;
    }

    get totalsText() {
        const totals = runTotals(this.run);
        return format(LABELS.TOTALS, totals.read, totals.created, totals.updated, totals.skipped, totals.failed);
    }

    get stepResults() {
        // The steps that need a look; the totals above speak for the others.
        return (this.run?.steps ?? [])
            .filter((step) => step.status !== 'succeeded')
            .map((step) => {
                const listed = (this.steps ?? []).find((candidate) => candidate.developerName === step.stepName);
                const name = nameOfStep(listed, findKind(this.catalog, step.stepKind)) || step.label || step.stepName;
                return {
                    key: step.stepName,
                    text: format(LABELS.STEP_RESULT, name, STEP_STATUSES[step.status] ?? step.status),
                    message: step.message
                };
            });
    }

    handleDismiss() {
        this.run = undefined;
        this.error = undefined;
    }
}
