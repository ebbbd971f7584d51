import { LightningElement, api, wire } from 'lwc';
import LightningConfirm from 'lightning/confirm';
import getReplyOptions from '@salesforce/apex/ReplySyncConsoleController.getReplyOptions';
import getSalesforceFields from '@salesforce/apex/ReplySyncConsoleController.getSalesforceFields';
import getActiveUsers from '@salesforce/apex/ReplySyncConsoleController.getActiveUsers';
import getLeadStatuses from '@salesforce/apex/ReplySyncConsoleController.getLeadStatuses';
import validateSteps from '@salesforce/apex/ReplySyncConsoleController.validateSteps';
import saveSteps from '@salesforce/apex/ReplySyncConsoleController.saveSteps';
import {
    PROFILE_CUSTOM,
    directionLabel,
    findKind,
    hasSection,
    readsFromSalesforce,
    replyFieldsOf,
    replyValuesFor,
    stepName
} from 'c/replySyncCatalog';
import { deploymentStartEvent, saveOutcome } from 'c/replySyncDeployments';
import { recordDraft, toDraft } from 'c/replySyncDrafts';
import { placedProblems, sectionProblems, verdictMessages } from 'c/replySyncProblems';
import { ownerMappingsJson, parseStepSettings, rowKeysBySection } from 'c/replySyncSettings';
import { format, reduceErrors } from 'c/replySyncText';
import LABELS, { SECTION_LABELS } from './labels';

/** How long the panel waits after the last edit before it asks the bridge. */
export const CHECK_DELAY_MS = 600;

/** Where the bridge's check of the settings on screen stands. */
const CHECKING = 'checking';
const CHECKED = 'checked';
const UNCHECKED = 'unchecked';

/**
 * The settings of one step, in the sections its kind has: field mappings, filtering rules, ownership mappings,
 * people to sequence, status mappings. Salesforce-side choices come from Apex, Reply-side choices from the bridge.
 * The bridge judges them: the panel asks it as the admin edits (POST /v1/steps/validate through Apex) and shows each
 * problem next to its field; Save deploys only what it accepts. When the bridge cannot be reached the panel says the
 * settings are not checked, keeps the edits, and saves them unchecked only when the admin says so.
 */
export default class ReplySyncStepSettings extends LightningElement {
    @api catalog;
    /** Every step of the profile in use, for "Save and apply for all steps". */
    @api steps = [];
    /** The Default profile: look, do not touch. */
    @api readOnly = false;
    /** Whether the user holds the Configure permission (without it nothing reaches the bridge). */
    @api canConfigure = false;
    /** A deployment is pending: saving waits for it. */
    @api busy = false;

    labels = LABELS;
    kind;
    settings;
    /** The step's Active__c as it will be saved. */
    active = false;
    unreadable = [];
    replyOptions;
    replyOptionsError;
    replyOptionsLoading = false;
    salesforceFields;
    users;
    leadStatuses;
    loadErrors = {};
    currentStep;
    /** Unsaved edits on screen: kept when the console reloads the steps, confirmed before going back. */
    dirty = false;

    /** The bridge's verdict on this step, the row keys it was given, and those of the other steps saved with it. */
    verdict;
    verdictRowKeys = {};
    otherVerdicts = [];
    checkState;
    checkError;
    checkSequence = 0;
    checkTimer;
    /** Whether the panel is on the page (a step given before that is checked once it is). */
    shown = false;

    saving = false;
    saveError;
    /** The drafts Save could not have checked, offered to save unchecked. */
    uncheckedDrafts;

    @api
    get step() {
        return this.currentStep;
    }
    set step(value) {
        const sameStep = Boolean(value) && value.developerName === this.currentStep?.developerName;
        this.currentStep = value;
        // The console reloads the steps when a run or another change ends: the edits on screen stay.
        if (!(sameStep && this.dirty)) {
            this.readStep(value);
            if (this.shown) {
                this.scheduleCheck(0);
            }
        }
    }

    connectedCallback() {
        this.shown = true;
        // The catalog may arrive after the step: read the kind again now that both are set.
        if (!this.kind && this.currentStep) {
            this.readStep(this.currentStep);
        }
        if (this.canConfigure) {
            this.loadReplyOptions();
        }
        this.scheduleCheck(0);
    }

    disconnectedCallback() {
        this.shown = false;
        clearTimeout(this.checkTimer);
    }

    readStep(value) {
        this.kind = findKind(this.catalog, value?.stepKind);
        const parsed = parseStepSettings(value, this.kind, this.catalog);
        this.settings = parsed.settings;
        this.active = Boolean(value?.active);
        this.unreadable = parsed.unreadable;
        this.dirty = false;
        this.verdict = undefined;
        this.otherVerdicts = [];
        this.checkState = undefined;
        this.saveError = undefined;
        this.uncheckedDrafts = undefined;
    }

    async loadReplyOptions() {
        this.replyOptionsLoading = true;
        try {
            this.replyOptions = await getReplyOptions();
            this.replyOptionsError = undefined;
        } catch (error) {
            this.replyOptionsError = error;
        } finally {
            this.replyOptionsLoading = false;
        }
    }

    get objectApiName() {
        return this.kind?.salesforceObject;
    }

    @wire(getSalesforceFields, { objectApiName: '$objectApiName' })
    receiveSalesforceFields({ data, error }) {
        this.receive('salesforceFields', data, error);
    }

    @wire(getActiveUsers)
    receiveUsers({ data, error }) {
        this.receive('users', data, error);
    }

    @wire(getLeadStatuses)
    receiveLeadStatuses({ data, error }) {
        this.receive('leadStatuses', data, error);
    }

    receive(property, data, error) {
        if (data) {
            this[property] = data;
            this.loadErrors = { ...this.loadErrors, [property]: undefined };
        } else if (error) {
            this.loadErrors = { ...this.loadErrors, [property]: error };
        }
    }

    // ------------------------------------------------------------------ the bridge's check

    get isLocked() {
        return this.readOnly || !this.canConfigure;
    }

    get canEdit() {
        return !this.isLocked;
    }

    get draft() {
        return toDraft({ ...this.currentStep, active: this.active }, this.kind, this.settings, this.catalog);
    }

    /** A step not saved yet (Add sync step): it has no API name until the bridge gives it one. */
    get isNew() {
        return Boolean(this.currentStep) && !this.currentStep.developerName;
    }

    /** Asks the bridge about the settings on screen once the admin pauses (at once when `delay` is 0). */
    scheduleCheck(delay = CHECK_DELAY_MS) {
        clearTimeout(this.checkTimer);
        if (this.isLocked || !this.kind) {
            return;
        }
        // The bridge is asked when editing pauses, not on every keystroke.
        // eslint-disable-next-line @lwc/lwc/no-async-operation
        this.checkTimer = setTimeout(() => this.check(), delay);
    }

    async check() {
        const sequence = ++this.checkSequence;
        const rowKeys = rowKeysBySection(this.settings);
        this.checkState = CHECKING;
        try {
            const answer = await validateSteps({ drafts: [this.draft] });
            if (sequence === this.checkSequence) {
                this.showVerdicts(answer?.steps ?? [], rowKeys);
            }
        } catch (error) {
            if (sequence === this.checkSequence) {
                this.showUnchecked(reduceErrors(error).join(' '));
            }
        }
    }

    showVerdicts(verdicts, rowKeys) {
        this.verdict = verdicts[0];
        this.verdictRowKeys = rowKeys;
        this.otherVerdicts = verdicts.slice(1);
        this.checkState = CHECKED;
        this.checkError = undefined;
    }

    showUnchecked(reason) {
        // Nothing the bridge said before still holds for what is on screen.
        this.verdict = undefined;
        this.otherVerdicts = [];
        this.checkState = UNCHECKED;
        this.checkError = reason;
    }

    /** The bridge's problems with this step, each with its text and the row it was found on. */
    get problems() {
        return placedProblems(this.verdict, this.verdictRowKeys);
    }

    get stepProblems() {
        return sectionProblems(this.problems, 'step').map((problem) => problem.text);
    }

    get hasStepProblems() {
        return this.stepProblems.length > 0;
    }

    get otherStepProblems() {
        return verdictMessages(this.otherVerdicts, (verdict) => {
            const step = (this.steps ?? []).find((candidate) => candidate.developerName === verdict.developerName);
            return stepName(step ?? verdict, findKind(this.catalog, verdict.stepKind));
        });
    }

    get hasOtherStepProblems() {
        return this.otherStepProblems.length > 0;
    }

    get isChecking() {
        return this.checkState === CHECKING;
    }

    get isUnchecked() {
        return this.checkState === UNCHECKED;
    }

    /** The line beside Save: what the bridge said about the settings on screen, never "fine" without its word. */
    get checkStatus() {
        if (this.checkState === CHECKING) {
            return { text: LABELS.CHECKING, className: 'slds-text-color_weak' };
        }
        if (this.checkState !== CHECKED || !this.verdict) {
            return undefined;
        }
        const count = this.verdict.problems?.length ?? 0;
        return count === 0
            ? { text: LABELS.CHECK_PASSED, className: 'slds-text-color_success' }
            : { text: format(LABELS.CHECK_FOUND, count), className: 'slds-text-color_error' };
    }

    // ------------------------------------------------------------------ what to show

    get title() {
        const name = stepName(this.currentStep, this.kind);
        return this.isNew ? format(LABELS.NEW_STEP, name) : name;
    }

    get direction() {
        return directionLabel(this.kind);
    }

    get showFieldMappings() {
        return hasSection(this.kind, 'fieldMappings');
    }

    get showFilters() {
        return hasSection(this.kind, 'filters');
    }

    get showOwnerMappings() {
        return hasSection(this.kind, 'ownerMappings');
    }

    get showSequenceMappings() {
        return hasSection(this.kind, 'sequenceMappings');
    }

    get showValueMappings() {
        return hasSection(this.kind, 'valueMappings');
    }

    get readOnlyNotice() {
        if (!this.canConfigure) {
            return LABELS.NO_PERMISSION;
        }
        return this.readOnly ? LABELS.READ_ONLY : null;
    }

    get saveDisabled() {
        return this.isLocked || this.saving || this.busy;
    }

    get saveLabel() {
        return this.saving ? LABELS.SAVING : LABELS.SAVE;
    }

    get replyFields() {
        return replyFieldsOf(this.catalog, this.replyOptions);
    }

    get replyLists() {
        return this.replyOptions?.lists;
    }

    get replyUsers() {
        return this.replyOptions?.users;
    }

    get sequences() {
        return this.replyOptions?.sequences;
    }

    get replyValues() {
        return replyValuesFor(this.kind, this.replyOptions);
    }

    get replyValueLabel() {
        return this.kind?.replySource === 'inboxCategories' ? LABELS.INBOX_CATEGORY : LABELS.REPLY_STATUS;
    }

    get unreadableNotes() {
        return this.unreadable.map(({ section, reason }) =>
            format(LABELS.UNREADABLE_SECTION, SECTION_LABELS[section] ?? section, reason)
        );
    }

    get hasUnreadable() {
        return this.unreadable.length > 0;
    }

    /** Salesforce's choices (fields, users, Lead Statuses) still on their way. */
    get salesforceLoading() {
        const missing = (value, property) => value === undefined && !this.loadErrors[property];
        return (
            missing(this.salesforceFields, 'salesforceFields') ||
            missing(this.users, 'users') ||
            missing(this.leadStatuses, 'leadStatuses')
        );
    }

    get loadErrorList() {
        return Object.values(this.loadErrors).filter(Boolean);
    }

    get hasLoadErrors() {
        return this.loadErrorList.length > 0;
    }

    /** Other Custom steps of the same direction that have ownership mappings. */
    get sameDirectionSteps() {
        const fromSalesforce = readsFromSalesforce(this.kind);
        return (this.steps ?? []).filter((candidate) => {
            const kind = findKind(this.catalog, candidate.stepKind);
            return (
                candidate.developerName !== this.currentStep?.developerName &&
                candidate.profile === PROFILE_CUSTOM &&
                hasSection(kind, 'ownerMappings') &&
                readsFromSalesforce(kind) === fromSalesforce
            );
        });
    }

    get canApplyToAll() {
        return this.sameDirectionSteps.length > 0;
    }

    // ------------------------------------------------------------------ edits

    handleActiveChange(event) {
        this.active = event.detail.checked;
        this.dirty = true;
        this.uncheckedDrafts = undefined;
    }

    edit(changes) {
        this.settings = { ...this.settings, ...changes };
        this.dirty = true;
        this.uncheckedDrafts = undefined;
        this.scheduleCheck();
    }

    handleFieldMappingsChange(event) {
        this.edit({ fieldMappings: event.detail.mappings });
    }

    handleFilterChange(event) {
        this.edit({ filter: event.detail.filter });
    }

    handleOwnerMappingsChange(event) {
        this.edit({ ownerMappings: event.detail.mappings });
    }

    handleSequenceMappingsChange(event) {
        this.edit({ sequenceMappings: event.detail.mappings });
    }

    handleValueMappingsChange(event) {
        this.edit({ valueMappings: event.detail.mappings });
    }

    async handleBack() {
        if (this.dirty) {
            const discard = await LightningConfirm.open({
                label: LABELS.DISCARD_TITLE,
                message: LABELS.DISCARD,
                theme: 'warning'
            });
            if (!discard) {
                return;
            }
        }
        this.dispatchEvent(new CustomEvent('close'));
    }

    // ------------------------------------------------------------------ save

    handleSave() {
        return this.save([this.draft], false);
    }

    /** "Save and apply for all steps": this step, and its ownership mappings on every step of the same direction. */
    handleApplyAll(event) {
        this.settings = { ...this.settings, ownerMappings: event.detail.mappings };
        const json = ownerMappingsJson(event.detail.mappings, this.catalog);
        const others = this.sameDirectionSteps.map((other) => recordDraft(other, { ownerMappings: json }));
        return this.save([this.draft, ...others], false);
    }

    /** Saves the drafts the bridge could not check, as the admin asked, after being told what that means. */
    handleSaveUnchecked() {
        return this.save(this.uncheckedDrafts, true);
    }

    async save(drafts, unchecked) {
        if (this.saveDisabled) {
            return;
        }
        clearTimeout(this.checkTimer);
        this.checkSequence += 1;
        const rowKeys = rowKeysBySection(this.settings);
        this.saving = true;
        this.saveError = undefined;
        try {
            const outcome = saveOutcome(await saveSteps({ drafts, unchecked }));
            if (outcome.kind === 'deployed') {
                this.dirty = false;
                this.dispatchEvent(deploymentStartEvent(outcome.deployment));
                // The panel stays open on the step (it shows the saved settings once deployed); a new step's
                // list shows it once deployed.
                this.dispatchEvent(new CustomEvent('saved', { detail: { isNew: this.isNew } }));
            } else if (outcome.kind === 'refused') {
                this.showVerdicts(outcome.verdicts, rowKeys);
            } else {
                this.showUnchecked(outcome.reason);
                this.uncheckedDrafts = drafts;
            }
        } catch (error) {
            this.saveError = error;
        } finally {
            this.saving = false;
        }
    }
}
