/**
 * Placement and permission rules of the Metadata API that `sf project convert source` does not know and a deploy
 * enforces, checked on force-app's source files:
 *
 * - Task and Event custom fields live on Activity: `objects/Activity/fields/X__c`. A `CustomField Task.X__c` is
 *   refused ("bad value for restricted picklist field: Task"), while field permissions name them `Task.X__c` /
 *   `Event.X__c` (never `Activity.X__c`). Sources: benedwards44/fieldcreator#2, mshanemc/shane-sfdx-plugins#108,
 *   dxatscale/sfpowerkit#446 and #517.
 * - Custom metadata types are granted with `customMetadataTypeAccesses`, not `objectPermissions`. Source: Metadata API
 *   Developer Guide, PermissionSet (customMetadataTypeAccesses); apex-recipes' permission sets.
 * - Required fields (required=true, and master-detail fields, which are always required) cannot carry field
 *   permissions: everyone with access to the object has them, and a deploy refuses "You cannot deploy to a required
 *   field". Sources: Gearset, "Resolving validation errors: You cannot deploy to a required field"; Zuora CPQ's
 *   field-level security notes; forcedotcom's permission-set authoring guide (afv-library).
 * - A field permission must name a field that exists: for custom fields, one force-app defines.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';

const ACTIVITY_CHILDREN = new Set(['Task', 'Event']);
const parser = new XMLParser({
    parseTagValue: false,
    isArray: (name) => ['objectPermissions', 'fieldPermissions', 'customMetadataTypeAccesses'].includes(name)
});

interface FieldFacts {
    required: boolean;
    file: string;
}

type Xml = Record<string, unknown>;

/** force-app's custom fields as `Object.Field__c`, with whether each is required. */
async function customFields(objectsDir: string, relative: (file: string) => string): Promise<Map<string, FieldFacts>> {
    const fields = new Map<string, FieldFacts>();
    if (!existsSync(objectsDir)) return fields;
    for (const object of await readdir(objectsDir)) {
        const dir = join(objectsDir, object, 'fields');
        if (!existsSync(dir)) continue;
        for (const file of (await readdir(dir)).filter((name) => name.endsWith('.field-meta.xml'))) {
            const path = join(dir, file);
            const doc = ((parser.parse(await readFile(path, 'utf8')) as Xml).CustomField ?? {}) as Xml;
            const name = basename(file, '.field-meta.xml');
            fields.set(`${object}.${name}`.toLowerCase(), {
                required: doc.required === 'true' || doc.type === 'MasterDetail',
                file: relative(path)
            });
        }
    }
    return fields;
}

/** Findings of every placement and permission rule, as `file: message`. */
export async function checkMetadataRules(projectDir: string, relative: (file: string) => string): Promise<string[]> {
    const findings: string[] = [];
    const base = join(projectDir, 'force-app', 'main', 'default');
    const objectsDir = join(base, 'objects');
    const fields = await customFields(objectsDir, relative);

    for (const [key, facts] of fields) {
        const object = facts.file.split('/').at(-3) ?? '';
        if (ACTIVITY_CHILDREN.has(object)) {
            findings.push(
                `${facts.file}: custom fields of ${object} belong in objects/Activity/fields/ (the Metadata API keeps ` +
                    `Task and Event custom fields on Activity and refuses CustomField ${object}.${key.split('.')[1] ?? ''}); ` +
                    `keep its field permissions as ${object}.<field>`
            );
        }
    }

    const permissionSetsDir = join(base, 'permissionsets');
    const files = existsSync(permissionSetsDir)
        ? (await readdir(permissionSetsDir)).filter((f) => f.endsWith('.permissionset-meta.xml'))
        : [];
    for (const file of files.sort()) {
        const path = relative(join(permissionSetsDir, file));
        const doc = ((parser.parse(await readFile(join(permissionSetsDir, file), 'utf8')) as Xml).PermissionSet ??
            {}) as Xml;
        for (const permission of (doc.objectPermissions as Xml[] | undefined) ?? []) {
            const object = String(permission.object ?? '');
            if (object.endsWith('__mdt')) {
                findings.push(
                    `${path}: objectPermissions for the custom metadata type ${object}: grant it with ` +
                        `<customMetadataTypeAccesses><enabled>true</enabled><name>${object}</name></customMetadataTypeAccesses>`
                );
            }
        }
        for (const permission of (doc.fieldPermissions as Xml[] | undefined) ?? []) {
            const field = String(permission.field ?? '');
            const [object = '', name = ''] = field.split('.');
            if (object === 'Activity') {
                findings.push(
                    `${path}: field permission ${field}: Activity fields are granted per object, as Task.${name} ` +
                        `and/or Event.${name}`
                );
                continue;
            }
            if (!name.endsWith('__c')) continue;
            const facts = fields.get(`${ACTIVITY_CHILDREN.has(object) ? 'Activity' : object}.${name}`.toLowerCase());
            if (!facts) {
                findings.push(`${path}: field permission ${field}: force-app defines no such field`);
            } else if (facts.required) {
                findings.push(
                    `${path}: field permission ${field}: ${facts.file} is a required field, which always has access; ` +
                        'a deploy refuses field permissions for it'
                );
            }
        }
    }
    return findings;
}
