/**
 * `npm run generate:metadata`: writes the force-app files that are derived from config/catalog.json:
 * the Default profile's Reply_Sync_Step__mdt records, the Org_Default Reply_Sync_Setting__mdt record, and the
 * ReplySyncCatalog static resource the console reads (the catalog, plus the settings facts of the bridge's schemas). `--check` writes nothing and exits 1 when a committed file differs.
 */
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import { loadCatalog } from '../bridge/src/catalog/load.ts';
import type { Catalog, StepKind } from '../bridge/src/catalog/schema.ts';
import {
    CONDITION_OPERATORS,
    SECTION_FIELDS,
    SETTINGS_VERSION,
    VALUELESS_OPERATORS
} from '../bridge/src/sync/step-settings.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_DIR = 'force-app/main/default';
export const DEFAULT_STEP_PREFIX = 'Default_';

type Value = string | number | boolean | null;

function escapeXml(text: string): string {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function customMetadataXml(label: string, values: [string, Value][]): string {
    const rendered = values
        .map(([field, value]) => {
            const valueXml =
                value === null
                    ? '<value xsi:nil="true"/>'
                    : typeof value === 'boolean'
                      ? `<value xsi:type="xsd:boolean">${value}</value>`
                      : typeof value === 'number'
                        ? `<value xsi:type="xsd:double">${value}</value>`
                        : `<value xsi:type="xsd:string">${escapeXml(value)}</value>`;
            return `<values><field>${field}</field>${valueXml}</values>`;
        })
        .join('');
    return (
        '<?xml version="1.0" encoding="UTF-8"?>' +
        '<CustomMetadata xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">' +
        `<label>${escapeXml(label)}</label><protected>false</protected>${rendered}</CustomMetadata>`
    );
}

/** The settings JSON a Default-profile step starts with: presets for the sections its kind supports, null elsewhere. */
export function defaultSettings(kind: StepKind): Record<string, string | null> {
    const settings: Record<string, string | null> = {};
    for (const [section, field] of Object.entries(SECTION_FIELDS)) {
        if (!kind.settings.includes(section as keyof typeof SECTION_FIELDS)) {
            settings[field] = null;
            continue;
        }
        const value =
            section === 'fieldMappings'
                ? { version: SETTINGS_VERSION, mappings: kind.defaultMappings }
                : section === 'filters'
                  ? { version: SETTINGS_VERSION, filter: null }
                  : section === 'valueMappings'
                    ? { version: SETTINGS_VERSION, mappings: kind.defaultValueMappings ?? [] }
                    : { version: SETTINGS_VERSION, mappings: [] };
        settings[field] = JSON.stringify(value);
    }
    return settings;
}

/**
 * What the console and Apex need to know about the settings JSON, from the bridge's schemas (step-settings.ts): the
 * version to write and the condition operators to offer. Whether settings are valid is the bridge's to say.
 */
export function settingsFacts() {
    return {
        version: SETTINGS_VERSION,
        conditionOperators: [...CONDITION_OPERATORS],
        valuelessOperators: [...VALUELESS_OPERATORS]
    };
}

/** Relative path -> file content, for every generated file. Pure apart from formatting. */
export async function renderGeneratedMetadata(catalog: Catalog): Promise<Map<string, string>> {
    const files = new Map<string, string>();
    catalog.stepKinds.forEach((kind, index) => {
        const values: [string, Value][] = [
            ['Active__c', true],
            ['Profile__c', 'Default'],
            ['Removed__c', false],
            ['Sort_Order__c', (index + 1) * 10],
            ['Step_Kind__c', kind.key],
            ...Object.entries(defaultSettings(kind))
        ];
        values.sort(([a], [b]) => a.localeCompare(b));
        files.set(
            `${DEFAULT_DIR}/customMetadata/Reply_Sync_Step.${DEFAULT_STEP_PREFIX}${kind.key}.md-meta.xml`,
            customMetadataXml(kind.shortLabel, values)
        );
    });
    files.set(
        `${DEFAULT_DIR}/customMetadata/Reply_Sync_Setting.Org_Default.md-meta.xml`,
        customMetadataXml('Org Default', [
            ['Connected__c', false],
            ['Enabled__c', catalog.defaults.enabled],
            ['Profile__c', catalog.defaults.profile],
            ['Sync_Interval_Minutes__c', catalog.defaults.syncIntervalMinutes]
        ])
    );
    files.set(
        `${DEFAULT_DIR}/staticresources/ReplySyncCatalog.json`,
        JSON.stringify({ ...catalog, settings: settingsFacts() }, null, 2) + '\n'
    );
    files.set(
        `${DEFAULT_DIR}/staticresources/ReplySyncCatalog.resource-meta.xml`,
        '<?xml version="1.0" encoding="UTF-8"?><StaticResource xmlns="http://soap.sforce.com/2006/04/metadata">' +
            '<cacheControl>Private</cacheControl><contentType>application/json</contentType>' +
            '<description>Generated from config/catalog.json: the step kinds the console offers. Do not edit.</description>' +
            '</StaticResource>'
    );
    for (const [path, content] of files) {
        if (!path.endsWith('.xml')) continue;
        const options = (await prettier.resolveConfig(join(ROOT, path))) ?? {};
        files.set(path, await prettier.format(content, { ...options, filepath: path }));
    }
    return files;
}

/** Generated files present on disk that the catalog no longer produces (a removed kind). */
async function staleFiles(projectDir: string, expected: Map<string, string>): Promise<string[]> {
    const dir = join(projectDir, DEFAULT_DIR, 'customMetadata');
    const names = await readdir(dir).catch(() => [] as string[]);
    return names
        .filter((name) => name.startsWith(`Reply_Sync_Step.${DEFAULT_STEP_PREFIX}`))
        .map((name) => `${DEFAULT_DIR}/customMetadata/${name}`)
        .filter((path) => !expected.has(path));
}

/** Paths whose committed content differs from the generator's output (missing, changed or stale). */
export async function diffGeneratedMetadata(projectDir: string, catalog: Catalog): Promise<string[]> {
    const expected = await renderGeneratedMetadata(catalog);
    const differing: string[] = [];
    for (const [path, content] of expected) {
        const actual = await readFile(join(projectDir, path), 'utf8').catch(() => undefined);
        if (actual !== content) differing.push(path);
    }
    return [...differing, ...(await staleFiles(projectDir, expected))];
}

async function main(): Promise<void> {
    const check = process.argv.includes('--check');
    const catalog = loadCatalog();
    if (check) {
        const differing = await diffGeneratedMetadata(ROOT, catalog);
        for (const path of differing) console.log(`out of date: ${path}`);
        if (differing.length > 0) {
            console.log('Run `npm run generate:metadata` and commit the result.');
            process.exit(1);
        }
        console.log('generated metadata matches config/catalog.json');
        return;
    }
    const files = await renderGeneratedMetadata(catalog);
    for (const path of await staleFiles(ROOT, files)) await rm(join(ROOT, path));
    for (const [path, content] of files) {
        await mkdir(dirname(join(ROOT, path)), { recursive: true });
        await writeFile(join(ROOT, path), content);
    }
    console.log(`wrote ${files.size} files from config/catalog.json`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
