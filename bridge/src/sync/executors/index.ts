import type { StepKind } from '../../catalog/schema.ts';
import type { StepRun } from '../context.ts';
import { syncActivities } from './activities.ts';
import { syncNotes } from './notes.ts';
import { syncPeopleToReply } from './people-to-reply.ts';
import { syncPeopleToSalesforce } from './people-to-salesforce.ts';
import { syncInboxCategories, syncPersonStatuses } from './statuses.ts';

export type Executor = (run: StepRun) => Promise<void>;

/** One executor per family and direction; the catalog entry tells each what to read and where to write. */
export function executorFor(kind: StepKind): Executor {
    switch (kind.family) {
        case 'people':
            return kind.target.system === 'reply' ? syncPeopleToReply : syncPeopleToSalesforce;
        case 'activity':
            return syncActivities;
        case 'note':
            return syncNotes;
        case 'status':
            return kind.replySource === 'inboxCategories' ? syncInboxCategories : syncPersonStatuses;
    }
}
