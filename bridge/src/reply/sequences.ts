import type { ReplyHttp } from './http.ts';
import { allItems } from './paging.ts';
import {
    bulkAddResultSchema,
    parseItems,
    parseReply,
    sequenceDetailSchema,
    sequenceSummarySchema,
    type ReplySequenceStep
} from './schemas.ts';

export interface SequenceSummary {
    id: number;
    name: string;
    status: string;
    ownerUserId: number | null;
    isArchived: boolean;
}

/** Reply returns a sequence's steps as a graph (each step names its parent); this is their execution order. Pure. */
export function orderSteps(steps: ReplySequenceStep[]): ReplySequenceStep[] {
    const byParent = new Map<number | null, ReplySequenceStep[]>();
    for (const step of steps) {
        const siblings = byParent.get(step.parentId) ?? [];
        siblings.push(step);
        byParent.set(step.parentId, siblings);
    }
    const ids = new Set(steps.map((s) => s.id));
    const roots = steps.filter((s) => s.parentId === null || !ids.has(s.parentId));
    const ordered: ReplySequenceStep[] = [];
    const seen = new Set<number>();
    const queue = [...roots].sort((a, b) => a.id - b.id);
    while (queue.length > 0) {
        const step = queue.shift()!;
        if (seen.has(step.id)) continue;
        seen.add(step.id);
        ordered.push(step);
        queue.push(...(byParent.get(step.id) ?? []).sort((a, b) => a.id - b.id));
    }
    return ordered;
}

export class SequencesApi {
    constructor(private readonly http: ReplyHttp) {}

    async list(): Promise<SequenceSummary[]> {
        const raw = await allItems(
            (top, skip) => this.http.get('/v3/sequences', { top, skip, isArchived: false }),
            'Reply sequences',
            1000
        );
        return parseItems(sequenceSummarySchema, raw).items;
    }

    async steps(sequenceId: number): Promise<ReplySequenceStep[]> {
        const detail = parseReply(
            sequenceDetailSchema,
            await this.http.get(`/v3/sequences/${sequenceId}`),
            `Reply sequence ${sequenceId}`
        );
        return orderSteps(detail.steps);
    }

    /**
     * Pushes contacts into a sequence at a step. Reply answers per contact; its refusals come back as a generic
     * `invalidInput` (opted out, limits, ...), and a contact already in the sequence is moved forward only.
     */
    async addContacts(
        sequenceId: number,
        contactIds: number[],
        options: { startStepId: number | null; ignoreStepDelay: boolean }
    ): Promise<{ added: number[]; notProcessed: Map<number, string> }> {
        const result = parseReply(
            bulkAddResultSchema,
            await this.http.post(`/v3/sequences/${sequenceId}/contact-links/bulk`, {
                contactIds,
                removeFromExisting: false,
                ignoreStepDelay: options.ignoreStepDelay,
                ...(options.startStepId === null ? {} : { startStepId: options.startStepId })
            }),
            `Adding contacts to Reply sequence ${sequenceId}`
        );
        return {
            added: result.added,
            notProcessed: new Map(
                Object.entries(result.notProcessed).map(([id, failure]) => [Number(id), String(failure.error)])
            )
        };
    }
}
