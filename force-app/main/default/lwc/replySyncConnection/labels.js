import TITLE from '@salesforce/label/c.Reply_Sync_Connection_Title';
import CONNECTED from '@salesforce/label/c.Reply_Sync_Connection_Connected';
import NOT_CONNECTED from '@salesforce/label/c.Reply_Sync_Connection_Not_Connected';
import CHECKING from '@salesforce/label/c.Reply_Sync_Connection_Checking';
import SALESFORCE from '@salesforce/label/c.Reply_Sync_Connection_Salesforce';
import REPLY from '@salesforce/label/c.Reply_Sync_Connection_Reply';
import SALESFORCE_OK from '@salesforce/label/c.Reply_Sync_Connection_Salesforce_Ok';
import REPLY_OK from '@salesforce/label/c.Reply_Sync_Connection_Reply_Ok';
import SIDE_DOWN from '@salesforce/label/c.Reply_Sync_Connection_Side_Down';
import SCHEDULE from '@salesforce/label/c.Reply_Sync_Connection_Schedule';
import EVERY from '@salesforce/label/c.Reply_Sync_Connection_Every';
import NEXT_RUN from '@salesforce/label/c.Reply_Sync_Connection_Next_Run';
import API_USAGE from '@salesforce/label/c.Reply_Sync_Connection_Api_Usage';
import API_USAGE_VALUE from '@salesforce/label/c.Reply_Sync_Connection_Api_Usage_Value';
import PAUSED from '@salesforce/label/c.Reply_Sync_Connection_Paused';
import BRIDGE_VERSION from '@salesforce/label/c.Reply_Sync_Connection_Bridge_Version';
import STATUS_FAILED from '@salesforce/label/c.Reply_Sync_Connection_Status_Failed';
import TEST from '@salesforce/label/c.Reply_Sync_Connection_Test';
import TEST_OK from '@salesforce/label/c.Reply_Sync_Connection_Test_Ok';
import TEST_INCOMPLETE from '@salesforce/label/c.Reply_Sync_Connection_Test_Incomplete';
import DISCONNECT from '@salesforce/label/c.Reply_Sync_Connection_Disconnect';
import CONFIRM_DISCONNECT_TITLE from '@salesforce/label/c.Reply_Sync_Connection_Confirm_Disconnect_Title';
import CONFIRM_DISCONNECT from '@salesforce/label/c.Reply_Sync_Connection_Confirm_Disconnect';
import ACTION_FAILED from '@salesforce/label/c.Reply_Sync_Connection_Action_Failed';
import GUIDE_TITLE from '@salesforce/label/c.Reply_Sync_Connection_Guide_Title';
import GUIDE_URL from '@salesforce/label/c.Reply_Sync_Connection_Guide_Url';
import GUIDE_TOKEN from '@salesforce/label/c.Reply_Sync_Connection_Guide_Token';
import GUIDE_PERMISSIONS from '@salesforce/label/c.Reply_Sync_Connection_Guide_Permissions';
import GUIDE_TEST from '@salesforce/label/c.Reply_Sync_Connection_Guide_Test';
import NO_PERMISSION from '@salesforce/label/c.Reply_Sync_Connection_No_Permission';

import UNREACHABLE from '@salesforce/label/c.Reply_Sync_Connection_Unreachable';
import NOT_RECORDED from '@salesforce/label/c.Reply_Sync_Connection_Not_Recorded';

export default {
    UNREACHABLE,
    NOT_RECORDED,
    TITLE,
    CONNECTED,
    NOT_CONNECTED,
    CHECKING,
    SALESFORCE,
    REPLY,
    SALESFORCE_OK,
    REPLY_OK,
    SIDE_DOWN,
    SCHEDULE,
    EVERY,
    NEXT_RUN,
    API_USAGE,
    API_USAGE_VALUE,
    PAUSED,
    BRIDGE_VERSION,
    STATUS_FAILED,
    TEST,
    TEST_OK,
    TEST_INCOMPLETE,
    DISCONNECT,
    CONFIRM_DISCONNECT_TITLE,
    CONFIRM_DISCONNECT,
    ACTION_FAILED,
    GUIDE_TITLE,
    GUIDE_URL,
    GUIDE_TOKEN,
    GUIDE_PERMISSIONS,
    GUIDE_TEST,
    NO_PERMISSION
};
