import TITLE from '@salesforce/label/c.Reply_Sync_Logs_Title';
import STATUS from '@salesforce/label/c.Reply_Sync_Logs_Status';
import STEP from '@salesforce/label/c.Reply_Sync_Logs_Step';
import ALL from '@salesforce/label/c.Reply_Sync_Logs_All';
import REFRESH from '@salesforce/label/c.Reply_Sync_Logs_Refresh';
import LOADING from '@salesforce/label/c.Reply_Sync_Logs_Loading';
import EMPTY from '@salesforce/label/c.Reply_Sync_Logs_Empty';
import FAILED from '@salesforce/label/c.Reply_Sync_Logs_Failed';
import STARTED from '@salesforce/label/c.Reply_Sync_Logs_Started';
import FINISHED from '@salesforce/label/c.Reply_Sync_Logs_Finished';
import TRIGGER from '@salesforce/label/c.Reply_Sync_Logs_Trigger';
import RUN from '@salesforce/label/c.Reply_Sync_Logs_Run';
import READ from '@salesforce/label/c.Reply_Sync_Logs_Read';
import CREATED from '@salesforce/label/c.Reply_Sync_Logs_Created';
import UPDATED from '@salesforce/label/c.Reply_Sync_Logs_Updated';
import SKIPPED from '@salesforce/label/c.Reply_Sync_Logs_Skipped';
import FAILED_COUNT from '@salesforce/label/c.Reply_Sync_Logs_Failed_Count';
import MESSAGE from '@salesforce/label/c.Reply_Sync_Logs_Message';
import DRY_RUN from '@salesforce/label/c.Reply_Sync_Logs_Dry_Run';
import CAPTION from '@salesforce/label/c.Reply_Sync_Logs_Caption';

export default {
    TITLE,
    STATUS,
    STEP,
    ALL,
    REFRESH,
    LOADING,
    EMPTY,
    FAILED,
    STARTED,
    FINISHED,
    TRIGGER,
    RUN,
    READ,
    CREATED,
    UPDATED,
    SKIPPED,
    FAILED_COUNT,
    MESSAGE,
    DRY_RUN,
    CAPTION
};
