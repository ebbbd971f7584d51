import { createElement } from 'lwc';
import ReplySyncSteps from 'c/replySyncSteps';
import LightningConfirm from 'lightning/confirm';
import saveSteps from '@salesforce/apex/ReplySyncConsoleController.saveSteps';
import setStepActive from '@salesforce/apex/ReplySyncConsoleController.setStepActive';
import removeStep from '@salesforce/apex/ReplySyncConsoleController.removeStep';

const { catalog, step, CUSTOM_STEPS, PENDING_DEPLOYMENT, APEX_ERROR, SAVE_RESULTS } = require('replySyncFixtures');

const flushPromises = () =>
    Array.from({ length: 10 }).reduce((promise) => promise.then(() => undefined), Promise.resolve());

describe('c-reply-sync-steps', () => {
    beforeEach(() => {
        saveSteps.mockResolvedValue(SAVE_RESULTS.deployed(PENDING_DEPLOYMENT));
        setStepActive.mockResolvedValue(PENDING_DEPLOYMENT);
        removeStep.mockResolvedValue(PENDING_DEPLOYMENT);
        LightningConfirm.open.mockResolvedValue(true);
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    function render(props = {}) {
        const element = createElement('c-reply-sync-steps', { is: ReplySyncSteps });
        Object.assign(element, { steps: CUSTOM_STEPS, catalog, profile: 'Custom', canConfigure: true, ...props });
        const events = [];
        element.addEventListener('deploymentstart', (event) => events.push(['deploymentstart', event.detail]));
        element.addEventListener('syncstep', (event) => events.push(['syncstep', event.detail]));
        document.body.appendChild(element);
        return { element, events };
    }

    const rows = (element) => [...element.shadowRoot.querySelectorAll('[data-id="step"]')];
    const inRow = (row, id) => row.querySelector(`[data-id="${id}"]`);
    const find = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);

    /** Chooses an item of a step's action menu, as lightning-button-menu reports it. */
    const pick = (row, value) => inRow(row, 'more').dispatchEvent(new CustomEvent('select', { detail: { value } }));

    it('lists the steps in order, each by its one name and its direction, with its last run', async () => {
        const { element } = render();
        const [leads, statuses, emails] = rows(element);
        expect(
            rows(element).map((row) => [inRow(row, 'label').textContent, inRow(row, 'direction').textContent.trim()])
        ).toEqual([
            ['Leads to People', 'Leads in Salesforce \u2192 People in Reply'],
            ['People Statuses to Lead Statuses', 'People Statuses in Reply \u2192 Lead Statuses in Salesforce'],
            ['Emails to Lead Tasks', 'Emails in Reply \u2192 Lead Tasks in Salesforce']
        ]);
        expect(find(element, 'count').textContent).toBe('3 steps, run in this order');
        expect(inRow(leads, 'active').checked).toBe(true);
        expect(inRow(leads, 'active').label).toBe('Leads to People is on');
        expect(inRow(statuses, 'active').checked).toBe(false);
        expect(inRow(leads, 'run-status').label).toBe('Last run: Succeeded');
        expect(inRow(leads, 'run-counts').textContent).toBe('12 read, 3 created, 4 updated, 5 skipped');
        expect(inRow(emails, 'run-status').className).toContain('slds-theme_error');
        expect(inRow(emails, 'run-message').textContent).toContain('Check SALESFORCE_CLIENT_ID');
        expect(inRow(emails, 'run-message').className).toContain('slds-text-color_error');
        expect(inRow(statuses, 'never-ran').textContent).toBe('Not run yet');
        // Labelled actions; the rest in each step's menu.
        expect(inRow(leads, 'settings').label).toBe('Settings');
        expect(inRow(leads, 'sync').label).toBe('Sync');
        expect(inRow(leads, 'more').alternativeText).toBe('More actions for Leads to People');
        expect(inRow(leads, 'flip').label).toBe('Turn around: People in Reply \u2192 Leads in Salesforce');
        expect(inRow(emails, 'flip')).toBeNull();
        expect(inRow(leads, 'move-up')).toBeNull();
        expect(inRow(emails, 'move-down')).toBeNull();
        await expect(element).toBeAccessible();
    });

    it('locks the Default profile except the toggles and Sync now', async () => {
        const steps = CUSTOM_STEPS.map((candidate) => ({ ...candidate, profile: 'Default' }));
        const { element, events } = render({ profile: 'Default', steps, bridgeReachable: true });
        expect(find(element, 'show-add')).toBeNull();
        ['more', 'duplicate', 'remove', 'flip', 'move-up', 'move-down'].forEach((id) =>
            expect(find(element, id)).toBeNull()
        );
        expect(find(element, 'settings').label).toBe('View settings');
        const [leads] = rows(element);
        expect(inRow(leads, 'active').disabled).toBe(false);
        inRow(leads, 'active').dispatchEvent(new CustomEvent('change', { detail: { checked: false } }));
        await flushPromises();
        expect(setStepActive).toHaveBeenCalledWith({ developerName: 'Custom_Leads_To_People_1', active: false });
        expect(events).toEqual([['deploymentstart', PENDING_DEPLOYMENT]]);
        inRow(leads, 'sync').click();
        expect(events[1]).toEqual(['syncstep', { stepName: 'Custom_Leads_To_People_1', label: 'Leads to People' }]);
    });

    it('syncs only active steps, and only while the bridge answers', () => {
        const { element } = render({ bridgeReachable: true });
        expect(inRow(rows(element)[0], 'sync').disabled).toBe(false);
        expect(inRow(rows(element)[0], 'sync').title).toBe('Sync Leads to People now');
        expect(inRow(rows(element)[1], 'sync').disabled).toBe(true);
        expect(inRow(rows(element)[1], 'sync').title).toBe('Turn the step on to sync it');
        const unreachable = render({ bridgeReachable: false }).element;
        expect(inRow(rows(unreachable)[0], 'sync').disabled).toBe(true);
        expect(inRow(rows(unreachable)[0], 'sync').title).toBe(
            'The bridge cannot be reached, so the step cannot sync now.'
        );
    });

    it('opens the settings of a new step of the chosen kind, on and last, and lists it once saved', async () => {
        const { element } = render();
        find(element, 'show-add').click();
        await Promise.resolve();
        const picker = element.shadowRoot.querySelector('c-reply-sync-add-step');
        picker.dispatchEvent(new CustomEvent('add', { detail: { stepKind: 'People_To_Contacts' } }));
        await flushPromises();
        expect(saveSteps).not.toHaveBeenCalled();
        const settings = element.shadowRoot.querySelector('c-reply-sync-step-settings');
        expect(settings.step).toMatchObject({
            developerName: null,
            stepKind: 'People_To_Contacts',
            label: 'People to Contacts',
            active: true,
            sortOrder: 40,
            profile: 'Custom',
            sequenceMappings: null
        });
        expect(JSON.parse(settings.step.fieldMappings).mappings).toHaveLength(3);
        expect(rows(element)).toHaveLength(0);
        settings.dispatchEvent(new CustomEvent('saved', { detail: { isNew: true } }));
        await Promise.resolve();
        expect(rows(element)).toHaveLength(3);
        expect(element.shadowRoot.querySelector('c-reply-sync-add-step')).toBeNull();
    });

    it('duplicates a step', async () => {
        const { element } = render();
        pick(rows(element)[0], 'duplicate');
        await flushPromises();
        expect(saveSteps.mock.calls[0][0].drafts[0]).toMatchObject({
            developerName: null,
            label: 'Leads to People (copy)',
            stepKind: 'Leads_To_People',
            active: false,
            sortOrder: 40
        });
    });

    it('turns a people step around to its mirror kind', async () => {
        const { element } = render();
        pick(rows(element)[0], 'flip');
        await flushPromises();
        expect(saveSteps.mock.calls[0][0].drafts[0]).toMatchObject({
            developerName: 'Custom_Leads_To_People_1',
            stepKind: 'People_To_Leads',
            label: 'People to Leads',
            sequenceMappings: null,
            filter: '{"version":1,"filter":null}'
        });
    });

    it("shows the bridge's reason when turning a step around breaks the other direction's rule", async () => {
        const owners =
            '{"version":1,"mappings":[{"salesforceUserId":"005000000000001AAA","replyUserId":7},{"salesforceUserId":"005000000000002AAA","replyUserId":7}]}';
        saveSteps.mockResolvedValue(
            SAVE_RESULTS.refused({
                developerName: 'Custom_Leads_To_People_1',
                stepKind: 'People_To_Leads',
                valid: false,
                problems: [
                    {
                        code: 'OWNER_REPLY_TWICE',
                        params: { userId: 7 },
                        field: { section: 'ownerMappings', row: 1, column: 'replyUserId' },
                        message: 'maps Reply owner 7 more than once'
                    }
                ]
            })
        );
        const { element, events } = render({
            steps: [step('Custom_Leads_To_People_1', 'Leads_To_People', { ownerMappings: owners })]
        });
        pick(rows(element)[0], 'flip');
        await flushPromises();
        expect(saveSteps.mock.calls[0][0].drafts[0].stepKind).toBe('People_To_Leads');
        expect(find(element, 'action-error').errors).toEqual([
            'People to Leads: This Reply owner is mapped more than once. From Reply to Salesforce, each Reply owner can be mapped only once.'
        ]);
        expect(events).toEqual([]);
    });

    it('saves nothing while the bridge cannot check a change, until the admin saves it unchecked', async () => {
        saveSteps.mockResolvedValueOnce(SAVE_RESULTS.unchecked('Salesforce could not reach the bridge.'));
        const { element, events } = render();
        pick(rows(element)[0], 'duplicate');
        await flushPromises();
        expect(events).toEqual([]);
        expect(find(element, 'unchecked').textContent).toContain('skips the step and logs why');
        saveSteps.mockResolvedValueOnce(SAVE_RESULTS.savedUnchecked(PENDING_DEPLOYMENT));
        find(element, 'save-unchecked').click();
        await flushPromises();
        expect(saveSteps.mock.calls[1][0]).toEqual({ drafts: saveSteps.mock.calls[0][0].drafts, unchecked: true });
        expect(events).toEqual([['deploymentstart', PENDING_DEPLOYMENT]]);
        expect(find(element, 'unchecked')).toBeNull();
    });

    it('moves steps by renumbering', async () => {
        const { element } = render();
        pick(rows(element)[2], 'moveUp');
        await flushPromises();
        expect(saveSteps.mock.calls[0][0].drafts.map((draft) => [draft.developerName, draft.sortOrder])).toEqual([
            ['Custom_Emails_To_Lead_Tasks_1', 20],
            ['Custom_Statuses_To_Lead_Statuses_1', 30]
        ]);
        pick(rows(element)[0], 'moveDown');
        await flushPromises();
        expect(saveSteps.mock.calls[1][0].drafts.map((draft) => draft.developerName)).toEqual([
            'Custom_Statuses_To_Lead_Statuses_1',
            'Custom_Leads_To_People_1'
        ]);
    });

    it('removes a step after confirmation only', async () => {
        const { element } = render();
        LightningConfirm.open.mockResolvedValueOnce(false);
        pick(rows(element)[2], 'remove');
        await flushPromises();
        expect(removeStep).not.toHaveBeenCalled();
        pick(rows(element)[2], 'remove');
        await flushPromises();
        expect(LightningConfirm.open).toHaveBeenLastCalledWith({
            label: 'Remove sync step',
            message: 'Emails to Lead Tasks stops syncing and leaves the list. Its logs stay.',
            theme: 'warning'
        });
        expect(removeStep).toHaveBeenCalledWith({ developerName: 'Custom_Emails_To_Lead_Tasks_1' });
    });

    it('shows why a change was refused', async () => {
        setStepActive.mockRejectedValue(APEX_ERROR('You need the Reply Sync Admin permission set.'));
        const { element, events } = render();
        inRow(rows(element)[1], 'active').dispatchEvent(new CustomEvent('change', { detail: { checked: true } }));
        await flushPromises();
        expect(find(element, 'action-error').errors.body.message).toBe('You need the Reply Sync Admin permission set.');
        expect(inRow(rows(element)[1], 'active').checked).toBe(false);
        expect(events).toEqual([]);
    });

    it('opens a step settings panel and comes back', async () => {
        const { element } = render({
            profile: 'Default',
            steps: CUSTOM_STEPS.map((s) => ({ ...s, profile: 'Default' }))
        });
        inRow(rows(element)[0], 'settings').click();
        await Promise.resolve();
        const settings = element.shadowRoot.querySelector('c-reply-sync-step-settings');
        expect(settings.step.developerName).toBe('Custom_Leads_To_People_1');
        expect(settings.readOnly).toBe(true);
        expect(rows(element)).toHaveLength(0);
        settings.dispatchEvent(new CustomEvent('close'));
        await Promise.resolve();
        expect(rows(element)).toHaveLength(3);
    });

    it('waits for a pending deployment before the next change', () => {
        const { element } = render({ busy: true });
        expect(inRow(rows(element)[0], 'active').disabled).toBe(true);
        expect(inRow(rows(element)[0], 'more').disabled).toBe(true);
    });

    it('is read-only without the Configure permission', () => {
        const { element } = render({ canConfigure: false });
        expect(find(element, 'show-add')).toBeNull();
        expect(find(element, 'more')).toBeNull();
        expect(inRow(rows(element)[0], 'active').disabled).toBe(true);
        expect(inRow(rows(element)[0], 'sync').disabled).toBe(true);
    });

    it('says when the profile has no steps', async () => {
        const { element } = render({ steps: [] });
        expect(find(element, 'empty').textContent).toContain('Add a sync step to start syncing.');
        await expect(element).toBeAccessible();
    });
});
