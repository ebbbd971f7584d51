import SALESFORCE_OWNER from '@salesforce/label/c.Reply_Sync_Owner_Salesforce';
import REPLY_OWNER from '@salesforce/label/c.Reply_Sync_Owner_Reply';
import ADD from '@salesforce/label/c.Reply_Sync_Owner_Add';
import REMOVE from '@salesforce/label/c.Reply_Sync_Owner_Remove';
import APPLY_ALL from '@salesforce/label/c.Reply_Sync_Owner_Apply_All';
import APPLY_ALL_HELP from '@salesforce/label/c.Reply_Sync_Owner_Apply_All_Help';
import HINT_TO_REPLY from '@salesforce/label/c.Reply_Sync_Owner_Hint_To_Reply';
import HINT_TO_SALESFORCE from '@salesforce/label/c.Reply_Sync_Owner_Hint_To_Salesforce';
import EMPTY from '@salesforce/label/c.Reply_Sync_Owner_Empty';
import REPLY_UNAVAILABLE from '@salesforce/label/c.Reply_Sync_Owner_Reply_Unavailable';
import CHOOSE from '@salesforce/label/c.Reply_Sync_Choose';

export default {
    SALESFORCE_OWNER,
    REPLY_OWNER,
    ADD,
    REMOVE,
    APPLY_ALL,
    APPLY_ALL_HELP,
    HINT_TO_REPLY,
    HINT_TO_SALESFORCE,
    EMPTY,
    REPLY_UNAVAILABLE,
    CHOOSE
};
