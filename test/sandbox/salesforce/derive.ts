/**
 * Values the org fills in on save: defaults, names, the fields Salesforce derives (Task.IsClosed, AccountId,
 * CompletedDateTime, IsHighPriority; Event's start, end and duration), ContentNote's preview and size, auto numbers. Returns the fields it set so
 * their checks run too.
 */
import { ItemError, noteContentRejected, requiredFieldMissing } from './errors.ts';
import { checkNoteHtml, decodeNoteContent } from './content-note.ts';
import type { FieldDef, ObjectDef, PicklistValue, Rec } from './schema.ts';

export interface DeriveContext {
    find(id: string): { def: ObjectDef; rec: Rec } | undefined;
    picklistValues(f: FieldDef): PicklistValue[];
    /** Whether the status value (TaskStatus) is a closed one. */
    taskStatusClosed(status: string): boolean;
    nextAutoNumber(def: ObjectDef, f: FieldDef): string;
    now(): number;
}

/** Defaults for a new record: owner, picklist defaults, checkbox defaults, auto numbers. */
export function applyInsertDefaults(ctx: DeriveContext, def: ObjectDef, rec: Rec, userId: string): string[] {
    const set: string[] = [];
    for (const f of def.fields) {
        if (rec[f.name] !== undefined && rec[f.name] !== null) continue;
        if (f.name === 'OwnerId' && f.defaultedOnCreate) {
            rec.OwnerId = userId;
            set.push('OwnerId');
        } else if (f.type === 'picklist' && f.defaultedOnCreate) {
            const fallback = ctx.picklistValues(f).find((v) => v.defaultValue);
            if (fallback) {
                rec[f.name] = fallback.value;
                set.push(f.name);
            }
        } else if (f.type === 'boolean' && rec[f.name] === undefined) {
            rec[f.name] = f.defaultValue ?? false;
        } else if (f.autoNumber) {
            rec[f.name] = ctx.nextAutoNumber(def, f);
        }
    }
    return set;
}

function personName(rec: Rec): string | null {
    const parts = [rec.FirstName, rec.LastName].filter((p) => typeof p === 'string' && p !== '');
    return parts.length > 0 ? parts.join(' ') : null;
}

function taskAccountId(ctx: DeriveContext, rec: Rec): string | null {
    const what = typeof rec.WhatId === 'string' ? ctx.find(rec.WhatId) : undefined;
    if (what?.def.name === 'Account') return what.rec.Id as string;
    const who = typeof rec.WhoId === 'string' ? ctx.find(rec.WhoId) : undefined;
    if (who?.def.name === 'Contact' && typeof who.rec.AccountId === 'string') return who.rec.AccountId;
    return null;
}

function plainPreview(text: string): string {
    return text.replace(/\s+/g, ' ').trim().slice(0, 255);
}

/** Derived fields for any save; throws the ContentNote body error. `previous` is undefined on insert. */
export function deriveFields(ctx: DeriveContext, def: ObjectDef, rec: Rec, previous: Rec | undefined): void {
    if (def.name === 'Lead' || def.name === 'Contact' || def.name === 'User') rec.Name = personName(rec);
    if (def.name === 'Task') {
        const closed = typeof rec.Status === 'string' && ctx.taskStatusClosed(rec.Status);
        rec.IsClosed = closed;
        if (closed && !previous?.IsClosed) rec.CompletedDateTime = ctx.now();
        if (!closed) rec.CompletedDateTime = null;
        rec.IsHighPriority = rec.Priority === 'High';
        rec.AccountId = taskAccountId(ctx, rec);
    }
    if (def.name === 'Event') {
        deriveEventTimes(rec, previous);
        rec.AccountId = taskAccountId(ctx, rec);
    }
    if (def.table === 'ContentNote') deriveNote(rec, previous);
}

const MINUTE = 60_000;

/**
 * An event's start (ActivityDateTime and StartDateTime are the same instant), its end and its duration: give the
 * start and one of duration or end, and the org fills in the other (Object Reference, Event: DurationInMinutes and
 * EndDateTime). All-day events need ActivityDate and last whole days.
 */
function deriveEventTimes(rec: Rec, previous: Rec | undefined): void {
    if (rec.IsAllDayEvent === true) {
        const day = rec.ActivityDate ?? (typeof rec.StartDateTime === 'number' ? isoDay(rec.StartDateTime) : null);
        if (typeof day !== 'string') throw requiredFieldMissing(['ActivityDate']);
        const start = Date.parse(`${day}T00:00:00Z`);
        rec.ActivityDate = day;
        rec.ActivityDateTime = start;
        rec.StartDateTime = start;
        const days = Math.max(1, Math.round(((rec.DurationInMinutes as number | null) ?? 1440) / 1440));
        rec.DurationInMinutes = days * 1440;
        rec.EndDateTime = start + days * 1440 * MINUTE - MINUTE;
        return;
    }
    const startChanged = previous !== undefined && rec.StartDateTime !== previous.StartDateTime;
    const start = startChanged ? rec.StartDateTime : (rec.ActivityDateTime ?? rec.StartDateTime);
    if (typeof start !== 'number') throw requiredFieldMissing(['ActivityDateTime']);
    rec.ActivityDateTime = start;
    rec.StartDateTime = start;
    rec.ActivityDate = isoDay(start);
    const endChanged =
        previous === undefined ? rec.DurationInMinutes == null : rec.EndDateTime !== previous.EndDateTime;
    if (endChanged && typeof rec.EndDateTime === 'number') {
        rec.DurationInMinutes = Math.round((rec.EndDateTime - start) / MINUTE);
    } else if (typeof rec.DurationInMinutes === 'number') {
        rec.EndDateTime = start + rec.DurationInMinutes * MINUTE;
    } else throw requiredFieldMissing(['DurationInMinutes']);
    if ((rec.DurationInMinutes as number) < 0) {
        throw new ItemError('FIELD_INTEGRITY_EXCEPTION', 'End Date Time: End time must be after start time', [
            'EndDateTime'
        ]);
    }
}

const isoDay = (at: number): string => new Date(at).toISOString().slice(0, 10);

function deriveNote(rec: Rec, previous: Rec | undefined): void {
    if (typeof rec.Title === 'string' && rec.Title.trim() === '') throw requiredFieldMissing(['Title']);
    rec.FileType = 'SNOTE';
    rec.FileExtension = 'snote';
    if (rec.Content === previous?.Content && previous) return;
    const content = typeof rec.Content === 'string' ? rec.Content : '';
    const html = decodeNoteContent(content);
    if (html === undefined) throw noteContentRejected();
    const checked = checkNoteHtml(html);
    if (!checked.ok) throw noteContentRejected();
    rec.Content = Buffer.from(checked.html, 'utf8').toString('base64');
    rec.ContentSize = Buffer.byteLength(checked.html, 'utf8');
    rec.TextPreview = plainPreview(checked.text) || null;
}
