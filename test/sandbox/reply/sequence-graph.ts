/**
 * Sequence steps form a graph linked by `parentId` with no order field (ref §1). These helpers derive the main
 * path once, so step numbers and "what comes next" never depend on the order steps are listed in.
 */
import type { Sequence, SequenceStep } from './types.ts';

/** Step ids from the root along the parentId links; at a branch the lowest-id child is the main path. */
export function mainPath(steps: readonly SequenceStep[]): number[] {
    const children = new Map<number | null, SequenceStep[]>();
    for (const step of steps) {
        const siblings = children.get(step.parentId);
        if (siblings) siblings.push(step);
        else children.set(step.parentId, [step]);
    }
    const order: number[] = [];
    const seen = new Set<number>();
    let parent: number | null = null;
    for (;;) {
        const next: SequenceStep | undefined = (children.get(parent) ?? []).sort((a, b) => a.id - b.id)[0];
        if (!next || seen.has(next.id)) return order;
        order.push(next.id);
        seen.add(next.id);
        parent = next.id;
    }
}

export function stepOf(sequence: Sequence, stepId: number | null): SequenceStep | undefined {
    return stepId === null ? undefined : sequence.steps.find((step) => step.id === stepId);
}

/** 1-based position on the main path; null for a step that is not on it. */
export function stepNumber(sequence: Sequence, stepId: number | null): number | null {
    if (stepId === null) return null;
    const index = sequence.stepOrder.indexOf(stepId);
    return index < 0 ? null : index + 1;
}

export function nextStepId(sequence: Sequence, stepId: number): number | null {
    const index = sequence.stepOrder.indexOf(stepId);
    return index < 0 ? null : (sequence.stepOrder[index + 1] ?? null);
}

const STEP_LABELS: Record<SequenceStep['type'], string> = {
    email: 'Email',
    linkedIn: 'LinkedIn',
    call: 'Call',
    task: 'Task'
};

export function stepDisplayName(sequence: Sequence, stepId: number | null): string | null {
    const step = stepOf(sequence, stepId);
    const number = stepNumber(sequence, stepId);
    return step && number !== null ? `Step ${number} - ${STEP_LABELS[step.type]}` : null;
}
