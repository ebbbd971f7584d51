import type { Catalog } from '../../catalog/schema.ts';
import type { ReplyClient } from '../../reply/client.ts';
import type { SalesforceClient } from '../../salesforce/client.ts';
import { readOrg, type OrgSnapshot } from '../../salesforce/org.ts';
import { replyFields, type ReplyField } from '../mapping.ts';
import type { StepRecord } from '../steps.ts';
import { problemText, type StepProblem } from './problems.ts';
import { recordNeedsReplyFields, validateStep, validationContextOf } from './validate.ts';

/** A step as the console edits it (Apex's ReplySyncStepDraft): the record's fields, the settings as stored JSON. */
export interface StepDraft {
    developerName?: string | null | undefined;
    label?: string | null | undefined;
    stepKind?: string | null | undefined;
    active?: boolean | null | undefined;
    sortOrder?: number | null | undefined;
    fieldMappings?: string | null | undefined;
    filter?: string | null | undefined;
    ownerMappings?: string | null | undefined;
    sequenceMappings?: string | null | undefined;
    valueMappings?: string | null | undefined;
}

/** The validator's answer for one draft (bridge/openapi.yaml StepValidation). */
export interface StepVerdict {
    developerName: string | null;
    stepKind: string | null;
    valid: boolean;
    problems: (StepProblem & { message: string })[];
}

/** A draft as the record it would be deployed as: what runs read and validate. */
export function draftRecord(draft: StepDraft): StepRecord {
    return {
        DeveloperName: draft.developerName ?? '',
        MasterLabel: draft.label ?? '',
        Step_Kind__c: draft.stepKind ?? null,
        Profile__c: 'Custom',
        Active__c: draft.active ?? false,
        Sort_Order__c: draft.sortOrder ?? null,
        Removed__c: false,
        Field_Mappings__c: draft.fieldMappings ?? null,
        Filter__c: draft.filter ?? null,
        Owner_Mappings__c: draft.ownerMappings ?? null,
        Sequence_Mappings__c: draft.sequenceMappings ?? null,
        Value_Mappings__c: draft.valueMappings ?? null
    };
}

/** How long the org's describe and Reply's fields are reused: the console asks as the admin edits. */
const CONTEXT_TTL_MS = 30_000;

/** A value loaded at most once per period; a failed load is forgotten at once. */
class Reused<T> {
    private entry: { at: number; value: Promise<T> } | undefined;

    constructor(private readonly now: () => number) {}

    get(load: () => Promise<T>): Promise<T> {
        if (this.entry && this.now() - this.entry.at < CONTEXT_TTL_MS) return this.entry.value;
        const entry = { at: this.now(), value: load() };
        this.entry = entry;
        entry.value.catch(() => {
            if (this.entry === entry) this.entry = undefined;
        });
        return entry.value;
    }
}

/**
 * POST /v1/steps/validate: checks drafts with the validator a run uses, against the org and Reply as the bridge
 * sees them now (one Composite call to Salesforce, Reply's custom fields only when a draft maps one; both reused
 * for half a minute).
 */
export class StepValidationService {
    private readonly org: Reused<OrgSnapshot>;
    private readonly fields: Reused<ReplyField[]>;

    constructor(
        private readonly deps: {
            salesforce: SalesforceClient;
            reply: ReplyClient;
            catalog: Catalog;
            now?: () => number;
        }
    ) {
        this.org = new Reused(deps.now ?? Date.now);
        this.fields = new Reused(deps.now ?? Date.now);
    }

    async validate(drafts: StepDraft[]): Promise<StepVerdict[]> {
        const { catalog, salesforce, reply } = this.deps;
        const records = drafts.map(draftRecord);
        const org = await this.org.get(() => readOrg(salesforce));
        const fields = records.some((record) => recordNeedsReplyFields(record, catalog))
            ? await this.fields.get(async () => replyFields(catalog, await reply.customFields.list()))
            : replyFields(catalog, []);
        const context = validationContextOf(org, fields);
        return records.map((record, index) => {
            const problems = validateStep(record, catalog, context);
            return {
                developerName: drafts[index]!.developerName ?? null,
                stepKind: drafts[index]!.stepKind ?? null,
                valid: problems.length === 0,
                problems: problems.map((p) => ({ ...p, message: problemText(p) }))
            };
        });
    }
}
