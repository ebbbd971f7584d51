import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../bridge/src/catalog/load.ts';
import { SETTINGS_FIELDS } from '../bridge/src/sync/step-settings.ts';
import { diffGeneratedMetadata, renderGeneratedMetadata } from '../scripts/generate-metadata.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const catalog = loadCatalog();

interface CmdtRecord {
    CustomMetadata: { label: string; values: { field: string; value: unknown }[] };
}
const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => name === 'values' });

function valuesOf(xml: string): Record<string, unknown> {
    const record = parser.parse(xml) as CmdtRecord;
    return Object.fromEntries(
        record.CustomMetadata.values.map(({ field, value }) => {
            const v = value as { '#text'?: string; '@_xsi:nil'?: string };
            return [field, v['@_xsi:nil'] === 'true' ? null : (v['#text'] ?? null)];
        })
    );
}

describe('generated metadata', () => {
    it('matches what is committed in force-app (run `npm run generate:metadata` after editing the catalog)', async () => {
        expect(await diffGeneratedMetadata(ROOT, catalog)).toEqual([]);
    });

    it('writes one active Default step per kind, in catalog order, with settings valid under their schemas', async () => {
        const files = await renderGeneratedMetadata(catalog);
        const steps = [...files.entries()].filter(([path]) => path.includes('/Reply_Sync_Step.Default_'));
        expect(steps).toHaveLength(catalog.stepKinds.length);
        const orders: number[] = [];
        for (const [path, xml] of steps) {
            const values = valuesOf(xml);
            const kind = catalog.stepKinds.find((k) => path.endsWith(`.Default_${k.key}.md-meta.xml`));
            expect(kind, path).toBeDefined();
            expect(values.Step_Kind__c).toBe(kind!.key);
            expect(values.Active__c).toBe('true');
            expect(values.Profile__c).toBe('Default');
            orders.push(Number(values.Sort_Order__c));
            for (const [field, schema] of Object.entries(SETTINGS_FIELDS)) {
                if (values[field] === null) continue;
                expect(() => schema.parse(JSON.parse(values[field] as string)), `${path} ${field}`).not.toThrow();
            }
        }
        expect(orders).toEqual([...orders].sort((a, b) => a - b));
        const leads = valuesOf(
            files.get('force-app/main/default/customMetadata/Reply_Sync_Step.Default_Leads_To_People.md-meta.xml')!
        );
        expect(JSON.parse(leads.Field_Mappings__c as string).mappings).toContainEqual({
            salesforceField: 'Company',
            replyField: 'company'
        });
        const statuses = valuesOf(
            files.get(
                'force-app/main/default/customMetadata/Reply_Sync_Step.Default_Statuses_To_Lead_Statuses.md-meta.xml'
            )!
        );
        expect(JSON.parse(statuses.Value_Mappings__c as string).mappings.length).toBeGreaterThan(0);
    });

    it('writes the Org_Default setting: enabled, Default profile, 120 minutes', async () => {
        const files = await renderGeneratedMetadata(catalog);
        const values = valuesOf(
            files.get('force-app/main/default/customMetadata/Reply_Sync_Setting.Org_Default.md-meta.xml')!
        );
        expect(values).toMatchObject({ Enabled__c: 'true', Profile__c: 'Default', Sync_Interval_Minutes__c: '120' });
    });

    it('reports committed files that differ from the catalog, and stale ones', async () => {
        const dir = await mkdtemp(join(tmpdir(), 'generated-'));
        try {
            await cp(join(ROOT, 'force-app'), join(dir, 'force-app'), { recursive: true });
            const path = 'force-app/main/default/customMetadata/Reply_Sync_Step.Default_Leads_To_People.md-meta.xml';
            const xml = await readFile(join(dir, path), 'utf8');
            await writeFile(join(dir, path), xml.replace('Leads to People', 'Leads to Persons'));
            const stale = 'force-app/main/default/customMetadata/Reply_Sync_Step.Default_Old_Kind.md-meta.xml';
            await writeFile(join(dir, stale), xml);
            expect(await diffGeneratedMetadata(dir, catalog)).toEqual([path, stale]);
        } finally {
            await rm(dir, { recursive: true, force: true });
        }
    });
});
