import type { ReplyHttp } from './http.ts';
import { listSchema, parseReply, webhookSchema, type ReplyWebhook } from './schemas.ts';

export class WebhooksApi {
    constructor(private readonly http: ReplyHttp) {}

    async list(): Promise<ReplyWebhook[]> {
        return parseReply(listSchema(webhookSchema), await this.http.get('/v3/webhooks'), 'Reply webhooks');
    }

    /** One subscription per event type (documented, reply-api.md §5). */
    async create(eventType: string, url: string): Promise<ReplyWebhook> {
        return parseReply(
            webhookSchema,
            await this.http.post('/v3/webhooks', {
                eventType,
                url,
                scope: 'Team',
                enabled: true,
                payloadConfig: { includeProspectCustomFields: false }
            }),
            `Reply webhook for ${eventType}`
        );
    }

    async remove(id: number): Promise<void> {
        await this.http.delete(`/v3/webhooks/${id}`);
    }
}
