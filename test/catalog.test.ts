import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_PATH, loadCatalog, parseCatalog } from '../bridge/src/catalog/load.ts';
import { ConfigError } from '../bridge/src/errors.ts';
import { ACTIVITY_SOURCES } from '../bridge/src/sync/activities.ts';

const LABELS = [
    'Contacts in Salesforce -> People in Reply',
    'Leads in Salesforce -> People in Reply',
    'People in Reply -> Contacts in Salesforce',
    'People in Reply -> Leads in Salesforce',
    'People Statuses in Reply -> Lead Statuses in Salesforce',
    'Inbox Categories in Reply -> Lead Statuses in Salesforce',
    'Emails in Reply -> Lead Tasks in Salesforce',
    'Emails in Reply -> Contact Tasks in Salesforce',
    'Tasks in Reply -> Lead Tasks in Salesforce',
    'Tasks in Reply -> Contact Tasks in Salesforce',
    'Calls in Reply -> Lead Tasks in Salesforce',
    'Calls in Reply -> Contact Tasks in Salesforce',
    'People Notes in Reply -> Lead Notes in Salesforce',
    'People Notes in Reply -> Contact Notes in Salesforce',
    'LinkedIn activities in Reply -> Lead Tasks in Salesforce',
    'LinkedIn activities in Reply -> Contact Tasks in Salesforce'
];

const raw = () => JSON.parse(readFileSync(DEFAULT_CATALOG_PATH, 'utf8')) as { stepKinds: Record<string, unknown>[] };

describe('step catalog', () => {
    const catalog = loadCatalog();

    it('has exactly the sixteen kinds of Reply native integration, with the labels admins know, and a Lead and a Contact Task kind for each further activity source', () => {
        // A source beyond the native ones (a new Reply report with its mapper, sync/activities.ts) brings its own kinds.
        const nativeSources = new Set([
            'people',
            'personStatuses',
            'inboxCategories',
            'emails',
            'tasks',
            'calls',
            'linkedin',
            'notes'
        ]);
        const further = catalog.stepKinds.filter((kind) => !nativeSources.has(kind.replySource ?? 'people'));
        expect(catalog.stepKinds.filter((kind) => !further.includes(kind)).map((kind) => kind.label)).toEqual(LABELS);
        for (const kind of further) {
            expect(kind.family, kind.key).toBe('activity');
            expect(Object.keys(ACTIVITY_SOURCES), kind.key).toContain(kind.replySource);
        }
        const objects = (source: string) =>
            further.filter((kind) => kind.replySource === source).map((kind) => kind.salesforceObject);
        for (const source of new Set(further.map((kind) => kind.replySource!)))
            expect(objects(source).sort(), source).toEqual(['Contact', 'Lead']);
    });

    it('gives every label a "(from) - (to)" form built from its source and target', () => {
        for (const kind of catalog.stepKinds) {
            expect(kind.label).toBe(`${kind.source.label} -> ${kind.target.label}`);
        }
    });

    it('pairs the four people kinds as mirrors of each other and no other kind', () => {
        const mirrors = catalog.stepKinds.filter((kind) => kind.mirrorKind).map((kind) => [kind.key, kind.mirrorKind]);
        expect(mirrors).toEqual([
            ['Contacts_To_People', 'People_To_Contacts'],
            ['Leads_To_People', 'People_To_Leads'],
            ['People_To_Contacts', 'Contacts_To_People'],
            ['People_To_Leads', 'Leads_To_People']
        ]);
    });

    it('requires First Name, Last Name and Email for Contacts, plus Company -> Account for Leads', () => {
        const required = (key: string) =>
            catalog.stepKinds
                .find((kind) => kind.key === key)
                ?.requiredMappings.map((m) => `${m.salesforceField}->${m.replyField}`);
        const contact = ['FirstName->firstName', 'LastName->lastName', 'Email->email'];
        expect(required('Contacts_To_People')).toEqual(contact);
        expect(required('People_To_Contacts')).toEqual(contact);
        expect(required('Leads_To_People')).toEqual([...contact, 'Company->company']);
        expect(required('People_To_Leads')).toEqual([...contact, 'Company->company']);
        expect(catalog.replyFields.find((field) => field.name === 'company')?.label).toBe('Account');
    });

    it('offers the six default filters and a 120-minute interval', () => {
        expect(catalog.defaultFilters.map((filter) => filter.label)).toEqual([
            'Opened',
            'Replied',
            'Bounced',
            'Opted out',
            'To call',
            'Clicked'
        ]);
        expect(catalog.defaults.syncIntervalMinutes).toBe(120);
    });

    it('presets status mappings for both status kinds, and People to sequence only on steps that write Reply', () => {
        for (const kind of catalog.stepKinds) {
            expect(Boolean(kind.defaultValueMappings?.length)).toBe(kind.family === 'status');
            expect(kind.settings.includes('sequenceMappings')).toBe(kind.target.system === 'reply');
        }
    });

    it('names the entry and the field when an entry is wrong', () => {
        const broken = raw();
        delete broken.stepKinds[4]!.family;
        expect(() => parseCatalog(broken, 'catalog.json')).toThrow(
            /catalog\.json: stepKinds\[4\]\.family \(Statuses_To_Lead_Statuses\):/
        );
    });

    it('rejects a mirror that does not point back, naming both kinds', () => {
        const broken = raw();
        broken.stepKinds[0]!.mirrorKind = 'People_To_Leads';
        let error: unknown;
        try {
            parseCatalog(broken, 'catalog.json');
        } catch (caught) {
            error = caught;
        }
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).code).toBe('CATALOG_INVALID');
        expect((error as Error).message).toContain(
            'stepKinds (Contacts_To_People): its mirror "People_To_Leads" does not point back'
        );
    });

    it('rejects duplicate keys and mappings to Reply fields that do not exist', () => {
        const broken = raw();
        broken.stepKinds[1]!.key = 'Contacts_To_People';
        (broken.stepKinds[2]!.defaultMappings as { replyField: string }[])[0]!.replyField = 'nickName';
        expect(() => parseCatalog(broken)).toThrow(/Contacts_To_People\): duplicate key/);
        expect(() => parseCatalog(broken)).toThrow(/mapping to unknown Reply field "nickName"/);
    });

    it('says which file could not be read', () => {
        expect(() => loadCatalog('/nonexistent/catalog.json')).toThrow(
            /\/nonexistent\/catalog\.json: cannot read the step catalog/
        );
    });
});
