import { LightningElement, api } from 'lwc';
import { reduceErrors } from 'c/replySyncText';
import DEFAULT_TITLE from '@salesforce/label/c.Reply_Sync_Error_Title';

/** An error box: a title and every reason the error carries (Apex error, JavaScript error, or messages). */
export default class ReplySyncErrorAlert extends LightningElement {
    /** An error or a list of errors, as Apex and wire adapters give them, or plain messages. */
    @api errors;
    @api title = DEFAULT_TITLE;
    /** "error" (red) or "warning" (yellow). */
    @api variant = 'error';

    get messages() {
        return reduceErrors(this.errors).map((message, index) => ({ key: `message-${index}`, text: message }));
    }

    get alertClass() {
        const theme = this.variant === 'warning' ? 'slds-theme_warning' : 'slds-theme_error';
        return `slds-notify slds-notify_alert slds-theme_alert-texture ${theme} alert`;
    }

    get iconName() {
        return this.variant === 'warning' ? 'utility:warning' : 'utility:error';
    }

    get iconVariant() {
        return this.variant === 'warning' ? '' : 'inverse';
    }
}
