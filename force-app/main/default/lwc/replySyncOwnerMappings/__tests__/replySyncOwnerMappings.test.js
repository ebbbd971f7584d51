import { createElement } from 'lwc';
import ReplySyncOwnerMappings from 'c/replySyncOwnerMappings';
import { findKind } from 'c/replySyncCatalog';
import { placedProblems } from 'c/replySyncProblems';

const { catalog, USERS, REPLY_OPTIONS, VERDICTS } = require('replySyncFixtures');

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
    const editor = (element) => element.shadowRoot.querySelector('c-reply-sync-row-editor');
    const inEditor = (element, id) => [...editor(element).shadowRoot.querySelectorAll(`[data-id="${id}"]`)];
    const choose = (target, value) => target.dispatchEvent(new CustomEvent('change', { detail: { value } }));

    it('pairs Salesforce owners with Reply team members', async () => {
        const { element, events } = render({
            mappings: [{ key: 'a', salesforceUserId: USERS[0].id, replyUserId: 7 }],
            canApplyToAll: true
        });
        expect(find(element, 'hint').textContent).toContain('Each Salesforce owner can be mapped only once.');
        const [salesforceOwner] = inEditor(element, 'salesforceUserId');
        const [replyOwner] = inEditor(element, 'replyUserId');
        expect(salesforceOwner.options).toEqual([
            { label: 'Ada Admin', value: USERS[0].id },
            { label: 'Bob Seller', value: USERS[1].id }
        ]);
        expect(replyOwner.value).toBe('7');
        choose(replyOwner, '8');
        expect(events[0]).toEqual(['change', [{ key: 'a', salesforceUserId: USERS[0].id, replyUserId: 8 }]]);
        choose(salesforceOwner, USERS[1].id);
        expect(events[1][1][0].salesforceUserId).toBe(USERS[1].id);
        inEditor(element, 'add')[0].click();
        expect(events[2][1]).toHaveLength(2);
        inEditor(element, 'remove')[0].click();
        expect(events[3][1]).toEqual([]);
        find(element, 'apply-all').click();
        expect(events[4][0]).toBe('applyall');
        await expect(element).toBeAccessible();
    });

    it("tells the direction's uniqueness rule, and shows the bridge's verdict on the row it concerns", async () => {
        const mappings = [
            { key: 'a', salesforceUserId: '005000000000001AAA', replyUserId: 7 },
            { key: 'b', salesforceUserId: '005000000000001', replyUserId: 8 }
        ];
        const { element } = render({ mappings });
        element.problems = placedProblems(VERDICTS.leadsWithProblems, { ownerMappings: ['a', 'b'] });
        await Promise.resolve();
        expect(inEditor(element, 'problem').map((p) => p.textContent)).toEqual([
            'Salesforce owner: This Salesforce owner is mapped more than once. From Salesforce to Reply, each Salesforce owner can be mapped only once.'
        ]);
        expect(editor(element).shadowRoot.querySelectorAll('[data-id="row"]')[1].textContent).toContain(
            'mapped more than once'
        );
        const inward = render({ kind: PEOPLE_TO_LEADS, mappings });
        expect(find(inward.element, 'hint').textContent).toContain('Each Reply owner can be mapped only once.');
    });

    it('keeps stored Reply owners when the bridge cannot list team members, and says so', () => {
        const { element } = render({
            replyUsers: undefined,
            mappings: [{ key: 'a', salesforceUserId: USERS[0].id, replyUserId: 42 }]
        });
        expect(find(element, 'reply-unavailable')).not.toBeNull();
        expect(inEditor(element, 'replyUserId')[0].options).toEqual([{ label: '42', value: '42' }]);
    });

    it('is read-only in the Default profile and says when empty', () => {
        const { element } = render({ readOnly: true, canApplyToAll: true });
        expect(inEditor(element, 'add')).toEqual([]);
        expect(find(element, 'apply-all')).toBeNull();
        expect(inEditor(element, 'empty')[0].textContent).toContain('No ownership mappings');
    });
});
