import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksum, isIdShaped, normalizeId, to18 } from './ids.ts';
import { startSalesforceSandbox } from './index.ts';
import type { SalesforceSandbox } from './index.ts';
import { connect, leadFields } from './test-helpers.ts';

describe('record ids', () => {
    it('computes the 3-character checksum from the case of each 5-character chunk', () => {
        // All lower case / digits: no bits set in any chunk -> AAA.
        expect(checksum('001000000000000')).toBe('AAA');
        // 'A' at position 0 of chunk 1 sets bit 0 -> B; 'Z' at position 4 of chunk 3 sets bit 4 -> Q.
        expect(checksum('A00000000000000')).toBe('BAA');
        expect(checksum('00000000000000Z')).toBe('AAQ');
        expect(checksum('AAAAAAAAAAAAAAA')).toBe('555');
        expect(to18('0035g0000000001')).toBe('0035g0000000001AAA');
    });

    it('normalizes 15- and 18-character ids and repairs the case of an 18-character one', () => {
        const id18 = to18('00Q5g00000AbCdE');
        expect(normalizeId('00Q5g00000AbCdE')).toBe(id18);
        expect(normalizeId(id18)).toBe(id18);
        expect(normalizeId(id18.toLowerCase())).toBe(id18);
        expect(normalizeId('00Q5g00000AbCdEXYZ')).toBeUndefined();
        expect(normalizeId('not-an-id')).toBeUndefined();
        expect(isIdShaped('00Q5g00000AbCdE')).toBe(true);
        expect(isIdShaped('abc')).toBe(false);
    });
});

describe('ids handed out by the org', () => {
    let sandbox: SalesforceSandbox;
    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: { leads: 3, contacts: 3, accounts: 2 } });
    });
    afterAll(() => sandbox.close());

    it('are 18 characters with the right key prefix and a valid checksum', async () => {
        const conn = connect(sandbox);
        const expected: Record<string, string> = {
            Lead: '00Q',
            Contact: '003',
            Account: '001',
            Task: '00T',
            User: '005',
            Organization: '00D',
            ContentNote: '069',
            ContentDocumentLink: '06A',
            Reply_Sync_Log__c: 'a0',
            Reply_Sync_Step__mdt: 'm0'
        };
        const lead = await conn.sobject('Lead').create(leadFields());
        const task = await conn.sobject('Task').create({ Subject: 'Call', WhoId: lead.id });
        const note = await conn
            .sobject('ContentNote')
            .create({ Title: 'n', Content: Buffer.from('hi').toString('base64') });
        await conn.sobject('ContentDocumentLink').create({ ContentDocumentId: note.id, LinkedEntityId: lead.id });
        await conn.sobject('Reply_Sync_Log__c').create({ Run_Id__c: 'r1' });
        expect(task.success).toBe(true);
        for (const [object, prefix] of Object.entries(expected)) {
            const where = object === 'ContentDocumentLink' ? ` WHERE LinkedEntityId = '${lead.id}'` : '';
            const { records } = await conn.query<{ Id: string }>(`SELECT Id FROM ${object}${where} LIMIT 5`);
            expect(records.length, object).toBeGreaterThan(0);
            for (const { Id } of records) {
                expect(Id).toHaveLength(18);
                expect(Id.startsWith(prefix), `${object} ${Id}`).toBe(true);
                expect(Id.slice(15)).toBe(checksum(Id.slice(0, 15)));
            }
        }
    });

    it('accepts the 15-character form of an id in the URL and in SOQL', async () => {
        const conn = connect(sandbox);
        const { id } = await conn.sobject('Lead').create(leadFields({ LastName: 'Short' }));
        const short = (id as string).slice(0, 15);
        const fetched = await conn.sobject('Lead').retrieve(short);
        expect(fetched.Id).toBe(id);
        const { records } = await conn.query(`SELECT Id FROM Lead WHERE Id = '${short}'`);
        expect(records).toHaveLength(1);
    });
});
