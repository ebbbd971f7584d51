/**
 * /v3/contact-lists: list CRUD (C10) and adding members with a failure dictionary
 * (docs.reply.io/api-reference/contact-lists/add-contacts-to-a-contact-list). Nothing takes a person off a list: no
 * such endpoint is published (reply-team/reply-skills mapping-03-audiences.md), so none is served.
 */
import { Router } from 'express';
import { filterMap, pageOf } from '../collections.ts';
import { addToList, createList, deleteList, requireList } from '../ops/lists.ts';
import { contactIdsSchema, contactListSchema } from '../schemas.ts';
import { UNPUBLISHED_PAGE_CAP, parseBody, pathId, readPaging } from '../validation.ts';
import { contactView, listView } from '../views.ts';
import { need, principalOf, query, stateOf, type RouteContext } from './common.ts';

export function contactListRoutes(ctx: RouteContext): Router {
    const r = Router();
    const listId = (raw: string | string[] | undefined) => pathId(raw, 'contactList.notFound', 'Contact list');

    r.get('/v3/contact-lists', need('contacts:read'), (req, res) => {
        const { s } = stateOf(ctx);
        const { top, skip } = readPaging(query(req), { cap: UNPUBLISHED_PAGE_CAP });
        const page = pageOf(s.lists.values(), skip, top);
        res.json({ items: page.items.map(listView), hasMore: page.hasMore });
    });

    r.post('/v3/contact-lists', need('contacts:write'), (req, res) => {
        const { s, at } = stateOf(ctx);
        res.status(201).json(
            listView(createList(s, parseBody(contactListSchema, req.body), principalOf(res).userId, at))
        );
    });

    r.get('/v3/contact-lists/:id', need('contacts:read'), (req, res) => {
        const { s } = stateOf(ctx);
        res.json(listView(requireList(s, listId(req.params.id))));
    });

    r.delete('/v3/contact-lists/:id', need('contacts:write'), (req, res) => {
        const { s, at } = stateOf(ctx);
        deleteList(s, listId(req.params.id), at);
        res.status(204).end();
    });

    r.get('/v3/contact-lists/:id/contacts', need('contacts:read'), (req, res) => {
        const { s } = stateOf(ctx);
        const list = requireList(s, listId(req.params.id));
        const { top, skip } = readPaging(query(req));
        const ids = [...list.members].sort((a, b) => a - b);
        const page = pageOf(
            filterMap(ids, (id) => s.contacts.get(id)),
            skip,
            top,
            true
        );
        res.json({ ...page, items: page.items.map((c) => contactView(s, c)) });
    });

    r.post('/v3/contact-lists/:id/add-contacts', need('contacts:write'), (req, res) => {
        const { s, at } = stateOf(ctx);
        const { contactIds } = parseBody(contactIdsSchema, req.body);
        res.json(addToList(s, listId(req.params.id), contactIds, at));
    });

    return r;
}
