import { createElement } from 'lwc';
import ReplySyncOwnerMappings from 'c/replySyncOwnerMappings';
import { findKind } from 'c/replySyncRules';

const { catalog, USERS, REPLY_OPTIONS } = require('../../../../../test/fixtures/replySyncFixtures.js');

const LEADS = findKind(catalog, 'Leads_To_People');
const PEOPLE_TO_LEADS = findKind(catalog, 'People_To_Leads');

describe('c-reply-sync-owner-mappings', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
    });

    function render(props) {
        const element = createElement('c-reply-sync-owner-mappings', { is: ReplySyncOwnerMappings });
        Object.assign(element, { users: USERS, replyUsers: REPLY_OPTIONS.users, kind: LEADS, mappings: [], ...props });
        const events = [];
        element.addEventListener('change', (event) => events.push(['change', event.detail.mappings]));
        element.addEventListener('applyall', (event) => events.push(['applyall', event.detail.mappings]));
        document.body.appendChild(element);
        return { element, events };
    }

    const find = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);
    const findAll = (element, id) => [...element.shadowRoot.querySelectorAll(`[data-id="${id}"]`)];
    const choose = (target, value) => target.dispatchEvent(new CustomEvent('change', { detail: { value } }));

    it('pairs Salesforce owners with Reply team members', async () => {
        const { element, events } = render({
            mappings: [{ key: 'a', salesforceUserId: USERS[0].id, replyUserId: 7 }],
            canApplyToAll: true
        });
        expect(find(element, 'hint').textContent).toContain('Each Salesforce owner can be mapped only once.');
        expect(find(element, 'salesforce-owner').options).toEqual([
            { label: 'Ada Admin', value: USERS[0].id },
            { label: 'Bob Seller', value: USERS[1].id }
        ]);
        expect(find(element, 'reply-owner').value).toBe('7');
        choose(find(element, 'reply-owner'), '8');
        expect(events[0]).toEqual(['change', [{ key: 'a', salesforceUserId: USERS[0].id, replyUserId: 8 }]]);
        choose(find(element, 'salesforce-owner'), USERS[1].id);
        expect(events[1][1][0].salesforceUserId).toBe(USERS[1].id);
        find(element, 'add').click();
        expect(events[2][1]).toHaveLength(2);
        find(element, 'remove').click();
        expect(events[3][1]).toEqual([]);
        find(element, 'apply-all').click();
        expect(events[4][0]).toBe('applyall');
        await expect(element).toBeAccessible();
    });

    it('shows the uniqueness rule of Salesforce to Reply steps', () => {
        const { element } = render({
            mappings: [
                { key: 'a', salesforceUserId: USERS[0].id, replyUserId: 7 },
                { key: 'b', salesforceUserId: USERS[0].id, replyUserId: 8 }
            ]
        });
        expect(findAll(element, 'problem').map((problem) => problem.textContent)).toEqual([
            '(from) Leads in Salesforce - (to) People in Reply: Ada Admin is mapped more than once. From Salesforce to Reply, each Salesforce owner can be mapped only once.'
        ]);
    });

    it('shows the uniqueness rule of Reply to Salesforce steps', () => {
        const mappings = [
            { key: 'a', salesforceUserId: USERS[0].id, replyUserId: 7 },
            { key: 'b', salesforceUserId: USERS[1].id, replyUserId: 7 }
        ];
        const { element } = render({ kind: PEOPLE_TO_LEADS, mappings });
        expect(find(element, 'hint').textContent).toContain('Each Reply owner can be mapped only once.');
        expect(findAll(element, 'problem').map((problem) => problem.textContent)).toEqual([
            '(from) People in Reply - (to) Leads in Salesforce: Rita Reply is mapped more than once. From Reply to Salesforce, each Reply owner can be mapped only once.'
        ]);
        const other = render({ kind: LEADS, mappings });
        expect(findAll(other.element, 'problem')).toEqual([]);
    });

    it('keeps stored Reply owners when the bridge cannot list team members', () => {
        const { element } = render({
            replyUsers: undefined,
            mappings: [{ key: 'a', salesforceUserId: USERS[0].id, replyUserId: 44 }]
        });
        expect(find(element, 'reply-unavailable')).not.toBeNull();
        expect(find(element, 'reply-owner').options).toEqual([{ label: '44', value: '44' }]);
    });

    it('is read-only in the Default profile and says when empty', () => {
        const { element } = render({ readOnly: true, canApplyToAll: true });
        expect(find(element, 'empty')).not.toBeNull();
        expect(find(element, 'add')).toBeNull();
        expect(find(element, 'apply-all')).toBeNull();
    });
});
