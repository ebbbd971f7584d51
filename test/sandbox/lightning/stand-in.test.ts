import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { consoleController } from './apex/console-controller.ts';
import { personActivityController } from './apex/person-activity-controller.ts';
import { apexMethods, apexProperties } from './platform/apex-methods.ts';
import { loadLabels } from './platform/labels.ts';
import { loadPermissionSets } from './platform/permissions.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** The browser sandbox stands in for force-app's Apex and platform: exactly what force-app has, read from force-app. */
describe('the Lightning stand-in', () => {
    it('serves every @AuraEnabled method of the Apex the components call, and no other', () => {
        const declared = [...apexMethods(ROOT).values()];
        const served = {
            ReplySyncConsoleController: consoleController(apexProperties(ROOT, 'ReplySyncStepDraft')),
            ReplyPersonActivityController: personActivityController
        };
        for (const [className, methods] of Object.entries(served)) {
            expect(Object.keys(methods).sort(), className).toEqual(
                declared
                    .filter((method) => method.className === className)
                    .map((method) => method.method)
                    .sort()
            );
        }
        expect(declared.find((method) => method.method === 'getConsoleState')?.cacheable).toBe(true);
        expect(declared.find((method) => method.method === 'saveSteps')?.params).toEqual(['drafts', 'unchecked']);
    });

    it('reads labels, draft properties and permission sets from force-app', () => {
        expect(loadLabels(ROOT).get('Reply_Sync_Permission_Denied')).toMatch(/Reply Sync Admin/);
        expect(apexProperties(ROOT, 'ReplySyncStepDraft')).toEqual([
            'developerName',
            'label',
            'stepKind',
            'active',
            'sortOrder',
            'fieldMappings',
            'filter',
            'ownerMappings',
            'sequenceMappings',
            'valueMappings'
        ]);
        const sets = loadPermissionSets(ROOT);
        expect([...sets.get('Reply_Sync_Admin')!.customPermissions]).toEqual(['Reply_Sync_Configure']);
        expect(sets.get('Reply_Sync_Admin')!.apexClasses.has('ReplySyncConsoleController')).toBe(true);
        expect(sets.get('Reply_Sync_User')!.apexClasses.has('ReplySyncConsoleController')).toBe(false);
        expect(sets.get('Reply_Sync_User')!.customPermissions.size).toBe(0);
    });
});
