/** Text for the Reply Sync console: Custom Label placeholders, the messages inside errors, keys for template loops. */
import UNKNOWN_ERROR from '@salesforce/label/c.Reply_Sync_Unknown_Error';
import COUNT_READ from '@salesforce/label/c.Reply_Sync_Logs_Count_Read';
import COUNT_CREATED from '@salesforce/label/c.Reply_Sync_Logs_Count_Created';
import COUNT_UPDATED from '@salesforce/label/c.Reply_Sync_Logs_Count_Updated';
import COUNT_SKIPPED from '@salesforce/label/c.Reply_Sync_Logs_Count_Skipped';
import COUNT_FAILED from '@salesforce/label/c.Reply_Sync_Logs_Count_Failed';
import NOTHING from '@salesforce/label/c.Reply_Sync_Logs_Nothing';

/** Fills {0}, {1}, ... of a Custom Label. */
export function format(template, ...values) {
    return String(template ?? '').replace(/\{(\d+)\}/g, (placeholder, index) => {
        const value = values[Number(index)];
        return value === undefined || value === null ? '' : String(value);
    });
}

/** Fills {name} placeholders of a Custom Label from an object; a name it lacks stays as written. */
export function fill(template, params = {}) {
    return String(template ?? '').replace(/\{(\w+)\}/g, (placeholder, name) => {
        const value = params[name];
        return value === undefined || value === null ? placeholder : String(value);
    });
}

/**
 * The messages inside whatever a failed call gives back: Apex errors ({ body: { message } }), UI API errors,
 * JavaScript errors or strings. Apex joins several problems with new lines: each becomes a message.
 */
export function reduceErrors(errors) {
    const list = Array.isArray(errors) ? errors : [errors];
    return list
        .filter((error) => error !== undefined && error !== null)
        .flatMap((error) => {
            if (typeof error === 'string') {
                return [error];
            }
            const body = error.body;
            if (Array.isArray(body)) {
                return body.map((item) => item.message);
            }
            if (body && Array.isArray(body.pageErrors) && body.pageErrors.length > 0) {
                return body.pageErrors.map((item) => item.message);
            }
            if (body && typeof body.message === 'string') {
                return [body.message];
            }
            if (typeof error.message === 'string') {
                return [error.message];
            }
            return [error.statusText || UNKNOWN_ERROR];
        })
        .flatMap((message) => String(message ?? '').split('\n'))
        .map((message) => message.trim())
        .filter((message) => message.length > 0);
}

const COUNTS = [
    ['recordsRead', COUNT_READ],
    ['recordsCreated', COUNT_CREATED],
    ['recordsUpdated', COUNT_UPDATED],
    ['recordsSkipped', COUNT_SKIPPED],
    ['recordsFailed', COUNT_FAILED]
];

/** A run log row's counts in a few words, "12 read, 3 created": those that are not zero, or that nothing was to do. */
export function recordCounts(row) {
    const parts = COUNTS.filter(([field]) => Number(row?.[field]) > 0).map(([field, label]) =>
        format(label, row[field])
    );
    return parts.length > 0 ? parts.join(', ') : NOTHING;
}

let keyCounter = 0;
/** A key for template loops; rows have no id of their own. */
export function nextKey(prefix = 'row') {
    keyCounter += 1;
    return `${prefix}-${keyCounter}`;
}
