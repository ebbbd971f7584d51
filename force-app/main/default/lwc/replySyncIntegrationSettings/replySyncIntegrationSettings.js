import { LightningElement, api } from 'lwc';
import LightningConfirm from 'lightning/confirm';
import saveSetting from '@salesforce/apex/ReplySyncConsoleController.saveSetting';
import { PROFILE_CUSTOM, PROFILE_DEFAULT } from 'c/replySyncCatalog';
import { deploymentStartEvent } from 'c/replySyncDeployments';
import LABELS from './labels';

/**
 * The integration's Enabled toggle and the profile picker (Default or Custom), with what each profile means. Both
 * work in either profile; each change is a deployment of the Org_Default setting.
 */
export default class ReplySyncIntegrationSettings extends LightningElement {
    @api enabled = false;
    @api profile = PROFILE_DEFAULT;
    @api canConfigure = false;
    @api busy = false;

    labels = LABELS;
    error;
    saving = false;

    get profileOptions() {
        return [
            { label: LABELS.DEFAULT, value: PROFILE_DEFAULT },
            { label: LABELS.CUSTOM, value: PROFILE_CUSTOM }
        ];
    }

    get explanation() {
        return this.profile === PROFILE_CUSTOM ? LABELS.CUSTOM_EXPLAIN : LABELS.DEFAULT_EXPLAIN;
    }

    get disabled() {
        return !this.canConfigure || this.busy || this.saving;
    }

    async handleEnabledChange(event) {
        const toggle = event.target;
        const saved = await this.save(event.detail.checked, this.profile);
        if (!saved) {
            // Not saved: the toggle shows the setting as it still is.
            toggle.checked = this.enabled;
        }
    }

    async handleProfileChange(event) {
        const profile = event.detail.value;
        const picker = event.target;
        if (profile === this.profile) {
            return;
        }
        if (profile === PROFILE_DEFAULT) {
            const confirmed = await LightningConfirm.open({
                label: LABELS.CONFIRM_DEFAULT_TITLE,
                message: LABELS.CONFIRM_DEFAULT,
                theme: 'warning'
            });
            if (!confirmed) {
                // The radio group shows what the admin clicked: put it back.
                picker.value = this.profile;
                return;
            }
        }
        if (!(await this.save(this.enabled, profile))) {
            picker.value = this.profile;
        }
    }

    async save(enabled, profile) {
        this.saving = true;
        this.error = undefined;
        try {
            this.dispatchEvent(deploymentStartEvent(await saveSetting({ enabled, profile })));
            return true;
        } catch (error) {
            this.error = error;
            return false;
        } finally {
            this.saving = false;
        }
    }
}
