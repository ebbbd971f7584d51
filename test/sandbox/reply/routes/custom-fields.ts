/** /v3/custom-fields: text and number fields (C8). */
import { Router } from 'express';
import { pageOf } from '../collections.ts';
import { createCustomField, deleteCustomField, requireCustomField } from '../ops/custom-fields.ts';
import { customFieldSchema } from '../schemas.ts';
import { parseBody, pathId, readPaging } from '../validation.ts';
import { customFieldView } from '../views.ts';
import { need, query, stateOf, type RouteContext } from './common.ts';

export function customFieldRoutes(ctx: RouteContext): Router {
    const r = Router();
    const fieldId = (raw: string | string[] | undefined) => pathId(raw, 'customField.notFound', 'Custom field');

    r.get('/v3/custom-fields', need('contacts:read'), (req, res) => {
        const { s } = stateOf(ctx);
        const { top, skip } = readPaging(query(req), { top: 100 });
        const page = pageOf(s.customFields.values(), skip, top);
        res.json({ items: page.items.map(customFieldView), hasMore: page.hasMore });
    });

    r.post('/v3/custom-fields', need('contacts:write'), (req, res) => {
        const { s } = stateOf(ctx);
        res.status(201).json(customFieldView(createCustomField(s, parseBody(customFieldSchema, req.body))));
    });

    r.get('/v3/custom-fields/:id', need('contacts:read'), (req, res) => {
        const { s } = stateOf(ctx);
        res.json(customFieldView(requireCustomField(s, fieldId(req.params.id))));
    });

    r.delete('/v3/custom-fields/:id', need('contacts:write'), (req, res) => {
        const { s, at } = stateOf(ctx);
        deleteCustomField(s, fieldId(req.params.id), at);
        res.status(204).end();
    });

    return r;
}
