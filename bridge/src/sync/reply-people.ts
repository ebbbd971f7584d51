import type { PersonLink } from '../domain/links.ts';
import type { ContactImportItem } from '../reply/contacts.ts';
import { ReplyApiError, ReplyAuthError } from '../reply/errors.ts';
import type { StepRun } from './context.ts';
import { sequencePushes } from './owners.ts';
import { counted } from '../text.ts';

/** Sending people to Reply (Salesforce -> Reply steps): the import, updates in place, and people to sequence. */

/** A person to send: the import item, and their link when they have one. */
interface PersonLinkable {
    link: PersonLink | undefined;
    email: string;
    item: ContactImportItem;
}

export type SendResult =
    | { ok: true; replyId: number; created: boolean }
    | { ok: false; code: string; message: string }
    /** Reply holds this email as a person deleted in Reply: not sent, not an error. */
    | { ok: false; code: 'REPLY_CONTACT_DELETED'; replyId: number | null; deleted: true };

/**
 * New and re-keyed people go through Reply's import (an upsert by email, IMPORT_LIMIT a call). A linked person whose email
 * changed in Salesforce is updated in place, or Reply would file the new address as a second person.
 */
export async function sendToReply(
    run: StepRun,
    planned: Pick<PersonLinkable, 'link' | 'email' | 'item'>[]
): Promise<SendResult[]> {
    const { reply } = run.services;
    const results: SendResult[] = new Array<SendResult>(planned.length);
    const imports: number[] = [];
    for (let i = 0; i < planned.length; i++) {
        const plan = planned[i]!;
        const emailChanged = plan.link && plan.link.email && plan.link.email !== plan.email.toLowerCase();
        if (!emailChanged) {
            imports.push(i);
            continue;
        }
        try {
            const updated = await reply.contacts.update(Number(plan.link!.replyContactId), plan.item);
            results[i] = { ok: true, replyId: updated.id, created: false };
        } catch (error) {
            // Reply's failure (an outage, a refused key) is not this record's: the batch stops, its cursor stays.
            if (error instanceof ReplyAuthError || (error instanceof ReplyApiError && error.transient)) throw error;
            results[i] = {
                ok: false,
                code: (error as { code?: string }).code ?? 'REPLY_ERROR',
                message: (error as Error).message
            };
        }
    }
    if (imports.length === 0) return results;
    const outcomes = await reply.contacts.import(imports.map((i) => planned[i]!.item));
    imports.forEach((planIndex, k) => {
        const outcome = outcomes[k]!;
        // A skipped item still names the contact Reply holds under the address (nothing to change, or a teammate's),
        // except a deleted one (reply-team/reply-cli src/operations/contacts.ts): it is linked like an update.
        const linkable =
            outcome.status === 'created' ||
            outcome.status === 'updated' ||
            (outcome.status === 'skipped' && outcome.reason !== 'contactDeleted');
        if (outcome.status === 'skipped' && outcome.reason === 'contactDeleted') {
            results[planIndex] = { ok: false, code: 'REPLY_CONTACT_DELETED', replyId: outcome.id, deleted: true };
        } else if (linkable && outcome.id !== null) {
            results[planIndex] = { ok: true, replyId: outcome.id, created: outcome.status === 'created' };
        } else {
            results[planIndex] = {
                ok: false,
                code: 'REPLY_IMPORT_REFUSED',
                message: `Reply did not take the person (${outcome.status}${outcome.reason ? `: ${outcome.reason}` : ''})`
            };
        }
    });
    return results;
}

/** People to sequence: each synced person joins the sequence mapped for their Reply owner (a dry run says who would). */
export async function pushToSequences(
    run: StepRun,
    people: { replyId: number; ownerUserId: number | null; isNew: boolean }[]
): Promise<void> {
    const { step } = run;
    if (step.sequenceMappings.length === 0 || people.length === 0) return;
    const me = await run.shared.replyUser();
    for (const push of sequencePushes(people, step.sequenceMappings, me.userId)) {
        if (run.run.dryRun) {
            run.note(
                `${counted(push.contactIds.length, 'person', 'people')} would be added to Reply sequence ${push.sequenceId}`
            );
            continue;
        }
        const result = await run.services.reply.sequences.addContacts(push.sequenceId, push.contactIds, push);
        if (result.added.length > 0)
            run.note(`${counted(result.added.length, 'person', 'people')} added to Reply sequence ${push.sequenceId}`);
        if (result.notProcessed.size > 0) {
            const reasons = [...new Set(result.notProcessed.values())].join(', ');
            run.note(
                `${counted(result.notProcessed.size, 'person', 'people')} not added to Reply sequence ${push.sequenceId} (Reply said: ${reasons}; ` +
                    'usually opted out, already finished, or a plan limit)'
            );
        }
    }
}
