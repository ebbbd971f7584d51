import { createElement } from 'lwc';
import ReplySyncErrorAlert from 'c/replySyncErrorAlert';

describe('c-reply-sync-error-alert', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
    });

    function render(props) {
        const element = createElement('c-reply-sync-error-alert', { is: ReplySyncErrorAlert });
        Object.assign(element, props);
        document.body.appendChild(element);
        return element;
    }

    const messages = (element) =>
        [...element.shadowRoot.querySelectorAll('[data-id="message"]')].map((item) => item.textContent);

    it('shows every reason of an Apex error, one per line', async () => {
        const element = render({ errors: { body: { message: 'First\nSecond' } } });
        expect(messages(element)).toEqual(['First', 'Second']);
        expect(element.shadowRoot.querySelector('h2').textContent).toBe('Something went wrong');
        await expect(element).toBeAccessible();
    });

    it('takes a title, plain messages and the warning look', () => {
        const element = render({ errors: ['Check the URL'], title: 'Cannot reach the bridge', variant: 'warning' });
        expect(messages(element)).toEqual(['Check the URL']);
        expect(element.shadowRoot.querySelector('h2').textContent).toBe('Cannot reach the bridge');
        expect(element.shadowRoot.querySelector('[role="alert"]').className).toContain('slds-theme_warning');
    });

    it('never shows a blank box', () => {
        const element = render({ errors: {} });
        expect(messages(element)).toEqual([
            'Something went wrong, and Salesforce gave no reason. Reload the page and try again.'
        ]);
    });
});
