import { LightningElement, api } from 'lwc';
import { nextKey, ownerMappingProblems, readsFromSalesforce, stepDisplayLabel } from 'c/replySyncRules';
import LABELS from './labels';

/**
 * Ownership mappings: Salesforce owner and Reply team member pairs, with Reply's uniqueness rule for the step's
 * direction. "Save and apply for all steps" asks the settings panel to give the same pairs to every step of that
 * direction.
 */
export default class ReplySyncOwnerMappings extends LightningElement {
    @api mappings = [];
    /** Active Salesforce users; undefined while loading. */
    @api users;
    /** Reply team members (the bridge's options); undefined when the bridge could not be reached. */
    @api replyUsers;
    @api kind;
    @api readOnly = false;
    /** Whether other steps of the same direction exist to apply the mappings to. */
    @api canApplyToAll = false;

    labels = LABELS;

    get hint() {
        return readsFromSalesforce(this.kind) ? LABELS.HINT_TO_REPLY : LABELS.HINT_TO_SALESFORCE;
    }

    get replyUnavailable() {
        return !Array.isArray(this.replyUsers);
    }

    get userOptions() {
        return (this.users ?? []).map((user) => ({ label: user.name, value: user.id }));
    }

    get rows() {
        const replyOptions = (this.replyUsers ?? []).map((user) => ({ label: user.name, value: String(user.id) }));
        return (this.mappings ?? []).map((row) => {
            const replyValue = row.replyUserId ? String(row.replyUserId) : null;
            const withStored =
                replyValue && !replyOptions.some((option) => option.value === replyValue)
                    ? [{ label: replyValue, value: replyValue }, ...replyOptions]
                    : replyOptions;
            return { ...row, replyValue, replyOptions: withStored };
        });
    }

    get problems() {
        return ownerMappingProblems(this.mappings ?? [], {
            kind: this.kind,
            stepName: stepDisplayLabel(this.kind),
            usersById: Array.isArray(this.users) ? new Map(this.users.map((user) => [user.id, user])) : undefined,
            replyUsersById: Array.isArray(this.replyUsers)
                ? new Map(this.replyUsers.map((user) => [user.id, user]))
                : undefined
        }).map((text, index) => ({ key: `problem-${index}`, text }));
    }

    get isEmpty() {
        return (this.mappings ?? []).length === 0;
    }

    get canEdit() {
        return !this.readOnly;
    }

    get showApplyAll() {
        return !this.readOnly && this.canApplyToAll;
    }

    handleSalesforceOwnerChange(event) {
        this.updateRow(event.target.dataset.key, { salesforceUserId: event.detail.value });
    }

    handleReplyOwnerChange(event) {
        this.updateRow(event.target.dataset.key, { replyUserId: Number(event.detail.value) });
    }

    handleAdd() {
        this.publish([...this.mappings, { key: nextKey('owner'), salesforceUserId: '', replyUserId: null }]);
    }

    handleRemove(event) {
        const key = event.currentTarget.dataset.key;
        this.publish(this.mappings.filter((row) => row.key !== key));
    }

    handleApplyAll() {
        this.dispatchEvent(new CustomEvent('applyall', { detail: { mappings: this.mappings } }));
    }

    updateRow(key, change) {
        this.publish(this.mappings.map((row) => (row.key === key ? { ...row, ...change } : row)));
    }

    publish(mappings) {
        this.dispatchEvent(new CustomEvent('change', { detail: { mappings } }));
    }
}
