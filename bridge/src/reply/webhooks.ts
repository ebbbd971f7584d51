import { ReplyApiError } from './errors.ts';
import type { ReplyHttp } from './http.ts';
import { listSchema, parseReply, webhookSchema, type ReplyWebhook } from './schemas.ts';

export class WebhooksApi {
    constructor(private readonly http: ReplyHttp) {}

    async list(): Promise<ReplyWebhook[]> {
        return parseReply(listSchema(webhookSchema), await this.http.get('/v3/webhooks'), 'Reply webhooks');
    }

    /**
     * One subscription per event type (docs.reply.io create-a-webhook-subscription), Team scope so everyone's events
     * arrive. "Team requires the current user to be the team owner for private teams": when Reply refuses Team, the
     * subscription is made Personal (this user's events only) and `teamRefused` says so.
     */
    async create(eventType: string, url: string): Promise<ReplyWebhook & { teamRefused: boolean }> {
        const body = (scope: 'Team' | 'Personal') => ({
            eventType,
            url,
            scope,
            enabled: true,
            payloadConfig: { includeProspectCustomFields: false }
        });
        const what = `Reply webhook for ${eventType}`;
        try {
            return {
                ...parseReply(webhookSchema, await this.http.post('/v3/webhooks', body('Team')), what),
                teamRefused: false
            };
        } catch (error) {
            if (!(error instanceof ReplyApiError) || error.status !== 403) throw error;
            if ((error.details as { replyCode?: string } | undefined)?.replyCode === 'insufficient_scope') throw error;
            return {
                ...parseReply(webhookSchema, await this.http.post('/v3/webhooks', body('Personal')), what),
                teamRefused: true
            };
        }
    }

    async remove(id: number): Promise<void> {
        await this.http.delete(`/v3/webhooks/${id}`);
    }
}
