import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import getRecordErrors from '@salesforce/apex/ReplySyncConsoleController.getRecordErrors';
import { findKind, stepDisplayLabel } from 'c/replySyncCatalog';
import LABELS from './labels';

export const MAX_ROWS = 200;

/** Records that failed to sync (Reply_Sync_Error__c): which, in which step, why, how often; resolved ones on demand. */
export default class ReplySyncRecordErrors extends LightningElement {
    @api catalog;

    labels = LABELS;
    includeResolved = false;
    maxRows = MAX_ROWS;
    errors;
    loadError;
    wiredErrors;

    columns = [
        { label: LABELS.RECORD, fieldName: 'recordText', wrapText: true },
        { label: LABELS.STEP, fieldName: 'stepText', wrapText: true },
        { label: LABELS.CODE, fieldName: 'errorCode', initialWidth: 160 },
        { label: LABELS.REASON, fieldName: 'message', wrapText: true },
        { label: LABELS.ATTEMPTS, fieldName: 'attempts', type: 'number', initialWidth: 90 },
        { label: LABELS.GAVE_UP, fieldName: 'gaveUp', type: 'boolean', initialWidth: 90 },
        { label: LABELS.RESOLVED, fieldName: 'resolved', type: 'boolean', initialWidth: 90 },
        {
            label: LABELS.LAST_SEEN,
            fieldName: 'lastSeenAt',
            type: 'date',
            initialWidth: 170,
            typeAttributes: { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit' }
        }
    ];

    @wire(getRecordErrors, { includeResolved: '$includeResolved', maxRows: '$maxRows' })
    receiveErrors(result) {
        this.wiredErrors = result;
        if (result.data) {
            this.errors = result.data.map((row) => ({
                ...row,
                recordText: row.recordLabel || row.salesforceRecordId || row.replyRecordId || row.name,
                stepText: stepDisplayLabel(findKind(this.catalog, row.stepKind)) || row.stepName
            }));
            this.loadError = undefined;
        } else if (result.error) {
            this.errors = undefined;
            this.loadError = result.error;
        }
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
