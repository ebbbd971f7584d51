import { ConfigError } from '../errors.ts';
import type { ReplyClient } from '../reply/client.ts';
import type { SalesforceClient } from '../salesforce/client.ts';
import { readOrg } from '../salesforce/org.ts';
import type { Catalog } from '../catalog/schema.ts';
import { selectSteps } from '../sync/steps.ts';
import { eventsFor } from '../sync/webhook-events.ts';

/** The URL Reply posts to: the bridge's public address with the webhook secret. */
export function webhookUrl(publicUrl: string, secret: string): string {
    return `${publicUrl}/v1/webhooks/reply?secret=${encodeURIComponent(secret)}`;
}

/**
 * `reply-sync webhooks register`: subscribes the bridge to the Reply events its active steps feed on, one
 * subscription per event type (Reply's rule), leaving existing identical subscriptions alone.
 */
export async function registerWebhooks(options: {
    salesforce: SalesforceClient;
    reply: ReplyClient;
    catalog: Catalog;
    publicUrl: string | undefined;
    secret: string | undefined;
}): Promise<{ created: string[]; existing: string[]; personal: string[] }> {
    if (!options.publicUrl)
        throw new ConfigError(
            'WEBHOOK_URL_MISSING',
            'BRIDGE_PUBLIC_URL is not set: the address at which Reply can reach this bridge'
        );
    if (!options.secret)
        throw new ConfigError(
            'WEBHOOK_SECRET_MISSING',
            'REPLY_WEBHOOK_SECRET is not set: at least 24 random characters (openssl rand -hex 24)'
        );
    const org = await readOrg(options.salesforce);
    const sources = selectSteps(org.steps, org.setting?.Profile__c ?? 'Default', options.catalog)
        .filter((p) => p.ok)
        .map((p) => (p.ok ? p.step.kind.replySource : undefined))
        .filter((s): s is NonNullable<typeof s> => s !== undefined);
    const url = webhookUrl(options.publicUrl, options.secret);
    const current = await options.reply.webhooks.list();
    const created: string[] = [];
    const existing: string[] = [];
    /** Made Personal because Reply refused Team scope for this key. */
    const personal: string[] = [];
    for (const eventType of eventsFor(sources)) {
        if (current.some((w) => w.eventType === eventType && w.url === url)) {
            existing.push(eventType);
            continue;
        }
        const subscription = await options.reply.webhooks.create(eventType, url);
        created.push(eventType);
        if (subscription.teamRefused) personal.push(eventType);
    }
    return { created, existing, personal };
}
