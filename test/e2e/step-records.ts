/**
 * The sync steps' Custom Metadata records in a sandbox org, changed as a deployment from the console would change
 * them: for the end-to-end tests (world.ts) and the benchmark's sandbox process (scripts/bench-sandboxes.ts).
 */
import { STEP_FIELDS } from '../../bridge/src/salesforce/step-records.ts';
import type { SandboxOrg } from '../sandbox/salesforce/index.ts';

/** Leaves only these step kinds active (the Default profile's records). */
export function activateOnly(org: SandboxOrg, kinds: readonly string[]): void {
    for (const record of org.query(`SELECT ${STEP_FIELDS.join(', ')} FROM Reply_Sync_Step__mdt`)) {
        updateStepRecord(org, record.DeveloperName as string, {
            Active__c: kinds.includes(record.Step_Kind__c as string)
        });
    }
}

/** Changes fields of a step record (by DeveloperName). */
export function updateStepRecord(org: SandboxOrg, developerName: string, values: Record<string, unknown>): void {
    const [record] = org.query(
        `SELECT ${STEP_FIELDS.join(', ')} FROM Reply_Sync_Step__mdt WHERE DeveloperName = '${developerName}'`
    );
    if (!record) throw new Error(`no step ${developerName}`);
    const { DeveloperName: _name, MasterLabel: label, attributes: _attributes, ...fields } = record;
    org.setCustomMetadata('Reply_Sync_Step', developerName, label as string, { ...fields, ...values });
}
