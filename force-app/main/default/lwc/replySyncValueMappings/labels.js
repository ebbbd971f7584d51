import LEAD_STATUS from '@salesforce/label/c.Reply_Sync_Value_Lead_Status';
import ADD from '@salesforce/label/c.Reply_Sync_Value_Add';
import REMOVE from '@salesforce/label/c.Reply_Sync_Value_Remove';
import HINT from '@salesforce/label/c.Reply_Sync_Value_Hint';
import EMPTY from '@salesforce/label/c.Reply_Sync_Value_Empty';
import UNAVAILABLE from '@salesforce/label/c.Reply_Sync_Value_Unavailable';
import CHOOSE from '@salesforce/label/c.Reply_Sync_Choose';

export default { LEAD_STATUS, ADD, REMOVE, HINT, EMPTY, UNAVAILABLE, CHOOSE };
