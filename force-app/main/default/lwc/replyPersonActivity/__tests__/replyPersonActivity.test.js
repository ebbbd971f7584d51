import { createElement } from 'lwc';
import ReplyPersonActivity from 'c/replyPersonActivity';
import getPersonActivity from '@salesforce/apex/ReplyPersonActivityController.getPersonActivity';
import { refreshApex } from '@salesforce/apex';

const LEAD_ACTIVITY = require('./data/leadActivity.json');

describe('c-reply-person-activity', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    function render() {
        const element = createElement('c-reply-person-activity', { is: ReplyPersonActivity });
        element.recordId = '00Q000000000001AAA';
        document.body.appendChild(element);
        return element;
    }

    const find = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);
    const findAll = (element, id) => [...element.shadowRoot.querySelectorAll(`[data-id="${id}"]`)];

    it('shows a spinner while loading', () => {
        const element = render();
        expect(find(element, 'loading')).not.toBeNull();
        expect(find(element, 'empty')).toBeNull();
    });

    it('shows the Reply link, status, sequence and activity newest first', async () => {
        const element = render();
        getPersonActivity.emit(LEAD_ACTIVITY);
        await Promise.resolve();
        expect(find(element, 'status').textContent).toBe('Replied');
        expect(find(element, 'sequence').textContent).toBe('Spring outreach');
        const link = find(element, 'profile-link');
        expect(link.href).toBe('https://run.reply.io/people/41');
        expect(link.target).toBe('_blank');
        const activities = findAll(element, 'activity');
        expect(activities.map((item) => item.querySelector('p').textContent)).toEqual([
            'Call: 5 minutes',
            'Email sent: Hello',
            'LinkedIn: connection request'
        ]);
        const icons = activities.map((item) => item.querySelector('lightning-icon').iconName);
        expect(icons).toEqual(['standard:log_a_call', 'standard:email', 'standard:task']);
        expect(activities[2].querySelector('lightning-formatted-date-time').value).toBe('2026-02-28T09:00:00.000Z');
        await expect(element).toBeAccessible();
    });

    it('says when Reply knows the person but nothing was synced yet', async () => {
        const element = render();
        getPersonActivity.emit({ ...LEAD_ACTIVITY, replyStatus: null, replySequence: null, activities: [] });
        await Promise.resolve();
        expect(find(element, 'status').textContent).toBe('None');
        expect(find(element, 'no-activities')).not.toBeNull();
    });

    it('shows an empty state for people Reply has not touched', async () => {
        const element = render();
        getPersonActivity.emit({ objectApiName: 'Contact', activities: [] });
        await Promise.resolve();
        expect(find(element, 'empty').textContent).toContain('Reply has not been in touch with this person yet.');
        expect(find(element, 'summary')).toBeNull();
        await expect(element).toBeAccessible();
    });

    it('shows why the activity could not be loaded', async () => {
        const element = render();
        getPersonActivity.error({ message: 'Insufficient permissions: secure query included inaccessible field' });
        await Promise.resolve();
        const error = find(element, 'error');
        expect(error.title).toBe('Reply activity could not be loaded');
        expect(error.errors.body.message).toBe('Insufficient permissions: secure query included inaccessible field');
    });

    it('refreshes on demand', async () => {
        const element = render();
        getPersonActivity.emit(LEAD_ACTIVITY);
        await Promise.resolve();
        find(element, 'refresh').click();
        expect(refreshApex).toHaveBeenCalledTimes(1);
    });
});
