import REPLY_OWNER from '@salesforce/label/c.Reply_Sync_Owner_Reply';
import SEQUENCE from '@salesforce/label/c.Reply_Sync_Sequence_Sequence';
import START from '@salesforce/label/c.Reply_Sync_Sequence_Start';
import FIRST_STEP from '@salesforce/label/c.Reply_Sync_Sequence_First_Step';
import IGNORE_DELAY from '@salesforce/label/c.Reply_Sync_Sequence_Ignore_Delay';
import IGNORE_DELAY_HELP from '@salesforce/label/c.Reply_Sync_Sequence_Ignore_Delay_Help';
import ONLY_NEW from '@salesforce/label/c.Reply_Sync_Sequence_Only_New';
import ONLY_NEW_HELP from '@salesforce/label/c.Reply_Sync_Sequence_Only_New_Help';
import ADD from '@salesforce/label/c.Reply_Sync_Sequence_Add';
import REMOVE from '@salesforce/label/c.Reply_Sync_Sequence_Remove';
import HINT from '@salesforce/label/c.Reply_Sync_Sequence_Hint';
import EMPTY from '@salesforce/label/c.Reply_Sync_Sequence_Empty';
import UNAVAILABLE from '@salesforce/label/c.Reply_Sync_Sequence_Unavailable';
import CHOOSE from '@salesforce/label/c.Reply_Sync_Choose';

export default {
    REPLY_OWNER,
    SEQUENCE,
    START,
    FIRST_STEP,
    IGNORE_DELAY,
    IGNORE_DELAY_HELP,
    ONLY_NEW,
    ONLY_NEW_HELP,
    ADD,
    REMOVE,
    HINT,
    EMPTY,
    UNAVAILABLE,
    CHOOSE
};
