import { loadCatalog } from '../../bridge/src/catalog/load.ts';
import type { ReplyContact } from '../../bridge/src/reply/schemas.ts';
import type { DescribeField, SObjectDescribe } from '../../bridge/src/salesforce/describe.ts';
import type { StepRecord } from '../../bridge/src/sync/steps.ts';

export const catalog = loadCatalog();

export function contact(overrides: Partial<ReplyContact> = {}): ReplyContact {
    return {
        id: 1,
        email: 'ada@example.com',
        firstName: 'Ada',
        lastName: 'Lovelace',
        title: null,
        company: 'Analytical Engines',
        domain: null,
        city: null,
        state: null,
        country: null,
        phone: null,
        linkedInUrl: null,
        industry: null,
        notes: null,
        ownerUserId: null,
        isOptedOut: false,
        callStatus: 'none',
        meetingStatus: 'none',
        createdAt: null,
        lastModifiedAt: '2026-11-28T10:00:00.000Z',
        customFields: [],
        sequences: [],
        lists: [],
        ...overrides
    };
}

export function field(name: string, type = 'string', overrides: Partial<DescribeField> = {}): DescribeField {
    return {
        name,
        label: name,
        type,
        length: type === 'string' || type === 'email' ? 80 : 0,
        picklistValues: [],
        restrictedPicklist: false,
        externalId: false,
        unique: false,
        createable: true,
        updateable: true,
        nillable: true,
        filterable: true,
        ...overrides
    };
}

export function leadDescribe(extra: DescribeField[] = []): SObjectDescribe {
    return {
        name: 'Lead',
        label: 'Lead',
        fields: [
            field('Id', 'id', { createable: false, updateable: false }),
            field('FirstName'),
            field('LastName'),
            field('Email', 'email'),
            field('Company'),
            field('Title'),
            field('NumberOfEmployees', 'int'),
            field('Interests__c', 'multipicklist'),
            field('Score__c', 'double', { calculated: true, createable: false, updateable: false }),
            field('Rating', 'picklist', {
                restrictedPicklist: true,
                picklistValues: [
                    { value: 'Hot', label: 'Hot', active: true },
                    { value: 'Cold', label: 'Cold', active: true }
                ]
            }),
            ...extra
        ]
    };
}

export function stepRecord(kind: string, overrides: Partial<StepRecord> = {}): StepRecord {
    const k = catalog.stepKinds.find((s) => s.key === kind)!;
    return {
        DeveloperName: `Default_${kind}`,
        MasterLabel: k.shortLabel,
        Step_Kind__c: kind,
        Profile__c: 'Default',
        Active__c: true,
        Sort_Order__c: 10,
        Removed__c: false,
        Field_Mappings__c: k.settings.includes('fieldMappings')
            ? JSON.stringify({ version: 1, mappings: k.defaultMappings })
            : null,
        Filter__c: null,
        Owner_Mappings__c: null,
        Sequence_Mappings__c: null,
        Value_Mappings__c: null,
        ...overrides
    };
}
