import { formatLabel } from '../platform/labels.ts';
import { soqlString } from '../platform/org.ts';
import type { ApexContext, ApexImplementation } from './context.ts';
import { ApexError } from './errors.ts';
import { apexDatetime } from './models.ts';

/** ReplyPersonActivityController: the record panel's Lead or Contact and its Reply Tasks, as the signed-in user. */
const MAX_ACTIVITIES = 50;
const OBJECTS: Record<string, string> = { '00Q': 'Lead', '003': 'Contact' };

async function getPersonActivity(context: ApexContext, { recordId }: Record<string, unknown>) {
    const objectApiName = typeof recordId === 'string' ? OBJECTS[recordId.slice(0, 3)] : undefined;
    if (!objectApiName) throw new ApexError(formatLabel(context.labels, 'Reply_Sync_Activity_Unsupported'));
    const { connection } = context.session;
    const id = soqlString(String(recordId));
    try {
        const [person] = (
            await connection.query<Record<string, string | null>>(
                `SELECT Reply_Contact_Id__c, Reply_Profile_Url__c, Reply_Status__c, Reply_Sequence__c FROM ${objectApiName} WHERE Id = ${id}`
            )
        ).records;
        const tasks = (
            await connection.query<Record<string, unknown>>(
                `SELECT Id, Subject, TaskSubtype, Status, ActivityDate, CreatedDate, Description, Reply_Activity_Id__c FROM Task WHERE WhoId = ${id} AND Reply_Activity_Id__c != null ORDER BY ActivityDate DESC NULLS LAST, CreatedDate DESC LIMIT ${MAX_ACTIVITIES}`
            )
        ).records;
        return {
            objectApiName: person ? objectApiName : null,
            replyContactId: person?.Reply_Contact_Id__c ?? null,
            replyProfileUrl: person?.Reply_Profile_Url__c ?? null,
            replyStatus: person?.Reply_Status__c ?? null,
            replySequence: person?.Reply_Sequence__c ?? null,
            activities: tasks.map((task) => ({
                id: task.Id,
                subject: task.Subject ?? null,
                subtype: task.TaskSubtype ?? null,
                status: task.Status ?? null,
                activityDate: task.ActivityDate ?? null,
                createdDate: apexDatetime(task.CreatedDate),
                description: typeof task.Description === 'string' ? abbreviate(task.Description, 500) : null,
                replyActivityId: task.Reply_Activity_Id__c ?? null
            }))
        };
    } catch (error) {
        throw new ApexError((error as Error).message);
    }
}

/** Apex's String.abbreviate. */
function abbreviate(text: string, max: number): string {
    return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

export const personActivityController: Record<string, ApexImplementation> = { getPersonActivity };
