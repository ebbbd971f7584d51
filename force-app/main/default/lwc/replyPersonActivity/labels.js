import TITLE from '@salesforce/label/c.Reply_Activity_Title';
import STATUS from '@salesforce/label/c.Reply_Activity_Status';
import SEQUENCE from '@salesforce/label/c.Reply_Activity_Sequence';
import NO_VALUE from '@salesforce/label/c.Reply_Activity_No_Value';
import OPEN_IN_REPLY from '@salesforce/label/c.Reply_Activity_Open';
import EMPTY from '@salesforce/label/c.Reply_Activity_Empty';
import NO_ACTIVITIES from '@salesforce/label/c.Reply_Activity_No_Activities';
import ACTIVITIES from '@salesforce/label/c.Reply_Activity_Activities';
import REFRESH from '@salesforce/label/c.Reply_Activity_Refresh';
import LOADING from '@salesforce/label/c.Reply_Activity_Loading';
import ERROR from '@salesforce/label/c.Reply_Activity_Error';

import NEW_TAB from '@salesforce/label/c.Reply_Sync_Activity_New_Tab';

export default {
    NEW_TAB,
    TITLE,
    STATUS,
    SEQUENCE,
    NO_VALUE,
    OPEN_IN_REPLY,
    EMPTY,
    NO_ACTIVITIES,
    ACTIVITIES,
    REFRESH,
    LOADING,
    ERROR
};
