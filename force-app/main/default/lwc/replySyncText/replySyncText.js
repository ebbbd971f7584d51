/** Text for the Reply Sync console: Custom Label placeholders, the messages inside errors, keys for template loops. */
import UNKNOWN_ERROR from '@salesforce/label/c.Reply_Sync_Unknown_Error';

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

let keyCounter = 0;
/** A key for template loops; rows have no id of their own. */
export function nextKey(prefix = 'row') {
    keyCounter += 1;
    return `${prefix}-${keyCounter}`;
}
