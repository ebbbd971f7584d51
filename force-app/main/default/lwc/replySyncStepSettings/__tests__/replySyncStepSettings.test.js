import { createElement } from 'lwc';
import LightningConfirm from 'lightning/confirm';
import ReplySyncStepSettings, { CHECK_DELAY_MS } from 'c/replySyncStepSettings';
import getReplyOptions from '@salesforce/apex/ReplySyncConsoleController.getReplyOptions';
import getSalesforceFields from '@salesforce/apex/ReplySyncConsoleController.getSalesforceFields';
import getActiveUsers from '@salesforce/apex/ReplySyncConsoleController.getActiveUsers';
import getLeadStatuses from '@salesforce/apex/ReplySyncConsoleController.getLeadStatuses';
import validateSteps from '@salesforce/apex/ReplySyncConsoleController.validateSteps';
import saveSteps from '@salesforce/apex/ReplySyncConsoleController.saveSteps';

const {
    catalog,
    step,
    draftOf,
    LEAD_FIELDS,
    REPLY_OPTIONS,
    USERS,
    LEAD_STATUSES,
    LEADS_WITH_PROBLEMS,
    STATUSES_WITH_PROBLEMS,
    VERDICTS,
    SAVE_RESULTS,
    PENDING_DEPLOYMENT,
    APEX_ERROR
} = require('replySyncFixtures');

// Lets pending Apex promises and re-renders settle: a few turns of the microtask queue.
const flushPromises = () =>
    Array.from({ length: 10 }).reduce((promise) => promise.then(() => undefined), Promise.resolve());

/** Lets the panel's pause before asking the bridge pass, then the answer arrive. */
async function afterPause(ms = CHECK_DELAY_MS) {
    jest.advanceTimersByTime(ms);
    await flushPromises();
}

const LEADS_STEP = step('Custom_Leads_To_People_1', 'Leads_To_People');
const EMAILS_STEP = step('Custom_Emails_To_Lead_Tasks_1', 'Emails_To_Lead_Tasks', { sortOrder: 30 });
const CONTACTS_STEP = step('Custom_Contacts_To_People_1', 'Contacts_To_People', {
    sortOrder: 40,
    fieldMappings:
        '{"version":1,"mappings":[{"salesforceField":"FirstName","replyField":"firstName"},{"salesforceField":"LastName","replyField":"lastName"},{"salesforceField":"Email","replyField":"email"}]}'
});

describe('c-reply-sync-step-settings', () => {
    beforeEach(() => {
        jest.useFakeTimers();
        getReplyOptions.mockResolvedValue(REPLY_OPTIONS);
        validateSteps.mockImplementation(({ drafts }) =>
            Promise.resolve({ steps: drafts.map((draft) => VERDICTS.valid(draft)) })
        );
        saveSteps.mockResolvedValue(SAVE_RESULTS.deployed(PENDING_DEPLOYMENT));
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
        jest.useRealTimers();
    });

    async function render(props = {}) {
        const element = createElement('c-reply-sync-step-settings', { is: ReplySyncStepSettings });
        Object.assign(element, {
            catalog,
            steps: [LEADS_STEP, EMAILS_STEP, CONTACTS_STEP],
            canConfigure: true,
            readOnly: false,
            step: LEADS_STEP,
            ...props
        });
        const events = [];
        element.addEventListener('deploymentstart', (event) => events.push(['deploymentstart', event.detail]));
        element.addEventListener('close', () => events.push(['close']));
        element.addEventListener('saved', (event) => events.push(['saved', event.detail]));
        document.body.appendChild(element);
        getSalesforceFields.emit(LEAD_FIELDS);
        getActiveUsers.emit(USERS);
        getLeadStatuses.emit(LEAD_STATUSES);
        await afterPause(0);
        return { element, events };
    }

    const find = (element, selector) => element.shadowRoot.querySelector(selector);
    /** The problems shown in a section's rows, as [row position, text], read from the shared row editor. */
    function rowProblems(element, section) {
        const editor = find(find(element, section), 'c-reply-sync-row-editor') ?? undefined;
        const rows = [...(editor ?? find(element, section)).shadowRoot.querySelectorAll('[data-id="row"]')];
        return rows.flatMap((row, index) =>
            [...row.querySelectorAll('[data-id="problem"]')].map((problem) => [index, problem.textContent])
        );
    }
    const edit = (element, section, detail) =>
        find(element, section).dispatchEvent(new CustomEvent('change', { detail }));

    it('shows the sections a Leads to People step has, with Salesforce and Reply choices', async () => {
        const { element } = await render();
        expect(find(element, '[data-id="title"]').textContent).toBe('Leads to People');
        expect(find(element, '[data-id="direction"]').textContent).toBe('Leads in Salesforce \u2192 People in Reply');
        const fields = find(element, 'c-reply-sync-field-mappings');
        expect(fields.salesforceFields).toEqual(LEAD_FIELDS);
        expect(fields.replyFields).toEqual(REPLY_OPTIONS.fields);
        expect(fields.mappings.map((row) => row.salesforceField)).toEqual([
            'FirstName',
            'LastName',
            'Email',
            'Company'
        ]);
        expect(find(element, 'c-reply-sync-filter-editor').replyLists).toEqual(REPLY_OPTIONS.lists);
        expect(find(element, 'c-reply-sync-owner-mappings').users).toEqual(USERS);
        expect(find(element, 'c-reply-sync-owner-mappings').canApplyToAll).toBe(true);
        expect(find(element, 'c-reply-sync-sequence-mappings').sequences).toEqual(REPLY_OPTIONS.sequences);
        expect(find(element, 'c-reply-sync-value-mappings')).toBeNull();
        expect(getSalesforceFields.getLastConfig()).toEqual({ objectApiName: 'Lead' });
    });

    it('asks the bridge about the step as it opens, then once the admin pauses, never on every edit', async () => {
        const { element } = await render();
        expect(validateSteps).toHaveBeenCalledTimes(1);
        expect(validateSteps).toHaveBeenLastCalledWith({ drafts: [draftOf(LEADS_STEP)] });
        expect(find(element, '[data-id="check-status"]').textContent).toBe(
            'Checked by the bridge: it will run these settings as they are.'
        );
        const owners = (count) =>
            Array.from({ length: count }, (_, i) => ({
                key: `o${i}`,
                salesforceUserId: USERS[0].id,
                replyUserId: 7 + i
            }));
        edit(element, 'c-reply-sync-owner-mappings', { mappings: owners(1) });
        await afterPause(CHECK_DELAY_MS - 1);
        edit(element, 'c-reply-sync-owner-mappings', { mappings: owners(2) });
        await afterPause(CHECK_DELAY_MS - 1);
        expect(validateSteps).toHaveBeenCalledTimes(1);
        await afterPause(1);
        expect(validateSteps).toHaveBeenCalledTimes(2);
        expect(JSON.parse(validateSteps.mock.calls[1][0].drafts[0].ownerMappings).mappings).toHaveLength(2);
    });

    it("shows each of the bridge's problems next to its field, in every section, with its Custom Label", async () => {
        validateSteps.mockResolvedValue({ steps: [VERDICTS.leadsWithProblems] });
        const { element } = await render({ step: LEADS_WITH_PROBLEMS });
        expect(validateSteps).toHaveBeenCalledWith({ drafts: [draftOf(LEADS_WITH_PROBLEMS)] });
        expect(rowProblems(element, 'c-reply-sync-field-mappings')).toEqual([
            [
                4,
                'Salesforce field: Lead.Interests__c is a multi-select picklist, which Reply cannot sync: Reply has no multi-select fields.'
            ]
        ]);
        expect(rowProblems(element, 'c-reply-sync-filter-editor')).toEqual([[0, 'Value: Choose or enter a value.']]);
        expect(rowProblems(element, 'c-reply-sync-owner-mappings')).toEqual([
            [
                1,
                'Salesforce owner: This Salesforce owner is mapped more than once. From Salesforce to Reply, each Salesforce owner can be mapped only once.'
            ]
        ]);
        expect(rowProblems(element, 'c-reply-sync-sequence-mappings')).toEqual([
            [
                1,
                'Reply owner: This Reply owner already has a sequence in this step. Each Reply owner gets one sequence per step; duplicate the step to send other records to another sequence.'
            ]
        ]);
        expect(find(element, '[data-id="check-status"]').textContent).toBe(
            'The bridge found 4 problem(s), each shown next to its field.'
        );
        // No step name in front of every line, and no summary of what the fields already say.
        expect(find(element, '[data-id="step-problems"]')).toBeNull();
    });

    it('keeps a problem on its row while the admin edits the rows around it', async () => {
        validateSteps.mockResolvedValueOnce({ steps: [VERDICTS.leadsWithProblems] });
        const { element } = await render({ step: LEADS_WITH_PROBLEMS });
        validateSteps.mockReturnValue(new Promise(() => undefined));
        const owners = find(element, 'c-reply-sync-owner-mappings');
        edit(element, 'c-reply-sync-owner-mappings', { mappings: [owners.mappings[1]] });
        await flushPromises();
        expect(rowProblems(element, 'c-reply-sync-owner-mappings')).toEqual([
            [0, expect.stringContaining('mapped more than once')]
        ]);
    });

    it('shows the status step problems of Reply values matched in any case', async () => {
        validateSteps.mockResolvedValue({ steps: [VERDICTS.statusesWithProblems] });
        const { element } = await render({ step: STATUSES_WITH_PROBLEMS });
        expect(rowProblems(element, 'c-reply-sync-value-mappings')).toEqual([
            [
                1,
                'Reply status: replied is mapped more than once (Reply values match in any case). A Reply value maps to one Lead Status.'
            ]
        ]);
    });

    it('says plainly when the bridge cannot check, and never that the settings are fine', async () => {
        validateSteps.mockRejectedValue(APEX_ERROR('Salesforce could not reach the bridge (Read timed out).'));
        const { element } = await render();
        const unchecked = find(element, '[data-id="unchecked"]');
        expect(unchecked.textContent).toContain('Save asks the bridge again');
        expect(find(unchecked.querySelector('c-reply-sync-error-alert'), 'li').textContent).toBe(
            'Salesforce could not reach the bridge (Read timed out).'
        );
        expect(find(element, '[data-id="check-status"]')).toBeNull();
        expect(find(element, '[data-id="save"]').disabled).toBe(false);
        expect(find(element, '[data-id="save-unchecked"]')).toBeNull();
    });

    it('saves unchecked settings only when the admin asks, after the bridge stayed out of reach', async () => {
        validateSteps.mockRejectedValue(APEX_ERROR('Salesforce could not reach the bridge.'));
        saveSteps.mockResolvedValueOnce(SAVE_RESULTS.unchecked('Salesforce could not reach the bridge.'));
        const { element, events } = await render();
        edit(element, 'c-reply-sync-owner-mappings', {
            mappings: [{ key: 'o', salesforceUserId: USERS[0].id, replyUserId: 7 }]
        });
        find(element, '[data-id="save"]').click();
        await flushPromises();
        expect(saveSteps).toHaveBeenLastCalledWith({ drafts: [expect.any(Object)], unchecked: false });
        expect(events).toEqual([]);
        expect(find(element, 'c-reply-sync-owner-mappings').mappings).toHaveLength(1);
        expect(find(element, '[data-id="save-unchecked-help"]').textContent).toContain('skips the step and logs why');

        saveSteps.mockResolvedValueOnce(SAVE_RESULTS.savedUnchecked(PENDING_DEPLOYMENT));
        find(element, '[data-id="save-unchecked"]').click();
        await flushPromises();
        const [drafts] = saveSteps.mock.calls.map((call) => call[0]).slice(-1);
        expect(drafts.unchecked).toBe(true);
        expect(JSON.parse(drafts.drafts[0].ownerMappings).mappings).toHaveLength(1);
        // The panel stays open on the step it saved.
        expect(events).toEqual([
            ['deploymentstart', PENDING_DEPLOYMENT],
            ['saved', { isNew: false }]
        ]);
    });

    it('saves exactly the JSON the bridge reads once it accepts it, and hands the deployment to the console', async () => {
        const { element, events } = await render();
        edit(element, 'c-reply-sync-filter-editor', {
            filter: {
                type: 'salesforceConditions',
                conditions: [{ key: 'c', field: 'LeadSource', operator: 'equals', value: 'Web' }]
            }
        });
        find(element, '[data-id="save"]').click();
        await flushPromises();
        expect(saveSteps).toHaveBeenCalledWith({
            drafts: [
                {
                    ...draftOf(LEADS_STEP),
                    filter: '{"version":1,"filter":{"type":"salesforceConditions","conditions":[{"field":"LeadSource","operator":"equals","value":"Web"}]}}'
                }
            ],
            unchecked: false
        });
        // The panel stays open on the step it saved.
        expect(events).toEqual([
            ['deploymentstart', PENDING_DEPLOYMENT],
            ['saved', { isNew: false }]
        ]);
    });

    it('keeps what the bridge refuses on screen, with its problems next to their fields', async () => {
        saveSteps.mockResolvedValue(SAVE_RESULTS.refused(VERDICTS.leadsWithProblems));
        const { element, events } = await render({ step: LEADS_WITH_PROBLEMS });
        find(element, '[data-id="save"]').click();
        await flushPromises();
        expect(events).toEqual([]);
        expect(rowProblems(element, 'c-reply-sync-owner-mappings')).toHaveLength(1);
        expect(find(element, '[data-id="save"]').disabled).toBe(false);
    });

    it('shows what Apex refused before asking the bridge', async () => {
        saveSteps.mockRejectedValue(
            APEX_ERROR('Leads to People belongs to the Default profile, which cannot be changed.')
        );
        const { element, events } = await render();
        find(element, '[data-id="save"]').click();
        await flushPromises();
        expect(find(element, '[data-id="save-error"]').errors.body.message).toContain('belongs to the Default profile');
        expect(events).toEqual([]);
    });

    it('applies ownership mappings to every step of the same direction, and names the others with problems', async () => {
        const otherVerdict = {
            developerName: CONTACTS_STEP.developerName,
            stepKind: CONTACTS_STEP.stepKind,
            valid: false,
            problems: [VERDICTS.leadsWithProblems.problems[0]]
        };
        saveSteps.mockResolvedValueOnce(SAVE_RESULTS.refused(VERDICTS.valid(draftOf(LEADS_STEP)), otherVerdict));
        const { element, events } = await render();
        const mappings = [{ key: 'a', salesforceUserId: USERS[1].id, replyUserId: 9 }];
        find(element, 'c-reply-sync-owner-mappings').dispatchEvent(
            new CustomEvent('applyall', { detail: { mappings } })
        );
        await flushPromises();
        const drafts = saveSteps.mock.calls[0][0].drafts;
        expect(drafts.map((draft) => draft.developerName)).toEqual([
            'Custom_Leads_To_People_1',
            'Custom_Contacts_To_People_1'
        ]);
        drafts.forEach((draft) =>
            expect(draft.ownerMappings).toBe(
                '{"version":1,"mappings":[{"salesforceUserId":"005000000000002AAA","replyUserId":9}]}'
            )
        );
        expect(drafts[1].fieldMappings).toBe(CONTACTS_STEP.fieldMappings);
        expect(events).toEqual([]);
        expect(find(element, '[data-id="other-step-problems"]').errors).toEqual([
            'Contacts to People: This Salesforce owner is mapped more than once. From Salesforce to Reply, each Salesforce owner can be mapped only once.'
        ]);
    });

    it('keeps unsaved edits when the console reloads the steps, and asks before going back without them', async () => {
        const { element, events } = await render();
        edit(element, 'c-reply-sync-owner-mappings', {
            mappings: [{ key: 'o', salesforceUserId: USERS[0].id, replyUserId: 7 }]
        });
        element.step = { ...LEADS_STEP, lastRun: { status: 'Succeeded' } };
        await flushPromises();
        expect(find(element, 'c-reply-sync-owner-mappings').mappings).toHaveLength(1);
        LightningConfirm.open.mockResolvedValueOnce(false);
        find(element, '[data-id="back"]').click();
        await flushPromises();
        expect(events).toEqual([]);
        find(element, '[data-id="back"]').click();
        await flushPromises();
        expect(events).toEqual([['close']]);
        validateSteps.mockClear();
        element.step = CONTACTS_STEP;
        await afterPause(0);
        expect(find(element, 'c-reply-sync-owner-mappings').mappings).toEqual([]);
        expect(validateSteps).toHaveBeenCalledWith({ drafts: [draftOf(CONTACTS_STEP)] });
    });

    it('locks everything in the Default profile, and asks the bridge nothing', async () => {
        const { element } = await render({ readOnly: true, step: { ...LEADS_STEP, profile: 'Default' } });
        expect(find(element, '[data-id="read-only"]').textContent).toContain('cannot be changed');
        expect(find(element, '[data-id="save"]').disabled).toBe(true);
        ['c-reply-sync-field-mappings', 'c-reply-sync-filter-editor', 'c-reply-sync-owner-mappings'].forEach(
            (selector) => expect(find(element, selector).readOnly).toBe(true)
        );
        expect(validateSteps).not.toHaveBeenCalled();
    });

    it('lets users without the Configure permission look only, without reaching the bridge', async () => {
        const { element } = await render({ canConfigure: false });
        expect(find(element, '[data-id="read-only"]').textContent).toContain('Reply Sync Admin permission set');
        expect(getReplyOptions).not.toHaveBeenCalled();
        expect(validateSteps).not.toHaveBeenCalled();
        expect(find(element, '[data-id="save"]').disabled).toBe(true);
    });

    it('says why Reply choices are missing and keeps working with the catalog fields', async () => {
        getReplyOptions.mockRejectedValue(APEX_ERROR('The bridge refused the token.'));
        const { element } = await render();
        const warning = find(element, '[data-id="options-error"]');
        expect(warning.title).toBe("Reply's choices could not be loaded from the bridge");
        expect(find(element, 'c-reply-sync-field-mappings').replyFields).toEqual(catalog.replyFields);
    });

    it('warns about stored settings it cannot read', async () => {
        const { element } = await render({ step: { ...LEADS_STEP, ownerMappings: '{"version":7}' } });
        expect(find(element, '[data-id="unreadable"]').errors[0]).toBe(
            'The stored Ownership mappings could not be read (version must be 1). Saving replaces them with what you see here.'
        );
    });

    it('shows a spinner while Salesforce choices load, and says when they cannot', async () => {
        const element = createElement('c-reply-sync-step-settings', { is: ReplySyncStepSettings });
        Object.assign(element, { catalog, steps: [], canConfigure: true, step: LEADS_STEP });
        document.body.appendChild(element);
        await flushPromises();
        expect(find(element, '[data-id="salesforce-loading"]')).not.toBeNull();
        getSalesforceFields.emit(LEAD_FIELDS);
        getLeadStatuses.emit(LEAD_STATUSES);
        getActiveUsers.error({ message: 'No access to User' });
        await flushPromises();
        expect(find(element, '[data-id="salesforce-loading"]')).toBeNull();
        expect(find(element, '[data-id="load-error"]').title).toBe("Salesforce's choices could not be loaded");
    });

    it('is accessible', async () => {
        jest.useRealTimers();
        validateSteps.mockResolvedValue({ steps: [VERDICTS.leadsWithProblems] });
        const element = createElement('c-reply-sync-step-settings', { is: ReplySyncStepSettings });
        Object.assign(element, { catalog, steps: [LEADS_STEP], canConfigure: true, step: LEADS_WITH_PROBLEMS });
        document.body.appendChild(element);
        getSalesforceFields.emit(LEAD_FIELDS);
        getActiveUsers.emit(USERS);
        getLeadStatuses.emit(LEAD_STATUSES);
        // The panel asks the bridge once its timer runs: let it.
        // eslint-disable-next-line @lwc/lwc/no-async-operation
        await new Promise((resolve) => setTimeout(resolve, 0));
        await flushPromises();
        await expect(element).toBeAccessible();
    });

    it('sets up a new step: named as new, on, saved in one deployment that names it', async () => {
        const draft = { ...LEADS_STEP, developerName: null, label: 'Leads to People', active: true, lastRun: null };
        saveSteps.mockResolvedValue(SAVE_RESULTS.deployed(PENDING_DEPLOYMENT));
        const { element, events } = await render({ step: draft });
        expect(find(element, '[data-id="title"]').textContent).toBe('New step: Leads to People');
        expect(find(element, '[data-id="active"]').checked).toBe(true);
        find(element, '[data-id="active"]').dispatchEvent(new CustomEvent('change', { detail: { checked: false } }));
        find(element, '[data-id="active"]').dispatchEvent(new CustomEvent('change', { detail: { checked: true } }));
        find(element, '[data-id="save"]').click();
        await afterPause(0);
        const [saved] = saveSteps.mock.calls[0][0].drafts;
        expect(saved).toMatchObject({ developerName: null, active: true, stepKind: 'Leads_To_People' });
        expect(events).toEqual([
            ['deploymentstart', PENDING_DEPLOYMENT],
            ['saved', { isNew: true }]
        ]);
    });

    it('waits for a pending deployment before saving again', async () => {
        const { element } = await render({ busy: true });
        expect(find(element, '[data-id="save"]').disabled).toBe(true);
    });
});
