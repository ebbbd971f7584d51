/** Webhook subscriptions (C19): one eventType each; Organization scope is refused; PUT cannot toggle `enabled`. */
import { ReplyProblem, notFound } from '../problems.ts';
import { KNOWN_WEBHOOK_EVENTS, type WebhookInput } from '../schemas.ts';
import type { WorkspaceState } from '../state.ts';
import type { WebhookEventType, WebhookSubscription } from '../types.ts';

export function requireWebhook(s: WorkspaceState, id: number): WebhookSubscription {
    const subscription = s.webhooks.get(id);
    if (!subscription) throw notFound('webHook.notFound', `Webhook subscription ${id} was not found`);
    return subscription;
}

function check(input: WebhookInput): WebhookEventType {
    if (!KNOWN_WEBHOOK_EVENTS.includes(input.eventType)) {
        throw new ReplyProblem(
            400,
            'webHook.invalidEvent',
            `'${input.eventType}' is not a webhook event; see GET /v3/webhooks/events`
        );
    }
    if (input.scope === 'Organization') {
        throw new ReplyProblem(
            400,
            'webHook.organizationScopeNotImplemented',
            'Organization scope is not supported yet'
        );
    }
    return input.eventType as WebhookEventType;
}

export function createWebhook(
    s: WorkspaceState,
    input: WebhookInput,
    ownerUserId: number,
    at: number
): WebhookSubscription {
    const eventType = check(input);
    const scope = input.scope ?? 'Personal';
    // "Team requires the current user to be the team owner for private teams" (create-a-webhook-subscription); the
    // sandbox team is private. The code slug has no public source.
    if (scope === 'Team' && ownerUserId !== s.team.ownerUserId) {
        throw new ReplyProblem(
            403,
            'webHook.teamScopeForbidden',
            'Only the team owner can create Team-scope subscriptions for a private team'
        );
    }
    const subscription: WebhookSubscription = {
        id: s.nextId('webhook'),
        eventType,
        url: input.url,
        scope,
        enabled: input.enabled,
        createdAt: at,
        ownerUserId,
        payloadConfig: { ...input.payloadConfig }
    };
    s.webhooks.set(subscription.id, subscription);
    return subscription;
}

/**
 * PUT is a full replacement of everything except `enabled` (use enable/disable for that) and `scope`: "Omit scope to
 * keep the stored value" (update-a-webhook-subscription).
 */
export function replaceWebhook(
    s: WorkspaceState,
    id: number,
    input: WebhookInput,
    actingUserId: number
): WebhookSubscription {
    const subscription = requireWebhook(s, id);
    subscription.eventType = check(input);
    if (input.scope === 'Team' && subscription.scope !== 'Team' && actingUserId !== s.team.ownerUserId) {
        throw new ReplyProblem(
            403,
            'webHook.teamScopeForbidden',
            'Only the team owner can give a subscription Team scope in a private team'
        );
    }
    subscription.url = input.url;
    subscription.scope = input.scope ?? subscription.scope;
    subscription.payloadConfig = { ...input.payloadConfig };
    return subscription;
}

export function setWebhookEnabled(s: WorkspaceState, id: number, enabled: boolean): WebhookSubscription {
    const subscription = requireWebhook(s, id);
    subscription.enabled = enabled;
    return subscription;
}

export function deleteWebhook(s: WorkspaceState, id: number): void {
    requireWebhook(s, id);
    s.webhooks.delete(id);
}
