import { ItemKey, RecordKey } from '../../domain/keys.ts';
import type { RecordErrorRow, SyncedItemRow } from '../../domain/records.ts';
import { advanceCursor, type FeedCursor } from '../../reply/feed.ts';
import { ReplyBudgetDeferred, type RecordProblem, type StepRun } from '../context.ts';
import { replyPersonPasses } from '../filters.ts';
import {
    FILTERED,
    otherVariant,
    otherVariantSkip,
    resolvePeople,
    unlinkedProblem,
    type PersonTarget,
    type PersonTargets,
    type Variant
} from '../person-targets.ts';
import { runPipeline, type Decision, type Page } from '../pipeline.ts';
import type { Step } from '../steps.ts';
import { counted } from '../../text.ts';
import { recoverPending, writeNotes, type NoteWrite } from '../note-writer.ts';

/** Earlier failures retried per run: notes Salesforce refused, people who were not in Salesforce yet. */
const RETRY_BATCH = 500;

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
            // The other variant's people: never counted here (their notes are that step's), said when it is off.
            reason: {
                ...otherVariantSkip(ctx.other, (n) => `the notes of ${counted(n, 'person', 'people')}`),
                uncounted: true
            },
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
    for await (const page of run.changedPeople(cursor)) {
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
