/**
 * The browser sandbox's page script: what Lightning Experience does before a component runs. Synthetic shadow first
 * (Lightning Experience renders LWC in it), then each `[data-lwc]` slot of the page gets its component with the
 * properties the page gives it (a record page's recordId), and platform toasts show as Lightning shows them.
 */
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import Toast from 'lightning/toast';
import ReplySyncConsole from 'c/replySyncConsole';
import ReplyPersonActivity from 'c/replyPersonActivity';

const COMPONENTS = { 'c-reply-sync-console': ReplySyncConsole, 'c-reply-person-activity': ReplyPersonActivity };

for (const slot of document.querySelectorAll('[data-lwc]')) {
    const tag = slot.dataset.lwc;
    const element = createElement(tag, { is: COMPONENTS[tag] });
    Object.assign(element, JSON.parse(slot.dataset.props ?? '{}'));
    slot.appendChild(element);
}

// Caught first, before lightning/toast's container (which listens for the same event name for its own toasts).
window.addEventListener(
    'lightning__showtoast',
    (event) => {
        if (!event.detail || event.detail.toast) return;
        event.stopImmediatePropagation();
        const { title, message, variant } = event.detail;
        Toast.show({ label: title, message, variant: variant ?? 'info', mode: 'dismissible' });
    },
    true
);
