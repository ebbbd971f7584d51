import TITLE from '@salesforce/label/c.Reply_Sync_Console_Title';
import SUBTITLE from '@salesforce/label/c.Reply_Sync_Console_Subtitle';
import TAB_STEPS from '@salesforce/label/c.Reply_Sync_Console_Tab_Steps';
import TAB_LOGS from '@salesforce/label/c.Reply_Sync_Console_Tab_Logs';
import TAB_ERRORS from '@salesforce/label/c.Reply_Sync_Console_Tab_Errors';
import LOADING from '@salesforce/label/c.Reply_Sync_Console_Loading';
import LOAD_FAILED from '@salesforce/label/c.Reply_Sync_Console_Load_Failed';
import SAVED from '@salesforce/label/c.Reply_Sync_Console_Saved';
import NOT_SAVED from '@salesforce/label/c.Reply_Sync_Console_Not_Saved';
import INTEGRATION from '@salesforce/label/c.Reply_Sync_Console_Integration';
import NO_PERMISSION from '@salesforce/label/c.Reply_Sync_Settings_No_Permission';
import NEEDS_CUSTOMIZE_APPLICATION from '@salesforce/label/c.Reply_Sync_Deployment_Needs_Customize_Application';

export default {
    TITLE,
    SUBTITLE,
    TAB_STEPS,
    TAB_LOGS,
    TAB_ERRORS,
    LOADING,
    LOAD_FAILED,
    SAVED,
    NOT_SAVED,
    INTEGRATION,
    NO_PERMISSION,
    NEEDS_CUSTOMIZE_APPLICATION
};
