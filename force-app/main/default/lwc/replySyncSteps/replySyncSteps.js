import { LightningElement, api } from 'lwc';
import LightningConfirm from 'lightning/confirm';
import saveSteps from '@salesforce/apex/ReplySyncConsoleController.saveSteps';
import setStepActive from '@salesforce/apex/ReplySyncConsoleController.setStepActive';
import removeStep from '@salesforce/apex/ReplySyncConsoleController.removeStep';
import { PROFILE_CUSTOM, directionLabel, findKind, isPeopleKind, mirrorKind, stepName } from 'c/replySyncCatalog';
import { deploymentStartEvent, saveOutcome } from 'c/replySyncDeployments';
import { duplicateDraft, flipDraft, moveDrafts, newStepDraft } from 'c/replySyncDrafts';
import { verdictMessages } from 'c/replySyncProblems';
import { format, recordCounts } from 'c/replySyncText';
import LABELS from './labels';

const RUN_STATUS_THEMES = {
    Succeeded: 'slds-theme_success',
    Partial: 'slds-theme_warning',
    // A Reply capability the key lacks: the step waits, the run did not fail.
    Paused: 'slds-theme_warning',
    Failed: 'slds-theme_error',
    Running: 'slds-theme_info'
};
/** A last run whose message is a problem to act on; other messages are notes. */
const TROUBLED = ['Failed', 'Partial', 'Paused'];

/**
 * The steps of the profile in use, in run order: each with its name, which way it syncs, its active toggle, its last
 * run, and its actions: Settings and Sync as buttons, and in the Custom profile Duplicate, Turn around, Move and
 * Remove in its menu. Add sync step picks a kind and opens the new step's settings, so it is saved, on, in one
 * deployment. In the Default profile only the toggles and Sync work. Every change is a metadata deployment the
 * console then follows.
 */
export default class ReplySyncSteps extends LightningElement {
    @api steps = [];
    @api catalog;
    @api profile;
    @api canConfigure = false;
    /** A deployment is pending: changes wait for it. */
    @api busy = false;
    /** Whether the bridge answers: Sync works only then. */
    @api bridgeReachable = false;

    labels = LABELS;
    openStepName;
    /** A new step being set up: its draft, shown in the settings panel until it is saved. */
    newStep;
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
        if (this.newStep) {
            return this.newStep;
        }
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

    get countText() {
        return format(LABELS.COUNT, (this.steps ?? []).length);
    }

    get rows() {
        const steps = this.steps ?? [];
        return steps.map((step, index) => {
            const kind = findKind(this.catalog, step.stepKind);
            const name = stepName(step, kind);
            const canMoveUp = this.canEdit && index > 0;
            const canMoveDown = this.canEdit && index < steps.length - 1;
            const mirror = mirrorKind(this.catalog, kind);
            return {
                ...step,
                name,
                position: `${index + 1}.`,
                direction: directionLabel(kind),
                activeLabel: format(LABELS.ACTIVE_FOR, name),
                settingsLabel: this.isCustom && this.canConfigure ? LABELS.SETTINGS : LABELS.VIEW_SETTINGS,
                settingsTitle: format(LABELS.SETTINGS_FOR, name),
                syncTitle: this.syncTitle(step, name),
                moreLabel: format(LABELS.ACTIONS, name),
                canFlip: this.canEdit && isPeopleKind(kind) && Boolean(mirror),
                flipLabel: mirror ? format(LABELS.FLIP, directionLabel(mirror)) : '',
                canMoveUp,
                canMoveDown,
                syncDisabled: !this.canConfigure || !step.active || !this.bridgeReachable,
                lastRun: this.describeRun(step.lastRun)
            };
        });
    }

    syncTitle(step, name) {
        if (!step.active) {
            return LABELS.SYNC_INACTIVE;
        }
        return this.bridgeReachable ? format(LABELS.SYNC_FOR, name) : LABELS.SYNC_UNREACHABLE;
    }

    describeRun(run) {
        if (!run) {
            return { text: LABELS.NEVER_RAN, badgeClass: '', status: null };
        }
        const troubled = TROUBLED.includes(run.status);
        return {
            status: run.status,
            badgeClass: RUN_STATUS_THEMES[run.status] ?? '',
            finishedAt: run.finishedAt ?? run.startedAt,
            counts: recordCounts(run),
            message: run.message,
            messageClass: `run-message slds-text-body_small ${troubled ? 'slds-text-color_error' : 'slds-text-color_weak'}`,
            text: format(LABELS.LAST_RUN, run.status)
        };
    }

    stepByName(developerName) {
        return this.steps.find((step) => step.developerName === developerName);
    }

    nameOf(step) {
        return stepName(step, findKind(this.catalog, step.stepKind));
    }

    // ------------------------------------------------------------------ actions

    handleOpenSettings(event) {
        this.openStepName = event.currentTarget.dataset.name;
    }

    handleCloseSettings() {
        this.openStepName = undefined;
        this.newStep = undefined;
    }

    /** A step was saved from its settings: a new one goes back to the list, where it appears once deployed. */
    handleStepSaved() {
        if (this.newStep) {
            this.newStep = undefined;
        }
    }

    handleSyncStep(event) {
        const step = this.stepByName(event.currentTarget.dataset.name);
        this.dispatchEvent(
            new CustomEvent('syncstep', { detail: { stepName: step.developerName, label: this.nameOf(step) } })
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

    /** The chosen kind's new step opens in the settings panel: on, preset, last in order; Save adds it. */
    handleAdd(event) {
        const kind = findKind(this.catalog, event.detail.stepKind);
        this.adding = false;
        this.newStep = { ...newStepDraft(kind, this.steps, this.catalog), profile: PROFILE_CUSTOM };
    }

    handleMenuSelect(event) {
        const step = this.stepByName(event.currentTarget.dataset.name);
        switch (event.detail.value) {
            case 'duplicate':
                return this.saveDrafts([duplicateDraft(step, this.steps)]);
            case 'flip':
                // The bridge applies the other direction's rules before anything deploys.
                return this.saveDrafts([flipDraft(step, this.catalog)]);
            case 'moveUp':
                return this.move(step.developerName, -1);
            case 'moveDown':
                return this.move(step.developerName, 1);
            case 'remove':
                return this.remove(step);
            default:
                return undefined;
        }
    }

    move(developerName, direction) {
        const index = this.steps.findIndex((step) => step.developerName === developerName);
        const drafts = moveDrafts(this.steps, index, direction);
        return drafts.length > 0 ? this.saveDrafts(drafts) : undefined;
    }

    async remove(step) {
        const confirmed = await LightningConfirm.open({
            label: LABELS.CONFIRM_REMOVE_TITLE,
            message: format(LABELS.CONFIRM_REMOVE, this.nameOf(step)),
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
                const nameOf = (verdict, index) => this.nameOf(drafts[index]);
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
