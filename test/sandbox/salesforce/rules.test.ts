import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox } from './index.ts';
import type { SalesforceSandbox } from './index.ts';
import { dateInZone } from './time.ts';
import { api, connect, firstError, leadFields } from './test-helpers.ts';

type Row = Record<string, unknown>;
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

describe("Salesforce's save rules", () => {
    let sandbox: SalesforceSandbox;
    let reps: string[];
    let inactive: string;

    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: { accounts: 0, contacts: 0, leads: 0 } });
    });
    beforeEach(() => {
        const seeded = sandbox.reset({ accounts: 0, contacts: 0, leads: 0 });
        reps = seeded?.users.reps ?? [];
        inactive = seeded?.users.inactive ?? '';
    });
    afterAll(() => sandbox.close());

    describe('lead conversion', () => {
        it('converts through the control API: contact and account created, tasks, notes and links moved', async () => {
            const { org } = sandbox;
            const leadId = org.insert(
                'Lead',
                leadFields({ Email: 'ada@engines.example', Phone: '555-0100', OwnerId: reps[0] ?? null })
            );
            const taskId = org.insert('Task', { Subject: 'Intro call', WhoId: leadId, Reply_Activity_Id__c: 'conv-1' });
            const noteId = org.insert('ContentNote', { Title: 'Notes', Content: b64('<p>hi</p>') });
            const linkId = org.insert('ContentDocumentLink', { ContentDocumentId: noteId, LinkedEntityId: leadId });
            const response = await api(sandbox, 'POST', `/__sandbox/leads/${leadId}/convert`, {
                body: {},
                token: null
            });
            expect(response.status).toBe(200);
            const { contactId, accountId } = response.body as { contactId: string; accountId: string };
            expect(contactId).toMatch(/^003/);
            expect(accountId).toMatch(/^001/);
            expect(org.get(leadId)).toMatchObject({
                IsConverted: true,
                ConvertedContactId: contactId,
                ConvertedAccountId: accountId,
                ConvertedDate: dateInZone(Date.now(), org.settings.timeZone),
                Status: 'Closed - Converted'
            });
            expect(org.get(contactId)).toMatchObject({
                FirstName: 'Ada',
                LastName: 'Lovelace',
                Email: 'ada@engines.example',
                AccountId: accountId,
                OwnerId: reps[0]
            });
            expect(org.get(accountId)).toMatchObject({ Name: 'Analytical Engines', OwnerId: reps[0] });
            expect(org.get(taskId)).toMatchObject({ WhoId: contactId, WhatId: accountId, AccountId: accountId });
            expect(org.get(linkId)).toMatchObject({ LinkedEntityId: contactId, ContentDocumentId: noteId });
            const again = await api(sandbox, 'POST', `/__sandbox/leads/${leadId}/convert`, { body: {}, token: null });
            expect(again.status).toBe(400);
        });

        it('refuses updates of a converted lead and tasks, notes and links that reference it', async () => {
            const { org } = sandbox;
            const leadId = org.insert('Lead', leadFields());
            org.convertLead(leadId);
            const conn = connect(sandbox);
            const update = await api(sandbox, 'PATCH', `/sobjects/Lead/${leadId}`, { body: { Title: 'x' } });
            expect(update.status).toBe(400);
            expect(update.body).toEqual([
                { message: 'cannot reference converted lead', errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD', fields: [] }
            ]);
            const [task] = await conn.sobject('Task').create([{ Subject: 'x', WhoId: leadId }]);
            expect(task).toEqual({
                success: false,
                errors: [
                    {
                        statusCode: 'CANNOT_UPDATE_CONVERTED_LEAD',
                        message: 'cannot reference converted lead',
                        fields: []
                    }
                ]
            });
            const noteId = org.insert('ContentNote', { Title: 'n', Content: b64('x') });
            const link = await api(sandbox, 'POST', '/sobjects/ContentDocumentLink', {
                body: { ContentDocumentId: noteId, LinkedEntityId: leadId }
            });
            expect(firstError(link).errorCode).toBe('CANNOT_UPDATE_CONVERTED_LEAD');
            const [upsert] = await conn
                .sobject('Lead')
                .upsert([{ Reply_Contact_Id__c: 'conv-x', LastName: 'New', Company: 'C' }], 'Reply_Contact_Id__c');
            expect(upsert?.success).toBe(true);
            org.systemUpdate(leadId, { Reply_Contact_Id__c: 'conv-y' });
            const [blocked] = await conn
                .sobject('Lead')
                .upsert([{ Reply_Contact_Id__c: 'conv-y', Title: 'x' }], 'Reply_Contact_Id__c');
            expect(blocked?.errors[0]).toMatchObject({ statusCode: 'CANNOT_UPDATE_CONVERTED_LEAD' });
        });
    });

    describe('tasks', () => {
        it('derives IsClosed, CompletedDateTime, IsHighPriority and AccountId', async () => {
            const { org } = sandbox;
            const accountId = org.insert('Account', { Name: 'Acme' });
            const contactId = org.insert('Contact', { LastName: 'C', AccountId: accountId });
            const conn = connect(sandbox);
            const { id } = await conn.sobject('Task').create({
                Subject: 'Call',
                WhoId: contactId,
                Status: 'Completed',
                Priority: 'High',
                TaskSubtype: 'Call'
            });
            expect(org.get(id as string)).toMatchObject({
                IsClosed: true,
                IsHighPriority: true,
                AccountId: accountId,
                TaskSubtype: 'Call',
                OwnerId: org.integrationUserId
            });
            expect(org.get(id as string)?.CompletedDateTime).toEqual(expect.any(String));
            const open = await conn.sobject('Task').create({ Subject: 'Later', WhoId: contactId });
            expect(org.get(open.id as string)).toMatchObject({
                Status: 'Not Started',
                Priority: 'Normal',
                IsClosed: false,
                CompletedDateTime: null,
                TaskSubtype: 'Task'
            });
        });

        it('refuses a WhatId on a task whose WhoId is a lead (FIELD_INTEGRITY_EXCEPTION), and wrong-type ids', async () => {
            const { org } = sandbox;
            const leadId = org.insert('Lead', leadFields());
            const accountId = org.insert('Account', { Name: 'Acme' });
            const response = await api(sandbox, 'POST', '/sobjects/Task', {
                body: { Subject: 'x', WhoId: leadId, WhatId: accountId }
            });
            expect(response.status).toBe(400);
            expect(firstError(response)).toMatchObject({ errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['WhatId'] });
            const wrongType = await api(sandbox, 'POST', '/sobjects/Task', {
                body: { Subject: 'x', WhoId: accountId }
            });
            expect(firstError(wrongType)).toEqual({
                errorCode: 'FIELD_INTEGRITY_EXCEPTION',
                message: `Name ID: id value of incorrect type: ${accountId}`,
                fields: ['WhoId']
            });
            const missing = await api(sandbox, 'POST', '/sobjects/Task', {
                body: { Subject: 'x', WhoId: '00Q5g000000ZZZZEAA' }
            });
            expect(firstError(missing).errorCode).toBe('INVALID_CROSS_REFERENCE_KEY');
            const picklists = await api(sandbox, 'POST', '/sobjects/Task', {
                body: { Subject: 'x', CallType: 'Sideways' }
            });
            expect(firstError(picklists).errorCode).toBe('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
        });

        it('refuses an inactive owner and deletes a lead together with its tasks', async () => {
            const { org } = sandbox;
            const response = await api(sandbox, 'POST', '/sobjects/Lead', { body: leadFields({ OwnerId: inactive }) });
            expect(firstError(response).errorCode).toBe('INACTIVE_OWNER_OR_USER');
            const leadId = org.insert('Lead', leadFields());
            const taskId = org.insert('Task', { Subject: 'x', WhoId: leadId });
            expect((await api(sandbox, 'DELETE', `/sobjects/Lead/${leadId}`)).status).toBe(204);
            expect(org.get(taskId)?.IsDeleted).toBe(true);
        });
    });

    describe('duplicate rule on email', () => {
        it('blocks a duplicate lead with a Block rule, even with allowSave', async () => {
            const { org } = sandbox;
            const existing = org.insert('Lead', leadFields({ Email: 'dup@example.com' }));
            await api(sandbox, 'PUT', '/__sandbox/duplicate-rules', { body: { Lead: 'block' }, token: null });
            const blocked = await api(sandbox, 'POST', '/sobjects/Lead', {
                body: leadFields({ Email: 'DUP@example.com' }),
                headers: { 'Sforce-Duplicate-Rule-Header': 'allowSave=true' }
            });
            expect(blocked.status).toBe(400);
            const error = firstError(blocked) as unknown as Row;
            expect(error).toMatchObject({
                errorCode: 'DUPLICATES_DETECTED',
                message: 'Use one of these records?',
                fields: []
            });
            expect(JSON.stringify(error.duplicateResult)).toContain(existing);
            expect(org.count('Lead')).toBe(1);
        });

        it('lets an Alert rule through only with Sforce-Duplicate-Rule-Header allowSave=true', async () => {
            const { org } = sandbox;
            org.insert('Contact', { LastName: 'A', Email: 'alert@example.com' });
            org.setDuplicateRule('Contact', 'alert');
            const conn = connect(sandbox);
            const [refused] = await conn.sobject('Contact').create([{ LastName: 'B', Email: 'alert@example.com' }]);
            expect(refused).toMatchObject({
                success: false,
                errors: [{ statusCode: 'DUPLICATES_DETECTED', message: 'Use one of these records?', fields: [] }]
            });
            const allowed = await conn.sobject('Contact').create([{ LastName: 'B', Email: 'alert@example.com' }], {
                headers: {
                    'Sforce-Duplicate-Rule-Header': 'allowSave=true; includeRecordDetails=true; runAsCurrentUser=true'
                }
            });
            expect(allowed[0]?.success).toBe(true);
            org.setDuplicateRule('Contact', 'off');
            expect(
                (await conn.sobject('Contact').create([{ LastName: 'C', Email: 'alert@example.com' }]))[0]?.success
            ).toBe(true);
        });
    });

    describe('Sforce-Auto-Assign', () => {
        it('assigns new leads by the active rule unless the header is FALSE', async () => {
            const rule = await api(sandbox, 'PUT', '/__sandbox/assignment-rule', {
                body: { ownerId: reps[1] },
                token: null
            });
            expect(rule.status).toBe(200);
            const assigned = await api(sandbox, 'POST', '/sobjects/Lead', {
                body: leadFields({ OwnerId: reps[2] ?? null })
            });
            expect(sandbox.org.get((assigned.body as { id: string }).id)?.OwnerId).toBe(reps[1]);
            const kept = await api(sandbox, 'POST', '/sobjects/Lead', {
                body: leadFields({ OwnerId: reps[2] ?? null }),
                headers: { 'Sforce-Auto-Assign': 'FALSE' }
            });
            expect(sandbox.org.get((kept.body as { id: string }).id)?.OwnerId).toBe(reps[2]);
            const contact = await api(sandbox, 'POST', '/sobjects/Contact', {
                body: { LastName: 'C', OwnerId: reps[2] }
            });
            expect(sandbox.org.get((contact.body as { id: string }).id)?.OwnerId).toBe(reps[2]);
            await api(sandbox, 'DELETE', '/__sandbox/assignment-rule', { token: null });
            const unassigned = await api(sandbox, 'POST', '/sobjects/Lead', {
                body: leadFields({ OwnerId: reps[2] ?? null })
            });
            expect(sandbox.org.get((unassigned.body as { id: string }).id)?.OwnerId).toBe(reps[2]);
        });

        it('runs the active rule on REST updates of leads too unless the header is FALSE; direct saves never', async () => {
            const created = await api(sandbox, 'POST', '/sobjects/Lead', {
                body: leadFields({ OwnerId: reps[2] ?? null })
            });
            const id = (created.body as { id: string }).id;
            await api(sandbox, 'PUT', '/__sandbox/assignment-rule', { body: { ownerId: reps[1] }, token: null });
            const kept = await api(sandbox, 'PATCH', `/sobjects/Lead/${id}`, {
                body: { Title: 'Kept' },
                headers: { 'Sforce-Auto-Assign': 'false' }
            });
            expect(kept.status).toBe(204);
            expect(sandbox.org.get(id)?.OwnerId).toBe(reps[2]);
            sandbox.org.update('Lead', id, { Title: 'Edited in the UI' });
            expect(sandbox.org.get(id)?.OwnerId).toBe(reps[2]);
            const collection = await api(sandbox, 'PATCH', '/composite/sobjects', {
                body: { allOrNone: false, records: [{ attributes: { type: 'Lead' }, id, Title: 'Reassigned' }] }
            });
            expect(collection.status).toBe(200);
            expect(sandbox.org.get(id)?.OwnerId).toBe(reps[1]);
            await api(sandbox, 'DELETE', '/__sandbox/assignment-rule', { token: null });
        });
    });

    describe('ContentNote content', () => {
        const save = (content: string, title = 'Note') =>
            api(sandbox, 'POST', '/sobjects/ContentNote', { body: { Title: title, Content: b64(content) } });

        it.each([
            ['plain escaped text', 'Tom &amp; Jerry &lt;3 &quot;cheese&quot; &#39;n&#39; crackers'],
            [
                'allowed tags',
                '<p>Hello <b>bold</b> <i>it</i></p><ul><li>one</li></ul><br><a href="https://reply.io">link</a>'
            ],
            ['bare UTF-8', '<p>Café – naïve 日本</p>'],
            ['raw newlines (dropped)', 'line one\nline two']
        ])('accepts %s', async (_name, content) => {
            const response = await save(content);
            expect(response.status).toBe(201);
        });

        it.each([
            ['an unescaped ampersand', 'Tom & Jerry'],
            ['an unescaped apostrophe', "it's"],
            ['an unescaped quote', 'say "hi"'],
            ['a bare greater-than', '3 > 2'],
            ['&apos;', 'it&apos;s'],
            ['&nbsp;', 'a&nbsp;b'],
            ['a numeric entity for a non-ASCII character', 'caf&#233;'],
            ['a script tag', '<script>alert(1)</script>'],
            ['a tag with attributes', '<p style="color:red">x</p>'],
            ['a stray less-than', 'a < b']
        ])('refuses %s with FIELD_INTEGRITY_EXCEPTION', async (_name, content) => {
            const response = await save(content);
            expect(response.status).toBe(400);
            expect(response.body).toEqual([
                {
                    message:
                        "Note can't be saved because it contains HTML tags or unescaped characters that are not allowed in a Note.",
                    errorCode: 'FIELD_INTEGRITY_EXCEPTION',
                    fields: ['Content']
                }
            ]);
        });

        it('refuses invalid UTF-8, non-base64 content and a blank title', async () => {
            const latin1 = await api(sandbox, 'POST', '/sobjects/ContentNote', {
                body: { Title: 't', Content: Buffer.from([0x63, 0x61, 0x66, 0xe9]).toString('base64') }
            });
            expect(firstError(latin1).errorCode).toBe('FIELD_INTEGRITY_EXCEPTION');
            const notBase64 = await api(sandbox, 'POST', '/sobjects/ContentNote', {
                body: { Title: 't', Content: 'not base64!' }
            });
            expect(firstError(notBase64).errorCode).toBe('JSON_PARSER_ERROR');
            const blank = await save('x', '   ');
            expect(blank.body).toEqual([
                {
                    message: 'Required fields are missing: [Title]',
                    errorCode: 'REQUIRED_FIELD_MISSING',
                    fields: ['Title']
                }
            ]);
        });

        it('keeps the body, fills TextPreview and serves the content blob', async () => {
            const response = await save('<p>First &amp; second</p>');
            const id = (response.body as { id: string }).id;
            const record = await api(sandbox, 'GET', `/sobjects/ContentNote/${id}`);
            expect(record.body).toMatchObject({
                Title: 'Note',
                TextPreview: 'First & second',
                FileType: 'SNOTE',
                Content: `/services/data/v62.0/sobjects/ContentNote/${id}/Content`
            });
            const blob = await api(sandbox, 'GET', `/sobjects/ContentNote/${id}/Content`);
            expect(blob.text).toBe('<p>First &amp; second</p>');
            const doc = await api(sandbox, 'GET', `/sobjects/ContentDocument/${id}`);
            expect(doc.body).toMatchObject({
                attributes: { type: 'ContentDocument' },
                Title: 'Note',
                FileType: 'SNOTE'
            });
        });

        it('refuses a second link between the same note and record, and cascades note deletion to links', async () => {
            const { org } = sandbox;
            const leadId = org.insert('Lead', leadFields());
            const noteId = org.insert('ContentNote', { Title: 'n', Content: b64('x') });
            const first = await api(sandbox, 'POST', '/sobjects/ContentDocumentLink', {
                body: { ContentDocumentId: noteId, LinkedEntityId: leadId }
            });
            expect(first.status).toBe(201);
            const second = await api(sandbox, 'POST', '/sobjects/ContentDocumentLink', {
                body: { ContentDocumentId: noteId, LinkedEntityId: leadId }
            });
            expect(firstError(second)).toMatchObject({
                errorCode: 'DUPLICATE_VALUE',
                message: `Document with ID: ${noteId} is already linked with the entity with ID: ${leadId}`
            });
            const linked = await api(
                sandbox,
                'GET',
                `/query?q=${encodeURIComponent(`SELECT ContentDocument.Title FROM ContentDocumentLink WHERE LinkedEntityId = '${leadId}'`)}`
            );
            expect((linked.body as { records: unknown[] }).records[0]).toMatchObject({
                ContentDocument: {
                    attributes: {
                        type: 'ContentDocument',
                        url: `/services/data/v62.0/sobjects/ContentDocument/${noteId}`
                    },
                    Title: 'n'
                }
            });
            expect((await api(sandbox, 'DELETE', `/sobjects/ContentDocument/${noteId}`)).status).toBe(204);
            expect(org.get((first.body as { id: string }).id)?.IsDeleted).toBe(true);
        });
    });
});
