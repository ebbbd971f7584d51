import { LightningElement, api, wire } from 'lwc';
import getReplyOptions from '@salesforce/apex/ReplySyncConsoleController.getReplyOptions';
import getSalesforceFields from '@salesforce/apex/ReplySyncConsoleController.getSalesforceFields';
import getActiveUsers from '@salesforce/apex/ReplySyncConsoleController.getActiveUsers';
import getLeadStatuses from '@salesforce/apex/ReplySyncConsoleController.getLeadStatuses';
import saveSteps from '@salesforce/apex/ReplySyncConsoleController.saveSteps';
import {
    PROFILE_CUSTOM,
    deploymentStartEvent,
    findKind,
    hasSection,
    ownerMappingProblems,
    ownerMappingsJson,
    parseStepSettings,
    readsFromSalesforce,
    recordDraft,
    replyFieldsOf,
    replyValuesFor,
    stepDisplayLabel,
    toDraft,
    unreadableMessages,
    validateSettings,
    validationContext
} from 'c/replySyncRules';
import LABELS, { SECTION_LABELS } from './labels';

/**
 * The settings of one step, in the sections its kind has: field mappings, filtering rules, ownership mappings,
 * people to sequence, status mappings. Salesforce-side choices come from Apex, Reply-side choices from the bridge.
 * Save checks everything first and says exactly what is wrong; the server checks again before deploying.
 */
export default class ReplySyncStepSettings extends LightningElement {
    @api catalog;
    /** Every step of the profile in use, for "Save and apply for all steps". */
    @api steps = [];
    /** The Default profile, or a user without the Configure permission: look, do not touch. */
    @api readOnly = false;
    @api canConfigure = false;

    labels = LABELS;
    kind;
    settings;
    unreadable = [];
    replyOptions;
    replyOptionsError;
    replyOptionsLoading = false;
    salesforceFields;
    users;
    leadStatuses;
    loadErrors = {};
    problems = [];
    saveError;
    saving = false;
    currentStep;

    @api
    get step() {
        return this.currentStep;
    }
    set step(value) {
        this.readStep(value);
    }

    connectedCallback() {
        // The catalog may arrive after the step: read the kind again now that both are set.
        if (!this.kind && this.currentStep) {
            this.readStep(this.currentStep);
        }
        if (this.canConfigure) {
            this.loadReplyOptions();
        }
    }

    readStep(value) {
        this.currentStep = value;
        this.kind = findKind(this.catalog, value?.stepKind);
        const parsed = parseStepSettings(value, this.kind);
        this.settings = parsed.settings;
        this.unreadable = parsed.unreadable;
        this.problems = [];
        this.saveError = undefined;
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

    // ------------------------------------------------------------------ what to show

    get title() {
        return stepDisplayLabel(this.kind);
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

    get isLocked() {
        return this.readOnly || !this.canConfigure;
    }

    get saveDisabled() {
        return this.isLocked || this.saving;
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
        return unreadableMessages(this.unreadable, this.kind, SECTION_LABELS);
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

    get hasProblems() {
        return this.problems.length > 0;
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

    handleFieldMappingsChange(event) {
        this.settings = { ...this.settings, fieldMappings: event.detail.mappings };
    }

    handleFilterChange(event) {
        this.settings = { ...this.settings, filter: event.detail.filter };
    }

    handleOwnerMappingsChange(event) {
        this.settings = { ...this.settings, ownerMappings: event.detail.mappings };
    }

    handleSequenceMappingsChange(event) {
        this.settings = { ...this.settings, sequenceMappings: event.detail.mappings };
    }

    handleValueMappingsChange(event) {
        this.settings = { ...this.settings, valueMappings: event.detail.mappings };
    }

    handleBack() {
        this.dispatchEvent(new CustomEvent('close'));
    }

    // ------------------------------------------------------------------ save

    validationContext() {
        return validationContext({
            kind: this.kind,
            catalog: this.catalog,
            salesforceFields: this.salesforceFields,
            replyOptions: this.replyOptions,
            users: this.users,
            leadStatuses: this.leadStatuses
        });
    }

    handleSave() {
        const problems = validateSettings(this.settings, this.validationContext());
        return this.save(problems, [toDraft(this.currentStep, this.kind, this.settings)]);
    }

    /** "Save and apply for all steps": this step, and its ownership mappings on every step of the same direction. */
    handleApplyAll(event) {
        const mappings = event.detail.mappings;
        this.settings = { ...this.settings, ownerMappings: mappings };
        const context = this.validationContext();
        const problems = validateSettings(this.settings, context);
        const drafts = [toDraft(this.currentStep, this.kind, this.settings)];
        this.sameDirectionSteps.forEach((other) => {
            const kind = findKind(this.catalog, other.stepKind);
            problems.push(...ownerMappingProblems(mappings, { ...context, kind, stepName: stepDisplayLabel(kind) }));
            drafts.push(recordDraft(other, { ownerMappings: ownerMappingsJson(mappings) }));
        });
        return this.save(problems, drafts);
    }

    async save(problems, drafts) {
        this.problems = [...new Set(problems)];
        this.saveError = undefined;
        if (this.hasProblems || this.isLocked) {
            return;
        }
        this.saving = true;
        try {
            const deployment = await saveSteps({ drafts });
            this.dispatchEvent(deploymentStartEvent(deployment));
            this.dispatchEvent(new CustomEvent('close'));
        } catch (error) {
            this.saveError = error;
        } finally {
            this.saving = false;
        }
    }
}
