import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import getRecordErrors from '@salesforce/apex/ReplySyncConsoleController.getRecordErrors';
import { findKind, stepName } from 'c/replySyncCatalog';
import { format } from 'c/replySyncText';
import LABELS from './labels';

export const MAX_ROWS = 200;

/** Records that failed to sync (Reply_Sync_Error__c): which, in which step, why, how often; resolved ones on demand. */
export default class ReplySyncRecordErrors extends LightningElement {
    @api catalog;
    /** The steps of the profile in use: each error names its step as the list does. */
    @api steps = [];

    labels = LABELS;
    includeResolved = false;
    maxRows = MAX_ROWS;
    errors;
    loadError;
    wiredErrors;

    /** Few fixed widths, so record, step and reason keep room at 1024 px; only the record and the reason wrap. */
    columns = [
        { label: LABELS.RECORD, fieldName: 'recordText', wrapText: true },
        { label: LABELS.STEP, fieldName: 'stepText' },
        { label: LABELS.REASON, fieldName: 'reasonText', wrapText: true },
        { label: LABELS.ATTEMPTS, fieldName: 'attempts', type: 'number', initialWidth: 100 },
        { label: LABELS.STATE, fieldName: 'stateText', initialWidth: 110 },
        {
            label: LABELS.LAST_SEEN,
            fieldName: 'lastSeenAt',
            type: 'date',
            initialWidth: 150,
            typeAttributes: { month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit' }
        }
    ];

    @wire(getRecordErrors, { includeResolved: '$includeResolved', maxRows: '$maxRows' })
    receiveErrors(result) {
        this.wiredErrors = result;
        if (result.data) {
            this.errors = result.data.map((row) => this.toRow(row));
            this.loadError = undefined;
        } else if (result.error) {
            this.errors = undefined;
            this.loadError = result.error;
        }
    }

    toRow(row) {
        const step = (this.steps ?? []).find((candidate) => candidate.developerName === row.stepName);
        const kind = findKind(this.catalog, row.stepKind);
        return {
            ...row,
            recordText: row.recordLabel || row.salesforceRecordId || row.replyRecordId || row.name,
            // A step no longer in the list (removed, or of the other profile) is named by its kind.
            stepText: step ? stepName(step, kind) : format(LABELS.STEP_GONE, stepName(undefined, kind) || row.stepName),
            reasonText: row.errorCode ? format(LABELS.REASON_WITH_CODE, row.message ?? '', row.errorCode) : row.message,
            stateText: row.resolved ? LABELS.RESOLVED : row.gaveUp ? LABELS.GAVE_UP : LABELS.OPEN
        };
    }

    @api
    refresh() {
        return this.wiredErrors ? refreshApex(this.wiredErrors) : Promise.resolve();
    }

    get isLoading() {
        return !this.errors && !this.loadError;
    }

    get isEmpty() {
        return Array.isArray(this.errors) && this.errors.length === 0;
    }

    get hasRows() {
        return Array.isArray(this.errors) && this.errors.length > 0;
    }

    handleResolvedChange(event) {
        this.includeResolved = event.detail.checked;
    }

    handleRefresh() {
        return this.refresh();
    }
}
