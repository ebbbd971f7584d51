import LOAD from '@salesforce/label/c.Reply_Sync_Filter_Load';
import NONE from '@salesforce/label/c.Reply_Sync_Filter_None';
import CLEAR from '@salesforce/label/c.Reply_Sync_Filter_Clear';
import DEFAULT_OPTION from '@salesforce/label/c.Reply_Sync_Filter_Default_Option';
import LIST_OPTION from '@salesforce/label/c.Reply_Sync_Filter_List_Option';
import HINT_REPLY from '@salesforce/label/c.Reply_Sync_Filter_Hint_Reply';
import HINT_SALESFORCE from '@salesforce/label/c.Reply_Sync_Filter_Hint_Salesforce';
import ADD_CONDITION from '@salesforce/label/c.Reply_Sync_Filter_Add_Condition';
import REMOVE_CONDITION from '@salesforce/label/c.Reply_Sync_Filter_Remove_Condition';
import FIELD from '@salesforce/label/c.Reply_Sync_Filter_Field';
import OPERATOR from '@salesforce/label/c.Reply_Sync_Filter_Operator';
import VALUE from '@salesforce/label/c.Reply_Sync_Filter_Value';
import VALUE_IN_HELP from '@salesforce/label/c.Reply_Sync_Filter_Value_In_Help';
import LISTS_UNAVAILABLE from '@salesforce/label/c.Reply_Sync_Filter_Lists_Unavailable';
import CHOOSE from '@salesforce/label/c.Reply_Sync_Choose';
import OP_EQUALS from '@salesforce/label/c.Reply_Sync_Operator_Equals';
import OP_NOT_EQUALS from '@salesforce/label/c.Reply_Sync_Operator_Not_Equals';
import OP_CONTAINS from '@salesforce/label/c.Reply_Sync_Operator_Contains';
import OP_STARTS_WITH from '@salesforce/label/c.Reply_Sync_Operator_Starts_With';
import OP_GREATER_THAN from '@salesforce/label/c.Reply_Sync_Operator_Greater_Than';
import OP_LESS_THAN from '@salesforce/label/c.Reply_Sync_Operator_Less_Than';
import OP_IN from '@salesforce/label/c.Reply_Sync_Operator_In';
import OP_IS_BLANK from '@salesforce/label/c.Reply_Sync_Operator_Is_Blank';
import OP_IS_NOT_BLANK from '@salesforce/label/c.Reply_Sync_Operator_Is_Not_Blank';

export const OPERATOR_LABELS = {
    equals: OP_EQUALS,
    notEquals: OP_NOT_EQUALS,
    contains: OP_CONTAINS,
    startsWith: OP_STARTS_WITH,
    greaterThan: OP_GREATER_THAN,
    lessThan: OP_LESS_THAN,
    in: OP_IN,
    isBlank: OP_IS_BLANK,
    isNotBlank: OP_IS_NOT_BLANK
};

export default {
    LOAD,
    NONE,
    CLEAR,
    DEFAULT_OPTION,
    LIST_OPTION,
    HINT_REPLY,
    HINT_SALESFORCE,
    ADD_CONDITION,
    REMOVE_CONDITION,
    FIELD,
    OPERATOR,
    VALUE,
    VALUE_IN_HELP,
    LISTS_UNAVAILABLE,
    CHOOSE
};
