import TITLE from '@salesforce/label/c.Reply_Sync_Add_Title';
import KIND from '@salesforce/label/c.Reply_Sync_Add_Kind';
import DIRECTION from '@salesforce/label/c.Reply_Sync_Add_Direction';
import FLIP from '@salesforce/label/c.Reply_Sync_Add_Flip';
import CONFIRM from '@salesforce/label/c.Reply_Sync_Add_Confirm';
import CANCEL from '@salesforce/label/c.Reply_Sync_Cancel';
import HINT from '@salesforce/label/c.Reply_Sync_Add_Hint';

export default { TITLE, KIND, DIRECTION, FLIP, CONFIRM, CANCEL, HINT };
