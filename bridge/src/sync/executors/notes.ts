import { advanceCursor, type FeedCursor } from '../../reply/feed.ts';
import type { CompositeSubrequest } from '../../salesforce/client.ts';
import { soqlList, soqlLikePattern } from '../../salesforce/soql.ts';
import type { PersonLink } from '../../domain/links.ts';
import { ReplyBudgetDeferred, type RecordProblem, type StepRun } from '../context.ts';
import { replyPersonPasses } from '../filters.ts';
import { valueHash } from '../mapping.ts';
import { base64, noteHtml, noteMarker, noteTitle } from '../notes.ts';
import { otherVariant, resolvePeople, unlinkedProblem, type PersonTarget } from './shared.ts';
import { counted } from '../../text.ts';

/** Two subrequests per note (ContentNote, ContentDocumentLink), within Composite's 25. */
const NOTES_PER_CALL = 12;
/** Title look-ups per query when recovering interrupted writes. */
const MARKERS_PER_QUERY = 50;

interface NoteWrite {
    key: string;
    noteId: string;
    replyContactId: number;
    text: string;
    createdAt: string;
    targetId: string;
    /** Set when the ContentNote exists and only its link is missing. */
    contentNoteId?: string;
}

/** Earlier failures retried per run: notes Salesforce refused, people who were not in Salesforce yet. */
const RETRY_BATCH = 500;

/** Reads of people's notes a run may still make (REPLY_NOTE_READS_PER_RUN, and what the call budget leaves). */
interface NoteReads {
    used: number;
    allowance: number;
}

/**
 * People Notes in Reply -> Lead Notes or Contact Notes in Salesforce: each note becomes a ContentNote linked to the
 * record, both created in one Composite call. A write is marked pending in the store before it is sent, so after a
 * crash the bridge looks the note up by the marker in its title instead of creating it twice. Nothing is passed
 * over: a note Salesforce refused is kept and written again next run, and a person not in Salesforce yet is kept
 * (WAITING_FOR_PERSON) and their notes read once they are.
 */
export async function syncNotes(run: StepRun): Promise<void> {
    const { step, services, shared } = run;
    await recoverPending(run);

    // Notes are optional reads: at most REPLY_NOTE_READS_PER_RUN people's a run, and no more than the call budget
    // leaves above its reserve.
    const reads: NoteReads = {
        used: 0,
        allowance: Math.min(services.noteReadsPerRun, services.reply.budget.optionalRoom())
    };
    const attempted = new Set<string>();
    await retryEarlier(run, reads, attempted);

    const cursor = (await services.store.cursors.get(step.name)) as FeedCursor | undefined;
    for (const page of await run.changedPeople(cursor)) {
        const targets = await resolvePeople(
            run,
            page.items.map((c) => ({ replyContactId: c.id, email: c.email }))
        );
        // Reply lists notes one person at a time (ASSUMPTIONS.md C18): a backfill spreads over runs; the cursor
        // resumes after the last person read.
        const limit = page.items.findIndex((c) => targets.get(c.id)?.kind === 'mine' && ++reads.used > reads.allowance);
        const taken = limit === -1 ? page.items : page.items.slice(0, limit);
        const resumeAt =
            limit === -1
                ? page.cursor
                : advanceCursor(
                      page.start.ts,
                      page.start.skip,
                      taken.map((c) => c.lastModifiedAt)
                  );
        const facts = step.filter
            ? await shared.factsOf(
                  taken.map((c) => c.id),
                  new Map(taken.map((c) => [c.id, c]))
              )
            : undefined;
        const persons = taken.filter((c) => !facts || replyPersonPasses(step.filter, c, facts.get(c.id)!));
        run.counts.skipped += taken.length - persons.length;
        const found = await notesOfPeople(
            run,
            persons.map((c) => ({ id: c.id, email: c.email })),
            targets,
            attempted
        );
        const relinked = step.kind.salesforceObject === 'Lead' ? await followConvertedLeads(run, found.writes) : [];
        await writeNotes(run, found.writes);
        await run.commit({ problems: found.problems, links: [...targets.newLinks, ...relinked], cursor: resumeAt });
        run.progress();
        if (limit !== -1) {
            if (reads.allowance < services.noteReadsPerRun)
                throw new ReplyBudgetDeferred(`the notes of the remaining people`, shared.usageText());
            run.note(
                `Read the notes of ${services.noteReadsPerRun} people (Reply lists notes one person at a time); the rest follow on the next run`
            );
            break;
        }
    }
    const other = otherVariant(run);
    if (other.leftOut > 0)
        run.note(
            `Left out the notes of ${counted(other.leftOut, 'person', 'people')} linked to ${other.object}s: ${other.label} is not active`
        );
}

/**
 * The notes of these people, as writes for the people linked to this step's object. People not in Salesforce yet
 * (or whose record was deleted) are kept as problems (`person:<id>`) and their notes read once they are; notes
 * already written, or tried this run, are left out.
 */
async function notesOfPeople(
    run: StepRun,
    persons: { id: number; email: string | null }[],
    targets: Map<number, PersonTarget>,
    attempted: Set<string>
): Promise<{ writes: NoteWrite[]; problems: RecordProblem[]; read: number[] }> {
    const { services, shared } = run;
    const writes: NoteWrite[] = [];
    const problems: RecordProblem[] = [];
    const read: number[] = [];
    const gone: number[] = [];
    for (const person of persons) {
        const target = targets.get(person.id)!;
        if (target.kind === 'other') {
            otherVariant(run).count();
            continue;
        }
        if (target.kind !== 'mine') {
            problems.push(
                unlinkedProblem(run, target, {
                    recordKey: `person:${person.id}`,
                    replyContactId: person.id,
                    label: person.email
                })
            );
            continue;
        }
        const notes = await shared.notesOf(person.id);
        if (!notes) {
            gone.push(person.id); // deleted in Reply since the feed was read
            continue;
        }
        read.push(person.id);
        run.counts.read += notes.items.length;
        const known = await services.store.items.get(notes.items.map((n) => `note-${n.id}`));
        for (const note of notes.items) {
            const key = `note-${note.id}`;
            if (known.has(key) || attempted.has(key)) {
                run.counts.skipped += 1;
                continue;
            }
            attempted.add(key);
            writes.push({
                key,
                noteId: note.id,
                replyContactId: person.id,
                text: note.text,
                createdAt: note.createdAt,
                targetId: target.salesforceId
            });
        }
        for (const bad of notes.invalid) {
            problems.push({
                recordKey: `note:${bad.id ?? person.id}`,
                replyId: String(person.id),
                code: 'REPLY_INVALID_RECORD',
                message: `Reply sent a note the bridge cannot read (${bad.reason})`
            });
        }
    }
    await shared.replyPeopleGone(gone);
    return { writes, problems, read };
}

/**
 * Earlier failures, first thing each run: notes Salesforce refused (written again, to where their person is linked
 * now) and people who were not in Salesforce yet (their notes read now if they are).
 */
async function retryEarlier(run: StepRun, reads: NoteReads, attempted: Set<string>): Promise<void> {
    const rows = await run.retryable(RETRY_BATCH);
    const people = rows.filter((r) => r.recordKey.startsWith('person:') && r.replyId);
    const notes = rows.flatMap((r) =>
        r.recordKey.startsWith('note:') && r.payload ? [{ row: r, write: JSON.parse(r.payload) as NoteWrite }] : []
    );
    if (people.length === 0 && notes.length === 0) return;
    const targets = await resolvePeople(run, [
        ...people.map((r) => ({ replyContactId: Number(r.replyId), email: r.label })),
        ...notes.map(({ write }) => ({ replyContactId: write.replyContactId, email: null }))
    ]);
    const problems: RecordProblem[] = [];
    const resolved: string[] = [];
    const writes: NoteWrite[] = [];
    for (const { row, write } of notes) {
        const target = targets.get(write.replyContactId)!;
        if (target.kind === 'other') {
            resolved.push(row.recordKey);
        } else if (target.kind === 'mine') {
            attempted.add(write.key);
            writes.push({ ...write, targetId: target.salesforceId });
        } else {
            problems.push(
                unlinkedProblem(run, target, {
                    recordKey: row.recordKey,
                    replyContactId: write.replyContactId,
                    label: row.label,
                    payload: row.payload!
                })
            );
        }
    }
    const due: { id: number; email: string | null }[] = [];
    for (const row of people) {
        const id = Number(row.replyId);
        const target = targets.get(id)!;
        if (target.kind === 'mine' && ++reads.used > reads.allowance) continue; // their turn comes next run
        if (target.kind === 'other') resolved.push(row.recordKey);
        else due.push({ id, email: row.label });
    }
    const found = await notesOfPeople(run, due, targets, attempted);
    resolved.push(...found.read.map((id) => `person:${id}`));
    writes.push(...found.writes);
    problems.push(...found.problems);
    const relinked = run.step.kind.salesforceObject === 'Lead' ? await followConvertedLeads(run, writes) : [];
    await writeNotes(run, writes);
    await run.commit({ problems, links: [...targets.newLinks, ...relinked], resolved });
}

/** Notes meant for converted Leads go to the Contact each Lead became; the person's link follows. */
async function followConvertedLeads(run: StepRun, writes: NoteWrite[]): Promise<PersonLink[]> {
    const leadIds = [...new Set(writes.map((w) => w.targetId))];
    if (leadIds.length === 0) return [];
    const rows = await run.services.salesforce.query<{
        Id: string;
        IsConverted: boolean;
        ConvertedContactId: string | null;
    }>(
        `SELECT Id, IsConverted, ConvertedContactId FROM Lead WHERE Id IN ${soqlList(leadIds)} AND IsConverted = true`,
        'Checking for converted Leads'
    );
    const contactOf = new Map(
        rows.filter((r) => r.ConvertedContactId).map((r) => [r.Id.slice(0, 15), r.ConvertedContactId!])
    );
    const links = new Map<number, PersonLink>();
    let moved = 0;
    for (const write of writes) {
        const contactId = contactOf.get(write.targetId.slice(0, 15));
        if (!contactId) continue;
        links.set(write.replyContactId, {
            replyContactId: String(write.replyContactId),
            salesforceId: contactId,
            salesforceType: 'Contact',
            email: null,
            previousSalesforceId: write.targetId,
            salesforceHashes: {},
            replyHashes: {}
        });
        write.targetId = contactId;
        moved += 1;
    }
    if (moved > 0) run.note(`${counted(moved, 'note')} of converted Leads went to the Contacts they became`);
    return [...links.values()];
}

/** Writes notes, 12 a Composite call; `follow`: notes refused by a deleted record are followed once (not again). */
async function writeNotes(run: StepRun, writes: NoteWrite[], follow = true): Promise<void> {
    const { services, step } = run;
    if (run.run.dryRun) {
        run.counts.created += writes.length;
        return;
    }
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
        const subrequests: CompositeSubrequest[] = batch.flatMap((w, k) => {
            const link: CompositeSubrequest = {
                method: 'POST',
                url: services.salesforce.versioned('/sobjects/ContentDocumentLink'),
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
                    url: services.salesforce.versioned('/sobjects/ContentNote'),
                    referenceId: `note${k}`,
                    body: { Title: noteTitle(w.noteId, w.createdAt), Content: base64(noteHtml(w.text)) }
                },
                link
            ];
        });
        const responses = await services.salesforce.composite(subrequests, 'Writing notes');
        const byRef = new Map(responses.map((r) => [r.referenceId, r]));
        const problems: RecordProblem[] = [];
        const done: { key: string; stepName: string; hash: string; salesforceId: string | null }[] = [];
        /** Created, not attached: pending with the note's id, so the next run (recoverPending) attaches it. */
        const noteOnly: (NoteWrite & { contentNoteId: string })[] = [];
        /** Not created: kept with what a retry needs (retryEarlier writes it again). */
        const failed: string[] = [];
        /** Attached to a record Salesforce says is deleted: followed (merged, or the link ended) below. */
        const orphaned: (NoteWrite & { contentNoteId: string })[] = [];
        batch.forEach((w, k) => {
            const note = byRef.get(`note${k}`);
            const link = byRef.get(`link${k}`);
            const noteId =
                w.contentNoteId ?? (note && note.httpStatusCode < 300 ? (note.body as { id: string }).id : undefined);
            if (noteId && link && link.httpStatusCode < 300) {
                run.counts.created += 1;
                done.push({ key: w.key, stepName: step.name, hash: valueHash(w.text), salesforceId: noteId });
                return;
            }
            const failure = (!noteId ? note : link)?.body as { errorCode?: string; message?: string }[] | undefined;
            const code = failure?.[0]?.errorCode ?? 'NOTE_NOT_WRITTEN';
            if (noteId && code === 'ENTITY_IS_DELETED' && follow) {
                orphaned.push({ ...w, contentNoteId: noteId });
                return;
            }
            problems.push({
                recordKey: `note:${w.noteId}`,
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
            await tx.items.save(done);
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
            await tx.errors.resolve(
                step.name,
                done.map((d) => `note:${d.key.slice(5)}`),
                run.run.id
            );
        });
        await run.fail(problems);
        if (orphaned.length > 0) await followDeletedTargets(run, orphaned);
    }
}

/**
 * Notes created but refused by their record because it is deleted (ENTITY_IS_DELETED): the record is followed
 * (deletions.ts). Merged: the note is attached to the surviving record. Deleted: it is reported, kept with its note's
 * id (attached if the person is linked again), and its pending write ends.
 */
async function followDeletedTargets(run: StepRun, writes: (NoteWrite & { contentNoteId: string })[]): Promise<void> {
    const fates = await run.shared.deletions.follow(writes.map((w) => w.targetId));
    const merged: NoteWrite[] = [];
    const problems: RecordProblem[] = [];
    for (const w of writes) {
        const fate = fates.get(w.targetId);
        if (fate?.kind === 'merged') {
            merged.push({ ...w, targetId: fate.masterId });
            continue;
        }
        problems.push(
            unlinkedProblem(
                run,
                {
                    kind: 'ended',
                    ended: {
                        salesforceId: w.targetId,
                        salesforceType: run.step.kind.salesforceObject,
                        reason: fate?.kind === 'ended' ? fate.reason : 'deleted in Salesforce'
                    }
                },
                {
                    recordKey: `note:${w.noteId}`,
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
    await run.fail(problems);
    await writeNotes(run, merged, false);
}

/**
 * Writes interrupted by a crash: each pending note is looked up by the marker in its title. Found and linked: done.
 * Found without its link: the link is added. Not found: it is written now.
 */
async function recoverPending(run: StepRun): Promise<void> {
    const { services, step } = run;
    const pending = await services.store.items.pending(step.name);
    if (pending.length === 0 || run.run.dryRun) return;
    const writes = pending.flatMap((p) => (p.payload ? [JSON.parse(p.payload) as NoteWrite] : []));
    const found = new Map<string, string>();
    for (let i = 0; i < writes.length; i += MARKERS_PER_QUERY) {
        const slice = writes.slice(i, i + MARKERS_PER_QUERY).filter((w) => !w.contentNoteId);
        if (slice.length === 0) continue;
        const where = slice.map((w) => `Title LIKE ${soqlLikePattern(noteMarker(w.noteId), 'contains')}`).join(' OR ');
        const rows = await services.salesforce.query<{ Id: string; Title: string }>(
            `SELECT Id, Title FROM ContentNote WHERE ${where}`,
            'Recovering interrupted note writes'
        );
        for (const row of rows) {
            const write = slice.find((w) => row.Title.includes(noteMarker(w.noteId)));
            if (write) found.set(write.key, row.Id);
        }
    }
    for (const write of writes) write.contentNoteId ??= found.get(write.key);
    const withNotes = writes.filter((w) => w.contentNoteId);
    const linked = new Set<string>();
    if (withNotes.length > 0) {
        const links = await services.salesforce.query<{ ContentDocumentId: string; LinkedEntityId: string }>(
            `SELECT ContentDocumentId, LinkedEntityId FROM ContentDocumentLink WHERE ContentDocumentId IN ${soqlList(withNotes.map((w) => w.contentNoteId!))}`,
            'Recovering interrupted note writes'
        );
        for (const w of withNotes) {
            if (
                links.some(
                    (l) =>
                        l.ContentDocumentId.slice(0, 15) === w.contentNoteId!.slice(0, 15) &&
                        l.LinkedEntityId.slice(0, 15) === w.targetId.slice(0, 15)
                )
            )
                linked.add(w.key);
        }
    }
    const complete = writes.filter((w) => linked.has(w.key));
    await services.store.items.save(
        complete.map((w) => ({
            key: w.key,
            stepName: step.name,
            hash: valueHash(w.text),
            salesforceId: w.contentNoteId!
        }))
    );
    if (complete.length > 0)
        run.note(
            `${counted(complete.length, 'note')} written before an interruption: found in Salesforce and not written again`
        );
    await writeNotes(
        run,
        writes.filter((w) => !linked.has(w.key))
    );
}
