import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';

/** What one of force-app's permission sets grants that Salesforce checks before Apex runs or inside it. */
export interface PermissionSetGrants {
    customPermissions: Set<string>;
    apexClasses: Set<string>;
}

type Xml = Record<string, unknown>;
const list = (value: unknown): Xml[] => (value === undefined ? [] : ([] as Xml[]).concat(value as Xml | Xml[]));
const enabled = (entry: Xml) => String(entry.enabled) === 'true';

/** force-app's permission sets by name: their custom permissions and Apex class access. */
export function loadPermissionSets(projectDir: string): Map<string, PermissionSetGrants> {
    const dir = join(projectDir, 'force-app', 'main', 'default', 'permissionsets');
    const parser = new XMLParser({ parseTagValue: false });
    const sets = new Map<string, PermissionSetGrants>();
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.permissionset-meta.xml'))) {
        const doc = (parser.parse(readFileSync(join(dir, file), 'utf8')) as Xml).PermissionSet as Xml;
        sets.set(file.replace('.permissionset-meta.xml', ''), {
            customPermissions: new Set(
                list(doc.customPermissions)
                    .filter(enabled)
                    .map((entry) => String(entry.name))
            ),
            apexClasses: new Set(
                list(doc.classAccesses)
                    .filter(enabled)
                    .map((entry) => String(entry.apexClass))
            )
        });
    }
    return sets;
}
