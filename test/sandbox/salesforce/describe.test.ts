import type { DescribeSObjectResult, Field } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforceSandbox } from './index.ts';
import type { SalesforceSandbox } from './index.ts';
import { connect } from './test-helpers.ts';

describe('describe', () => {
    let sandbox: SalesforceSandbox;
    const described = new Map<string, DescribeSObjectResult>();
    const fieldOf = (object: string, name: string): Field => {
        const found = described.get(object)?.fields.find((f) => f.name === name);
        if (!found) throw new Error(`${object}.${name} not described`);
        return found;
    };
    const values = (object: string, name: string): string[] =>
        (fieldOf(object, name).picklistValues ?? []).map((v) => v.value);

    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: false });
        const conn = connect(sandbox);
        for (const name of [
            'Lead',
            'Contact',
            'Task',
            'ContentNote',
            'ContentDocumentLink',
            'Reply_Sync_Step__mdt',
            'Reply_Sync_Log__c',
            'User',
            'Organization'
        ]) {
            described.set(name, await conn.describe(name));
        }
    });
    afterAll(() => sandbox.close());

    it('describes Lead as Salesforce does: required, read-only and restricted fields', () => {
        expect(fieldOf('Lead', 'Company')).toMatchObject({
            type: 'string',
            length: 255,
            nillable: false,
            createable: true,
            updateable: true
        });
        expect(fieldOf('Lead', 'LastName')).toMatchObject({ length: 80, nillable: false });
        expect(fieldOf('Lead', 'Email')).toMatchObject({
            type: 'email',
            length: 80,
            nillable: true,
            soapType: 'xsd:string'
        });
        expect(fieldOf('Lead', 'IsConverted')).toMatchObject({ type: 'boolean', createable: false, updateable: false });
        expect(fieldOf('Lead', 'ConvertedContactId')).toMatchObject({
            type: 'reference',
            referenceTo: ['Contact'],
            relationshipName: 'ConvertedContact',
            createable: false
        });
        expect(fieldOf('Lead', 'ConvertedDate')).toMatchObject({ type: 'date', createable: false });
        expect(fieldOf('Lead', 'Status')).toMatchObject({
            type: 'picklist',
            restrictedPicklist: true,
            nillable: false,
            defaultedOnCreate: true
        });
        expect(values('Lead', 'Status')).toEqual([
            'Open - Not Contacted',
            'Working - Contacted',
            'Closed - Converted',
            'Closed - Not Converted'
        ]);
        expect(fieldOf('Lead', 'Status').picklistValues?.find((v) => v.defaultValue)?.value).toBe(
            'Open - Not Contacted'
        );
        expect(fieldOf('Lead', 'OwnerId')).toMatchObject({
            type: 'reference',
            referenceTo: ['Group', 'User'],
            polymorphicForeignKey: true,
            relationshipName: 'Owner'
        });
        expect(fieldOf('Lead', 'Id')).toMatchObject({ type: 'id', length: 18, createable: false, idLookup: true });
    });

    it("includes the project's custom fields from force-app with their external id and uniqueness", () => {
        expect(fieldOf('Lead', 'Reply_Contact_Id__c')).toMatchObject({
            type: 'string',
            length: 32,
            custom: true,
            externalId: true,
            unique: true,
            caseSensitive: false,
            idLookup: true
        });
        expect(fieldOf('Contact', 'Reply_Profile_Url__c')).toMatchObject({ type: 'url', custom: true });
        expect(fieldOf('Task', 'Reply_Activity_Id__c')).toMatchObject({ externalId: true, unique: true, length: 100 });
        expect(fieldOf('Reply_Sync_Log__c', 'Status__c')).toMatchObject({ type: 'picklist', restrictedPicklist: true });
        expect(values('Reply_Sync_Log__c', 'Status__c')).toEqual([
            'Running',
            'Succeeded',
            'Partial',
            'Failed',
            'Skipped',
            'Paused'
        ]);
        expect(fieldOf('Reply_Sync_Log__c', 'Message__c')).toMatchObject({
            type: 'textarea',
            length: 32768,
            filterable: false
        });
        expect(fieldOf('Reply_Sync_Log__c', 'Name')).toMatchObject({
            autoNumber: true,
            createable: false,
            nameField: true
        });
        expect(described.get('Reply_Sync_Log__c')).toMatchObject({
            custom: true,
            keyPrefix: expect.stringMatching(/^a0[A-Z]$/)
        });
    });

    it('describes Task with its subtypes, call fields and derived read-only fields', () => {
        expect(values('Task', 'TaskSubtype')).toEqual(['Task', 'Email', 'ListEmail', 'Cadence', 'Call']);
        expect(fieldOf('Task', 'TaskSubtype')).toMatchObject({
            createable: true,
            updateable: false,
            restrictedPicklist: true
        });
        expect(values('Task', 'CallType')).toEqual(['Internal', 'Inbound', 'Outbound']);
        expect(fieldOf('Task', 'CallDurationInSeconds')).toMatchObject({ type: 'int', soapType: 'xsd:int' });
        expect(fieldOf('Task', 'ActivityDate')).toMatchObject({ type: 'date' });
        expect(fieldOf('Task', 'Description')).toMatchObject({ type: 'textarea', length: 32000 });
        expect(fieldOf('Task', 'IsClosed')).toMatchObject({ createable: false, updateable: false });
        expect(fieldOf('Task', 'WhoId')).toMatchObject({
            referenceTo: ['Contact', 'Lead'],
            relationshipName: 'Who',
            polymorphicForeignKey: true
        });
        expect(values('Task', 'Status')).toEqual([
            'Not Started',
            'In Progress',
            'Completed',
            'Waiting on someone else',
            'Deferred'
        ]);
    });

    it('describes notes, links and child relationships', () => {
        expect(fieldOf('ContentNote', 'Content')).toMatchObject({ type: 'base64', soapType: 'xsd:base64Binary' });
        expect(fieldOf('ContentNote', 'Title')).toMatchObject({ nillable: false, length: 255 });
        expect(described.get('ContentNote')?.keyPrefix).toBe('069');
        expect(values('ContentDocumentLink', 'ShareType')).toEqual(['V', 'C', 'I']);
        expect(fieldOf('ContentDocumentLink', 'LinkedEntityId')).toMatchObject({ createable: true, updateable: false });
        const children = described
            .get('Lead')
            ?.childRelationships.map((r) => `${r.childSObject}.${r.field}:${r.relationshipName}`);
        expect(children).toEqual(
            expect.arrayContaining([
                'Task.WhoId:Tasks',
                'ContentDocumentLink.LinkedEntityId:ContentDocumentLinks',
                'Note.ParentId:Notes'
            ])
        );
    });

    it('describes Custom Metadata types as read-only through the data API, and Organization with its time zone', () => {
        const step = described.get('Reply_Sync_Step__mdt');
        expect(step).toMatchObject({
            createable: false,
            updateable: false,
            deletable: false,
            queryable: true,
            custom: true
        });
        expect(step?.fields.map((f) => f.name)).toEqual(
            expect.arrayContaining([
                'DeveloperName',
                'MasterLabel',
                'Label',
                'QualifiedApiName',
                'Step_Kind__c',
                'Field_Mappings__c'
            ])
        );
        expect(fieldOf('Reply_Sync_Step__mdt', 'Active__c')).toMatchObject({
            type: 'boolean',
            createable: false,
            updateable: false
        });
        expect(fieldOf('Organization', 'TimeZoneSidKey')).toMatchObject({ type: 'picklist', updateable: false });
        expect(values('User', 'TimeZoneSidKey')).toContain('America/Los_Angeles');
    });
});
