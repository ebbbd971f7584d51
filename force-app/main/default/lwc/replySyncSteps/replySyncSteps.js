import { LightningElement, api } from 'lwc';
import LightningConfirm from 'lightning/confirm';
import saveSteps from '@salesforce/apex/ReplySyncConsoleController.saveSteps';
import setStepActive from '@salesforce/apex/ReplySyncConsoleController.setStepActive';
import removeStep from '@salesforce/apex/ReplySyncConsoleController.removeStep';
import { PROFILE_CUSTOM, findKind, isPeopleKind, stepDisplayLabel } from 'c/replySyncCatalog';
import { deploymentStartEvent, saveOutcome } from 'c/replySyncDeployments';
import { duplicateDraft, flipDraft, moveDrafts, newStepDraft } from 'c/replySyncDrafts';
import { verdictMessages } from 'c/replySyncProblems';
import { format } from 'c/replySyncText';
import LABELS from './labels';

const RUN_STATUS_THEMES = {
    Succeeded: 'slds-theme_success',
    Partial: 'slds-theme_warning',
    // A Reply capability the key lacks: the step waits, the run did not fail.
    Paused: 'slds-theme_warning',
    Failed: 'slds-theme_error',
    Running: 'slds-theme_info'
};

/**
 * The steps of the profile in use, in run order: each with its name as Reply puts it, its active toggle and its last
 * run. In the Custom profile steps can be added, duplicated, removed, turned around and moved; in the Default
 * profile only the toggles and Sync now work. Every change is a metadata deployment the console then follows.
 */
export default class ReplySyncSteps extends LightningElement {
    @api steps = [];
    @api catalog;
    @api profile;
    @api canConfigure = false;
    /** A deployment is pending: changes wait for it. */
    @api busy = false;

    labels = LABELS;
    openStepName;
    adding = false;
    working = false;
    actionError;
    /** A change the bridge could not check: why, and the drafts to save unchecked if the admin says so. */
    unchecked;

    get isCustom() {
        return this.profile === PROFILE_CUSTOM;
    }

    get canEdit() {
        return this.isCustom && this.canConfigure;
    }

    get changesDisabled() {
        return !this.canConfigure || this.busy || this.working;
    }

    get openStep() {
        return this.openStepName
            ? (this.steps ?? []).find((step) => step.developerName === this.openStepName)
            : undefined;
    }

    get showList() {
        return !this.openStep;
    }

    get settingsReadOnly() {
        return !this.isCustom;
    }

    get isEmpty() {
        return (this.steps ?? []).length === 0;
    }

    get emptyHint() {
        return this.canEdit ? LABELS.EMPTY_CUSTOM : null;
    }

    get showAddButton() {
        return this.canEdit && !this.adding;
    }

    get rows() {
        const steps = this.steps ?? [];
        return steps.map((step, index) => {
            const kind = findKind(this.catalog, step.stepKind);
            const displayLabel = stepDisplayLabel(kind) || step.stepKind;
            return {
                ...step,
                displayLabel,
                positionLabel: format(LABELS.POSITION, index + 1),
                actionsLabel: format(LABELS.ACTIONS, displayLabel),
                showName: Boolean(kind) && step.label !== kind.shortLabel,
                canFlip: this.canEdit && isPeopleKind(kind),
                canMoveUp: this.canEdit && index > 0,
                canMoveDown: this.canEdit && index < steps.length - 1,
                syncDisabled: !this.canConfigure || !step.active,
                syncTitle: step.active ? LABELS.SYNC : LABELS.SYNC_INACTIVE,
                lastRun: this.describeRun(step.lastRun)
            };
        });
    }

    describeRun(run) {
        if (!run) {
            return { text: LABELS.NEVER_RAN, badgeClass: '', status: null };
        }
        return {
            status: run.status,
            badgeClass: RUN_STATUS_THEMES[run.status] ?? '',
            finishedAt: run.finishedAt ?? run.startedAt,
            counts: format(
                LABELS.RUN_COUNTS,
                run.recordsRead ?? 0,
                run.recordsCreated ?? 0,
                run.recordsUpdated ?? 0,
                run.recordsSkipped ?? 0,
                run.recordsFailed ?? 0
            ),
            message: run.message,
            text: format(LABELS.LAST_RUN, run.status)
        };
    }

    stepByName(developerName) {
        return this.steps.find((step) => step.developerName === developerName);
    }

    // ------------------------------------------------------------------ actions

    handleOpenSettings(event) {
        this.openStepName = event.currentTarget.dataset.name;
    }

    handleCloseSettings() {
        this.openStepName = undefined;
    }

    handleSyncStep(event) {
        const step = this.stepByName(event.currentTarget.dataset.name);
        this.dispatchEvent(
            new CustomEvent('syncstep', {
                detail: { stepName: step.developerName, label: stepDisplayLabel(findKind(this.catalog, step.stepKind)) }
            })
        );
    }

    async handleActiveChange(event) {
        const toggle = event.target;
        const developerName = toggle.dataset.name;
        const active = event.detail.checked;
        if (!(await this.run(() => setStepActive({ developerName, active })))) {
            // Not saved: the toggle shows the step as it still is.
            toggle.checked = !active;
        }
    }

    handleShowAdd() {
        this.adding = true;
    }

    handleCancelAdd() {
        this.adding = false;
    }

    handleAdd(event) {
        const kind = findKind(this.catalog, event.detail.stepKind);
        this.adding = false;
        return this.saveDrafts([newStepDraft(kind, this.steps, this.catalog)]);
    }

    handleDuplicate(event) {
        const step = this.stepByName(event.currentTarget.dataset.name);
        return this.saveDrafts([duplicateDraft(step, this.steps)]);
    }

    /** Turns a people step around; the bridge applies the other direction's rules before anything deploys. */
    handleFlip(event) {
        const step = this.stepByName(event.currentTarget.dataset.name);
        return this.saveDrafts([flipDraft(step, this.catalog)]);
    }

    handleMoveUp(event) {
        return this.move(event.currentTarget.dataset.name, -1);
    }

    handleMoveDown(event) {
        return this.move(event.currentTarget.dataset.name, 1);
    }

    move(developerName, direction) {
        const index = this.steps.findIndex((step) => step.developerName === developerName);
        const drafts = moveDrafts(this.steps, index, direction);
        return drafts.length > 0 ? this.saveDrafts(drafts) : undefined;
    }

    async handleRemove(event) {
        const step = this.stepByName(event.currentTarget.dataset.name);
        const label = stepDisplayLabel(findKind(this.catalog, step.stepKind));
        const confirmed = await LightningConfirm.open({
            label: LABELS.CONFIRM_REMOVE_TITLE,
            message: format(LABELS.CONFIRM_REMOVE, label),
            theme: 'warning'
        });
        if (confirmed) {
            await this.run(() => removeStep({ developerName: step.developerName }));
        }
    }

    handleSaveUnchecked() {
        return this.saveDrafts(this.unchecked.drafts, true);
    }

    handleDismissUnchecked() {
        this.unchecked = undefined;
    }

    /**
     * Saves step drafts once the bridge finds nothing wrong with them: its problems show here, named by step; when
     * it cannot be reached nothing is saved until the admin chooses to save unchecked.
     */
    saveDrafts(drafts, unchecked = false) {
        this.unchecked = undefined;
        return this.run(async () => {
            const outcome = saveOutcome(await saveSteps({ drafts, unchecked }));
            if (outcome.kind === 'refused') {
                const nameOf = (verdict, index) =>
                    stepDisplayLabel(findKind(this.catalog, drafts[index].stepKind)) || drafts[index].stepKind;
                throw verdictMessages(outcome.verdicts, nameOf);
            }
            if (outcome.kind === 'unchecked') {
                this.unchecked = { reason: outcome.reason, drafts };
                return undefined;
            }
            return outcome.deployment;
        });
    }

    /** Runs one change; the console follows the deployment it queues. */
    async run(change) {
        this.working = true;
        this.actionError = undefined;
        try {
            const deployment = await change();
            if (!deployment) {
                return false;
            }
            this.dispatchEvent(deploymentStartEvent(deployment));
            return true;
        } catch (error) {
            this.actionError = error;
            return false;
        } finally {
            this.working = false;
        }
    }
}
