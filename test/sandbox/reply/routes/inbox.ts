/** /v3/inbox: threads (newest first), the `from` filter (strictly after, C16), messages, categories (C17). */
import { Router } from 'express';
import { z } from 'zod';
import { filterMap, pageOf } from '../collections.ts';
import { assignCategory, requireThread } from '../ops/activity.ts';
import { createCategory, deleteCategory, requireCategory, updateCategory } from '../ops/inbox.ts';
import { invalidField } from '../problems.ts';
import { assignCategorySchema, categorySchema } from '../schemas.ts';
import type { InboxThread } from '../types.ts';
import { isoDate, parseBody, pathId, positiveId, readOptionalInt, readPaging } from '../validation.ts';
import { categoryView, messageView, threadView } from '../views.ts';
import { need, principalOf, query, stateOf, type RouteContext } from './common.ts';

const threadFilterSchema = z.object({
    contactIds: z.array(positiveId).nullable().optional(),
    sequenceIds: z.array(positiveId).nullable().optional(),
    source: z.enum(['inbox', 'sent', 'unread', 'aiDraft']).nullable().optional(),
    from: isoDate.nullable().optional()
});

/** inbox: the prospect has written; sent: the last word is ours; unread: not read; aiDraft: none in the sandbox. */
function inSource(thread: InboxThread, source: string | null | undefined): boolean {
    switch (source) {
        case 'inbox':
            return thread.messages.some((m) => !m.isOutbound);
        case 'sent':
            return thread.messages[thread.messages.length - 1]?.isOutbound === true;
        case 'unread':
            return !thread.isRead;
        case 'aiDraft':
            return false;
        default:
            return true;
    }
}

export function inboxRoutes(ctx: RouteContext): Router {
    const r = Router();
    const threadId = (raw: string | string[] | undefined) => pathId(raw, 'inboxThread.notFound', 'Inbox thread');
    const categoryId = (raw: string | string[] | undefined) => pathId(raw, 'inboxCategory.notFound', 'Inbox category');

    r.get('/v3/inbox/threads/categories', need('inbox:read'), (req, res) => {
        const { s } = stateOf(ctx);
        const ownerUserId = readOptionalInt(query(req), 'ownerUserId');
        res.json([...s.inbox.categories.values()].map((c) => categoryView(s, c, ownerUserId)));
    });

    r.post('/v3/inbox/threads/categories', need('inbox:write'), (req, res) => {
        const { s } = stateOf(ctx);
        res.status(201).json(categoryView(s, createCategory(s, parseBody(categorySchema, req.body))));
    });

    r.get('/v3/inbox/threads/categories/:id', need('inbox:read'), (req, res) => {
        const { s } = stateOf(ctx);
        res.json(categoryView(s, requireCategory(s, categoryId(req.params.id))));
    });

    r.put('/v3/inbox/threads/categories/:id', need('inbox:write'), (req, res) => {
        const { s } = stateOf(ctx);
        res.json(categoryView(s, updateCategory(s, categoryId(req.params.id), parseBody(categorySchema, req.body))));
    });

    r.delete('/v3/inbox/threads/categories/:id', need('inbox:write'), (req, res) => {
        const { s } = stateOf(ctx);
        deleteCategory(s, categoryId(req.params.id));
        res.status(204).end();
    });

    r.get('/v3/inbox/threads', need('inbox:read'), (req, res) => {
        const { s } = stateOf(ctx);
        const { top, skip } = readPaging(query(req));
        const page = pageOf(s.inbox.newestFirst(), skip, top, true);
        res.json({ ...page, items: page.items.map((t) => threadView(s, t)) });
    });

    r.post('/v3/inbox/threads/filter', need('inbox:read'), (req, res) => {
        const { s } = stateOf(ctx);
        const { top, skip } = readPaging(query(req));
        const f = parseBody(threadFilterSchema, req.body);
        if (f.contactIds && f.sequenceIds)
            throw invalidField('/sequenceIds', 'give contactIds or sequenceIds, not both');
        const contacts = f.contactIds ? new Set(f.contactIds) : undefined;
        const sequences = f.sequenceIds ? new Set(f.sequenceIds) : undefined;
        const matching = filterMap(s.inbox.newestFirst(f.from ?? undefined), (thread) =>
            (!contacts || contacts.has(thread.contactId)) &&
            (!sequences || (thread.sequenceId !== null && sequences.has(thread.sequenceId))) &&
            inSource(thread, f.source)
                ? thread
                : undefined
        );
        const page = pageOf(matching, skip, top, true);
        res.json({ ...page, items: page.items.map((t) => threadView(s, t)) });
    });

    r.get('/v3/inbox/threads/:id', need('inbox:read'), (req, res) => {
        const { s } = stateOf(ctx);
        res.json(threadView(s, requireThread(s, threadId(req.params.id)), true));
    });

    r.get('/v3/inbox/threads/:id/messages', need('inbox:read'), (req, res) => {
        const { s } = stateOf(ctx);
        const thread = requireThread(s, threadId(req.params.id));
        const { top, skip } = readPaging(query(req));
        const page = pageOf(thread.messages, skip, top);
        res.json({ items: page.items.map(messageView), hasMore: page.hasMore });
    });

    r.put('/v3/inbox/threads/:id/category', need('inbox:write'), (req, res) => {
        const { s, at } = stateOf(ctx);
        const thread = requireThread(s, threadId(req.params.id));
        const { categoryId: id } = parseBody(assignCategorySchema, req.body);
        assignCategory(s, thread, id, at, principalOf(res).userId);
        res.json({});
    });

    return r;
}
