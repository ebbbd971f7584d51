import {
    conditionValueFromInput,
    conditionValueToInput,
    deploymentStartEvent,
    duplicateDraft,
    fieldMappingProblem,
    filterProblems,
    findKind,
    flipDraft,
    format,
    isRunFinished,
    moveDrafts,
    newStepDraft,
    nextSortOrder,
    offeredSalesforceFields,
    ownerMappingProblems,
    parseStepSettings,
    recordDraft,
    reduceErrors,
    replyFieldsOf,
    replyValuesFor,
    runProgressPercent,
    runTotals,
    sequenceMappingProblems,
    serializeStepSettings,
    stepDisplayLabel,
    typeMismatchReason,
    unreadableMessages,
    validateSettings,
    validationContext,
    valueMappingProblems,
    withRequiredMappings
} from 'c/replySyncRules';

// The catalog exactly as the console receives it (the generated static resource), and the answers it works with.
const {
    catalog,
    LEAD_FIELDS,
    REPLY_OPTIONS,
    USERS,
    LEAD_STATUSES
} = require('../../../../../test/fixtures/replySyncFixtures.js');

const LEADS = findKind(catalog, 'Leads_To_People');
const PEOPLE_TO_LEADS = findKind(catalog, 'People_To_Leads');
const STATUSES = findKind(catalog, 'Statuses_To_Lead_Statuses');
const CATEGORIES = findKind(catalog, 'Categories_To_Lead_Statuses');
const EMAILS = findKind(catalog, 'Emails_To_Lead_Tasks');

const DEFAULT_LEADS_STEP = {
    developerName: 'Default_Leads_To_People',
    label: 'Leads to People',
    stepKind: 'Leads_To_People',
    profile: 'Default',
    active: true,
    sortOrder: 20,
    fieldMappings:
        '{"version":1,"mappings":[{"salesforceField":"FirstName","replyField":"firstName"},{"salesforceField":"LastName","replyField":"lastName"},{"salesforceField":"Email","replyField":"email"},{"salesforceField":"Company","replyField":"company"}]}',
    filter: '{"version":1,"filter":null}',
    ownerMappings: '{"version":1,"mappings":[]}',
    sequenceMappings: '{"version":1,"mappings":[]}',
    valueMappings: null
};

function context(kind, extra = {}) {
    return validationContext({
        kind,
        catalog,
        salesforceFields: LEAD_FIELDS,
        replyOptions: REPLY_OPTIONS,
        users: USERS,
        leadStatuses: LEAD_STATUSES,
        ...extra
    });
}

describe('texts', () => {
    it('fills label placeholders', () => {
        expect(format('{0} and {1}, {0} again; {2} is empty', 'a', 2)).toBe('a and 2, a again;  is empty');
    });

    it('names steps as Reply does', () => {
        expect(stepDisplayLabel(LEADS)).toBe('(from) Leads in Salesforce - (to) People in Reply');
        expect(stepDisplayLabel(findKind(catalog, 'LinkedIn_To_Contact_Tasks'))).toBe(
            '(from) LinkedIn activities in Reply - (to) Contact Tasks in Salesforce'
        );
        expect(catalog.stepKinds.map(stepDisplayLabel)).toHaveLength(16);
        expect(stepDisplayLabel(undefined)).toBe('');
    });

    it('reduces every shape of error to messages, one per line Apex joined', () => {
        expect(
            reduceErrors([
                { body: { message: 'First problem\nSecond problem' } },
                { body: [{ message: 'UI API problem' }] },
                { body: { pageErrors: [{ message: 'Page error' }] } },
                new Error('JavaScript problem'),
                'Plain text',
                { statusText: 'Server Error' },
                null
            ])
        ).toEqual([
            'First problem',
            'Second problem',
            'UI API problem',
            'Page error',
            'JavaScript problem',
            'Plain text',
            'Server Error'
        ]);
        expect(reduceErrors({})).toEqual([
            'Something went wrong, and Salesforce gave no reason. Reload the page and try again.'
        ]);
    });
});

describe('settings JSON', () => {
    it('reads a step and writes back exactly the JSON the bridge reads', () => {
        const { settings, unreadable } = parseStepSettings(DEFAULT_LEADS_STEP, LEADS);
        expect(unreadable).toEqual([]);
        expect(settings.fieldMappings.every((row) => row.required)).toBe(true);
        const json = serializeStepSettings(settings, LEADS);
        expect(json).toEqual({
            fieldMappings: DEFAULT_LEADS_STEP.fieldMappings,
            filter: DEFAULT_LEADS_STEP.filter,
            ownerMappings: DEFAULT_LEADS_STEP.ownerMappings,
            sequenceMappings: DEFAULT_LEADS_STEP.sequenceMappings,
            valueMappings: null
        });
    });

    it('writes every filter type and mapping as the schemas define them', () => {
        const settings = {
            fieldMappings: [],
            filter: {
                type: 'salesforceConditions',
                conditions: [
                    { key: 'c1', field: 'LeadSource', operator: 'in', value: ['Web', 'Phone'] },
                    { key: 'c2', field: 'Email', operator: 'isNotBlank', value: 'ignored' }
                ]
            },
            ownerMappings: [{ key: 'o1', salesforceUserId: '005000000000001AAA', replyUserId: 7 }],
            sequenceMappings: [
                {
                    key: 's1',
                    replyUserId: 7,
                    sequenceId: 12,
                    startStepId: undefined,
                    ignoreStepDelay: 1,
                    onlyNewRecords: false
                }
            ],
            valueMappings: []
        };
        const json = serializeStepSettings(settings, LEADS);
        expect(JSON.parse(json.filter)).toEqual({
            version: 1,
            filter: {
                type: 'salesforceConditions',
                conditions: [
                    { field: 'LeadSource', operator: 'in', value: ['Web', 'Phone'] },
                    { field: 'Email', operator: 'isNotBlank' }
                ]
            }
        });
        expect(json.ownerMappings).toBe(
            '{"version":1,"mappings":[{"salesforceUserId":"005000000000001AAA","replyUserId":7}]}'
        );
        expect(json.sequenceMappings).toBe(
            '{"version":1,"mappings":[{"replyUserId":7,"sequenceId":12,"startStepId":null,"ignoreStepDelay":true,"onlyNewRecords":false}]}'
        );
        expect(
            serializeStepSettings({ ...settings, filter: { type: 'replyList', listId: 5 } }, PEOPLE_TO_LEADS).filter
        ).toBe('{"version":1,"filter":{"type":"replyList","listId":5}}');
        expect(
            serializeStepSettings({ ...settings, filter: { type: 'default', key: 'replied' } }, PEOPLE_TO_LEADS)
                .sequenceMappings
        ).toBeNull();
    });

    it('reads filters back into editable rows', () => {
        const { settings } = parseStepSettings(
            {
                ...DEFAULT_LEADS_STEP,
                filter: '{"version":1,"filter":{"type":"salesforceConditions","conditions":[{"field":"LeadSource","operator":"equals","value":"Web"}]}}'
            },
            LEADS
        );
        expect(settings.filter.conditions).toEqual([
            { key: expect.any(String), field: 'LeadSource', operator: 'equals', value: 'Web' }
        ]);
    });

    it('names settings it cannot read and starts them empty', () => {
        const { settings, unreadable } = parseStepSettings(
            { ...DEFAULT_LEADS_STEP, ownerMappings: '{"version":2,"mappings":[]}', fieldMappings: 'not json' },
            LEADS
        );
        expect(unreadable.map((item) => item.section)).toEqual(['fieldMappings', 'ownerMappings']);
        expect(settings.ownerMappings).toEqual([]);
        expect(settings.fieldMappings).toHaveLength(4);
        expect(unreadableMessages(unreadable, LEADS, { ownerMappings: 'Ownership mappings' })[1]).toBe(
            '(from) Leads in Salesforce - (to) People in Reply: the stored Ownership mappings could not be read (version must be 1). Saving replaces them with what you see here.'
        );
    });

    it('keeps required mappings first and adds the missing ones', () => {
        const rows = withRequiredMappings(
            [
                { key: 'a', salesforceField: 'Title', replyField: 'title' },
                { key: 'b', salesforceField: 'Email', replyField: 'email' }
            ],
            LEADS
        );
        expect(rows.map((row) => `${row.salesforceField}:${row.required}`)).toEqual([
            'FirstName:true',
            'LastName:true',
            'Email:true',
            'Company:true',
            'Title:false'
        ]);
        expect(rows[2].key).toBe('b');
    });
});

describe('field mapping rules', () => {
    const sfFields = new Map(LEAD_FIELDS.map((field) => [field.name, field]));
    const replyFields = new Map(replyFieldsOf(catalog, REPLY_OPTIONS).map((field) => [field.name, field]));
    const ctx = {
        kind: LEADS,
        catalog,
        stepName: 'Leads',
        salesforceFieldsByName: sfFields,
        replyFieldsByName: replyFields
    };

    it('never offers multi-select picklists or other unmappable types', () => {
        const offered = offeredSalesforceFields(LEAD_FIELDS, LEADS, catalog).map((field) => field.name);
        expect(offered).toContain('FirstName');
        expect(offered).not.toContain('Interests__c');
        expect(offered).not.toContain('Address');
        expect(offered).toContain('CreatedDate');
        expect(offeredSalesforceFields(LEAD_FIELDS, PEOPLE_TO_LEADS, catalog).map((field) => field.name)).not.toContain(
            'CreatedDate'
        );
    });

    it('refuses a multi-select picklist with the reason', () => {
        expect(fieldMappingProblem({ salesforceField: 'Interests__c', replyField: 'notes' }, ctx)).toBe(
            'Leads: Interests is a multipicklist field, which Reply cannot sync. Multi-select picklists, compound and encrypted fields are never mapped.'
        );
    });

    it('refuses type mismatches per the catalog compatibility', () => {
        expect(fieldMappingProblem({ salesforceField: 'NumberOfEmployees', replyField: 'email' }, ctx)).toBe(
            'Leads: Employees (int) and the Reply field email (email) do not fit in this direction. Salesforce field types that fit: email, string.'
        );
        expect(fieldMappingProblem({ salesforceField: 'Phone', replyField: 'phone' }, ctx)).toBeNull();
        expect(
            fieldMappingProblem({ salesforceField: 'NumberOfEmployees', replyField: 'custom:Score' }, ctx)
        ).toBeNull();
        expect(
            typeMismatchReason({ type: 'textarea', label: 'Notes' }, { name: 'n', type: 'text' }, LEADS, catalog)
        ).toBeNull();
    });

    it('lets a Reply text field take a checkbox or number from Salesforce, but not give text back into one', () => {
        expect(fieldMappingProblem({ salesforceField: 'HasOptedOutOfEmail', replyField: 'notes' }, ctx)).toBeNull();
        expect(fieldMappingProblem({ salesforceField: 'NumberOfEmployees', replyField: 'title' }, ctx)).toBeNull();
        const inward = { ...ctx, kind: PEOPLE_TO_LEADS };
        expect(fieldMappingProblem({ salesforceField: 'HasOptedOutOfEmail', replyField: 'notes' }, inward)).toBe(
            'Leads: Email Opt Out (boolean) and the Reply field notes (text) do not fit in this direction. Salesforce field types that fit: string, textarea, email, phone, url, picklist, combobox.'
        );
        expect(fieldMappingProblem({ salesforceField: 'NumberOfEmployees', replyField: 'title' }, inward)).toMatch(
            /^Leads: Employees \(int\) and the Reply field title \(text\) do not fit in this direction/
        );
    });

    it('refuses unknown fields and read-only targets', () => {
        expect(fieldMappingProblem({ salesforceField: 'Gone__c', replyField: 'title' }, ctx)).toBe(
            'Leads: Gone__c is not a field of Lead that you can read.'
        );
        expect(fieldMappingProblem({ salesforceField: 'Title', replyField: 'shoeSize' }, ctx)).toBe(
            'Leads: shoeSize is not a Reply field.'
        );
        expect(
            fieldMappingProblem(
                { salesforceField: 'CreatedDate', replyField: 'notes' },
                { ...ctx, kind: PEOPLE_TO_LEADS }
            )
        ).toBe('Leads: Created Date is read-only or calculated, so Reply cannot sync into it.');
        expect(
            fieldMappingProblem(
                { salesforceField: 'Title', replyField: 'title' },
                { ...ctx, salesforceFieldsByName: undefined }
            )
        ).toBeNull();
    });
});

describe('validation', () => {
    it('accepts the Default steps as generated', () => {
        const { settings } = parseStepSettings(DEFAULT_LEADS_STEP, LEADS);
        expect(validateSettings(settings, context(LEADS))).toEqual([]);
    });

    it('requires the required mappings and complete rows', () => {
        const { settings } = parseStepSettings(DEFAULT_LEADS_STEP, LEADS);
        settings.fieldMappings = settings.fieldMappings.filter((row) => row.salesforceField !== 'Company');
        settings.fieldMappings.push({ key: 'x', salesforceField: 'Title', replyField: '' });
        expect(validateSettings(settings, context(LEADS))).toEqual([
            '(from) Leads in Salesforce - (to) People in Reply: field mapping 4 needs both a Salesforce field and a Reply field.',
            '(from) Leads in Salesforce - (to) People in Reply: the mapping Company (Salesforce) - company (Reply) is required and cannot be removed.'
        ]);
    });

    it('refuses two mappings into one target field', () => {
        const { settings } = parseStepSettings(DEFAULT_LEADS_STEP, LEADS);
        settings.fieldMappings.push({ key: 'x', salesforceField: 'Title', replyField: 'email' });
        expect(validateSettings(settings, context(LEADS))).toContainEqual(
            expect.stringContaining('email is filled by more than one field mapping')
        );
    });

    it('applies the owner uniqueness rule of each direction', () => {
        const sameSalesforceOwner = [
            { key: 'a', salesforceUserId: USERS[0].id, replyUserId: 7 },
            { key: 'b', salesforceUserId: USERS[0].id, replyUserId: 8 }
        ];
        expect(ownerMappingProblems(sameSalesforceOwner, context(LEADS))).toEqual([
            '(from) Leads in Salesforce - (to) People in Reply: Ada Admin is mapped more than once. From Salesforce to Reply, each Salesforce owner can be mapped only once.'
        ]);
        expect(ownerMappingProblems(sameSalesforceOwner, context(PEOPLE_TO_LEADS))).toEqual([]);

        const sameReplyOwner = [
            { key: 'a', salesforceUserId: USERS[0].id, replyUserId: 7 },
            { key: 'b', salesforceUserId: USERS[1].id, replyUserId: 7 }
        ];
        expect(ownerMappingProblems(sameReplyOwner, context(LEADS))).toEqual([]);
        expect(ownerMappingProblems(sameReplyOwner, context(PEOPLE_TO_LEADS))).toEqual([
            '(from) People in Reply - (to) Leads in Salesforce: Rita Reply is mapped more than once. From Reply to Salesforce, each Reply owner can be mapped only once.'
        ]);
        expect(
            ownerMappingProblems(
                [
                    { key: 'a', salesforceUserId: '', replyUserId: 7 },
                    { key: 'b', salesforceUserId: '005000000000099AAA', replyUserId: 8 }
                ],
                context(LEADS)
            )
        ).toEqual([
            '(from) Leads in Salesforce - (to) People in Reply: owner mapping 1 needs a Salesforce owner and a Reply owner.',
            '(from) Leads in Salesforce - (to) People in Reply: 005000000000099AAA is not an active Salesforce user.'
        ]);
    });

    it('gives each Reply owner one sequence and a start step of that sequence', () => {
        expect(
            sequenceMappingProblems(
                [
                    { key: 'a', replyUserId: 7, sequenceId: 12, startStepId: 121 },
                    { key: 'b', replyUserId: 7, sequenceId: 13, startStepId: null },
                    { key: 'c', replyUserId: 8, sequenceId: 12, startStepId: 999 },
                    { key: 'd', replyUserId: 9, sequenceId: null, startStepId: null }
                ],
                context(LEADS)
            )
        ).toEqual([
            '(from) Leads in Salesforce - (to) People in Reply: Rita Reply already has a sequence in this step. Each Reply owner gets one sequence per step; duplicate the step to send other records to another sequence.',
            '(from) Leads in Salesforce - (to) People in Reply: the start step of sequence mapping 3 is not a step of the chosen sequence.',
            '(from) Leads in Salesforce - (to) People in Reply: sequence mapping 4 needs a Reply owner and a sequence.'
        ]);
    });

    it('maps Reply statuses and inbox categories to open Lead Statuses', () => {
        expect(replyValuesFor(STATUSES, REPLY_OPTIONS)).toEqual(REPLY_OPTIONS.statuses);
        expect(replyValuesFor(CATEGORIES, REPLY_OPTIONS)).toEqual(['Interested', 'Not interested']);
        expect(replyValuesFor(STATUSES, undefined)).toBeUndefined();
        expect(
            valueMappingProblems(
                [
                    { key: 'a', replyValue: 'Replied', salesforceValue: 'Working - Contacted' },
                    { key: 'b', replyValue: 'Replied', salesforceValue: 'Closed - Converted' },
                    { key: 'c', replyValue: 'Teleported', salesforceValue: 'Working - Contacted' },
                    { key: 'd', replyValue: '', salesforceValue: 'Working - Contacted' }
                ],
                context(STATUSES)
            )
        ).toEqual([
            '(from) People Statuses in Reply - (to) Lead Statuses in Salesforce: Replied is mapped more than once. A Reply value maps to one Lead Status.',
            '(from) People Statuses in Reply - (to) Lead Statuses in Salesforce: Closed - Converted is not an open Lead Status in this org (converted statuses cannot be set by a sync).',
            '(from) People Statuses in Reply - (to) Lead Statuses in Salesforce: Teleported is not one of the Reply values this step reads.',
            '(from) People Statuses in Reply - (to) Lead Statuses in Salesforce: status mapping 4 needs a Reply value and a Lead Status.'
        ]);
    });

    it('allows the filter types of the system a step reads from', () => {
        expect(filterProblems({ type: 'default', key: 'replied' }, context(LEADS))).toEqual([
            '(from) Leads in Salesforce - (to) People in Reply: a step that reads Leads in Salesforce cannot use this kind of filter.'
        ]);
        expect(filterProblems({ type: 'default', key: 'replied' }, context(EMAILS))).toEqual([]);
        expect(filterProblems({ type: 'default', key: 'meetingBooked' }, context(EMAILS))).toEqual([
            '(from) Emails in Reply - (to) Lead Tasks in Salesforce: meetingBooked is not one of the default filters.'
        ]);
        expect(filterProblems({ type: 'replyList', listId: null }, context(EMAILS))).toEqual([
            '(from) Emails in Reply - (to) Lead Tasks in Salesforce: choose the Reply list to filter on.'
        ]);
        expect(
            filterProblems(
                {
                    type: 'salesforceConditions',
                    conditions: [
                        { key: 'a', field: 'Description', operator: 'contains', value: 'x' },
                        { key: 'b', field: 'LeadSource', operator: 'equals', value: ' ' },
                        { key: 'c', field: 'Email', operator: 'isBlank' }
                    ]
                },
                context(LEADS)
            )
        ).toEqual([
            '(from) Leads in Salesforce - (to) People in Reply: condition 1 needs a field of Lead that can be filtered on.',
            '(from) Leads in Salesforce - (to) People in Reply: condition 2 on LeadSource needs a value.'
        ]);
        expect(filterProblems(null, context(LEADS))).toEqual([]);
    });

    it('types condition values as the bridge compares them', () => {
        expect(conditionValueFromInput('Web, Phone,', 'in', 'picklist')).toEqual(['Web', 'Phone']);
        expect(conditionValueFromInput('50', 'greaterThan', 'int')).toBe(50);
        expect(conditionValueFromInput('true', 'equals', 'boolean')).toBe(true);
        expect(conditionValueFromInput('abc', 'equals', 'string')).toBe('abc');
        expect(conditionValueFromInput('x', 'isBlank', 'string')).toBeUndefined();
        expect(conditionValueToInput(['Web', 'Phone'])).toBe('Web, Phone');
        expect(conditionValueToInput(undefined)).toBe('');
    });
});

describe('the steps list', () => {
    const steps = [
        { ...DEFAULT_LEADS_STEP, developerName: 'A', sortOrder: 10 },
        { ...DEFAULT_LEADS_STEP, developerName: 'B', sortOrder: 20 },
        { ...DEFAULT_LEADS_STEP, developerName: 'C', sortOrder: 40 }
    ];

    it('adds new steps last, inactive, with the preset mappings', () => {
        expect(nextSortOrder(steps)).toBe(50);
        expect(nextSortOrder([])).toBe(10);
        const draft = newStepDraft(STATUSES, steps);
        expect(draft).toMatchObject({
            developerName: null,
            label: 'People Statuses to Lead Statuses',
            active: false,
            sortOrder: 50
        });
        expect(JSON.parse(draft.valueMappings).mappings).toHaveLength(6);
        expect(draft.fieldMappings).toBeNull();
        expect(JSON.parse(newStepDraft(LEADS, steps).fieldMappings).mappings).toHaveLength(4);
    });

    it('duplicates a step under a new name with the same settings', () => {
        const copy = duplicateDraft(steps[0], steps);
        expect(copy).toMatchObject({
            developerName: null,
            label: 'Leads to People (copy)',
            active: false,
            sortOrder: 50
        });
        expect(copy.fieldMappings).toBe(DEFAULT_LEADS_STEP.fieldMappings);
        expect(duplicateDraft({ ...steps[0], label: 'x'.repeat(40) }, steps).label).toHaveLength(40);
    });

    it('flips a people step to its mirror, clearing what no longer applies', () => {
        const flipped = flipDraft(
            {
                ...DEFAULT_LEADS_STEP,
                filter: '{"version":1,"filter":{"type":"salesforceConditions","conditions":[{"field":"Email","operator":"isNotBlank"}]}}'
            },
            catalog
        );
        expect(flipped).toMatchObject({
            developerName: 'Default_Leads_To_People',
            stepKind: 'People_To_Leads',
            label: 'People to Leads',
            filter: '{"version":1,"filter":null}',
            sequenceMappings: null,
            fieldMappings: DEFAULT_LEADS_STEP.fieldMappings
        });
        expect(flipDraft({ ...DEFAULT_LEADS_STEP, stepKind: 'Emails_To_Lead_Tasks' }, catalog)).toBeUndefined();
    });

    it('moves a step by renumbering only what changes', () => {
        const drafts = moveDrafts(steps, 2, -1);
        expect(drafts.map((draft) => `${draft.developerName}:${draft.sortOrder}`)).toEqual(['C:20', 'B:30']);
        expect(moveDrafts(steps, 0, -1)).toEqual([]);
        expect(recordDraft(steps[0], { active: false })).toMatchObject({
            developerName: 'A',
            active: false,
            sortOrder: 10
        });
    });
});

describe('Sync now', () => {
    it('follows a run to its end', () => {
        expect(runProgressPercent({ status: 'running', progress: { stepsDone: 1, stepsTotal: 4 } })).toBe(25);
        expect(runProgressPercent({ status: 'queued' })).toBe(0);
        expect(runProgressPercent({ status: 'partial' })).toBe(100);
        expect(isRunFinished({ status: 'failed' })).toBe(true);
        expect(isRunFinished({ status: 'running' })).toBe(false);
        expect(
            runTotals({
                steps: [
                    { read: 3, created: 1, updated: 1, skipped: 1, failed: 0 },
                    { read: 2, created: 0, updated: 0, skipped: 0, failed: 2 }
                ]
            })
        ).toEqual({ read: 5, created: 1, updated: 1, skipped: 1, failed: 2 });
    });

    it('announces deployments to the console', () => {
        const event = deploymentStartEvent({ jobId: 'job' });
        expect(event.type).toBe('deploymentstart');
        expect(event.bubbles && event.composed).toBe(true);
        expect(event.detail).toEqual({ jobId: 'job' });
    });
});
