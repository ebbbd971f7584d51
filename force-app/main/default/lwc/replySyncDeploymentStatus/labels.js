import PENDING from '@salesforce/label/c.Reply_Sync_Deploy_Pending';
import SUCCEEDED from '@salesforce/label/c.Reply_Sync_Deploy_Succeeded';
import FAILED from '@salesforce/label/c.Reply_Sync_Deploy_Failed';
import SLOW from '@salesforce/label/c.Reply_Sync_Deploy_Slow';
import CHECK_FAILED from '@salesforce/label/c.Reply_Sync_Deploy_Check_Failed';
import DISMISS from '@salesforce/label/c.Reply_Sync_Dismiss';
import RETRY from '@salesforce/label/c.Reply_Sync_Deploy_Retry';

import DEPLOYING from '@salesforce/label/c.Reply_Sync_Deploy_Deploying';

export default {
    DEPLOYING,
    PENDING,
    SUCCEEDED,
    FAILED,
    SLOW,
    CHECK_FAILED,
    DISMISS,
    RETRY
};
