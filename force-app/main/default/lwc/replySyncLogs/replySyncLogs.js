import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import getLogs from '@salesforce/apex/ReplySyncConsoleController.getLogs';
import { findKind, stepName } from 'c/replySyncCatalog';
import { format, recordCounts } from 'c/replySyncText';
import LABELS from './labels';

export const MAX_ROWS = 200;
/** Reply_Sync_Log__c.Status__c values (Paused: a Reply capability the key lacks; the run did not fail). */
const STATUSES = ['Succeeded', 'Partial', 'Paused', 'Failed', 'Skipped', 'Running'];
const DATE_TIME = {
    type: 'date',
    typeAttributes: { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }
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

    /**
     * Few fixed widths, so the flexible columns keep room at 1024 px: the counts are one text (zero counts left
     * out), a dry run says so in the trigger, and only the counts and the message wrap.
     */
    columns = [
        { label: LABELS.STARTED, fieldName: 'startedAt', ...DATE_TIME, initialWidth: 140 },
        { label: LABELS.STEP, fieldName: 'stepText', initialWidth: 190 },
        { label: LABELS.STATUS, fieldName: 'status', initialWidth: 100 },
        { label: LABELS.TRIGGER, fieldName: 'triggerText', initialWidth: 130 },
        { label: LABELS.RECORDS, fieldName: 'countsText', wrapText: true, initialWidth: 170 },
        { label: LABELS.MESSAGE, fieldName: 'message', wrapText: true }
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
        const step = (this.steps ?? []).find((candidate) => candidate.developerName === row.stepName);
        const kind = findKind(this.catalog, row.stepKind);
        return {
            ...row,
            // The step's one name: as it is now, else as the run logged it, else its kind's.
            stepText: stepName(step, kind) || row.stepLabel || row.stepName,
            triggerText: row.dryRun ? format(LABELS.DRY_RUN_TRIGGER, row.triggeredBy ?? '') : row.triggeredBy,
            countsText: recordCounts(row)
        };
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
                label: stepName(step, findKind(this.catalog, step.stepKind)),
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
