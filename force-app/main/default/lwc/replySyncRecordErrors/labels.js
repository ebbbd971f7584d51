import TITLE from '@salesforce/label/c.Reply_Sync_Errors_Title';
import SHOW_RESOLVED from '@salesforce/label/c.Reply_Sync_Errors_Show_Resolved';
import LOADING from '@salesforce/label/c.Reply_Sync_Errors_Loading';
import EMPTY from '@salesforce/label/c.Reply_Sync_Errors_Empty';
import FAILED from '@salesforce/label/c.Reply_Sync_Errors_Failed';
import RECORD from '@salesforce/label/c.Reply_Sync_Errors_Record';
import STEP from '@salesforce/label/c.Reply_Sync_Logs_Step';
import REASON from '@salesforce/label/c.Reply_Sync_Errors_Reason';
import ATTEMPTS from '@salesforce/label/c.Reply_Sync_Errors_Attempts';
import GAVE_UP from '@salesforce/label/c.Reply_Sync_Errors_Gave_Up';
import RESOLVED from '@salesforce/label/c.Reply_Sync_Errors_Resolved';
import LAST_SEEN from '@salesforce/label/c.Reply_Sync_Errors_Last_Seen';
import HINT from '@salesforce/label/c.Reply_Sync_Errors_Hint';
import REFRESH from '@salesforce/label/c.Reply_Sync_Logs_Refresh';

import STATE from '@salesforce/label/c.Reply_Sync_Errors_State';
import OPEN from '@salesforce/label/c.Reply_Sync_Errors_Open';
import STEP_GONE from '@salesforce/label/c.Reply_Sync_Errors_Step_Gone';
import REASON_WITH_CODE from '@salesforce/label/c.Reply_Sync_Errors_Reason_With_Code';

export default {
    STATE,
    OPEN,
    STEP_GONE,
    REASON_WITH_CODE,
    TITLE,
    SHOW_RESOLVED,
    LOADING,
    EMPTY,
    FAILED,
    RECORD,
    STEP,
    REASON,
    ATTEMPTS,
    GAVE_UP,
    RESOLVED,
    LAST_SEEN,
    HINT,
    REFRESH
};
