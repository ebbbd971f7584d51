import TITLE from '@salesforce/label/c.Reply_Sync_Errors_Title';
import SHOW_RESOLVED from '@salesforce/label/c.Reply_Sync_Errors_Show_Resolved';
import LOADING from '@salesforce/label/c.Reply_Sync_Errors_Loading';
import EMPTY from '@salesforce/label/c.Reply_Sync_Errors_Empty';
import FAILED from '@salesforce/label/c.Reply_Sync_Errors_Failed';
import RECORD from '@salesforce/label/c.Reply_Sync_Errors_Record';
import STEP from '@salesforce/label/c.Reply_Sync_Logs_Step';
import CODE from '@salesforce/label/c.Reply_Sync_Errors_Code';
import REASON from '@salesforce/label/c.Reply_Sync_Errors_Reason';
import ATTEMPTS from '@salesforce/label/c.Reply_Sync_Errors_Attempts';
import GAVE_UP from '@salesforce/label/c.Reply_Sync_Errors_Gave_Up';
import RESOLVED from '@salesforce/label/c.Reply_Sync_Errors_Resolved';
import LAST_SEEN from '@salesforce/label/c.Reply_Sync_Errors_Last_Seen';
import HINT from '@salesforce/label/c.Reply_Sync_Errors_Hint';
import REFRESH from '@salesforce/label/c.Reply_Sync_Logs_Refresh';

export default {
    TITLE,
    SHOW_RESOLVED,
    LOADING,
    EMPTY,
    FAILED,
    RECORD,
    STEP,
    CODE,
    REASON,
    ATTEMPTS,
    GAVE_UP,
    RESOLVED,
    LAST_SEEN,
    HINT,
    REFRESH
};
