/**
 * `lightning/platformShowToastEvent` in the browser sandbox: the event Lightning Experience answers with a toast.
 * The page (main.js) shows it with the base components' own toast, as Lightning's chrome does.
 */
export class ShowToastEvent extends CustomEvent {
    constructor(toast) {
        super('lightning__showtoast', { bubbles: true, composed: true, cancelable: true, detail: toast });
    }
}
