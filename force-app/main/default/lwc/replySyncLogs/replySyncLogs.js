import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import getLogs from '@salesforce/apex/ReplySyncConsoleController.getLogs';
import { findKind, stepDisplayLabel } from 'c/replySyncCatalog';
import { format } from 'c/replySyncText';
import LABELS from './labels';

export const MAX_ROWS = 200;
/** Reply_Sync_Log__c.Status__c values (Paused: a Reply capability the key lacks; the run did not fail). */
const STATUSES = ['Succeeded', 'Partial', 'Paused', 'Failed', 'Skipped', 'Running'];
const DATE_TIME = {
    type: 'date',
    typeAttributes: { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit' }
};

/** The Logs tab: one row per run and step (Reply_Sync_Log__c), newest first, filtered by status and step. */
export default class ReplySyncLogs extends LightningElement {
    /** The steps of the profile in use, for the step filter. */
    @api steps = [];
    @api catalog;

    labels = LABELS;
    status = '';
    stepName = '';
    maxRows = MAX_ROWS;
    logs;
    error;
    wiredLogs;

    columns = [
        { label: LABELS.STARTED, fieldName: 'startedAt', ...DATE_TIME, initialWidth: 170 },
        { label: LABELS.STEP, fieldName: 'stepText', wrapText: true },
        { label: LABELS.STATUS, fieldName: 'status', initialWidth: 110 },
        { label: LABELS.TRIGGER, fieldName: 'triggeredBy', initialWidth: 120 },
        { label: LABELS.READ, fieldName: 'recordsRead', type: 'number', initialWidth: 80 },
        { label: LABELS.CREATED, fieldName: 'recordsCreated', type: 'number', initialWidth: 90 },
        { label: LABELS.UPDATED, fieldName: 'recordsUpdated', type: 'number', initialWidth: 90 },
        { label: LABELS.SKIPPED, fieldName: 'recordsSkipped', type: 'number', initialWidth: 90 },
        { label: LABELS.FAILED_COUNT, fieldName: 'recordsFailed', type: 'number', initialWidth: 80 },
        { label: LABELS.MESSAGE, fieldName: 'message', wrapText: true },
        { label: LABELS.RUN, fieldName: 'runId', initialWidth: 120 }
    ];

    @wire(getLogs, { status: '$status', stepName: '$stepName', maxRows: '$maxRows' })
    receiveLogs(result) {
        this.wiredLogs = result;
        if (result.data) {
            this.logs = result.data.map((row) => this.toRow(row));
            this.error = undefined;
        } else if (result.error) {
            this.logs = undefined;
            this.error = result.error;
        }
    }

    toRow(row) {
        const kind = findKind(this.catalog, row.stepKind);
        const stepText = row.stepLabel || stepDisplayLabel(kind) || row.stepName;
        return { ...row, stepText: row.dryRun ? `${stepText} (${LABELS.DRY_RUN})` : stepText };
    }

    /** Reloads after a run ended. */
    @api
    refresh() {
        return this.wiredLogs ? refreshApex(this.wiredLogs) : Promise.resolve();
    }

    get statusOptions() {
        return [{ label: LABELS.ALL, value: '' }, ...STATUSES.map((status) => ({ label: status, value: status }))];
    }

    get stepOptions() {
        return [
            { label: LABELS.ALL, value: '' },
            ...(this.steps ?? []).map((step) => ({
                label: stepDisplayLabel(findKind(this.catalog, step.stepKind)) || step.label,
                value: step.developerName
            }))
        ];
    }

    get isLoading() {
        return !this.logs && !this.error;
    }

    get isEmpty() {
        return Array.isArray(this.logs) && this.logs.length === 0;
    }

    get hasRows() {
        return Array.isArray(this.logs) && this.logs.length > 0;
    }

    get caption() {
        return format(LABELS.CAPTION, this.maxRows);
    }

    handleStatusChange(event) {
        this.status = event.detail.value;
    }

    handleStepChange(event) {
        this.stepName = event.detail.value;
    }

    handleRefresh() {
        return this.refresh();
    }
}
