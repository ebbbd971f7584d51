/** /v3/webhooks: subscriptions (C19) and the event catalog (ref §5). */
import { Router } from 'express';
import { pageOf } from '../collections.ts';
import {
    createWebhook,
    deleteWebhook,
    replaceWebhook,
    requireWebhook,
    setWebhookEnabled
} from '../ops/webhook-subscriptions.ts';
import { webhookSchema } from '../schemas.ts';
import { WEBHOOK_EVENT_TYPES } from '../types.ts';
import { UNPUBLISHED_PAGE_CAP, parseBody, pathId, readPaging } from '../validation.ts';
import { webhookView } from '../views.ts';
import { need, principalOf, query, stateOf, type RouteContext } from './common.ts';

const DESCRIPTIONS: Record<string, string> = {
    email_sent: 'An email was sent to a contact',
    email_opened: 'A contact opened an email',
    email_link_clicked: 'A contact clicked a link in an email',
    email_replied: 'A contact replied for the first time, or was marked as replied',
    reply_categorized: 'An email reply got an inbox category',
    email_bounced: 'An email bounced',
    email_auto_reply: 'An automatic reply (e.g. out of office) arrived',
    email_account_connection_lost: 'An email account lost its connection',
    email_account_error: 'An email account reported an error',
    linkedin_connection_request_sent: 'A LinkedIn connection request was sent',
    linkedin_connection_request_accepted: 'A LinkedIn connection request was accepted',
    linkedin_message_sent: 'A LinkedIn message was sent',
    linkedin_message_replied: 'A contact replied on LinkedIn',
    linkedin_reply_categorized: 'A LinkedIn reply got an inbox category',
    linkedin_account_alerts: 'A LinkedIn account needs attention',
    contact_called: 'A call was made or logged',
    contact_finished: 'A contact finished a sequence',
    contact_opted_out: 'A contact opted out',
    autopilot_stopped: 'Autopilot stopped'
};

export function webhookRoutes(ctx: RouteContext): Router {
    const r = Router();
    const webhookId = (raw: string | string[] | undefined) => pathId(raw, 'webHook.notFound', 'Webhook subscription');

    r.get('/v3/webhooks/events', need('webhooks:read'), (_req, res) => {
        res.json(WEBHOOK_EVENT_TYPES.map((eventType) => ({ eventType, description: DESCRIPTIONS[eventType] ?? '' })));
    });

    r.get('/v3/webhooks', need('webhooks:read'), (req, res) => {
        const { s } = stateOf(ctx);
        const { top, skip } = readPaging(query(req), { cap: UNPUBLISHED_PAGE_CAP });
        const page = pageOf(s.webhooks.values(), skip, top);
        res.json({ items: page.items.map(webhookView), hasMore: page.hasMore });
    });

    r.post('/v3/webhooks', need('webhooks:write'), (req, res) => {
        const { s, at } = stateOf(ctx);
        const subscription = createWebhook(s, parseBody(webhookSchema, req.body), principalOf(res).userId, at);
        res.status(201).json(webhookView(subscription));
    });

    r.get('/v3/webhooks/:id', need('webhooks:read'), (req, res) => {
        const { s } = stateOf(ctx);
        res.json(webhookView(requireWebhook(s, webhookId(req.params.id))));
    });

    r.put('/v3/webhooks/:id', need('webhooks:write'), (req, res) => {
        const { s } = stateOf(ctx);
        res.json(
            webhookView(
                replaceWebhook(s, webhookId(req.params.id), parseBody(webhookSchema, req.body), principalOf(res).userId)
            )
        );
    });

    r.delete('/v3/webhooks/:id', need('webhooks:write'), (req, res) => {
        const { s } = stateOf(ctx);
        deleteWebhook(s, webhookId(req.params.id));
        res.status(204).end();
    });

    for (const [action, enabled] of [
        ['enable', true],
        ['disable', false]
    ] as const) {
        r.post(`/v3/webhooks/:id/${action}`, need('webhooks:operate'), (req, res) => {
            const { s } = stateOf(ctx);
            res.json(webhookView(setWebhookEnabled(s, webhookId(req.params.id), enabled)));
        });
    }

    return r;
}
