import type { CursorValue } from '../domain/cursors.ts';
import type { Db } from './db.ts';

/** Where each step resumes. */
export class CursorRepository {
    constructor(private readonly db: Db) {}

    async get(stepName: string): Promise<CursorValue | undefined> {
        const row = await this.db.stepCursor.findUnique({ where: { stepName } });
        return row ? (JSON.parse(row.value) as CursorValue) : undefined;
    }

    async set(stepName: string, value: CursorValue): Promise<void> {
        const json = JSON.stringify(value);
        await this.db.stepCursor.upsert({
            where: { stepName },
            create: { stepName, value: json },
            update: { value: json }
        });
    }

    async reset(stepName: string): Promise<void> {
        await this.db.stepCursor.deleteMany({ where: { stepName } });
    }
}
