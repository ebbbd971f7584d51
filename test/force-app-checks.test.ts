import { cp, mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
    checkApexLint,
    checkApexParses,
    checkApexSemantics,
    checkLwcLint,
    checkMetadataConverts
} from '../scripts/force-app-checks.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLASS_META =
    '<?xml version="1.0" encoding="UTF-8"?>\n<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">\n' +
    '    <apiVersion>62.0</apiVersion>\n    <status>Active</status>\n</ApexClass>\n';

let project: string;

/** A copy of this project's Salesforce side in a temporary folder, to seed mistakes into. */
beforeEach(async () => {
    project = await mkdtemp(join(tmpdir(), 'force-app-checks-'));
    await cp(join(ROOT, 'force-app'), join(project, 'force-app'), { recursive: true });
    await cp(join(ROOT, 'sfdx-project.json'), join(project, 'sfdx-project.json'));
    await cp(join(ROOT, 'eslint.config.js'), join(project, 'eslint.config.js'));
    await cp(join(ROOT, 'package.json'), join(project, 'package.json'));
    await symlink(join(ROOT, 'node_modules'), join(project, 'node_modules'));
});

afterEach(async () => {
    await rm(project, { recursive: true, force: true });
});

async function addClass(name: string, body: string): Promise<void> {
    const dir = join(project, 'force-app/main/default/classes');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${name}.cls`), body);
    await writeFile(join(dir, `${name}.cls-meta.xml`), CLASS_META);
}

describe('offline force-app checks', () => {
    it('pass on the project as committed', async () => {
        for (const check of [checkMetadataConverts, checkApexParses, checkApexSemantics, checkApexLint, checkLwcLint]) {
            expect((await check(ROOT)).findings).toEqual([]);
        }
    });

    it('catch Apex that reads a field the data model does not have', async () => {
        await addClass(
            'SeededMistake',
            'public with sharing class SeededMistake {\n' +
                '    public static String statusOf(Lead record) {\n' +
                '        return record.Reply_Contact_Id__c + record.Reply_Contatc_Id__c;\n' +
                '    }\n}\n'
        );
        const { findings } = await checkApexSemantics(project);
        expect(findings).toEqual([
            expect.stringMatching(
                /SeededMistake\.cls:3: Missing: Unknown field 'Reply_Contatc_Id__c' on SObject 'Schema\.Lead'/
            )
        ]);
    });

    it('catch Apex that does not parse', async () => {
        await addClass('Unparsable', 'public with sharing class Unparsable {\n    void broken( {\n}\n');
        const { findings } = await checkApexParses(project);
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatch(/^force-app\/main\/default\/classes\/Unparsable\.cls: /);
    });

    it('catch a high-severity PMD violation (SOQL without a CRUD check)', async () => {
        await addClass(
            'Unsafe',
            'public with sharing class Unsafe {\n    public static List<Lead> all() {\n' +
                '        return [SELECT Id FROM Lead LIMIT 10];\n    }\n}\n'
        );
        const { findings } = await checkApexLint(project);
        expect(findings.some((finding) => /Unsafe\.cls:3: ApexCRUDViolation \(severity 2\)/.test(finding))).toBe(true);
    });

    it('catch a metadata file with a misspelt suffix, which a deploy would silently skip', async () => {
        const fields = join(project, 'force-app/main/default/objects/Lead/fields');
        await rename(join(fields, 'Reply_Status__c.field-meta.xml'), join(fields, 'Reply_Status__c.field.xml'));
        const { findings } = await checkMetadataConverts(project);
        expect(findings).toEqual([
            'force-app/main/default/objects/Lead/fields/Reply_Status__c.field.xml: not recognised as Salesforce metadata (check the file name and suffix)'
        ]);
    });

    it('catch a metadata file whose type cannot be inferred, malformed XML, and a field named unlike its file', async () => {
        const fields = join(project, 'force-app/main/default/objects/Lead/fields');
        await writeFile(
            join(fields, 'Renamed__c.field-meta.xml'),
            '<?xml version="1.0"?><CustomField><fullName>Other__c</fullName></CustomField>'
        );
        await writeFile(
            join(fields, 'Broken__c.field-meta.xml'),
            '<?xml version="1.0"?><CustomField><fullName>Broken__c</CustomField>'
        );
        const { findings } = await checkMetadataConverts(project);
        expect(findings).toContainEqual(
            'force-app/main/default/objects/Lead/fields/Renamed__c.field-meta.xml: <fullName>Other__c</fullName> must match the file name "Renamed__c"'
        );
        expect(
            findings.some((f) =>
                f.startsWith('force-app/main/default/objects/Lead/fields/Broken__c.field-meta.xml: malformed XML')
            )
        ).toBe(true);

        await rm(join(fields, 'Renamed__c.field-meta.xml'));
        await rm(join(fields, 'Broken__c.field-meta.xml'));
        await mkdir(join(project, 'force-app/main/default/widgets'));
        await writeFile(join(project, 'force-app/main/default/widgets/Thing.widget-meta.xml'), '<Thing/>');
        const second = await checkMetadataConverts(project);
        expect(second.findings).toEqual([
            expect.stringMatching(/Thing\.widget-meta\.xml: Could not infer a metadata type/)
        ]);
    });

    it('catch an LWC lint error', async () => {
        const dir = join(project, 'force-app/main/default/lwc/seededMistake');
        await mkdir(dir, { recursive: true });
        await writeFile(
            join(dir, 'seededMistake.js'),
            "import { LightningElement } from 'lwc';\n\nexport default class SeededMistake extends LightningElement {\n" +
                "    connectedCallback() {\n        this.template.querySelector('div').innerHTML = unknownGlobal;\n    }\n}\n"
        );
        await writeFile(join(dir, 'seededMistake.html'), '<template><div></div></template>\n');
        await writeFile(
            join(dir, 'seededMistake.js-meta.xml'),
            '<?xml version="1.0" encoding="UTF-8"?>\n<LightningComponentBundle xmlns="http://soap.sforce.com/2006/04/metadata">\n' +
                '    <apiVersion>62.0</apiVersion>\n    <isExposed>false</isExposed>\n</LightningComponentBundle>\n'
        );
        const { findings } = await checkLwcLint(project);
        expect(findings.some((finding) => /seededMistake\.js:5: .*unknownGlobal/.test(finding))).toBe(true);
    });
});
