import { advanceCursor, type FeedCursor } from '../../reply/feed.ts';
import type { CompositeSubrequest } from '../../salesforce/client.ts';
import { soqlList, soqlLikePattern } from '../../salesforce/soql.ts';
import type { PersonLink } from '../../store/store.ts';
import { ReplyBudgetDeferred, type RecordProblem, type StepRun } from '../context.ts';
import { replyPersonPasses } from '../filters.ts';
import { valueHash } from '../mapping.ts';
import { base64, noteHtml, noteMarker, noteTitle } from '../notes.ts';
import { otherVariant, resolvePeople } from './shared.ts';
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

/**
 * People Notes in Reply -> Lead Notes or Contact Notes in Salesforce: each note becomes a ContentNote linked to the
 * record, both created in one Composite call. A write is marked pending in the store before it is sent, so after a
 * crash the bridge looks the note up by the marker in its title instead of creating it twice.
 */
export async function syncNotes(run: StepRun): Promise<void> {
    const { step, services, shared } = run;
    await recoverPending(run);

    const cursor = (await services.store.cursors.get(step.name)) as FeedCursor | undefined;
    let reads = 0;
    // Notes are optional reads: at most REPLY_NOTE_READS_PER_RUN people's a run, and no more than the call budget
    // leaves above its reserve.
    const budgetRoom = services.reply.budget.optionalRoom();
    const allowance = Math.min(services.noteReadsPerRun, budgetRoom);
    for (const page of await run.changedPeople(cursor)) {
        const targets = await resolvePeople(
            run,
            page.items.map((c) => ({ replyContactId: c.id, email: c.email }))
        );
        // Reply lists notes one person at a time (ASSUMPTIONS.md C18): a backfill spreads over runs; the cursor
        // resumes after the last person read.
        const limit = page.items.findIndex((c) => targets.get(c.id)?.kind === 'mine' && ++reads > allowance);
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
        const writes: NoteWrite[] = [];
        const problems: RecordProblem[] = [];
        for (const person of persons) {
            const target = targets.get(person.id)!;
            if (target.kind !== 'mine') {
                if (target.kind === 'other') otherVariant(run).count();
                continue;
            }
            const notes = await shared.notesOf(person.id);
            if (!notes) continue; // deleted in Reply since the feed was read
            run.counts.read += notes.items.length;
            const known = await services.store.items.get(notes.items.map((n) => `note-${n.id}`));
            for (const note of notes.items) {
                const key = `note-${note.id}`;
                if (known.has(key)) {
                    run.counts.skipped += 1;
                    continue;
                }
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
        const relinked = step.kind.salesforceObject === 'Lead' ? await followConvertedLeads(run, writes) : [];
        await writeNotes(run, writes);
        await run.commit({ problems, links: [...targets.newLinks, ...relinked], cursor: resumeAt });
        run.progress();
        if (limit !== -1) {
            if (allowance < services.noteReadsPerRun)
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

async function writeNotes(run: StepRun, writes: NoteWrite[]): Promise<void> {
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
        const noteOnly: {
            key: string;
            stepName: string;
            hash: string;
            salesforceId: string | null;
            payload: string;
        }[] = [];
        const failed: string[] = [];
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
            problems.push({
                recordKey: `note:${w.noteId}`,
                replyId: String(w.replyContactId),
                salesforceId: w.targetId,
                label: noteTitle(w.noteId, w.createdAt),
                code,
                message: `${noteId ? 'The note was created but could not be attached to the record' : 'Salesforce refused the note'}: ${failure?.[0]?.message ?? 'no reason given'}`
            });
            if (noteId)
                noteOnly.push({
                    key: w.key,
                    stepName: step.name,
                    hash: valueHash(w.text),
                    salesforceId: noteId,
                    payload: JSON.stringify({ ...w, contentNoteId: noteId })
                });
            else failed.push(w.key);
        });
        await services.store.transaction(async (tx) => {
            await tx.items.save(done);
            await tx.items.save(noteOnly, true);
            await tx.items.remove(failed);
            await tx.errors.resolve(
                step.name,
                done.map((d) => `note:${d.key.slice(5)}`),
                run.run.id
            );
        });
        await run.fail(problems);
    }
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
