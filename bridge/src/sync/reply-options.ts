import type { Catalog } from '../catalog/schema.ts';
import type { ReplyClient } from '../reply/client.ts';
import { replyFields, type ReplyField } from './mapping.ts';
import { PERSON_STATUSES } from './person-status.ts';

export interface ReplyOptions {
    fields: ReplyField[];
    users: { id: number; name: string; email: string | null }[];
    sequences: {
        id: number;
        name: string;
        status: string;
        ownerUserId: number | null;
        steps: { id: number; number: number; label: string; type: string }[];
    }[];
    lists: { id: number; name: string }[];
    inboxCategories: { id: number; name: string }[];
    statuses: string[];
}

function delayText(minutes: number): string {
    if (minutes <= 0) return 'no delay';
    if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? '' : 's'} delay`;
    if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? '' : 's'} delay`;
    return `${minutes} min delay`;
}

/** What the console's Reply-side dropdowns offer (GET /v1/reply/options), read fresh from Reply. */
export async function loadReplyOptions(reply: ReplyClient, catalog: Catalog): Promise<ReplyOptions> {
    const [customFields, users, sequences, lists, inboxCategories] = await Promise.all([
        reply.customFields.list(),
        reply.team.users(),
        reply.sequences.list(),
        reply.lists.list(),
        reply.inbox.categories()
    ]);
    const withSteps = [];
    for (const sequence of sequences.filter((s) => !s.isArchived)) {
        const steps = await reply.sequences.steps(sequence.id);
        withSteps.push({
            id: sequence.id,
            name: sequence.name,
            status: sequence.status,
            ownerUserId: sequence.ownerUserId,
            steps: steps.map((step, index) => ({
                id: step.id,
                number: index + 1,
                type: step.type,
                label: `Step ${index + 1} - ${step.type} (${delayText(step.delayInMinutes)})`
            }))
        });
    }
    return {
        fields: replyFields(catalog, customFields),
        users: users.map((u) => ({
            id: u.userId,
            name: u.name ?? u.email ?? `User ${u.userId}`,
            email: u.email
        })),
        sequences: withSteps,
        lists,
        inboxCategories: inboxCategories.map((c) => ({ id: c.id, name: c.name })),
        statuses: [...PERSON_STATUSES]
    };
}

/** Keeps the options for a few minutes: the console asks often, Reply's rate limit is per user. */
export class CachedReplyOptions {
    private cached: { at: number; value: Promise<ReplyOptions> } | undefined;

    constructor(
        private readonly load: () => Promise<ReplyOptions>,
        private readonly ttlMs = 5 * 60_000,
        private readonly now: () => number = Date.now
    ) {}

    get(): Promise<ReplyOptions> {
        if (!this.cached || this.now() - this.cached.at > this.ttlMs) {
            const value = this.load();
            this.cached = { at: this.now(), value };
            value.catch(() => (this.cached = undefined));
        }
        return this.cached.value;
    }
}
