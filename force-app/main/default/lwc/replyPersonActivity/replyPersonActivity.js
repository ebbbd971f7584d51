import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import getPersonActivity from '@salesforce/apex/ReplyPersonActivityController.getPersonActivity';
import LABELS from './labels';

const ICONS = { Email: 'standard:email', Call: 'standard:log_a_call' };
const DEFAULT_ICON = 'standard:task';
const COMPLETED = 'Completed';

/** On a Lead or Contact page: the person's Reply link, status and sequence, and the Reply activity synced as Tasks. */
export default class ReplyPersonActivity extends LightningElement {
    @api recordId;
    labels = LABELS;
    person;
    error;
    wiredPerson;

    @wire(getPersonActivity, { recordId: '$recordId' })
    receivePerson(result) {
        this.wiredPerson = result;
        if (result.data) {
            this.person = result.data;
            this.error = undefined;
        } else if (result.error) {
            this.person = undefined;
            this.error = result.error;
        }
    }

    get isLoading() {
        return !this.person && !this.error;
    }

    /** Reply knows this person when it linked them or synced activity onto them. */
    get isKnownToReply() {
        return Boolean(this.person?.replyContactId || this.person?.replyProfileUrl || this.activities.length > 0);
    }

    get status() {
        return this.person?.replyStatus || LABELS.NO_VALUE;
    }

    get sequence() {
        return this.person?.replySequence || LABELS.NO_VALUE;
    }

    get profileUrl() {
        return this.person?.replyProfileUrl;
    }

    get activities() {
        return (this.person?.activities ?? []).map((activity) => ({
            ...activity,
            iconName: ICONS[activity.subtype] ?? DEFAULT_ICON,
            // Synced activity is done; only a Reply task still open says its status.
            showStatus: Boolean(activity.status) && activity.status !== COMPLETED,
            when: activity.activityDate ?? activity.createdDate
        }));
    }

    get hasActivities() {
        return this.activities.length > 0;
    }

    handleRefresh() {
        return refreshApex(this.wiredPerson);
    }
}
