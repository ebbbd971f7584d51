import TITLE from '@salesforce/label/c.Reply_Sync_Add_Title';
import CONFIRM from '@salesforce/label/c.Reply_Sync_Add_Confirm';
import CANCEL from '@salesforce/label/c.Reply_Sync_Cancel';
import HINT from '@salesforce/label/c.Reply_Sync_Add_Hint';
import FAMILY_PEOPLE from '@salesforce/label/c.Reply_Sync_Family_People';
import FAMILY_STATUS from '@salesforce/label/c.Reply_Sync_Family_Status';
import FAMILY_ACTIVITY from '@salesforce/label/c.Reply_Sync_Family_Activity';
import FAMILY_NOTE from '@salesforce/label/c.Reply_Sync_Family_Note';

export const FAMILY_LABELS = {
    people: FAMILY_PEOPLE,
    status: FAMILY_STATUS,
    activity: FAMILY_ACTIVITY,
    note: FAMILY_NOTE
};

export default { TITLE, CONFIRM, CANCEL, HINT };
