import type { RequestHandler } from 'express';
import type { Logger } from '../logging.ts';
import type { Store } from '../store/store.ts';
import { sameSecret } from './auth.ts';
import { problem } from './problems.ts';

/**
 * POST /v1/webhooks/reply?secret=...: Reply's webhook deliveries. The secret in the subscription URL authenticates
 * the sender (Reply's v3 webhooks carry no signature we can rely on). Each event is stored (once per event.id) before
 * the 2xx answer, so a crash right after answering loses nothing.
 */
export function webhookHandler(deps: {
    secret: string;
    store: Store;
    logger: Logger;
    onStored: () => void;
}): RequestHandler {
    return async (req, res) => {
        const given = typeof req.query.secret === 'string' ? req.query.secret : '';
        if (!given || !sameSecret(given, deps.secret)) {
            problem(
                res,
                401,
                'UNAUTHORIZED',
                'Unknown webhook sender',
                'The secret in the webhook URL does not match REPLY_WEBHOOK_SECRET: register the webhooks again.'
            );
            return;
        }
        const body = req.body as { event?: { id?: unknown; type?: unknown } } | undefined;
        const id = body?.event?.id;
        const type = body?.event?.type;
        if (typeof id !== 'string' || id === '' || typeof type !== 'string' || type === '') {
            problem(
                res,
                400,
                'INVALID_EVENT',
                'Not a Reply webhook event',
                'Expected a JSON body with event.id and event.type.'
            );
            return;
        }
        const stored = await deps.store.inbox.add({ eventId: id, type, payload: JSON.stringify(body) });
        deps.logger.info({ eventId: id, type, duplicate: !stored }, 'Reply webhook received');
        if (stored) deps.onStored();
        res.json({ stored: true, duplicate: !stored });
    };
}
