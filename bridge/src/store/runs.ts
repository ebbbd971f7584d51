import type { RunRecord, RunStepRecord, RunTrigger } from '../domain/runs.ts';
import type { Db } from './db.ts';

export class RunRepository {
    constructor(private readonly db: Db) {}

    async create(run: { id: string; trigger: RunTrigger; dryRun: boolean; stepFilter: string | null }): Promise<void> {
        await this.db.run.create({ data: { ...run, status: 'queued' } });
    }

    async update(
        id: string,
        data: Partial<Pick<RunRecord, 'status' | 'message' | 'stoppedBy' | 'startedAt' | 'finishedAt'>>
    ): Promise<void> {
        await this.db.run.update({ where: { id }, data });
    }

    async saveStep(step: Omit<RunStepRecord, 'loggedToSalesforce'> & { loggedToSalesforce?: boolean }): Promise<void> {
        const { runId, stepName, ...data } = step;
        await this.db.runStep.upsert({
            where: { runId_stepName: { runId, stepName } },
            create: { runId, stepName, ...data },
            update: data
        });
    }

    async get(id: string): Promise<RunRecord | undefined> {
        const row = await this.db.run.findUnique({
            where: { id },
            include: { steps: { orderBy: { position: 'asc' } } }
        });
        return row ? (row as unknown as RunRecord) : undefined;
    }

    async list(limit: number): Promise<RunRecord[]> {
        const rows = await this.db.run.findMany({
            orderBy: { createdAt: 'desc' },
            take: limit,
            include: { steps: { orderBy: { position: 'asc' } } }
        });
        return rows as unknown as RunRecord[];
    }

    /** Runs that a crash left queued or running: they are marked failed at start-up. */
    async abandon(message: string): Promise<number> {
        const { count } = await this.db.run.updateMany({
            where: { status: { in: ['queued', 'running'] } },
            data: { status: 'failed', message, finishedAt: new Date() }
        });
        await this.db.runStep.updateMany({
            where: { status: { in: ['pending', 'running'] } },
            data: { status: 'failed', message, finishedAt: new Date(), loggedToSalesforce: false }
        });
        return count;
    }

    async unloggedSteps(limit: number): Promise<RunStepRecord[]> {
        const rows = await this.db.runStep.findMany({
            where: { loggedToSalesforce: false, run: { dryRun: false } },
            orderBy: [{ runId: 'asc' }, { position: 'asc' }],
            take: limit
        });
        return rows as RunStepRecord[];
    }

    async markStepsLogged(keys: { runId: string; stepName: string }[]): Promise<void> {
        for (const key of keys) {
            await this.db.runStep.updateMany({
                where: { runId: key.runId, stepName: key.stepName },
                data: { loggedToSalesforce: true }
            });
        }
    }
}
