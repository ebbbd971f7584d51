import ENABLED from '@salesforce/label/c.Reply_Sync_Integration_Enabled';
import ENABLED_HELP from '@salesforce/label/c.Reply_Sync_Integration_Enabled_Help';
import ACTIVE_ON from '@salesforce/label/c.Reply_Sync_Steps_Active_On';
import ACTIVE_OFF from '@salesforce/label/c.Reply_Sync_Steps_Active_Off';
import PROFILE from '@salesforce/label/c.Reply_Sync_Integration_Profile';
import DEFAULT from '@salesforce/label/c.Reply_Sync_Integration_Default';
import CUSTOM from '@salesforce/label/c.Reply_Sync_Integration_Custom';
import DEFAULT_EXPLAIN from '@salesforce/label/c.Reply_Sync_Integration_Default_Explain';
import CUSTOM_EXPLAIN from '@salesforce/label/c.Reply_Sync_Integration_Custom_Explain';
import CONFIRM_DEFAULT_TITLE from '@salesforce/label/c.Reply_Sync_Integration_Confirm_Default_Title';
import CONFIRM_DEFAULT from '@salesforce/label/c.Reply_Sync_Integration_Confirm_Default';
import FAILED from '@salesforce/label/c.Reply_Sync_Integration_Failed';

export default {
    ENABLED,
    ENABLED_HELP,
    ACTIVE_ON,
    ACTIVE_OFF,
    PROFILE,
    DEFAULT,
    CUSTOM,
    DEFAULT_EXPLAIN,
    CUSTOM_EXPLAIN,
    CONFIRM_DEFAULT_TITLE,
    CONFIRM_DEFAULT,
    FAILED
};
