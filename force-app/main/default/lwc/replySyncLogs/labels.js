import TITLE from '@salesforce/label/c.Reply_Sync_Logs_Title';
import STATUS from '@salesforce/label/c.Reply_Sync_Logs_Status';
import STEP from '@salesforce/label/c.Reply_Sync_Logs_Step';
import ALL from '@salesforce/label/c.Reply_Sync_Logs_All';
import REFRESH from '@salesforce/label/c.Reply_Sync_Logs_Refresh';
import LOADING from '@salesforce/label/c.Reply_Sync_Logs_Loading';
import EMPTY from '@salesforce/label/c.Reply_Sync_Logs_Empty';
import FAILED from '@salesforce/label/c.Reply_Sync_Logs_Failed';
import STARTED from '@salesforce/label/c.Reply_Sync_Logs_Started';
import TRIGGER from '@salesforce/label/c.Reply_Sync_Logs_Trigger';
import MESSAGE from '@salesforce/label/c.Reply_Sync_Logs_Message';
import CAPTION from '@salesforce/label/c.Reply_Sync_Logs_Caption';

import RECORDS from '@salesforce/label/c.Reply_Sync_Logs_Records';
import DRY_RUN_TRIGGER from '@salesforce/label/c.Reply_Sync_Logs_Dry_Run_Trigger';

export default {
    RECORDS,
    DRY_RUN_TRIGGER,
    TITLE,
    STATUS,
    STEP,
    ALL,
    REFRESH,
    LOADING,
    EMPTY,
    FAILED,
    STARTED,
    TRIGGER,
    MESSAGE,
    CAPTION
};
