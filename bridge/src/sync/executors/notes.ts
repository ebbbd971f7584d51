import { ItemKey, RecordKey, sameSalesforceId } from '../../domain/keys.ts';
import type { PersonLink } from '../../domain/links.ts';
import type { RecordErrorRow, SyncedItemRow } from '../../domain/records.ts';
import { advanceCursor, type FeedCursor } from '../../reply/feed.ts';
import type { CompositeSubrequest } from '../../salesforce/client.ts';
import { documentLinks, notesWithMarkers } from '../../salesforce/content-notes.ts';
import { ReplyBudgetDeferred, type RecordProblem, type StepRun } from '../context.ts';
import { replyPersonPasses } from '../filters.ts';
import { valueHash } from '../mapping.ts';
import { base64, noteHtml, noteMarker, noteTitle } from '../notes.ts';
import {
    FILTERED,
    contactsOfConvertedLeads,
    convertedLink,
    otherVariant,
    otherVariantSkip,
    resolvePeople,
    unlinkedProblem,
    type PersonTarget,
    type PersonTargets,
    type Variant
} from '../person-targets.ts';
import { runPipeline, type Decision, type ItemWritten, type Page, type Written } from '../pipeline.ts';
import type { Step } from '../steps.ts';
import { counted } from '../../text.ts';

/** Two subrequests per note (ContentNote, ContentDocumentLink), within Composite's 25. */
const NOTES_PER_CALL = 12;
/** Earlier failures retried per run: notes Salesforce refused, people who were not in Salesforce yet. */
const RETRY_BATCH = 500;

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

/** A page's items: the notes read (or retried), and the people whose notes are not read (and why). */
type NoteItem =
    | { kind: 'note'; write: NoteWrite; target: PersonTarget; recordKey?: string; label?: string | null }
    | { kind: 'person'; id: number; email: string | null; target: PersonTarget; recordKey: string }
    | { kind: 'filtered' };

interface NoteContext {
    step: Step;
    other: Variant;
    known: Map<string, SyncedItemRow>;
    /** Notes already tried this run (a retry and a re-read are one attempt). */
    attempted: Set<string>;
}

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
    const { services } = run;
    await recoverPending(run);
    // Notes are optional reads: at most REPLY_NOTE_READS_PER_RUN people's a run, and no more than the call budget
    // leaves above its reserve.
    const reads: NoteReads = {
        used: 0,
        allowance: Math.min(services.noteReadsPerRun, services.reply.budget.optionalRoom())
    };
    const attempted = new Set<string>();
    const other = otherVariant(run);
    await runPipeline<NoteItem, NoteContext, NoteWrite>(run, {
        retry: { limit: RETRY_BATCH, read: (rows) => retryPage(run, rows, reads) },
        pages: () => notePages(run, reads),
        context: async (page) => ({
            step: run.step,
            other,
            attempted,
            known: await services.store.items.get(
                page.items.flatMap((item) => (item.kind === 'note' ? [item.write.key] : []))
            )
        }),
        decide: decideNote,
        write: async (batch) => {
            for (const w of batch) attempted.add(w.key);
            return writeNotes(run, batch);
        }
    });
}

/** Pure. */
function decideNote(item: NoteItem, ctx: NoteContext): Decision<NoteWrite> {
    if (item.kind === 'filtered') return { do: 'skip', reason: FILTERED('person', 'people') };
    const { target } = item;
    const { recordKey } = item;
    if (target.kind === 'other')
        return {
            do: 'skip',
            reason: otherVariantSkip(ctx.other, (n) => `the notes of ${counted(n, 'person', 'people')}`),
            ...(recordKey ? { settles: recordKey } : {})
        };
    if (target.kind !== 'mine') {
        const replyContactId = item.kind === 'person' ? item.id : item.write.replyContactId;
        return {
            do: 'problem',
            problem: unlinkedProblem(ctx.step.kind.salesforceObject, target, {
                recordKey: recordKey ?? RecordKey.person(replyContactId),
                replyContactId,
                label: item.kind === 'person' ? item.email : (item.label ?? null),
                ...(item.kind === 'note' && item.recordKey ? { payload: JSON.stringify(item.write) } : {})
            })
        };
    }
    if (item.kind === 'person') return { do: 'none', settles: item.recordKey };
    const retried = Boolean(item.recordKey);
    if (!retried && (ctx.known.has(item.write.key) || ctx.attempted.has(item.write.key)))
        return { do: 'skip', reason: { code: 'UNCHANGED' } };
    return { do: 'write', write: { ...item.write, targetId: target.salesforceId }, creates: true };
}

/**
 * The change feed's people, page by page, as their notes. Reply lists notes one person at a time (ASSUMPTIONS.md
 * C18): a backfill spreads over runs, the cursor resumes after the last person read.
 */
async function* notePages(run: StepRun, reads: NoteReads): AsyncGenerator<Page<NoteItem>> {
    const { step, services, shared } = run;
    const cursor = (await services.store.cursors.get(step.name)) as FeedCursor | undefined;
    for (const page of await run.changedPeople(cursor)) {
        const targets = await resolvePeople(
            run,
            page.items.map((c) => ({ replyContactId: c.id, email: c.email }))
        );
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
        const read = await notesOfPeople(run, persons, targets);
        const filtered: NoteItem[] = taken.slice(persons.length).map(() => ({ kind: 'filtered' }));
        yield { ...read.page, items: [...filtered, ...read.page.items], links: targets.newLinks, cursor: resumeAt };
        if (limit !== -1) {
            if (reads.allowance < services.noteReadsPerRun)
                throw new ReplyBudgetDeferred(`the notes of the remaining people`, shared.usageText());
            run.note(
                `Read the notes of ${services.noteReadsPerRun} people (Reply lists notes one person at a time); the rest follow on the next run`
            );
            return;
        }
    }
}

/**
 * The notes of these people, as items. People not linked to this step's object come as person items (kept as
 * problems `person:<id>` while they are not in Salesforce, their notes read once they are).
 */
async function notesOfPeople(
    run: StepRun,
    persons: { id: number; email: string | null }[],
    targets: PersonTargets
): Promise<{ page: Omit<Page<NoteItem>, 'cursor'>; read: number[] }> {
    const items: NoteItem[] = [];
    const invalid: RecordProblem[] = [];
    const read: number[] = [];
    const gone: number[] = [];
    let count = 0;
    for (const person of persons) {
        const target = targets.get(person.id)!;
        if (target.kind !== 'mine') {
            items.push({
                kind: 'person',
                id: person.id,
                email: person.email,
                target,
                recordKey: RecordKey.person(person.id)
            });
            continue;
        }
        const notes = await run.shared.notesOf(person.id);
        if (!notes) {
            gone.push(person.id); // deleted in Reply since the feed was read
            continue;
        }
        read.push(person.id);
        count += notes.items.length;
        for (const note of notes.items) {
            const write: NoteWrite = {
                key: ItemKey.note(note.id),
                noteId: note.id,
                replyContactId: person.id,
                text: note.text,
                createdAt: note.createdAt,
                targetId: target.salesforceId
            };
            items.push({ kind: 'note', write, target });
        }
        for (const bad of notes.invalid) {
            invalid.push({
                recordKey: RecordKey.note(bad.id ?? person.id),
                replyId: String(person.id),
                code: 'REPLY_INVALID_RECORD',
                message: `Reply sent a note the bridge cannot read (${bad.reason})`
            });
        }
    }
    await run.shared.replyPeopleGone(gone);
    return { page: { items, invalid, read: count }, read };
}

/**
 * Earlier failures, first thing each run: notes Salesforce refused (written again, to where their person is linked
 * now) and people who were not in Salesforce yet (their notes read now if they are).
 */
async function retryPage(run: StepRun, rows: RecordErrorRow[], reads: NoteReads): Promise<Page<NoteItem>> {
    const people = rows.filter((r) => r.recordKey.startsWith(RecordKey.person('')) && r.replyId);
    const notes = rows.flatMap((r) =>
        r.recordKey.startsWith(RecordKey.note('')) && r.payload
            ? [{ row: r, write: JSON.parse(r.payload) as NoteWrite }]
            : []
    );
    const targets = await resolvePeople(run, [
        ...people.map((r) => ({ replyContactId: Number(r.replyId), email: r.label })),
        ...notes.map(({ write }) => ({ replyContactId: write.replyContactId, email: null }))
    ]);
    const items: NoteItem[] = notes.map(({ row, write }) => ({
        kind: 'note',
        write,
        target: targets.get(write.replyContactId)!,
        recordKey: row.recordKey,
        label: row.label
    }));
    const due: { id: number; email: string | null }[] = [];
    for (const row of people) {
        const id = Number(row.replyId);
        const target = targets.get(id)!;
        if (target.kind === 'mine' && ++reads.used > reads.allowance) continue; // their turn comes next run
        if (target.kind === 'mine') due.push({ id, email: row.label });
        else items.push({ kind: 'person', id, email: row.label, target, recordKey: row.recordKey });
    }
    const found = await notesOfPeople(run, due, targets);
    return {
        items: [...items, ...found.page.items],
        invalid: found.page.invalid ?? [],
        resolved: found.read.map((id) => RecordKey.person(id)),
        links: targets.newLinks
    };
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
async function writeNotes(run: StepRun, writes: NoteWrite[], follow = true): Promise<Written> {
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
async function recoverPending(run: StepRun): Promise<void> {
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
