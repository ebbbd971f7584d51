/**
 * Built-in definitions of the standard objects the product touches, with the field properties describe reports on a
 * real org (types, lengths, nillable, createable/updateable, picklists, relationships). Only the fields the product,
 * its console or its tests use are modelled; the README lists the objects.
 */
import { field, objectDef, picklist, readOnly } from './schema.ts';
import type { FieldDef, FieldSpec, ObjectDef } from './schema.ts';
import { USER_PERMISSIONS } from './access.ts';

/** Id, IsDeleted and, unless `auditFields` is false, the created/modified stamps every object carries. */
export function systemFields(label: string, auditFields = true): FieldDef[] {
    const fields = [
        readOnly({
            name: 'Id',
            type: 'id',
            label: `${label} ID`,
            nillable: false,
            defaultedOnCreate: true,
            idLookup: true
        }),
        readOnly({ name: 'IsDeleted', type: 'boolean', label: 'Deleted' })
    ];
    if (auditFields) {
        fields.push(
            readOnly({
                name: 'CreatedDate',
                type: 'datetime',
                label: 'Created Date',
                nillable: false,
                defaultedOnCreate: true
            }),
            readOnly({
                name: 'CreatedById',
                type: 'reference',
                label: 'Created By ID',
                referenceTo: ['User'],
                relationshipName: 'CreatedBy',
                nillable: false,
                defaultedOnCreate: true
            }),
            readOnly({
                name: 'LastModifiedDate',
                type: 'datetime',
                label: 'Last Modified Date',
                nillable: false,
                defaultedOnCreate: true
            }),
            readOnly({
                name: 'LastModifiedById',
                type: 'reference',
                label: 'Last Modified By ID',
                referenceTo: ['User'],
                relationshipName: 'LastModifiedBy',
                nillable: false,
                defaultedOnCreate: true
            })
        );
    }
    fields.push(
        readOnly({
            name: 'SystemModstamp',
            type: 'datetime',
            label: 'System Modstamp',
            nillable: false,
            defaultedOnCreate: true
        })
    );
    return fields;
}

export function ownerField(polymorphic: boolean, extra: Partial<FieldSpec> = {}): FieldDef {
    return field({
        name: 'OwnerId',
        type: 'reference',
        label: 'Owner ID',
        referenceTo: polymorphic ? ['Group', 'User'] : ['User'],
        relationshipName: 'Owner',
        polymorphicForeignKey: polymorphic,
        nillable: false,
        defaultedOnCreate: true,
        ...extra
    });
}

/** Set on the records a merge deleted: the id of the record they were merged into (SOAP API, merge()). */
const masterRecord = (objectName: string): FieldDef =>
    readOnly({
        name: 'MasterRecordId',
        type: 'reference',
        label: 'Master Record ID',
        referenceTo: [objectName],
        relationshipName: 'MasterRecord'
    });

const text = (name: string, label: string, length: number, extra: Partial<FieldSpec> = {}): FieldDef =>
    field({ name, type: 'string', label, length, ...extra });

const required = { nillable: false } as const;

const SALUTATIONS = picklist(['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.']);
const LEAD_SOURCES = picklist(['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other']);
export const INDUSTRIES = [
    'Agriculture',
    'Apparel',
    'Banking',
    'Biotechnology',
    'Chemicals',
    'Communications',
    'Construction',
    'Consulting',
    'Education',
    'Electronics',
    'Energy',
    'Engineering',
    'Entertainment',
    'Environmental',
    'Finance',
    'Food & Beverage',
    'Government',
    'Healthcare',
    'Hospitality',
    'Insurance',
    'Machinery',
    'Manufacturing',
    'Media',
    'Not For Profit',
    'Recreation',
    'Retail',
    'Shipping',
    'Technology',
    'Telecommunications',
    'Transportation',
    'Utilities',
    'Other'
];

const fullName = (): FieldDef =>
    readOnly({ name: 'Name', type: 'string', label: 'Full Name', length: 121, nameField: true });

const email = (extra: Partial<FieldSpec> = {}): FieldDef =>
    field({ name: 'Email', type: 'email', label: 'Email', indexed: true, ...extra });

function timeZones(): string[] {
    return ['GMT', ...Intl.supportedValuesOf('timeZone')];
}

export interface StandardObjectsOptions {
    /** Custom objects that accept activities: they join Task.WhatId's targets. */
    activityTargets: string[];
    /** Custom objects that accept notes and files. */
    noteTargets: string[];
}

export function standardObjects(options: StandardObjectsOptions): ObjectDef[] {
    const personFields = (): FieldDef[] => [
        text('LastName', 'Last Name', 80, required),
        text('FirstName', 'First Name', 40),
        field({ name: 'Salutation', type: 'picklist', label: 'Salutation', picklistValues: SALUTATIONS }),
        fullName(),
        text('Title', 'Title', 128),
        field({ name: 'Phone', type: 'phone', label: 'Phone' }),
        field({ name: 'MobilePhone', type: 'phone', label: 'Mobile Phone' }),
        email(),
        field({ name: 'LeadSource', type: 'picklist', label: 'Lead Source', picklistValues: LEAD_SOURCES }),
        field({ name: 'Description', type: 'textarea', label: 'Description', length: 32000 }),
        field({ name: 'HasOptedOutOfEmail', type: 'boolean', label: 'Email Opt Out' })
    ];

    const user = objectDef({
        name: 'User',
        label: 'User',
        labelPlural: 'Users',
        keyPrefix: '005',
        custom: false,
        customMetadata: false,
        createable: true,
        updateable: true,
        deletable: false,
        queryable: true,
        activities: false,
        fields: [
            ...systemFields('User').filter((f) => f.name !== 'IsDeleted'),
            text('Username', 'Username', 80, { ...required, unique: true, idLookup: true }),
            text('LastName', 'Last Name', 80, required),
            text('FirstName', 'First Name', 40),
            fullName(),
            text('Alias', 'Alias', 8, required),
            email({ length: 128, ...required }),
            field({ name: 'IsActive', type: 'boolean', label: 'Active', defaultValue: true }),
            field({
                name: 'ProfileId',
                type: 'reference',
                label: 'Profile ID',
                referenceTo: ['Profile'],
                relationshipName: 'Profile',
                defaultedOnCreate: true,
                indexed: true
            }),
            field({
                name: 'TimeZoneSidKey',
                type: 'picklist',
                label: 'Time Zone',
                picklistValues: picklist(timeZones(), 'America/Los_Angeles'),
                restrictedPicklist: true,
                nillable: false,
                defaultedOnCreate: true
            }),
            field({
                name: 'LocaleSidKey',
                type: 'picklist',
                label: 'Locale',
                picklistValues: picklist(['en_US', 'en_GB', 'fr_FR', 'de_DE'], 'en_US'),
                nillable: false,
                defaultedOnCreate: true
            }),
            field({
                name: 'LanguageLocaleKey',
                type: 'picklist',
                label: 'Language',
                picklistValues: picklist(['en_US', 'fr', 'de'], 'en_US'),
                nillable: false,
                defaultedOnCreate: true
            }),
            field({
                name: 'EmailEncodingKey',
                type: 'picklist',
                label: 'Email Encoding',
                picklistValues: picklist(['UTF-8', 'ISO-8859-1'], 'UTF-8'),
                nillable: false,
                defaultedOnCreate: true
            }),
            readOnly({
                name: 'UserType',
                type: 'picklist',
                label: 'User Type',
                picklistValues: picklist(['Standard', 'PowerPartner', 'CsnOnly', 'Guest'], 'Standard'),
                defaultedOnCreate: true
            }),
            text('Title', 'Title', 80),
            text('Department', 'Department', 80),
            text('CompanyName', 'Company Name', 80),
            field({ name: 'Phone', type: 'phone', label: 'Phone' })
        ]
    });

    const group = objectDef({
        name: 'Group',
        label: 'Group',
        labelPlural: 'Groups',
        keyPrefix: '00G',
        custom: false,
        customMetadata: false,
        createable: false,
        updateable: false,
        deletable: false,
        queryable: true,
        activities: false,
        fields: [
            ...systemFields('Group'),
            text('Name', 'Name', 40, { nameField: true }),
            text('DeveloperName', 'Developer Name', 80),
            field({ name: 'Type', type: 'picklist', label: 'Type', picklistValues: picklist(['Regular', 'Queue']) })
        ]
    });

    const organization = objectDef({
        name: 'Organization',
        label: 'Organization',
        labelPlural: 'Organizations',
        keyPrefix: '00D',
        custom: false,
        customMetadata: false,
        createable: false,
        updateable: false,
        deletable: false,
        queryable: true,
        activities: false,
        fields: [
            ...systemFields('Organization').filter((f) => f.name !== 'IsDeleted'),
            readOnly({ name: 'Name', type: 'string', label: 'Name', length: 80, nameField: true }),
            readOnly({
                name: 'TimeZoneSidKey',
                type: 'picklist',
                label: 'Default Time Zone',
                picklistValues: picklist(timeZones(), 'America/Los_Angeles'),
                restrictedPicklist: true
            }),
            readOnly({
                name: 'OrganizationType',
                type: 'picklist',
                label: 'Edition',
                picklistValues: picklist(['Enterprise Edition', 'Developer Edition'])
            }),
            readOnly({ name: 'IsSandbox', type: 'boolean', label: 'Is Sandbox' }),
            readOnly({ name: 'InstanceName', type: 'string', label: 'Instance Name', length: 5 }),
            readOnly({
                name: 'DefaultLocaleSidKey',
                type: 'picklist',
                label: 'Locale',
                picklistValues: picklist(['en_US'])
            }),
            readOnly({
                name: 'LanguageLocaleKey',
                type: 'picklist',
                label: 'Language',
                picklistValues: picklist(['en_US'])
            })
        ]
    });

    const account = objectDef({
        name: 'Account',
        label: 'Account',
        labelPlural: 'Accounts',
        keyPrefix: '001',
        custom: false,
        customMetadata: false,
        createable: true,
        updateable: true,
        deletable: true,
        queryable: true,
        activities: true,
        fields: [
            ...systemFields('Account'),
            masterRecord('Account'),
            text('Name', 'Account Name', 255, { ...required, nameField: true }),
            field({
                name: 'Type',
                type: 'picklist',
                label: 'Account Type',
                picklistValues: picklist([
                    'Prospect',
                    'Customer - Direct',
                    'Customer - Channel',
                    'Channel Partner / Reseller',
                    'Installation Partner',
                    'Technology Partner',
                    'Other'
                ])
            }),
            field({ name: 'Industry', type: 'picklist', label: 'Industry', picklistValues: picklist(INDUSTRIES) }),
            field({ name: 'Website', type: 'url', label: 'Website' }),
            field({ name: 'Phone', type: 'phone', label: 'Account Phone' }),
            text('BillingCity', 'Billing City', 40),
            text('BillingState', 'Billing State/Province', 80),
            text('BillingCountry', 'Billing Country', 80),
            field({ name: 'AnnualRevenue', type: 'currency', label: 'Annual Revenue', precision: 18, scale: 0 }),
            field({ name: 'NumberOfEmployees', type: 'int', label: 'Employees', precision: 8 }),
            field({ name: 'Description', type: 'textarea', label: 'Account Description', length: 32000 }),
            ownerField(false)
        ]
    });

    const contact = objectDef({
        name: 'Contact',
        label: 'Contact',
        labelPlural: 'Contacts',
        keyPrefix: '003',
        custom: false,
        customMetadata: false,
        createable: true,
        updateable: true,
        deletable: true,
        queryable: true,
        activities: false,
        fields: [
            ...systemFields('Contact'),
            masterRecord('Contact'),
            field({
                name: 'AccountId',
                type: 'reference',
                label: 'Account ID',
                referenceTo: ['Account'],
                relationshipName: 'Account',
                childRelationshipName: 'Contacts',
                cascadeDelete: true,
                indexed: true
            }),
            ...personFields(),
            text('Department', 'Department', 80),
            text('MailingCity', 'Mailing City', 40),
            text('MailingState', 'Mailing State/Province', 80),
            text('MailingCountry', 'Mailing Country', 80),
            field({ name: 'Birthdate', type: 'date', label: 'Birthdate' }),
            ownerField(false)
        ]
    });

    const lead = objectDef({
        name: 'Lead',
        label: 'Lead',
        labelPlural: 'Leads',
        keyPrefix: '00Q',
        custom: false,
        customMetadata: false,
        createable: true,
        updateable: true,
        deletable: true,
        queryable: true,
        activities: false,
        fields: [
            ...systemFields('Lead'),
            masterRecord('Lead'),
            ...personFields(),
            text('Company', 'Company', 255, required),
            text('City', 'City', 40),
            text('State', 'State/Province', 80),
            text('PostalCode', 'Zip/Postal Code', 20),
            text('Country', 'Country', 80),
            field({ name: 'Website', type: 'url', label: 'Website' }),
            field({
                name: 'Status',
                type: 'picklist',
                label: 'Status',
                picklistSource: 'LeadStatus',
                restrictedPicklist: true,
                nillable: false,
                defaultedOnCreate: true
            }),
            field({ name: 'Industry', type: 'picklist', label: 'Industry', picklistValues: picklist(INDUSTRIES) }),
            field({
                name: 'Rating',
                type: 'picklist',
                label: 'Rating',
                picklistValues: picklist(['Hot', 'Warm', 'Cold'])
            }),
            field({ name: 'AnnualRevenue', type: 'currency', label: 'Annual Revenue', precision: 18, scale: 0 }),
            field({ name: 'NumberOfEmployees', type: 'int', label: 'Employees', precision: 8 }),
            ownerField(true),
            readOnly({
                name: 'IsConverted',
                type: 'boolean',
                label: 'Converted',
                defaultedOnCreate: true,
                nillable: false
            }),
            readOnly({ name: 'ConvertedDate', type: 'date', label: 'Converted Date' }),
            readOnly({
                name: 'ConvertedAccountId',
                type: 'reference',
                label: 'Converted Account ID',
                referenceTo: ['Account'],
                relationshipName: 'ConvertedAccount'
            }),
            readOnly({
                name: 'ConvertedContactId',
                type: 'reference',
                label: 'Converted Contact ID',
                referenceTo: ['Contact'],
                relationshipName: 'ConvertedContact'
            }),
            field({ name: 'IsUnreadByOwner', type: 'boolean', label: 'Unread By Owner' })
        ]
    });

    const statusObject = (name: 'LeadStatus' | 'TaskStatus', flag: 'IsConverted' | 'IsClosed'): ObjectDef =>
        objectDef({
            name,
            label: name === 'LeadStatus' ? 'Lead Status Value' : 'Task Status Value',
            labelPlural: name === 'LeadStatus' ? 'Lead Status Values' : 'Task Status Values',
            keyPrefix: '01J',
            custom: false,
            customMetadata: false,
            createable: false,
            updateable: false,
            deletable: false,
            queryable: true,
            activities: false,
            fields: [
                ...systemFields(name).filter((f) => f.name !== 'IsDeleted'),
                readOnly({ name: 'ApiName', type: 'string', label: 'Api Name', length: 255 }),
                readOnly({ name: 'MasterLabel', type: 'string', label: 'Master Label', length: 255 }),
                readOnly({ name: flag, type: 'boolean', label: flag === 'IsConverted' ? 'Is Converted' : 'Is Closed' }),
                readOnly({ name: 'IsDefault', type: 'boolean', label: 'Is Default' }),
                readOnly({ name: 'SortOrder', type: 'int', label: 'Sort Order', precision: 9 })
            ]
        });

    /** Who (a Lead or Contact) and What (an Account or custom object) of a Task or an Event. */
    const activityRelations = (children: 'Tasks' | 'Events'): FieldDef[] => [
        field({
            name: 'WhoId',
            type: 'reference',
            label: 'Name ID',
            referenceTo: ['Contact', 'Lead'],
            relationshipName: 'Who',
            childRelationshipName: children,
            polymorphicForeignKey: true,
            cascadeDelete: true,
            indexed: true
        }),
        field({
            name: 'WhatId',
            type: 'reference',
            label: 'Related To ID',
            referenceTo: ['Account', ...options.activityTargets],
            relationshipName: 'What',
            childRelationshipName: children,
            polymorphicForeignKey: true,
            cascadeDelete: true,
            indexed: true
        })
    ];
    /** The activity's Account, derived from What or Who. */
    const activityAccount = (): FieldDef =>
        readOnly({
            name: 'AccountId',
            type: 'reference',
            label: 'Account ID',
            referenceTo: ['Account'],
            relationshipName: 'Account'
        });

    const task = objectDef({
        name: 'Task',
        label: 'Task',
        labelPlural: 'Tasks',
        keyPrefix: '00T',
        custom: false,
        customMetadata: false,
        createable: true,
        updateable: true,
        deletable: true,
        queryable: true,
        activities: false,
        fields: [
            ...systemFields('Activity'),
            ...activityRelations('Tasks'),
            field({
                name: 'Subject',
                type: 'combobox',
                label: 'Subject',
                picklistValues: picklist(['Call', 'Send Letter', 'Send Quote', 'Other'])
            }),
            field({ name: 'ActivityDate', type: 'date', label: 'Due Date Only' }),
            field({
                name: 'Status',
                type: 'picklist',
                label: 'Status',
                picklistSource: 'TaskStatus',
                restrictedPicklist: true,
                nillable: false,
                defaultedOnCreate: true
            }),
            field({
                name: 'Priority',
                type: 'picklist',
                label: 'Priority',
                picklistValues: picklist(['High', 'Normal', 'Low'], 'Normal'),
                restrictedPicklist: true,
                nillable: false,
                defaultedOnCreate: true
            }),
            readOnly({ name: 'IsHighPriority', type: 'boolean', label: 'High Priority', defaultedOnCreate: true }),
            ownerField(true, { label: 'Assigned To ID' }),
            field({ name: 'Description', type: 'textarea', label: 'Description', length: 32000 }),
            field({
                name: 'Type',
                type: 'picklist',
                label: 'Type',
                picklistValues: picklist(['Call', 'Email', 'Meeting', 'Other'])
            }),
            readOnly({ name: 'IsClosed', type: 'boolean', label: 'Closed', defaultedOnCreate: true }),
            field({
                name: 'TaskSubtype',
                type: 'picklist',
                label: 'Task Subtype',
                picklistValues: picklist(['Task', 'Email', 'ListEmail', 'Cadence', 'Call'], 'Task'),
                restrictedPicklist: true,
                updateable: false,
                defaultedOnCreate: true
            }),
            field({ name: 'CallDurationInSeconds', type: 'int', label: 'Call Duration', precision: 9 }),
            field({
                name: 'CallType',
                type: 'picklist',
                label: 'Call Type',
                picklistValues: picklist(['Internal', 'Inbound', 'Outbound']),
                restrictedPicklist: true
            }),
            text('CallDisposition', 'Call Result', 255),
            text('CallObject', 'Call Object Identifier', 255),
            readOnly({ name: 'CompletedDateTime', type: 'datetime', label: 'Completed Date/Time' }),
            activityAccount()
        ]
    });

    // Event (00U): the fields the Object Reference lists for scheduling and relating an event; recurrence,
    // invitees and reminders are not modelled. Activity custom fields show here as on Task.
    const event = objectDef({
        name: 'Event',
        label: 'Event',
        labelPlural: 'Events',
        keyPrefix: '00U',
        custom: false,
        customMetadata: false,
        createable: true,
        updateable: true,
        deletable: true,
        queryable: true,
        activities: false,
        fields: [
            ...systemFields('Activity'),
            ...activityRelations('Events'),
            field({
                name: 'Subject',
                type: 'combobox',
                label: 'Subject',
                picklistValues: picklist(['Call', 'Email', 'Meeting', 'Send Letter/Quote', 'Other'])
            }),
            text('Location', 'Location', 255),
            field({ name: 'IsAllDayEvent', type: 'boolean', label: 'All-Day Event' }),
            field({ name: 'ActivityDateTime', type: 'datetime', label: 'Due Date Time' }),
            field({ name: 'ActivityDate', type: 'date', label: 'Due Date Only' }),
            field({ name: 'StartDateTime', type: 'datetime', label: 'Start Date Time' }),
            field({ name: 'EndDateTime', type: 'datetime', label: 'End Date Time' }),
            field({ name: 'DurationInMinutes', type: 'int', label: 'Duration', precision: 8 }),
            field({ name: 'Description', type: 'textarea', label: 'Description', length: 32000 }),
            field({
                name: 'Type',
                type: 'picklist',
                label: 'Type',
                picklistValues: picklist(['Call', 'Email', 'Meeting', 'Other'])
            }),
            field({
                name: 'ShowAs',
                type: 'picklist',
                label: 'Show Time As',
                picklistValues: picklist(['Busy', 'OutOfOffice', 'Free'], 'Busy'),
                restrictedPicklist: true,
                defaultedOnCreate: true
            }),
            field({ name: 'IsPrivate', type: 'boolean', label: 'Private' }),
            ownerField(true, { label: 'Assigned To ID' }),
            field({
                name: 'EventSubtype',
                type: 'picklist',
                label: 'Event Subtype',
                picklistValues: picklist(['Event'], 'Event'),
                restrictedPicklist: true,
                updateable: false,
                defaultedOnCreate: true
            }),
            activityAccount()
        ]
    });

    const noteFields = (updateableTitle: boolean): FieldDef[] => [
        field({
            name: 'Title',
            type: 'string',
            label: 'Title',
            length: 255,
            nillable: false,
            updateable: updateableTitle
        }),
        readOnly({ name: 'FileType', type: 'string', label: 'File Type', length: 20 }),
        readOnly({ name: 'FileExtension', type: 'string', label: 'File Extension', length: 40 }),
        readOnly({ name: 'ContentSize', type: 'int', label: 'Size', precision: 9 }),
        ownerField(false)
    ];

    const contentNote = objectDef({
        name: 'ContentNote',
        label: 'Note',
        labelPlural: 'Notes',
        keyPrefix: '069',
        custom: false,
        customMetadata: false,
        createable: true,
        updateable: true,
        deletable: true,
        queryable: true,
        activities: false,
        fields: [
            ...systemFields('Note'),
            ...noteFields(true),
            field({ name: 'Content', type: 'base64', label: 'Content', nillable: true }),
            readOnly({ name: 'TextPreview', type: 'string', label: 'Text Preview', length: 255 })
        ]
    });

    const contentDocument = objectDef({
        name: 'ContentDocument',
        label: 'Content Document',
        labelPlural: 'Content Documents',
        keyPrefix: '069',
        table: 'ContentNote',
        custom: false,
        customMetadata: false,
        createable: false,
        updateable: true,
        deletable: true,
        queryable: true,
        activities: false,
        fields: [...systemFields('ContentDocument'), ...noteFields(true)]
    });

    const linkable = ['Account', 'Contact', 'Lead', 'User', ...options.noteTargets];
    const contentDocumentLink = objectDef({
        name: 'ContentDocumentLink',
        label: 'Content Document Link',
        labelPlural: 'Content Document Links',
        keyPrefix: '06A',
        custom: false,
        customMetadata: false,
        createable: true,
        updateable: true,
        deletable: true,
        queryable: true,
        activities: false,
        fields: [
            ...systemFields('ContentDocumentLink', false),
            field({
                name: 'LinkedEntityId',
                type: 'reference',
                label: 'Linked Entity ID',
                referenceTo: linkable,
                relationshipName: 'LinkedEntity',
                childRelationshipName: 'ContentDocumentLinks',
                polymorphicForeignKey: true,
                cascadeDelete: true,
                updateable: false,
                nillable: false,
                indexed: true
            }),
            field({
                name: 'ContentDocumentId',
                type: 'reference',
                label: 'ContentDocument ID',
                referenceTo: ['ContentDocument'],
                relationshipName: 'ContentDocument',
                childRelationshipName: 'ContentDocumentLinks',
                cascadeDelete: true,
                updateable: false,
                nillable: false,
                indexed: true
            }),
            field({
                name: 'ShareType',
                type: 'picklist',
                label: 'Share Type',
                picklistValues: [
                    { value: 'V', label: 'Viewer', active: true, defaultValue: true },
                    { value: 'C', label: 'Collaborator', active: true, defaultValue: false },
                    { value: 'I', label: 'Inferred', active: true, defaultValue: false }
                ],
                restrictedPicklist: true,
                nillable: false,
                defaultedOnCreate: true
            }),
            field({
                name: 'Visibility',
                type: 'picklist',
                label: 'Visibility',
                picklistValues: picklist(['AllUsers', 'InternalUsers', 'SharedUsers'], 'AllUsers'),
                restrictedPicklist: true,
                nillable: false,
                defaultedOnCreate: true
            })
        ]
    });

    const note = objectDef({
        name: 'Note',
        label: 'Note',
        labelPlural: 'Notes',
        keyPrefix: '002',
        custom: false,
        customMetadata: false,
        createable: true,
        updateable: true,
        deletable: true,
        queryable: true,
        activities: false,
        fields: [
            ...systemFields('Note'),
            field({
                name: 'ParentId',
                type: 'reference',
                label: 'Parent ID',
                referenceTo: ['Account', 'Contact', 'Lead', ...options.noteTargets],
                relationshipName: 'Parent',
                childRelationshipName: 'Notes',
                polymorphicForeignKey: true,
                cascadeDelete: true,
                updateable: false,
                nillable: false,
                indexed: true
            }),
            text('Title', 'Title', 80, required),
            field({ name: 'Body', type: 'textarea', label: 'Body', length: 32000 }),
            field({ name: 'IsPrivate', type: 'boolean', label: 'Private' }),
            ownerField(false)
        ]
    });

    // Profiles, permission sets and their assignments, as the Object Reference shows them: each profile owns a
    // permission set (IsOwnedByProfile), and PermissionSetAssignment lists a user's profile set with the others.
    // Assignments are made through the API (what `sf org assign permset` does); the rest is read-only here.
    const permissionFields = (): FieldDef[] =>
        USER_PERMISSIONS.map((name) =>
            readOnly({ name: `Permissions${name}`, type: 'boolean', label: name, defaultedOnCreate: true })
        );
    const setupObject = (name: string, label: string, keyPrefix: string, fields: FieldDef[], writable = false) =>
        objectDef({
            name,
            label,
            labelPlural: `${label}s`,
            keyPrefix,
            custom: false,
            customMetadata: false,
            createable: writable,
            updateable: false,
            deletable: writable,
            queryable: true,
            activities: false,
            fields: [...systemFields(label), ...fields]
        });
    const profile = setupObject('Profile', 'Profile', '00e', [
        readOnly({ name: 'Name', type: 'string', label: 'Name', length: 255, nameField: true }),
        readOnly({ name: 'UserType', type: 'string', label: 'User Type', length: 40 }),
        ...permissionFields()
    ]);
    const permissionSet = setupObject('PermissionSet', 'Permission Set', '0PS', [
        readOnly({ name: 'Name', type: 'string', label: 'Name', length: 80, idLookup: true }),
        readOnly({ name: 'Label', type: 'string', label: 'Label', length: 80 }),
        readOnly({ name: 'IsOwnedByProfile', type: 'boolean', label: 'Is Owned By Profile' }),
        readOnly({
            name: 'ProfileId',
            type: 'reference',
            label: 'Profile ID',
            referenceTo: ['Profile'],
            relationshipName: 'Profile'
        }),
        ...permissionFields()
    ]);
    const permissionSetAssignment = setupObject(
        'PermissionSetAssignment',
        'Permission Set Assignment',
        '0Pa',
        [
            field({
                name: 'AssigneeId',
                type: 'reference',
                label: 'Assignee ID',
                referenceTo: ['User'],
                relationshipName: 'Assignee',
                nillable: false,
                updateable: false,
                indexed: true
            }),
            field({
                name: 'PermissionSetId',
                type: 'reference',
                label: 'Permission Set ID',
                referenceTo: ['PermissionSet'],
                relationshipName: 'PermissionSet',
                nillable: false,
                updateable: false,
                indexed: true
            })
        ],
        true
    );
    // Named credentials: only users with View Setup and Configuration may read them (Object Reference).
    const namedCredential = setupObject('NamedCredential', 'Named Credential', '0XA', [
        readOnly({ name: 'DeveloperName', type: 'string', label: 'Name', length: 80 }),
        readOnly({ name: 'MasterLabel', type: 'string', label: 'Label', length: 80 }),
        readOnly({ name: 'NamespacePrefix', type: 'string', label: 'Namespace Prefix', length: 15 }),
        readOnly({ name: 'Endpoint', type: 'textarea', label: 'URL', length: 1000 }),
        readOnly({
            name: 'PrincipalType',
            type: 'picklist',
            label: 'Identity Type',
            picklistValues: picklist(['Anonymous', 'PerUser', 'NamedUser'])
        })
    ]);

    return [
        user,
        group,
        organization,
        account,
        contact,
        lead,
        statusObject('LeadStatus', 'IsConverted'),
        statusObject('TaskStatus', 'IsClosed'),
        task,
        event,
        contentNote,
        contentDocument,
        contentDocumentLink,
        note,
        profile,
        permissionSet,
        permissionSetAssignment,
        namedCredential
    ];
}
