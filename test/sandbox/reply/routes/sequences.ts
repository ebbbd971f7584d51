/** /v3/sequences: list, detail (steps as a parentId graph), members, bulk add, removal, statuses, start/pause/archive. */
import { Router } from 'express';
import { z } from 'zod';
import { filterMap, pageOf } from '../collections.ts';
import type { FailureDictionary } from '../ops/lists.ts';
import {
    bulkAdd,
    markInSequence,
    removeFromSequence,
    requireSequence,
    setSequenceState,
    setStatusInSequence
} from '../ops/sequences.ts';
import { invalidParameter, notFound } from '../problems.ts';
import { bulkAddSchema, sequenceContactIdsSchema, setStatusInSequenceSchema } from '../schemas.ts';
import {
    idList,
    parseBody,
    pathId,
    readOptionalBool,
    readOptionalInt,
    readOptionalString,
    readPaging
} from '../validation.ts';
import { membershipView, sequenceDetailView, sequenceSummaryView } from '../views.ts';
import { need, principalOf, query, stateOf, type RouteContext } from './common.ts';

const STATUSES = ['new', 'active', 'paused'];

export function sequenceRoutes(ctx: RouteContext): Router {
    const r = Router();
    const sequenceId = (raw: string | string[] | undefined) => pathId(raw, 'sequence.notFound', 'Sequence');

    r.get('/v3/sequences', need('sequences:read'), (req, res) => {
        const { s } = stateOf(ctx);
        const q = query(req);
        const { top, skip } = readPaging(q);
        const status = readOptionalString(q, 'status')?.toLowerCase();
        if (status !== undefined && !STATUSES.includes(status)) {
            throw invalidParameter('status', `status must be one of ${STATUSES.join(', ')}`);
        }
        const ownerUserId = readOptionalInt(q, 'ownerUserId');
        const isArchived = readOptionalBool(q, 'isArchived');
        const name = readOptionalString(q, 'name')?.toLowerCase();
        const matching = filterMap(s.sequences.values(), (sequence) =>
            (status === undefined || sequence.status === status) &&
            (ownerUserId === undefined || sequence.ownerUserId === ownerUserId) &&
            (isArchived === undefined || sequence.isArchived === isArchived) &&
            (name === undefined || sequence.name.toLowerCase().includes(name))
                ? sequenceSummaryView(sequence)
                : undefined
        );
        res.json(pageOf(matching, skip, top));
    });

    r.post('/v3/sequences/archive', need('sequences:operate'), (req, res) => {
        const { s, at } = stateOf(ctx);
        const { ids } = parseBody(z.object({ ids: idList.max(1000) }), req.body);
        const failures: FailureDictionary = {};
        for (const id of ids) {
            if (s.sequences.has(id)) setSequenceState(s, id, 'archive', at);
            else failures[id] = { error: 'notFound', errorDetails: `Sequence ${id} was not found` };
        }
        res.json(failures);
    });

    r.get('/v3/sequences/:id', need('sequences:read'), (req, res) => {
        const { s } = stateOf(ctx);
        res.json(sequenceDetailView(s, requireSequence(s, sequenceId(req.params.id))));
    });

    for (const action of ['start', 'pause', 'archive'] as const) {
        r.post(`/v3/sequences/:id/${action}`, need('sequences:operate'), (req, res) => {
            const { s, at } = stateOf(ctx);
            res.json(sequenceSummaryView(setSequenceState(s, sequenceId(req.params.id), action, at)));
        });
    }

    // Reply answers an empty 200 for a sequence that does not exist (ref §1); the count endpoint 404s.
    r.get('/v3/sequences/:id/contacts', need('sequences:read'), (req, res) => {
        const { s } = stateOf(ctx);
        const { top, skip } = readPaging(query(req));
        const id = Number(req.params.id);
        const members = Number.isInteger(id) && id > 0 ? s.memberships.forSequence(id) : [];
        const page = pageOf(
            filterMap(members, (m) => {
                const contact = s.contacts.get(m.contactId);
                return contact ? membershipView(s, m, contact) : undefined;
            }),
            skip,
            top
        );
        res.json(page);
    });

    r.get('/v3/sequences/:id/contacts/count', need('sequences:read'), (req, res) => {
        const { s } = stateOf(ctx);
        const sequence = requireSequence(s, sequenceId(req.params.id));
        res.json({ count: s.memberships.countInSequence(sequence.id) });
    });

    r.get('/v3/sequences/:id/contacts/:contactId', need('sequences:read'), (req, res) => {
        const { s } = stateOf(ctx);
        const missing = () => notFound('sequenceContact.notInSequence', 'The contact is not in this sequence');
        const id = Number(req.params.id);
        const contactId = Number(req.params.contactId);
        const membership = s.memberships.get(id, contactId);
        const contact = s.contacts.get(contactId);
        if (!membership || !contact) throw missing();
        res.json(membershipView(s, membership, contact));
    });

    // Bulk add needs sequences:operate (reply-team/reply-skills fulfilment.yaml campaign.enroll; reply-auth SKILL.md).
    r.post('/v3/sequences/:id/contact-links/bulk', need('sequences:operate'), (req, res) => {
        const { s, at } = stateOf(ctx);
        const id = sequenceId(req.params.id);
        res.json(bulkAdd(s, id, parseBody(bulkAddSchema, req.body), at));
    });

    r.delete('/v3/sequences/:id/contact-links/:contactId', need('sequences:write'), (req, res) => {
        const { s, at } = stateOf(ctx);
        removeFromSequence(s, Number(req.params.id), Number(req.params.contactId), at);
        res.status(204).end();
    });

    r.post('/v3/sequences/:id/contacts/set-status-in-sequence', need('sequences:write'), (req, res) => {
        const { s, at } = stateOf(ctx);
        const body = parseBody(setStatusInSequenceSchema, req.body);
        res.json(
            setStatusInSequence(s, sequenceId(req.params.id), body.contactIds, body.status, at, principalOf(res).userId)
        );
    });

    for (const what of ['replied', 'bounced'] as const) {
        r.post(`/v3/sequences/:id/contacts/set-${what}`, need('sequences:write'), (req, res) => {
            const { s, at } = stateOf(ctx);
            const body = parseBody(sequenceContactIdsSchema, req.body);
            res.json(markInSequence(s, sequenceId(req.params.id), body.contactIds, what, at, principalOf(res).userId));
        });
    }

    return r;
}
