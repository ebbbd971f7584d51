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

    it('lists the steps in order, named as Reply names them, with their last run', async () => {
        const { element } = render();
        const [leads, statuses, emails] = rows(element);
        expect(rows(element).map((row) => inRow(row, 'label').textContent)).toEqual([
            '(from) Leads in Salesforce - (to) People in Reply',
            '(from) People Statuses in Reply - (to) Lead Statuses in Salesforce',
            '(from) Emails in Reply - (to) Lead Tasks in Salesforce'
        ]);
        expect(inRow(leads, 'active').checked).toBe(true);
        expect(inRow(statuses, 'active').checked).toBe(false);
        expect(inRow(leads, 'run-status').label).toBe('Last run: Succeeded');
        expect(inRow(leads, 'run-counts').textContent).toBe('12 read, 3 created, 4 updated, 5 skipped, 0 failed');
        expect(inRow(emails, 'run-status').className).toContain('slds-theme_error');
        expect(inRow(emails, 'run-message').textContent.trim()).toBe('INVALID_SESSION_ID');
        expect(inRow(statuses, 'never-ran').textContent).toBe('Not run yet');
        expect(inRow(leads, 'flip')).not.toBeNull();
        expect(inRow(emails, 'flip')).toBeNull();
        expect(inRow(leads, 'move-up')).toBeNull();
        expect(inRow(emails, 'move-down')).toBeNull();
        await expect(element).toBeAccessible();
    });

    it('locks the Default profile except the toggles and Sync now', async () => {
        const steps = CUSTOM_STEPS.map((candidate) => ({ ...candidate, profile: 'Default' }));
        const { element, events } = render({ profile: 'Default', steps });
        expect(find(element, 'show-add')).toBeNull();
        ['duplicate', 'remove', 'flip', 'move-up', 'move-down'].forEach((id) => expect(find(element, id)).toBeNull());
        const [leads] = rows(element);
        expect(inRow(leads, 'active').disabled).toBe(false);
        inRow(leads, 'active').dispatchEvent(new CustomEvent('change', { detail: { checked: false } }));
        await flushPromises();
        expect(setStepActive).toHaveBeenCalledWith({ developerName: 'Custom_Leads_To_People_1', active: false });
        expect(events).toEqual([['deploymentstart', PENDING_DEPLOYMENT]]);
        inRow(leads, 'sync').click();
        expect(events[1]).toEqual([
            'syncstep',
            { stepName: 'Custom_Leads_To_People_1', label: '(from) Leads in Salesforce - (to) People in Reply' }
        ]);
    });

    it('syncs only active steps from their row', () => {
        const { element } = render();
        expect(inRow(rows(element)[1], 'sync').disabled).toBe(true);
        expect(inRow(rows(element)[1], 'sync').title).toBe('Turn the step on to sync it');
    });

    it('adds a step of the chosen kind, inactive, last in order', async () => {
        const { element, events } = render();
        find(element, 'show-add').click();
        await Promise.resolve();
        const picker = element.shadowRoot.querySelector('c-reply-sync-add-step');
        picker.dispatchEvent(new CustomEvent('add', { detail: { stepKind: 'People_To_Contacts' } }));
        await flushPromises();
        const [draft] = saveSteps.mock.calls[0][0].drafts;
        expect(draft).toMatchObject({
            developerName: null,
            stepKind: 'People_To_Contacts',
            label: 'People to Contacts',
            active: false,
            sortOrder: 40,
            sequenceMappings: null
        });
        expect(JSON.parse(draft.fieldMappings).mappings).toHaveLength(3);
        expect(events).toEqual([['deploymentstart', PENDING_DEPLOYMENT]]);
        expect(element.shadowRoot.querySelector('c-reply-sync-add-step')).toBeNull();
    });

    it('duplicates a step', async () => {
        const { element } = render();
        inRow(rows(element)[0], 'duplicate').click();
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
        inRow(rows(element)[0], 'flip').click();
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
        inRow(rows(element)[0], 'flip').click();
        await flushPromises();
        expect(saveSteps.mock.calls[0][0].drafts[0].stepKind).toBe('People_To_Leads');
        expect(find(element, 'action-error').errors).toEqual([
            '(from) People in Reply - (to) Leads in Salesforce: This Reply owner is mapped more than once. From Reply to Salesforce, each Reply owner can be mapped only once.'
        ]);
        expect(events).toEqual([]);
    });

    it('saves nothing while the bridge cannot check a change, until the admin saves it unchecked', async () => {
        saveSteps.mockResolvedValueOnce(SAVE_RESULTS.unchecked('Salesforce could not reach the bridge.'));
        const { element, events } = render();
        inRow(rows(element)[0], 'duplicate').click();
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
        inRow(rows(element)[2], 'move-up').click();
        await flushPromises();
        expect(saveSteps.mock.calls[0][0].drafts.map((draft) => [draft.developerName, draft.sortOrder])).toEqual([
            ['Custom_Emails_To_Lead_Tasks_1', 20],
            ['Custom_Statuses_To_Lead_Statuses_1', 30]
        ]);
        inRow(rows(element)[0], 'move-down').click();
        await flushPromises();
        expect(saveSteps.mock.calls[1][0].drafts.map((draft) => draft.developerName)).toEqual([
            'Custom_Statuses_To_Lead_Statuses_1',
            'Custom_Leads_To_People_1'
        ]);
    });

    it('removes a step after confirmation only', async () => {
        const { element } = render();
        LightningConfirm.open.mockResolvedValueOnce(false);
        inRow(rows(element)[2], 'remove').click();
        await flushPromises();
        expect(removeStep).not.toHaveBeenCalled();
        inRow(rows(element)[2], 'remove').click();
        await flushPromises();
        expect(LightningConfirm.open).toHaveBeenLastCalledWith({
            label: 'Remove sync step',
            message:
                '(from) Emails in Reply - (to) Lead Tasks in Salesforce stops syncing and leaves the list. Its logs stay.',
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
        expect(inRow(rows(element)[0], 'duplicate').disabled).toBe(true);
    });

    it('is read-only without the Configure permission', () => {
        const { element } = render({ canConfigure: false });
        expect(find(element, 'show-add')).toBeNull();
        expect(find(element, 'duplicate')).toBeNull();
        expect(inRow(rows(element)[0], 'active').disabled).toBe(true);
        expect(inRow(rows(element)[0], 'sync').disabled).toBe(true);
    });

    it('says when the profile has no steps', async () => {
        const { element } = render({ steps: [] });
        expect(find(element, 'empty').textContent).toContain('Add a sync step to start syncing.');
        await expect(element).toBeAccessible();
    });
});
