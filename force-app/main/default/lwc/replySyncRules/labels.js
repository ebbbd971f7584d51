// Rule messages: the same Custom Labels the Apex validator uses, so the console and the server word problems alike.
import RULE_REQUIRED_MAPPING from '@salesforce/label/c.Reply_Sync_Rule_Required_Mapping';
import RULE_DUPLICATE_TARGET from '@salesforce/label/c.Reply_Sync_Rule_Duplicate_Target';
import RULE_INCOMPLETE_MAPPING from '@salesforce/label/c.Reply_Sync_Rule_Incomplete_Mapping';
import RULE_UNKNOWN_SALESFORCE_FIELD from '@salesforce/label/c.Reply_Sync_Rule_Unknown_Salesforce_Field';
import RULE_UNMAPPABLE_FIELD from '@salesforce/label/c.Reply_Sync_Rule_Unmappable_Field';
import RULE_NOT_WRITABLE from '@salesforce/label/c.Reply_Sync_Rule_Not_Writable';
import RULE_UNKNOWN_REPLY_FIELD from '@salesforce/label/c.Reply_Sync_Rule_Unknown_Reply_Field';
import RULE_TYPE_MISMATCH from '@salesforce/label/c.Reply_Sync_Rule_Type_Mismatch';
import RULE_FILTER_TYPE from '@salesforce/label/c.Reply_Sync_Rule_Filter_Type';
import RULE_UNKNOWN_FILTER from '@salesforce/label/c.Reply_Sync_Rule_Unknown_Filter';
import RULE_FILTER_LIST from '@salesforce/label/c.Reply_Sync_Rule_Filter_List';
import RULE_CONDITION_FIELD from '@salesforce/label/c.Reply_Sync_Rule_Condition_Field';
import RULE_CONDITION_VALUE from '@salesforce/label/c.Reply_Sync_Rule_Condition_Value';
import RULE_OWNER_INCOMPLETE from '@salesforce/label/c.Reply_Sync_Rule_Owner_Incomplete';
import RULE_OWNER_INACTIVE from '@salesforce/label/c.Reply_Sync_Rule_Owner_Inactive';
import RULE_OWNER_UNIQUE_SALESFORCE from '@salesforce/label/c.Reply_Sync_Rule_Owner_Unique_Salesforce';
import RULE_OWNER_UNIQUE_REPLY from '@salesforce/label/c.Reply_Sync_Rule_Owner_Unique_Reply';
import RULE_SEQUENCE_INCOMPLETE from '@salesforce/label/c.Reply_Sync_Rule_Sequence_Incomplete';
import RULE_SEQUENCE_UNIQUE from '@salesforce/label/c.Reply_Sync_Rule_Sequence_Unique';
import RULE_SEQUENCE_STEP from '@salesforce/label/c.Reply_Sync_Rule_Sequence_Step';
import RULE_VALUE_INCOMPLETE from '@salesforce/label/c.Reply_Sync_Rule_Value_Incomplete';
import RULE_VALUE_UNIQUE from '@salesforce/label/c.Reply_Sync_Rule_Value_Unique';
import RULE_LEAD_STATUS from '@salesforce/label/c.Reply_Sync_Rule_Lead_Status';
import RULE_UNKNOWN_REPLY_VALUE from '@salesforce/label/c.Reply_Sync_Rule_Unknown_Reply_Value';
import RULE_UNREADABLE_SETTING from '@salesforce/label/c.Reply_Sync_Rule_Unreadable_Setting';
import UNKNOWN_ERROR from '@salesforce/label/c.Reply_Sync_Unknown_Error';
import COPY_SUFFIX from '@salesforce/label/c.Reply_Sync_Copy_Suffix';

export default {
    RULE_REQUIRED_MAPPING,
    RULE_DUPLICATE_TARGET,
    RULE_INCOMPLETE_MAPPING,
    RULE_UNKNOWN_SALESFORCE_FIELD,
    RULE_UNMAPPABLE_FIELD,
    RULE_NOT_WRITABLE,
    RULE_UNKNOWN_REPLY_FIELD,
    RULE_TYPE_MISMATCH,
    RULE_FILTER_TYPE,
    RULE_UNKNOWN_FILTER,
    RULE_FILTER_LIST,
    RULE_CONDITION_FIELD,
    RULE_CONDITION_VALUE,
    RULE_OWNER_INCOMPLETE,
    RULE_OWNER_INACTIVE,
    RULE_OWNER_UNIQUE_SALESFORCE,
    RULE_OWNER_UNIQUE_REPLY,
    RULE_SEQUENCE_INCOMPLETE,
    RULE_SEQUENCE_UNIQUE,
    RULE_SEQUENCE_STEP,
    RULE_VALUE_INCOMPLETE,
    RULE_VALUE_UNIQUE,
    RULE_LEAD_STATUS,
    RULE_UNKNOWN_REPLY_VALUE,
    RULE_UNREADABLE_SETTING,
    UNKNOWN_ERROR,
    COPY_SUFFIX
};
