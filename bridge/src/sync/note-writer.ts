import { RecordKey, sameSalesforceId } from '../domain/keys.ts';
import type { PersonLink } from '../domain/links.ts';
import type { CompositeSubrequest } from '../salesforce/client.ts';
import { documentLinks, notesWithMarkers } from '../salesforce/content-notes.ts';
import type { RecordProblem, StepRun } from './context.ts';
import { valueHash } from './mapping.ts';
import { base64, noteHtml, noteMarker, noteTitle } from './notes.ts';
import { contactsOfConvertedLeads, convertedLink, unlinkedProblem } from './person-targets.ts';
import type { ItemWritten, Written } from './pipeline.ts';
import { counted } from '../text.ts';

/**
 * Writing Reply notes as Salesforce notes: a ContentNote and its ContentDocumentLink in one Composite call, marked
 * pending in the store before it is sent, so after a crash the bridge finds a note by the marker in its title
 * instead of creating it twice (recoverPending).
 */

/** Two subrequests per note (ContentNote, ContentDocumentLink), within Composite's 25. */
const NOTES_PER_CALL = 12;

/** A note to write, as the store keeps it while its write is pending (and a retry needs it). */
export interface NoteWrite {
    key: string;
    noteId: string;
    replyContactId: number;
    text: string;
    createdAt: string;
    targetId: string;
    /** Set when the ContentNote exists and only its link is missing. */
    contentNoteId?: string;
}

/** Notes meant for converted Leads go to the Contact each Lead became; the person's link follows. */
async function followConvertedLeads(run: StepRun, writes: NoteWrite[]): Promise<PersonLink[]> {
    if (run.step.kind.salesforceObject !== 'Lead' || writes.length === 0) return [];
    const contactOf = await contactsOfConvertedLeads(
        run,
        writes.map((w) => w.targetId)
    );
    const links = new Map<number, PersonLink>();
    let moved = 0;
    for (const write of writes) {
        const contactId = contactOf.get(write.targetId);
        if (!contactId) continue;
        links.set(
            write.replyContactId,
            convertedLink({ replyContactId: String(write.replyContactId), email: null }, write.targetId, contactId)
        );
        write.targetId = contactId;
        moved += 1;
    }
    if (moved > 0) run.note(`${counted(moved, 'note')} of converted Leads went to the Contacts they became`);
    return [...links.values()];
}

/**
 * The write seam: notes, 12 a Composite call, after following converted Leads. `follow`: notes refused by a deleted
 * record are followed once (not again).
 */
export async function writeNotes(run: StepRun, writes: NoteWrite[], follow = true): Promise<Written> {
    const { services, step } = run;
    const result: Written & { problems: RecordProblem[]; items: ItemWritten[]; resolved: string[] } = {
        created: 0,
        updated: 0,
        problems: [],
        items: [],
        resolved: [],
        links: follow ? await followConvertedLeads(run, writes) : []
    };
    for (let i = 0; i < writes.length; i += NOTES_PER_CALL) {
        const batch = writes.slice(i, i + NOTES_PER_CALL);
        // Pending first, committed: if the process dies after Salesforce wrote the notes, recovery finds them by title.
        await services.store.items.save(
            batch.map((w) => ({
                key: w.key,
                stepName: step.name,
                hash: valueHash(w.text),
                salesforceId: w.contentNoteId ?? null,
                payload: JSON.stringify(w)
            })),
            true
        );
        const responses = await services.salesforce.composite(noteRequests(run, batch), 'Writing notes');
        const byRef = new Map(responses.map((r) => [r.referenceId, r]));
        /** Created, not attached: pending with the note's id, so the next run (recoverPending) attaches it. */
        const noteOnly: (NoteWrite & { contentNoteId: string })[] = [];
        /** Not created: kept with what a retry needs (the retry writes it again). */
        const failed: string[] = [];
        /** Attached to a record Salesforce says is deleted: followed (merged, or the link ended) below. */
        const orphaned: (NoteWrite & { contentNoteId: string })[] = [];
        batch.forEach((w, k) => {
            const note = byRef.get(`note${k}`);
            const link = byRef.get(`link${k}`);
            const noteId =
                w.contentNoteId ?? (note && note.httpStatusCode < 300 ? (note.body as { id: string }).id : undefined);
            if (noteId && link && link.httpStatusCode < 300) {
                result.created += 1;
                result.items.push({ key: w.key, stepName: step.name, hash: valueHash(w.text), salesforceId: noteId });
                result.resolved.push(RecordKey.note(w.noteId));
                return;
            }
            const failure = (!noteId ? note : link)?.body as { errorCode?: string; message?: string }[] | undefined;
            const code = failure?.[0]?.errorCode ?? 'NOTE_NOT_WRITTEN';
            if (noteId && code === 'ENTITY_IS_DELETED' && follow) {
                orphaned.push({ ...w, contentNoteId: noteId });
                return;
            }
            result.problems.push({
                recordKey: RecordKey.note(w.noteId),
                replyId: String(w.replyContactId),
                salesforceId: w.targetId,
                label: noteTitle(w.noteId, w.createdAt),
                code,
                message: `${noteId ? 'The note was created but could not be attached to the record' : 'Salesforce refused the note'}: ${failure?.[0]?.message ?? 'no reason given'}`,
                ...(noteId ? {} : { payload: JSON.stringify(w) })
            });
            if (noteId) noteOnly.push({ ...w, contentNoteId: noteId });
            else failed.push(w.key);
        });
        await services.store.transaction(async (tx) => {
            await tx.items.save(
                noteOnly.map((w) => ({
                    key: w.key,
                    stepName: step.name,
                    hash: valueHash(w.text),
                    salesforceId: w.contentNoteId,
                    payload: JSON.stringify(w)
                })),
                true
            );
            await tx.items.remove(failed);
        });
        if (orphaned.length > 0) merge(result, await followDeletedTargets(run, orphaned));
    }
    return result;
}

function noteRequests(run: StepRun, batch: NoteWrite[]): CompositeSubrequest[] {
    const { salesforce } = run.services;
    return batch.flatMap((w, k) => {
        const link: CompositeSubrequest = {
            method: 'POST',
            url: salesforce.versioned('/sobjects/ContentDocumentLink'),
            referenceId: `link${k}`,
            body: {
                ContentDocumentId: w.contentNoteId ?? `@{note${k}.id}`,
                LinkedEntityId: w.targetId,
                ShareType: 'V',
                Visibility: 'AllUsers'
            }
        };
        if (w.contentNoteId) return [link];
        return [
            {
                method: 'POST',
                url: salesforce.versioned('/sobjects/ContentNote'),
                referenceId: `note${k}`,
                body: { Title: noteTitle(w.noteId, w.createdAt), Content: base64(noteHtml(w.text)) }
            },
            link
        ];
    });
}

function merge(into: Written, from: Written): void {
    into.created += from.created;
    into.updated += from.updated;
    into.problems = [...(into.problems ?? []), ...(from.problems ?? [])];
    into.items = [...(into.items ?? []), ...(from.items ?? [])];
    into.resolved = [...(into.resolved ?? []), ...(from.resolved ?? [])];
    into.links = [...(into.links ?? []), ...(from.links ?? [])];
}

/**
 * Notes created but refused by their record because it is deleted (ENTITY_IS_DELETED): the record is followed
 * (deletions.ts). Merged: the note is attached to the surviving record. Deleted: it is reported, kept with its note's
 * id (attached if the person is linked again), and its pending write ends.
 */
async function followDeletedTargets(run: StepRun, writes: (NoteWrite & { contentNoteId: string })[]): Promise<Written> {
    const fates = await run.shared.deletions.follow(writes.map((w) => w.targetId));
    const merged: NoteWrite[] = [];
    const problems: RecordProblem[] = [];
    const object = run.step.kind.salesforceObject;
    for (const w of writes) {
        const fate = fates.get(w.targetId);
        if (fate?.kind === 'merged') {
            merged.push({ ...w, targetId: fate.masterId });
            continue;
        }
        const reason = fate?.kind === 'ended' ? fate.reason : 'deleted in Salesforce';
        problems.push(
            unlinkedProblem(
                object,
                { kind: 'ended', ended: { salesforceId: w.targetId, salesforceType: object, reason } },
                {
                    recordKey: RecordKey.note(w.noteId),
                    replyContactId: w.replyContactId,
                    label: noteTitle(w.noteId, w.createdAt),
                    payload: JSON.stringify(w)
                }
            )
        );
    }
    await run.services.store.items.remove(
        writes.filter((w) => fates.get(w.targetId)?.kind !== 'merged').map((w) => w.key)
    );
    const written = await writeNotes(run, merged, false);
    written.problems = [...problems, ...(written.problems ?? [])];
    return written;
}

/**
 * Writes interrupted by a crash: each pending note is looked up by the marker in its title. Found and linked: done.
 * Found without its link: the link is added. Not found: it is written now.
 */
export async function recoverPending(run: StepRun): Promise<void> {
    const { services, step } = run;
    const pending = await services.store.items.pending(step.name);
    if (pending.length === 0 || run.run.dryRun) return;
    const writes = pending.flatMap((p) => (p.payload ? [JSON.parse(p.payload) as NoteWrite] : []));
    const unknown = writes.filter((w) => !w.contentNoteId);
    const found = await notesWithMarkers(
        services.salesforce,
        unknown.map((w) => noteMarker(w.noteId))
    );
    for (const row of found) {
        const write = unknown.find((w) => row.Title.includes(noteMarker(w.noteId)));
        if (write) write.contentNoteId ??= row.Id;
    }
    const withNotes = writes.filter((w) => w.contentNoteId);
    const links = await documentLinks(
        services.salesforce,
        withNotes.map((w) => w.contentNoteId!)
    );
    const linked = new Set(
        withNotes
            .filter((w) =>
                links.some(
                    (l) =>
                        sameSalesforceId(l.ContentDocumentId, w.contentNoteId!) &&
                        sameSalesforceId(l.LinkedEntityId, w.targetId)
                )
            )
            .map((w) => w.key)
    );
    const complete = writes.filter((w) => linked.has(w.key));
    if (complete.length > 0)
        run.note(
            `${counted(complete.length, 'note')} written before an interruption: found in Salesforce and not written again`
        );
    const rest = await writeNotes(
        run,
        writes.filter((w) => !linked.has(w.key)),
        true
    );
    run.counts.created += rest.created;
    await run.commit({
        problems: rest.problems ?? [],
        links: rest.links ?? [],
        items: [
            ...complete.map((w) => ({
                key: w.key,
                stepName: step.name,
                hash: valueHash(w.text),
                salesforceId: w.contentNoteId!
            })),
            ...(rest.items ?? [])
        ],
        resolved: rest.resolved ?? []
    });
}
