import type { WebhookEventRow } from '../domain/records.ts';
import type { Db } from './db.ts';

/** Reply webhook deliveries, stored durably before they are processed in order. */
export class WebhookInboxRepository {
    constructor(private readonly db: Db) {}

    /** Stores an event once; returns false when an event with the same id is already stored. */
    async add(event: { eventId: string; type: string; payload: string }): Promise<boolean> {
        const existing = await this.db.webhookEvent.findUnique({ where: { eventId: event.eventId } });
        if (existing) return false;
        try {
            await this.db.webhookEvent.create({ data: event });
            return true;
        } catch (error) {
            if ((error as { code?: string }).code === 'P2002') return false; // a concurrent delivery of the same event
            throw error;
        }
    }

    async unprocessed(limit: number): Promise<WebhookEventRow[]> {
        return this.db.webhookEvent.findMany({ where: { processedAt: null }, orderBy: { seq: 'asc' }, take: limit });
    }

    async markProcessed(seqs: number[]): Promise<void> {
        await this.db.webhookEvent.updateMany({ where: { seq: { in: seqs } }, data: { processedAt: new Date() } });
    }
}
