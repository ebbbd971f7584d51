import { cp, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
    ALL_CHECKS,
    checkApexLint,
    checkApexParses,
    checkApexSemantics,
    checkApexTestCallouts,
    checkApexTestUsers,
    checkLwcLint,
    checkMetadataConverts,
    checkMetadataPlacement
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
        for (const check of ALL_CHECKS) {
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

    it('catch a Task custom field outside objects/Activity, which a deploy refuses', async () => {
        const objects = join(project, 'force-app/main/default/objects');
        await mkdir(join(objects, 'Task/fields'), { recursive: true });
        await rename(
            join(objects, 'Activity/fields/Reply_Activity_Id__c.field-meta.xml'),
            join(objects, 'Task/fields/Reply_Activity_Id__c.field-meta.xml')
        );
        expect((await checkMetadataConverts(project)).findings).toEqual([]);
        const { findings } = await checkMetadataPlacement(project);
        expect(findings).toContainEqual(
            expect.stringMatching(
                /^force-app\/main\/default\/objects\/Task\/fields\/Reply_Activity_Id__c\.field-meta\.xml: custom fields of Task belong in objects\/Activity\/fields\//
            )
        );
        // The permission sets' Task.Reply_Activity_Id__c now names a field force-app does not define on Activity.
        expect(findings).toContainEqual(
            expect.stringMatching(
                /Reply_Sync_Integration\.permissionset-meta\.xml: field permission Task\.Reply_Activity_Id__c: force-app defines no such field/
            )
        );
    });

    it('catch object permissions for a custom metadata type and field permissions Salesforce refuses', async () => {
        const file = join(project, 'force-app/main/default/permissionsets/Reply_Sync_User.permissionset-meta.xml');
        const xml = await readFile(file, 'utf8');
        await writeFile(
            file,
            xml
                .replace(
                    '    <hasActivationRequired>',
                    '    <fieldPermissions>\n        <editable>false</editable>\n        <field>Activity.Reply_Activity_Id__c</field>\n' +
                        '        <readable>true</readable>\n    </fieldPermissions>\n' +
                        '    <fieldPermissions>\n        <editable>false</editable>\n        <field>Lead.Reply_Nickname__c</field>\n' +
                        '        <readable>true</readable>\n    </fieldPermissions>\n' +
                        '    <hasActivationRequired>'
                )
                .replace(
                    '</PermissionSet>',
                    '    <objectPermissions>\n        <allowCreate>false</allowCreate>\n        <allowDelete>false</allowDelete>\n' +
                        '        <allowEdit>false</allowEdit>\n        <allowRead>true</allowRead>\n' +
                        '        <modifyAllRecords>false</modifyAllRecords>\n        <object>Reply_Sync_Step__mdt</object>\n' +
                        '        <viewAllRecords>false</viewAllRecords>\n    </objectPermissions>\n</PermissionSet>'
                )
        );
        const required = join(project, 'force-app/main/default/objects/Lead/fields/Reply_Status__c.field-meta.xml');
        await writeFile(
            required,
            (await readFile(required, 'utf8')).replace('<required>false</required>', '<required>true</required>')
        );
        const { findings } = await checkMetadataPlacement(project);
        const user = 'force-app/main/default/permissionsets/Reply_Sync_User.permissionset-meta.xml';
        expect(findings).toEqual(
            expect.arrayContaining([
                `${user}: objectPermissions for the custom metadata type Reply_Sync_Step__mdt: grant it with <customMetadataTypeAccesses><enabled>true</enabled><name>Reply_Sync_Step__mdt</name></customMetadataTypeAccesses>`,
                `${user}: field permission Activity.Reply_Activity_Id__c: Activity fields are granted per object, as Task.Reply_Activity_Id__c and/or Event.Reply_Activity_Id__c`,
                `${user}: field permission Lead.Reply_Nickname__c: force-app defines no such field`,
                expect.stringMatching(
                    /Reply_Sync_User\.permissionset-meta\.xml: field permission Lead\.Reply_Status__c: force-app\/main\/default\/objects\/Lead\/fields\/Reply_Status__c\.field-meta\.xml is a required field/
                )
            ])
        );
        // Every permission set that grants the field is named.
        expect(findings.filter((f) => f.includes('field permission Lead.Reply_Status__c'))).toHaveLength(3);
    });

    it('catch a test that calls out after DML without Test.startTest() between them, and pass it once fixed', async () => {
        const body = (between: string) =>
            '@IsTest\nprivate class SeededCalloutTest {\n    @IsTest\n    static void connects() {\n' +
            "        Test.setMock(HttpCalloutMock.class, new ReplySyncBridgeMock().answer('GET /v1/status', 200, '{}'));\n" +
            '        User admin = ReplySyncTestData.admin();\n' +
            between +
            '        System.runAs(admin) {\n            ReplySyncConsoleController.connect();\n        }\n    }\n}\n';
        await addClass('SeededCalloutTest', body(''));
        const { findings } = await checkApexTestCallouts(project);
        expect(findings).toEqual([
            expect.stringMatching(
                /^force-app\/main\/default\/classes\/SeededCalloutTest\.cls:8: SeededCalloutTest\.connects calls out \(ReplySyncConsoleController\.connect\) after DML at line 6 \(ReplySyncTestData\.admin\) with no Test\.startTest\(\) between them/
            )
        ]);
        await addClass('SeededCalloutTest', body('        Test.startTest();\n'));
        expect((await checkApexTestCallouts(project)).findings).toEqual([]);
    });

    it('catch a test that depends on the deploying user instead of System.runAs, and pass it once fixed', async () => {
        const body = (wrap: boolean) =>
            '@IsTest\nprivate class SeededUserTest {\n    @IsTest\n    static void deploys() {\n' +
            '        ReplySyncMetadataDeployer deployer = new ReplySyncMetadataDeployer();\n' +
            (wrap ? '        System.runAs(ReplySyncTestData.admin()) {\n' : '') +
            "        deployer.deploy('Save');\n" +
            (wrap ? '        }\n' : '') +
            '    }\n}\n';
        await addClass('SeededUserTest', body(false));
        const { findings } = await checkApexTestUsers(project);
        expect(findings).toEqual([
            expect.stringMatching(
                /^force-app\/main\/default\/classes\/SeededUserTest\.cls:6: SeededUserTest\.deploys calls ReplySyncMetadataDeployer\.deploy, which checks the running user's access, outside System\.runAs/
            )
        ]);
        await addClass('SeededUserTest', body(true));
        expect((await checkApexTestUsers(project)).findings).toEqual([]);
    });
});
