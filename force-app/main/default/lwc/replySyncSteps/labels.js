import TITLE from '@salesforce/label/c.Reply_Sync_Steps_Title';
import EMPTY from '@salesforce/label/c.Reply_Sync_Steps_Empty';
import EMPTY_CUSTOM from '@salesforce/label/c.Reply_Sync_Steps_Empty_Custom';
import ADD from '@salesforce/label/c.Reply_Sync_Add_Title';
import ACTIVE from '@salesforce/label/c.Reply_Sync_Steps_Active';
import ACTIVE_ON from '@salesforce/label/c.Reply_Sync_Steps_Active_On';
import ACTIVE_OFF from '@salesforce/label/c.Reply_Sync_Steps_Active_Off';
import SETTINGS from '@salesforce/label/c.Reply_Sync_Steps_Settings';
import VIEW_SETTINGS from '@salesforce/label/c.Reply_Sync_Steps_View_Settings';
import SETTINGS_FOR from '@salesforce/label/c.Reply_Sync_Steps_Settings_For';
import SYNC_FOR from '@salesforce/label/c.Reply_Sync_Steps_Sync_For';
import SYNC_UNREACHABLE from '@salesforce/label/c.Reply_Sync_Steps_Sync_Unreachable';
import ACTIVE_FOR from '@salesforce/label/c.Reply_Sync_Steps_Active_For';
import COUNT from '@salesforce/label/c.Reply_Sync_Steps_Count';
import SYNC from '@salesforce/label/c.Reply_Sync_Steps_Sync';
import SYNC_INACTIVE from '@salesforce/label/c.Reply_Sync_Steps_Sync_Inactive';
import DUPLICATE from '@salesforce/label/c.Reply_Sync_Steps_Duplicate';
import FLIP from '@salesforce/label/c.Reply_Sync_Steps_Flip';
import MOVE_UP from '@salesforce/label/c.Reply_Sync_Steps_Move_Up';
import MOVE_DOWN from '@salesforce/label/c.Reply_Sync_Steps_Move_Down';
import REMOVE from '@salesforce/label/c.Reply_Sync_Steps_Remove';
import CONFIRM_REMOVE_TITLE from '@salesforce/label/c.Reply_Sync_Steps_Confirm_Remove_Title';
import CONFIRM_REMOVE from '@salesforce/label/c.Reply_Sync_Steps_Confirm_Remove';
import ACTION_FAILED from '@salesforce/label/c.Reply_Sync_Steps_Action_Failed';
import NEVER_RAN from '@salesforce/label/c.Reply_Sync_Steps_Never_Ran';
import LAST_RUN from '@salesforce/label/c.Reply_Sync_Steps_Last_Run';
import ACTIONS from '@salesforce/label/c.Reply_Sync_Steps_Actions';
import UNCHECKED_TITLE from '@salesforce/label/c.Reply_Sync_Check_Unreachable_Title';
import SAVE_UNCHECKED from '@salesforce/label/c.Reply_Sync_Save_Unchecked';
import SAVE_UNCHECKED_HELP from '@salesforce/label/c.Reply_Sync_Save_Unchecked_Help';
import DISMISS from '@salesforce/label/c.Reply_Sync_Dismiss';

export default {
    TITLE,
    EMPTY,
    EMPTY_CUSTOM,
    ADD,
    ACTIVE,
    ACTIVE_ON,
    ACTIVE_OFF,
    SETTINGS,
    VIEW_SETTINGS,
    SETTINGS_FOR,
    SYNC_FOR,
    SYNC_UNREACHABLE,
    ACTIVE_FOR,
    COUNT,
    SYNC,
    SYNC_INACTIVE,
    DUPLICATE,
    FLIP,
    MOVE_UP,
    MOVE_DOWN,
    REMOVE,
    CONFIRM_REMOVE_TITLE,
    CONFIRM_REMOVE,
    ACTION_FAILED,
    NEVER_RAN,
    LAST_RUN,
    ACTIONS,
    UNCHECKED_TITLE,
    SAVE_UNCHECKED,
    SAVE_UNCHECKED_HELP,
    DISMISS
};
