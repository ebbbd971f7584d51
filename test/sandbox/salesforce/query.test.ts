import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforceSandbox } from './index.ts';
import type { SalesforceSandbox } from './index.ts';
import { dateInZone } from './time.ts';
import { api, connect, firstError, jsforceError, leadFields } from './test-helpers.ts';

type Row = Record<string, unknown>;

describe('SOQL queries', () => {
    let sandbox: SalesforceSandbox;
    const q = async (soql: string): Promise<Row[]> => (await connect(sandbox).query<Row>(soql)).records as Row[];
    const ids = (rows: Row[]): string[] => rows.map((r) => r.Id as string);

    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: { seed: 7, leads: 1200, contacts: 20, accounts: 5 } });
        const { org } = sandbox;
        org.insert(
            'Lead',
            leadFields({
                LastName: 'Alpha',
                Company: 'Zeta Corp',
                Email: 'alpha@zeta.example',
                NumberOfEmployees: 10,
                Rating: 'Hot'
            })
        );
        org.insert(
            'Lead',
            leadFields({ LastName: 'beta', Company: 'Zeta Corp', Email: 'BETA@zeta.example', NumberOfEmployees: 20 })
        );
        org.insert(
            'Lead',
            leadFields({ LastName: 'Gamma', Company: 'Zeta Corp', NumberOfEmployees: 30, Rating: 'Cold' })
        );
        org.insert('Lead', leadFields({ LastName: "O'Brien", Company: 'Zeta Corp', NumberOfEmployees: 40 }));
    });
    afterAll(() => sandbox.close());

    it('selects fields in order, with attributes, and parent fields as nested objects', async () => {
        const [row] = await q(
            "SELECT Name, Id, Owner.Name, Owner.IsActive, CreatedBy.Username FROM Lead WHERE LastName = 'Alpha'"
        );
        expect(Object.keys(row as Row)).toEqual(['attributes', 'Name', 'Id', 'Owner', 'CreatedBy']);
        expect((row as Row).attributes).toEqual({
            type: 'Lead',
            url: `/services/data/v62.0/sobjects/Lead/${(row as Row).Id}`
        });
        const owner = (row as Row).Owner as Row;
        expect(owner.attributes).toMatchObject({ type: 'Name' });
        expect(owner).toMatchObject({ Name: 'Reply Sync Integration', IsActive: true });
        expect((row as Row).CreatedBy).toMatchObject({
            attributes: { type: 'User' },
            Username: 'integration@reply-sync.sandbox'
        });
    });

    it('reads polymorphic Who fields and answers null for a missing parent', async () => {
        const { org } = sandbox;
        const leadId = org.query("SELECT Id FROM Lead WHERE LastName = 'Alpha'")[0]?.Id as string;
        org.insert('Task', { Subject: 'Call Alpha', WhoId: leadId, Reply_Activity_Id__c: 'q-1' });
        org.insert('Task', { Subject: 'Orphan', Reply_Activity_Id__c: 'q-2' });
        const rows = await q(
            "SELECT Subject, Who.Email, Who.Type, Who.Name FROM Task WHERE Reply_Activity_Id__c IN ('q-1', 'q-2') ORDER BY Subject"
        );
        expect(rows[0]).toMatchObject({
            Subject: 'Call Alpha',
            Who: { Email: 'alpha@zeta.example', Type: 'Lead', Name: 'Ada Alpha' }
        });
        expect(rows[1]).toMatchObject({ Subject: 'Orphan', Who: null });
    });

    it('filters with AND, OR, NOT and parentheses, case-insensitively for text', async () => {
        const names = async (where: string): Promise<string[]> =>
            (await q(`SELECT LastName FROM Lead WHERE Company = 'zeta corp' AND (${where}) ORDER BY LastName`)).map(
                (r) => r.LastName as string
            );
        expect(await names("LastName = 'ALPHA' OR LastName = 'gamma'")).toEqual(['Alpha', 'Gamma']);
        expect(await names("NOT LastName = 'Alpha'")).toEqual(['beta', 'Gamma', "O'Brien"]);
        expect(await names("LastName = 'O\\'Brien'")).toEqual(["O'Brien"]);
        expect(await names('NumberOfEmployees >= 20 AND NumberOfEmployees < 40')).toEqual(['beta', 'Gamma']);
        expect(await names('NumberOfEmployees > 10 AND NumberOfEmployees <= 20')).toEqual(['beta']);
        expect(await names('Email != null')).toEqual(['Alpha', 'beta']);
        expect(await names('Email = null')).toEqual(['Gamma', "O'Brien"]);
        expect(await names("Rating != 'Hot'")).toEqual(['beta', 'Gamma', "O'Brien"]);
        expect(await names("Rating IN ('Hot', 'Cold')")).toEqual(['Alpha', 'Gamma']);
        expect(await names("Rating NOT IN ('Hot')")).toEqual(['beta', 'Gamma', "O'Brien"]);
        expect(await names("Email LIKE '%@ZETA.example'")).toEqual(['Alpha', 'beta']);
        expect(await names("LastName LIKE '_amma'")).toEqual(['Gamma']);
        expect(await names("(LastName = 'Alpha' OR LastName = 'beta') AND NumberOfEmployees > 10")).toEqual(['beta']);
    });

    it('refuses AND and OR mixed without parentheses, and NOT after an operator, as MALFORMED_QUERY', async () => {
        const mixed = await api(
            sandbox,
            'GET',
            `/query?q=${encodeURIComponent("SELECT Id FROM Lead WHERE LastName = 'a' AND Company = 'b' OR Email = 'c'")}`
        );
        expect(mixed.status).toBe(400);
        const error = firstError(mixed);
        expect(error.errorCode).toBe('MALFORMED_QUERY');
        expect(error.message).toMatch(/ERROR at Row:1:Column:\d+\nunexpected token: 'OR'$/);
        expect(error.message.startsWith('\nSELECT Id FROM Lead WHERE')).toBe(true);
        const not = await jsforceError(
            connect(sandbox).query("SELECT Id FROM Lead WHERE LastName = 'a' AND NOT Company = 'b'")
        );
        expect(not.errorCode).toBe('MALFORMED_QUERY');
        expect(not.message).toContain("unexpected token: 'NOT'");
        const syntax = await jsforceError(connect(sandbox).query('SELECT Id Name FROM Lead WHERE'));
        expect(syntax.errorCode).toBe('MALFORMED_QUERY');
    });

    it('names unknown fields, relationships and objects with INVALID_FIELD / INVALID_TYPE', async () => {
        const field = await jsforceError(connect(sandbox).query('SELECT Id, Foo__c FROM Lead'));
        expect(field.errorCode).toBe('INVALID_FIELD');
        expect(field.message).toContain(
            "No such column 'Foo__c' on entity 'Lead'. If you are attempting to use a custom field"
        );
        expect(field.message).toContain('ERROR at Row:1:Column:12');
        const rel = await jsforceError(connect(sandbox).query('SELECT Boss.Name FROM Lead'));
        expect(rel.errorCode).toBe('INVALID_FIELD');
        expect(rel.message).toContain("Didn't understand relationship 'Boss' in field path");
        const where = await jsforceError(connect(sandbox).query("SELECT Id FROM Lead WHERE Nope = 'x'"));
        expect(where.errorCode).toBe('INVALID_FIELD');
        const type = await jsforceError(connect(sandbox).query('SELECT Id FROM Prospect__c'));
        expect(type.errorCode).toBe('INVALID_TYPE');
        expect(type.message).toContain("sObject type 'Prospect__c' is not supported");
    });

    it('checks literal types against field types', async () => {
        const quoted = await jsforceError(
            connect(sandbox).query("SELECT Id FROM Lead WHERE CreatedDate > '2024-01-01'")
        );
        expect(quoted.errorCode).toBe('INVALID_FIELD');
        expect(quoted.message).toContain(
            "value of filter criterion for field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes"
        );
        const unquoted = await jsforceError(connect(sandbox).query('SELECT Id FROM Lead WHERE Email = 5'));
        expect(unquoted.message).toContain('must be of type string and should be enclosed in quotes');
        const badId = await jsforceError(connect(sandbox).query("SELECT Id FROM Lead WHERE Id = 'abc'"));
        expect(badId.errorCode).toBe('INVALID_QUERY_FILTER_OPERATOR');
        expect(badId.message).toContain('invalid ID field: abc');
    });

    it('understands datetime literals, date literals and date fields in the org time zone', async () => {
        const { org } = sandbox;
        const leadId = org.query("SELECT Id FROM Lead WHERE LastName = 'beta'")[0]?.Id as string;
        const today = dateInZone(Date.now(), org.settings.timeZone);
        org.insert('Task', { Subject: 'due today', ActivityDate: today, WhoId: leadId, Reply_Activity_Id__c: 'd-1' });
        org.insert('Task', {
            Subject: 'due 2020',
            ActivityDate: '2020-02-29',
            WhoId: leadId,
            Reply_Activity_Id__c: 'd-2'
        });
        const subjects = async (where: string): Promise<string[]> =>
            (
                await q(`SELECT Subject FROM Task WHERE Reply_Activity_Id__c LIKE 'd-%' AND ${where} ORDER BY Subject`)
            ).map((r) => r.Subject as string);
        expect(await subjects('ActivityDate = TODAY')).toEqual(['due today']);
        expect(await subjects('ActivityDate < LAST_N_DAYS:30')).toEqual(['due 2020']);
        expect(await subjects('ActivityDate = 2020-02-29')).toEqual(['due 2020']);
        expect(await subjects('ActivityDate IN (TODAY, 2020-02-29)')).toEqual(['due 2020', 'due today']);
        expect(await subjects('ActivityDate = THIS_YEAR')).toEqual(['due today']);
        expect(await subjects('CreatedDate = TODAY')).toEqual(['due 2020', 'due today']);
        expect(
            await subjects('CreatedDate > 2020-01-01T00:00:00Z AND CreatedDate < 2999-01-01T00:00:00.000+0000')
        ).toHaveLength(2);
        expect(await subjects('CreatedDate = YESTERDAY')).toEqual([]);
        const mismatch = await jsforceError(
            connect(sandbox).query('SELECT Id FROM Task WHERE ActivityDate = 2020-01-01T00:00:00Z')
        );
        expect(mismatch.message).toContain('must be of type date');
    });

    it('sorts on several fields with ASC/DESC and NULLS FIRST/LAST, then applies OFFSET and LIMIT', async () => {
        const order = async (orderBy: string): Promise<string[]> =>
            (await q(`SELECT LastName FROM Lead WHERE Company = 'Zeta Corp' ORDER BY ${orderBy}`)).map(
                (r) => r.LastName as string
            );
        expect(await order('Rating ASC NULLS FIRST, LastName DESC')).toEqual(["O'Brien", 'beta', 'Gamma', 'Alpha']);
        expect(await order('Rating ASC NULLS LAST, LastName')).toEqual(['Gamma', 'Alpha', 'beta', "O'Brien"]);
        expect(await order('Rating DESC, LastName')).toEqual(['Alpha', 'Gamma', 'beta', "O'Brien"]);
        expect(await order('NumberOfEmployees DESC LIMIT 2')).toEqual(["O'Brien", 'Gamma']);
        expect(await order('NumberOfEmployees LIMIT 2 OFFSET 1')).toEqual(['beta', 'Gamma']);
        const offset = await jsforceError(connect(sandbox).query('SELECT Id FROM Lead LIMIT 10 OFFSET 2001'));
        expect(offset.errorCode).toBe('NUMBER_OUTSIDE_VALID_RANGE');
    });

    it('counts with COUNT() and aggregates with COUNT(field), MIN and MAX', async () => {
        const count = await connect(sandbox).query("SELECT COUNT() FROM Lead WHERE Company = 'Zeta Corp'");
        expect(count).toMatchObject({ totalSize: 4, done: true, records: [] });
        const aggregate = await q(
            "SELECT COUNT(Id) total, COUNT(Email), MAX(NumberOfEmployees), MIN(LastName) FROM Lead WHERE Company = 'Zeta Corp'"
        );
        expect(aggregate[0]).toEqual({
            attributes: { type: 'AggregateResult' },
            total: 4,
            expr1: 2,
            expr2: 40,
            expr3: 'Alpha'
        });
        const mixed = await jsforceError(connect(sandbox).query('SELECT Id, COUNT(Id) FROM Lead'));
        expect(mixed.errorCode).toBe('MALFORMED_QUERY');
    });

    it('pages with nextRecordsUrl in batches of 2,000 by default and honours Sforce-Query-Options batchSize', async () => {
        const total = sandbox.org.count('Lead');
        const first = await api(sandbox, 'GET', `/query?q=${encodeURIComponent('SELECT Id FROM Lead')}`);
        expect(first.body).toMatchObject({ totalSize: total, done: true });
        const small = await api(sandbox, 'GET', `/query?q=${encodeURIComponent('SELECT Id FROM Lead ORDER BY Id')}`, {
            headers: { 'Sforce-Query-Options': 'batchSize=500' }
        });
        const page = small.body as { totalSize: number; done: boolean; nextRecordsUrl: string; records: Row[] };
        expect(page.done).toBe(false);
        expect(page.records).toHaveLength(500);
        expect(page.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g[a-zA-Z0-9]{15}-500$/);
        const seen = new Set(ids(page.records));
        let next: string | undefined = page.nextRecordsUrl;
        let batches = 1;
        while (next) {
            const more = (await api(sandbox, 'GET', next)).body as typeof page;
            expect(more.totalSize).toBe(total);
            ids(more.records).forEach((id) => seen.add(id));
            next = more.done ? undefined : more.nextRecordsUrl;
            batches++;
        }
        expect(batches).toBe(Math.ceil(total / 500));
        expect(seen.size).toBe(total);
        const tiny = await api(sandbox, 'GET', `/query?q=${encodeURIComponent('SELECT Id FROM Lead')}`, {
            headers: { 'Sforce-Query-Options': 'batchSize=10' }
        });
        expect((tiny.body as typeof page).records).toHaveLength(200);
    });

    it('follows nextRecordsUrl with jsforce autoFetch across several batches', async () => {
        const conn = connect(sandbox);
        const result = await conn.query('SELECT Id, LastName FROM Lead', {
            autoFetch: true,
            maxFetch: 100_000,
            headers: { 'Sforce-Query-Options': 'batchSize=300' }
        });
        expect(result.records).toHaveLength(sandbox.org.count('Lead'));
        expect(new Set(ids(result.records as Row[])).size).toBe(result.records.length);
        const bad = await api(sandbox, 'GET', '/query/01g5g0000000999AAA-200');
        expect(firstError(bad).errorCode).toBe('INVALID_QUERY_LOCATOR');
    });

    it('orders a SystemModstamp cursor strictly, with no two records sharing a stamp', async () => {
        const conn = connect(sandbox);
        await conn
            .sobject('Lead')
            .create(Array.from({ length: 50 }, (_, i) => leadFields({ LastName: `Batch${i}`, Company: 'Stamp Inc' })));
        const rows = (
            await conn.query<Row>(
                "SELECT Id, SystemModstamp FROM Lead WHERE Company = 'Stamp Inc' ORDER BY SystemModstamp, Id"
            )
        ).records as Row[];
        const stamps = rows.map((r) => Date.parse(String(r.SystemModstamp).replace('+0000', 'Z')));
        for (let i = 1; i < stamps.length; i++) expect(stamps[i] as number).toBeGreaterThan(stamps[i - 1] as number);
        const pivot = rows[24]?.SystemModstamp as string;
        const after = await conn.query<Row>(
            `SELECT Id FROM Lead WHERE Company = 'Stamp Inc' AND SystemModstamp > ${pivot} ORDER BY SystemModstamp, Id LIMIT 10`
        );
        expect(ids(after.records as Row[])).toEqual(ids(rows.slice(25, 35)));
        const inclusive = await conn.query<Row>(
            `SELECT Id FROM Lead WHERE SystemModstamp >= ${pivot} AND Company = 'Stamp Inc' ORDER BY SystemModstamp LIMIT 1`
        );
        expect(ids(inclusive.records as Row[])).toEqual([rows[24]?.Id]);
    });

    it('hides deleted rows from query and shows them to queryAll with IsDeleted', async () => {
        const conn = connect(sandbox);
        const { id } = await conn.sobject('Lead').create(leadFields({ LastName: 'Deleted', Company: 'Gone Ltd' }));
        await conn.sobject('Lead').destroy(id as string);
        expect((await conn.query("SELECT Id FROM Lead WHERE Company = 'Gone Ltd'")).totalSize).toBe(0);
        const all = await conn.query<Row>("SELECT Id, IsDeleted FROM Lead WHERE Company = 'Gone Ltd'", {
            scanAll: true
        });
        expect(all.records).toEqual([expect.objectContaining({ Id: id, IsDeleted: true })]);
    });

    it('supports semi-joins, sObject aliases and FIELDS()', async () => {
        const rows = await q(
            "SELECT Id, LastName FROM Lead WHERE Id IN (SELECT WhoId FROM Task WHERE Reply_Activity_Id__c = 'q-1')"
        );
        expect(rows.map((r) => r.LastName)).toEqual(['Alpha']);
        const aliased = await q("SELECT l.LastName, l.Owner.Name FROM Lead l WHERE l.LastName = 'Gamma'");
        expect(aliased[0]).toMatchObject({ LastName: 'Gamma', Owner: { Name: 'Reply Sync Integration' } });
        const all = await q("SELECT FIELDS(ALL) FROM Lead WHERE LastName = 'Gamma' LIMIT 1");
        expect(Object.keys(all[0] as Row)).toEqual(
            expect.arrayContaining(['Id', 'Status', 'Reply_Contact_Id__c', 'IsConverted'])
        );
        const unbounded = await jsforceError(connect(sandbox).query('SELECT FIELDS(ALL) FROM Lead'));
        expect(unbounded.errorCode).toBe('MALFORMED_QUERY');
    });

    it('requires ContentDocumentLink queries to filter on ContentDocumentId or LinkedEntityId', async () => {
        const error = await jsforceError(connect(sandbox).query('SELECT Id FROM ContentDocumentLink'));
        expect(error.errorCode).toBe('MALFORMED_QUERY');
        expect(error.message).toContain(
            'Implementation restriction: ContentDocumentLink requires a filter by a single Id on ContentDocumentId or LinkedEntityId'
        );
        const leadId = sandbox.org.query("SELECT Id FROM Lead WHERE LastName = 'Alpha'")[0]?.Id as string;
        const ok = await connect(sandbox).query(
            `SELECT Id, ContentDocument.Title FROM ContentDocumentLink WHERE LinkedEntityId = '${leadId}'`
        );
        expect(ok.totalSize).toBe(0);
    });

    it('reads Custom Metadata records with DeveloperName, MasterLabel, Label and QualifiedApiName', async () => {
        const rows = await q(
            "SELECT DeveloperName, MasterLabel, Label, QualifiedApiName, Step_Kind__c, Active__c, Sort_Order__c FROM Reply_Sync_Step__mdt WHERE DeveloperName = 'Default_Leads_To_People'"
        );
        expect(rows[0]).toMatchObject({
            DeveloperName: 'Default_Leads_To_People',
            MasterLabel: 'Leads to People',
            Label: 'Leads to People',
            QualifiedApiName: 'Default_Leads_To_People',
            Step_Kind__c: 'Leads_To_People',
            Active__c: true,
            Sort_Order__c: 20
        });
        const setting = await q(
            'SELECT DeveloperName, Sync_Interval_Minutes__c, Enabled__c FROM Reply_Sync_Setting__mdt'
        );
        expect(setting).toEqual([
            expect.objectContaining({ DeveloperName: 'Org_Default', Sync_Interval_Minutes__c: 120 })
        ]);
    });
});
