import ADD from '@salesforce/label/c.Reply_Sync_Row_Add';
import REMOVE from '@salesforce/label/c.Reply_Sync_Row_Remove';

export default { ADD, REMOVE };
