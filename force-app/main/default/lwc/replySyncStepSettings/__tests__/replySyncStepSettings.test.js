import { createElement } from 'lwc';
import ReplySyncStepSettings from 'c/replySyncStepSettings';
import getReplyOptions from '@salesforce/apex/ReplySyncConsoleController.getReplyOptions';
import getSalesforceFields from '@salesforce/apex/ReplySyncConsoleController.getSalesforceFields';
import getActiveUsers from '@salesforce/apex/ReplySyncConsoleController.getActiveUsers';
import getLeadStatuses from '@salesforce/apex/ReplySyncConsoleController.getLeadStatuses';
import saveSteps from '@salesforce/apex/ReplySyncConsoleController.saveSteps';

const {
    catalog,
    step,
    LEAD_FIELDS,
    REPLY_OPTIONS,
    USERS,
    LEAD_STATUSES,
    LEADS_FIELD_MAPPINGS,
    PENDING_DEPLOYMENT,
    APEX_ERROR
} = require('../../../../../test/fixtures/replySyncFixtures.js');

jest.mock('@salesforce/apex/ReplySyncConsoleController.getReplyOptions', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/ReplySyncConsoleController.saveSteps', () => ({ default: jest.fn() }), { virtual: true });
jest.mock(
    '@salesforce/apex/ReplySyncConsoleController.getSalesforceFields',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock(
    '@salesforce/apex/ReplySyncConsoleController.getActiveUsers',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock(
    '@salesforce/apex/ReplySyncConsoleController.getLeadStatuses',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);

// Lets pending Apex promises and re-renders settle: a few turns of the microtask queue.
const flushPromises = () =>
    Array.from({ length: 10 }).reduce((promise) => promise.then(() => undefined), Promise.resolve());

const LEADS_STEP = step('Custom_Leads_To_People_1', 'Leads_To_People');
const EMAILS_STEP = step('Custom_Emails_To_Lead_Tasks_1', 'Emails_To_Lead_Tasks', { sortOrder: 30 });
const CONTACTS_STEP = step('Custom_Contacts_To_People_1', 'Contacts_To_People', {
    sortOrder: 40,
    fieldMappings:
        '{"version":1,"mappings":[{"salesforceField":"FirstName","replyField":"firstName"},{"salesforceField":"LastName","replyField":"lastName"},{"salesforceField":"Email","replyField":"email"}]}'
});
const STATUSES_STEP = step('Custom_Statuses_To_Lead_Statuses_1', 'Statuses_To_Lead_Statuses');

describe('c-reply-sync-step-settings', () => {
    beforeEach(() => {
        getReplyOptions.mockResolvedValue(REPLY_OPTIONS);
        saveSteps.mockResolvedValue(PENDING_DEPLOYMENT);
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
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
        document.body.appendChild(element);
        getSalesforceFields.emit(LEAD_FIELDS);
        getActiveUsers.emit(USERS);
        getLeadStatuses.emit(LEAD_STATUSES);
        await flushPromises();
        return { element, events };
    }

    const find = (element, selector) => element.shadowRoot.querySelector(selector);

    it('shows the sections a Leads to People step has, with Salesforce and Reply choices', async () => {
        const { element } = await render();
        expect(find(element, '[data-id="title"]').textContent).toBe(
            '(from) Leads in Salesforce - (to) People in Reply'
        );
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
        await expect(element).toBeAccessible();
    });

    it('shows only filters and ownership for activity steps, filters and statuses for status steps', async () => {
        const activity = await render({ step: EMAILS_STEP });
        expect(find(activity.element, 'c-reply-sync-field-mappings')).toBeNull();
        expect(find(activity.element, 'c-reply-sync-sequence-mappings')).toBeNull();
        expect(find(activity.element, 'c-reply-sync-filter-editor')).not.toBeNull();
        expect(find(activity.element, 'c-reply-sync-owner-mappings')).not.toBeNull();

        const statuses = await render({ step: STATUSES_STEP });
        const values = find(statuses.element, 'c-reply-sync-value-mappings');
        expect(values.replyValues).toEqual(REPLY_OPTIONS.statuses);
        expect(values.leadStatuses).toEqual(LEAD_STATUSES);
        expect(values.replyValueLabel).toBe('Reply status');
        expect(find(statuses.element, 'c-reply-sync-owner-mappings')).toBeNull();
    });

    it('locks everything in the Default profile', async () => {
        const { element } = await render({ readOnly: true, step: { ...LEADS_STEP, profile: 'Default' } });
        expect(find(element, '[data-id="read-only"]').textContent).toContain('cannot be changed');
        expect(find(element, '[data-id="save"]').disabled).toBe(true);
        ['c-reply-sync-field-mappings', 'c-reply-sync-filter-editor', 'c-reply-sync-owner-mappings'].forEach(
            (selector) => expect(find(element, selector).readOnly).toBe(true)
        );
    });

    it('lets users without the Configure permission look only, without reaching the bridge', async () => {
        const { element } = await render({ canConfigure: false });
        expect(find(element, '[data-id="read-only"]').textContent).toContain('Reply Sync Admin permission set');
        expect(getReplyOptions).not.toHaveBeenCalled();
        expect(find(element, '[data-id="save"]').disabled).toBe(true);
    });

    it('says why Reply choices are missing and keeps working with the catalog fields', async () => {
        getReplyOptions.mockRejectedValue(APEX_ERROR('The bridge refused the token.'));
        const { element } = await render();
        const warning = find(element, '[data-id="options-error"]');
        expect(warning.title).toBe("Reply's choices could not be loaded from the bridge");
        expect(warning.errors.body.message).toBe('The bridge refused the token.');
        expect(find(element, 'c-reply-sync-field-mappings').replyFields).toEqual(catalog.replyFields);
        expect(find(element, 'c-reply-sync-filter-editor').replyLists).toBeUndefined();
    });

    it('saves exactly the JSON the bridge reads and hands the deployment to the console', async () => {
        const { element, events } = await render();
        find(element, 'c-reply-sync-filter-editor').dispatchEvent(
            new CustomEvent('change', {
                detail: {
                    filter: {
                        type: 'salesforceConditions',
                        conditions: [{ key: 'c', field: 'LeadSource', operator: 'equals', value: 'Web' }]
                    }
                }
            })
        );
        find(element, 'c-reply-sync-sequence-mappings').dispatchEvent(
            new CustomEvent('change', {
                detail: {
                    mappings: [
                        {
                            key: 's',
                            replyUserId: 7,
                            sequenceId: 12,
                            startStepId: 122,
                            ignoreStepDelay: true,
                            onlyNewRecords: false
                        }
                    ]
                }
            })
        );
        find(element, '[data-id="save"]').click();
        await flushPromises();
        expect(saveSteps).toHaveBeenCalledWith({
            drafts: [
                {
                    developerName: 'Custom_Leads_To_People_1',
                    label: 'Leads to People',
                    stepKind: 'Leads_To_People',
                    active: true,
                    sortOrder: 10,
                    fieldMappings: LEADS_FIELD_MAPPINGS,
                    filter: '{"version":1,"filter":{"type":"salesforceConditions","conditions":[{"field":"LeadSource","operator":"equals","value":"Web"}]}}',
                    ownerMappings: '{"version":1,"mappings":[]}',
                    sequenceMappings:
                        '{"version":1,"mappings":[{"replyUserId":7,"sequenceId":12,"startStepId":122,"ignoreStepDelay":true,"onlyNewRecords":false}]}',
                    valueMappings: null
                }
            ]
        });
        expect(events).toEqual([['deploymentstart', PENDING_DEPLOYMENT], ['close']]);
    });

    it('refuses to save what is wrong and says exactly what', async () => {
        const { element, events } = await render();
        const fields = find(element, 'c-reply-sync-field-mappings');
        fields.dispatchEvent(
            new CustomEvent('change', {
                detail: { mappings: fields.mappings.filter((row) => row.salesforceField !== 'Email') }
            })
        );
        find(element, 'c-reply-sync-owner-mappings').dispatchEvent(
            new CustomEvent('change', {
                detail: {
                    mappings: [
                        { key: 'a', salesforceUserId: USERS[0].id, replyUserId: 7 },
                        { key: 'b', salesforceUserId: USERS[0].id, replyUserId: 8 }
                    ]
                }
            })
        );
        find(element, '[data-id="save"]').click();
        await flushPromises();
        expect(saveSteps).not.toHaveBeenCalled();
        expect(events).toEqual([]);
        expect(find(element, '[data-id="problems"]').errors).toEqual([
            '(from) Leads in Salesforce - (to) People in Reply: the mapping Email (Salesforce) - email (Reply) is required and cannot be removed.',
            '(from) Leads in Salesforce - (to) People in Reply: Ada Admin is mapped more than once. From Salesforce to Reply, each Salesforce owner can be mapped only once.'
        ]);
    });

    it('shows what the server refused', async () => {
        saveSteps.mockRejectedValue(
            APEX_ERROR('Leads to People belongs to the Default profile, which cannot be changed.')
        );
        const { element, events } = await render();
        find(element, '[data-id="save"]').click();
        await flushPromises();
        expect(find(element, '[data-id="save-error"]').errors.body.message).toContain('belongs to the Default profile');
        expect(events).toEqual([]);
        expect(find(element, '[data-id="save"]').disabled).toBe(false);
    });

    it('applies ownership mappings to every step of the same direction', async () => {
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
        expect(events[0][0]).toBe('deploymentstart');
    });

    it('warns about stored settings it cannot read', async () => {
        const { element } = await render({ step: { ...LEADS_STEP, ownerMappings: '{"version":7}' } });
        expect(find(element, '[data-id="unreadable"]').errors[0]).toContain(
            'the stored Ownership mappings could not be read'
        );
    });

    it('shows a spinner while Salesforce choices load', async () => {
        const element = createElement('c-reply-sync-step-settings', { is: ReplySyncStepSettings });
        Object.assign(element, { catalog, steps: [], canConfigure: true, step: LEADS_STEP });
        document.body.appendChild(element);
        await flushPromises();
        expect(find(element, '[data-id="salesforce-loading"]')).not.toBeNull();
        getSalesforceFields.emit(LEAD_FIELDS);
        getActiveUsers.emit(USERS);
        getLeadStatuses.emit(LEAD_STATUSES);
        await flushPromises();
        expect(find(element, '[data-id="salesforce-loading"]')).toBeNull();
    });

    it('says when Salesforce choices cannot be loaded', async () => {
        const element = createElement('c-reply-sync-step-settings', { is: ReplySyncStepSettings });
        Object.assign(element, { catalog, steps: [], canConfigure: true, step: LEADS_STEP });
        document.body.appendChild(element);
        getActiveUsers.error({ message: 'No access to User' });
        await flushPromises();
        expect(find(element, '[data-id="load-error"]').title).toBe("Salesforce's choices could not be loaded");
    });

    it('goes back to the steps', async () => {
        const { element, events } = await render();
        find(element, '[data-id="back"]').click();
        expect(events).toEqual([['close']]);
    });
});
