/** /v3/contacts: list and exact lookup, filter, CRUD, import, statuses, notes, timeline, sequences of a contact. */
import { Router } from 'express';
import { parseTime } from '../clock.ts';
import { filterContacts, filterSchema } from '../contact-filter.ts';
import { filterMap, pageOf } from '../collections.ts';
import { addNote } from '../ops/activity.ts';
import {
    createContact,
    deleteContact,
    importContacts,
    overwriteContact,
    requireContact,
    updateContact
} from '../ops/contacts.ts';
import { startJob } from '../ops/background-jobs.ts';
import { bulkAdd } from '../ops/sequences.ts';
import { clearStatus, setOptedOut, setStatus } from '../ops/statuses.ts';
import { notFound, ReplyProblem } from '../problems.ts';
import {
    clearStatusSchema,
    createContactSchema,
    importSchema,
    moveToSequenceSchema,
    noteSchema,
    patchContactSchema,
    setOptedOutSchema,
    setStatusSchema
} from '../schemas.ts';
import type { Contact } from '../types.ts';
import { invalidParameter } from '../problems.ts';
import { parseBody, pathId, readOptionalString, readPaging } from '../validation.ts';
import { contactView, membershipView, noteView, statusesView, timelineItemView } from '../views.ts';
import { need, principalOf, query, stateOf, type RouteContext } from './common.ts';

function normalizeLinkedIn(url: string): string {
    return url
        .trim()
        .toLowerCase()
        .replace(/^https?:\/\/(www\.)?/, '')
        .replace(/\/+$/, '');
}

export function contactRoutes(ctx: RouteContext): Router {
    const r = Router();
    const contactId = (raw: string | string[] | undefined) => pathId(raw, 'contact.notFound', 'Contact');

    r.get('/v3/contacts', need('contacts:read'), (req, res) => {
        const { s } = stateOf(ctx);
        const q = query(req);
        const { top, skip } = readPaging(q);
        const email = readOptionalString(q, 'email');
        const linkedIn = readOptionalString(q, 'linkedIn');
        let source: Iterable<Contact> = s.contacts.values();
        if (email !== undefined) {
            // Exact, case-insensitive (ASSUMPTIONS C5), unlike the filter's substring searchTerm.
            const match = s.contacts.findByEmail(email);
            source = match ? [match] : [];
        } else if (linkedIn !== undefined) {
            const wanted = normalizeLinkedIn(linkedIn);
            source = filterMap(s.contacts.values(), (c) =>
                c.linkedInUrl && normalizeLinkedIn(c.linkedInUrl) === wanted ? c : undefined
            );
        }
        const page = pageOf(source, skip, top, true);
        res.json({ ...page, items: page.items.map((c) => contactView(s, c)) });
    });

    r.post('/v3/contacts/filter', need('contacts:read'), (req, res) => {
        const { s } = stateOf(ctx);
        const { top, skip } = readPaging(query(req));
        const filter = parseBody(filterSchema, req.body);
        const page = pageOf(filterContacts(s, filter), skip, top, true);
        res.json({
            items: page.items.map((c) => contactView(s, c)),
            hasMore: page.hasMore,
            totalCount: page.totalCount
        });
    });

    // A large import answers 202 + Location with a background job (docs.reply.io/api-reference/introduction; SK
    // fulfilment.yaml "a large import returns a background job"); the size is the backgroundImportsAbove switch.
    r.post('/v3/contacts/import', need('contacts:write'), (req, res) => {
        const { s, at } = stateOf(ctx);
        const body = parseBody(importSchema, req.body);
        const userId = principalOf(res).userId;
        const result = importContacts(s, body.items, body.options, userId, at);
        if (body.items.length <= s.capabilities.get().backgroundImportsAbove) {
            res.json(result);
            return;
        }
        const { items: _perItem, ...counts } = result;
        const job = startJob(s, 'contacts-import', { items: body.items.length }, counts, userId, at);
        res.status(202).location(`/v3/background-jobs/${job.jobId}`).end();
    });

    r.post('/v3/contacts/set-status', need('contacts:write'), (req, res) => {
        const { s, at } = stateOf(ctx);
        const body = parseBody(setStatusSchema, req.body);
        res.json(setStatus(s, body.contactIds, body.status, body.sequenceId, at, principalOf(res).userId));
    });

    r.post('/v3/contacts/clear-status', need('contacts:write'), (req, res) => {
        const { s, at } = stateOf(ctx);
        const body = parseBody(clearStatusSchema, req.body);
        res.json(clearStatus(s, body.contactIds, body.statuses, body.sequenceId, at, principalOf(res).userId));
    });

    r.post('/v3/contacts/set-opted-out', need('contacts:write'), (req, res) => {
        const { s, at } = stateOf(ctx);
        const body = parseBody(setOptedOutSchema, req.body);
        res.json(setOptedOut(s, body.contactIds, body.isOptedOut, at, principalOf(res).userId));
    });

    // Reply's observed quirk: POST with an existing email overwrites that contact and blanks what was not sent.
    r.post('/v3/contacts', need('contacts:write'), (req, res) => {
        const { s, at } = stateOf(ctx);
        const input = parseBody(createContactSchema, req.body);
        const existing = input.email ? s.contacts.findByEmail(input.email) : undefined;
        if (existing) {
            res.status(200).json(contactView(s, overwriteContact(s, existing, input, at)));
            return;
        }
        res.status(201).json(contactView(s, createContact(s, input, principalOf(res).userId, at)));
    });

    r.get('/v3/contacts/:id', need('contacts:read'), (req, res) => {
        const { s } = stateOf(ctx);
        res.json(contactView(s, requireContact(s, contactId(req.params.id))));
    });

    r.patch('/v3/contacts/:id', need('contacts:write'), (req, res) => {
        const { s, at } = stateOf(ctx);
        const contact = requireContact(s, contactId(req.params.id));
        const input = parseBody(patchContactSchema, req.body);
        updateContact(s, contact, input, at);
        if (input.isOptedOut !== undefined && input.isOptedOut !== contact.isOptedOut) {
            setOptedOut(s, [contact.id], input.isOptedOut, at, principalOf(res).userId);
        }
        res.json(contactView(s, contact));
    });

    r.delete('/v3/contacts/:id', need('contacts:write'), (req, res) => {
        const { s } = stateOf(ctx);
        deleteContact(s, contactId(req.params.id));
        res.status(204).end();
    });

    r.get('/v3/contacts/:id/statuses', need('contacts:read'), (req, res) => {
        const { s } = stateOf(ctx);
        res.json(statusesView(s, requireContact(s, contactId(req.params.id))));
    });

    // No read of notes is published (only "Add a note to a contact"): the notesRead switch turns it off.
    r.get('/v3/contacts/:id/notes', need('contacts:read'), (req, res) => {
        const { s } = stateOf(ctx);
        if (!s.capabilities.get().notesRead) throw notFound('route.notFound', `No endpoint GET ${req.path}`);
        const contact = requireContact(s, contactId(req.params.id));
        const { top, skip } = readPaging(query(req));
        const page = pageOf(s.activity.notesOf(contact.id), skip, top);
        res.json({ items: page.items.map(noteView), hasMore: page.hasMore });
    });

    // "Add a note to a contact" needs contacts:operate (reply-team/reply-skills mapping-09-conversations.md).
    r.post('/v3/contacts/:id/notes', need('contacts:operate'), (req, res) => {
        const { s, at } = stateOf(ctx);
        const contact = requireContact(s, contactId(req.params.id));
        const { notes } = parseBody(noteSchema, req.body);
        res.status(201).json(noteView(addNote(s, contact, notes, principalOf(res).userId, at)));
    });

    r.get('/v3/contacts/:id/activities', need('contacts:read'), (req, res) => {
        const { s } = stateOf(ctx);
        const contact = requireContact(s, contactId(req.params.id));
        const q = query(req);
        const { top, skip } = readPaging(q);
        const from = readTime(q, 'from');
        const to = readTime(q, 'to');
        const type = readOptionalString(q, 'type');
        const items = s.activity
            .timelineOf(contact.id)
            .filter((a) => (from === undefined || a.occurredAt >= from) && (to === undefined || a.occurredAt < to))
            .map((a) => timelineItemView(s, a))
            .filter((item) => type === undefined || item.type === type);
        const page = pageOf(items, skip, top);
        res.json({ items: page.items, hasMore: page.hasMore });
    });

    r.get('/v3/contacts/:id/sequences', need('contacts:read'), (req, res) => {
        const { s } = stateOf(ctx);
        const contact = requireContact(s, contactId(req.params.id));
        const items = s.memberships.forContact(contact.id).map((m) => ({
            ...membershipView(s, m, contact),
            sequenceName: s.sequences.get(m.sequenceId)?.name ?? null
        }));
        res.json({ items, hasMore: false });
    });

    // Pushing to a sequence is an operate action (reply-team/reply-skills reply-auth SKILL.md, fulfilment.yaml).
    r.post('/v3/contacts/:id/move-to-sequence', need('sequences:operate'), (req, res) => {
        const { s, at } = stateOf(ctx);
        const contact = requireContact(s, contactId(req.params.id));
        const body = parseBody(moveToSequenceSchema, req.body);
        const result = bulkAdd(
            s,
            body.sequenceId,
            { contactIds: [contact.id], removeFromExisting: body.removeFromExisting, ignoreStepDelay: false },
            at
        );
        const failure = result.notProcessed[contact.id];
        if (failure) throw new ReplyProblem(400, 'sequenceContact.invalidInput', failure.errorDetails);
        res.json({});
    });

    return r;
}

function readTime(q: Record<string, unknown>, name: string): number | undefined {
    const raw = readOptionalString(q, name);
    if (raw === undefined || raw === '') return undefined;
    const ms = parseTime(raw);
    if (Number.isNaN(ms)) throw invalidParameter(name, `${name} must be an ISO-8601 date-time`);
    return ms;
}
