import BUTTON from '@salesforce/label/c.Reply_Sync_Now_Button';
import DISABLED from '@salesforce/label/c.Reply_Sync_Now_Disabled';
import ALL_STEPS from '@salesforce/label/c.Reply_Sync_Now_All_Steps';
import STARTING from '@salesforce/label/c.Reply_Sync_Now_Starting';
import RUNNING from '@salesforce/label/c.Reply_Sync_Now_Running';
import CURRENT from '@salesforce/label/c.Reply_Sync_Now_Current';
import QUEUED from '@salesforce/label/c.Reply_Sync_Now_Queued';
import JOINED from '@salesforce/label/c.Reply_Sync_Now_Joined';
import SUCCEEDED from '@salesforce/label/c.Reply_Sync_Now_Succeeded';
import PARTIAL from '@salesforce/label/c.Reply_Sync_Now_Partial';
import FAILED from '@salesforce/label/c.Reply_Sync_Now_Failed';
import TOTALS from '@salesforce/label/c.Reply_Sync_Now_Totals';
import ERROR from '@salesforce/label/c.Reply_Sync_Now_Error';
import PROGRESS from '@salesforce/label/c.Reply_Sync_Now_Progress';
import DISMISS from '@salesforce/label/c.Reply_Sync_Dismiss';

import UNREACHABLE from '@salesforce/label/c.Reply_Sync_Sync_Unreachable';
import STEP_RESULT from '@salesforce/label/c.Reply_Sync_Sync_Step_Result';
import STATUS_SUCCEEDED from '@salesforce/label/c.Reply_Sync_Status_Succeeded';
import STATUS_PARTIAL from '@salesforce/label/c.Reply_Sync_Status_Partial';
import STATUS_FAILED from '@salesforce/label/c.Reply_Sync_Status_Failed';
import STATUS_PAUSED from '@salesforce/label/c.Reply_Sync_Status_Paused';
import STATUS_SKIPPED from '@salesforce/label/c.Reply_Sync_Status_Skipped';

export default {
    UNREACHABLE,
    STEP_RESULT,
    STATUS_SUCCEEDED,
    STATUS_PARTIAL,
    STATUS_FAILED,
    STATUS_PAUSED,
    STATUS_SKIPPED,
    BUTTON,
    DISABLED,
    ALL_STEPS,
    STARTING,
    RUNNING,
    CURRENT,
    QUEUED,
    JOINED,
    SUCCEEDED,
    PARTIAL,
    FAILED,
    TOTALS,
    ERROR,
    PROGRESS,
    DISMISS
};
