import SALESFORCE_FIELD from '@salesforce/label/c.Reply_Sync_Field_Salesforce';
import REPLY_FIELD from '@salesforce/label/c.Reply_Sync_Field_Reply';
import ADD from '@salesforce/label/c.Reply_Sync_Field_Add';
import REMOVE from '@salesforce/label/c.Reply_Sync_Field_Remove';
import REQUIRED from '@salesforce/label/c.Reply_Sync_Field_Required';
import REQUIRED_HELP from '@salesforce/label/c.Reply_Sync_Field_Required_Help';
import EMPTY from '@salesforce/label/c.Reply_Sync_Field_Empty';
import HINT from '@salesforce/label/c.Reply_Sync_Field_Hint';
import CHOOSE from '@salesforce/label/c.Reply_Sync_Choose';
import CUSTOM from '@salesforce/label/c.Reply_Sync_Field_Custom';

export default { SALESFORCE_FIELD, REPLY_FIELD, ADD, REMOVE, REQUIRED, REQUIRED_HELP, EMPTY, HINT, CHOOSE, CUSTOM };
