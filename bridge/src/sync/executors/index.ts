import type { StepKind } from '../../catalog/schema.ts';
import { StepConfigError } from '../../errors.ts';
import type { StepRun } from '../context.ts';
import { syncPeopleToReply } from './people-to-reply.ts';
import { syncPeopleToSalesforce } from './people-to-salesforce.ts';

export type Executor = (run: StepRun) => Promise<void>;

/** One executor per family and direction; the catalog entry tells each what to read and where to write. */
export function executorFor(kind: StepKind): Executor {
    if (kind.family === 'people') return kind.target.system === 'reply' ? syncPeopleToReply : syncPeopleToSalesforce;
    return async () => {
        throw new StepConfigError(
            `${kind.label}: this kind of step is not available in this version of the bridge yet`
        );
    };
}
