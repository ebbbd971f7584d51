// One Custom Label per problem code of the bridge (bridge/src/sync/validation/problems.ts), so problems translate.
// test/console-problem-labels.test.ts fails when a code has no label here or a label has no code.
import STEP_KIND_UNKNOWN from '@salesforce/label/c.Reply_Sync_Problem_Step_Kind_Unknown';
import SALESFORCE_OBJECT_NOT_DESCRIBED from '@salesforce/label/c.Reply_Sync_Problem_Salesforce_Object_Not_Described';
import PROFILE_UNKNOWN from '@salesforce/label/c.Reply_Sync_Problem_Profile_Unknown';
import PROFILE_NOT_CUSTOM from '@salesforce/label/c.Reply_Sync_Problem_Profile_Not_Custom';
import STEP_NOT_FOUND from '@salesforce/label/c.Reply_Sync_Problem_Step_Not_Found';
import STEP_DEFAULT_LOCKED from '@salesforce/label/c.Reply_Sync_Problem_Step_Default_Locked';
import STEP_TURN_MIRROR_ONLY from '@salesforce/label/c.Reply_Sync_Problem_Step_Turn_Mirror_Only';
import SORT_ORDER_INVALID from '@salesforce/label/c.Reply_Sync_Problem_Sort_Order_Invalid';
import SECTION_NOT_ALLOWED from '@salesforce/label/c.Reply_Sync_Problem_Section_Not_Allowed';
import SETTINGS_NOT_JSON from '@salesforce/label/c.Reply_Sync_Problem_Settings_Not_Json';
import SETTINGS_VERSION from '@salesforce/label/c.Reply_Sync_Problem_Settings_Version';
import SETTINGS_UNKNOWN_KEYS from '@salesforce/label/c.Reply_Sync_Problem_Settings_Unknown_Keys';
import SETTINGS_INVALID from '@salesforce/label/c.Reply_Sync_Problem_Settings_Invalid';
import VALUE_MISSING from '@salesforce/label/c.Reply_Sync_Problem_Value_Missing';
import VALUE_WRONG_TYPE from '@salesforce/label/c.Reply_Sync_Problem_Value_Wrong_Type';
import VALUE_NOT_ALLOWED from '@salesforce/label/c.Reply_Sync_Problem_Value_Not_Allowed';
import ID_INVALID from '@salesforce/label/c.Reply_Sync_Problem_Id_Invalid';
import SALESFORCE_USER_ID_INVALID from '@salesforce/label/c.Reply_Sync_Problem_Salesforce_User_Id_Invalid';
import SALESFORCE_FIELD_NAME_INVALID from '@salesforce/label/c.Reply_Sync_Problem_Salesforce_Field_Name_Invalid';
import CONDITIONS_EMPTY from '@salesforce/label/c.Reply_Sync_Problem_Conditions_Empty';
import REQUIRED_MAPPING_MISSING from '@salesforce/label/c.Reply_Sync_Problem_Required_Mapping_Missing';
import MAPPING_TARGET_TWICE from '@salesforce/label/c.Reply_Sync_Problem_Mapping_Target_Twice';
import SALESFORCE_FIELD_UNKNOWN from '@salesforce/label/c.Reply_Sync_Problem_Salesforce_Field_Unknown';
import SALESFORCE_FIELD_MULTIPICKLIST from '@salesforce/label/c.Reply_Sync_Problem_Salesforce_Field_Multipicklist';
import SALESFORCE_FIELD_UNMAPPABLE from '@salesforce/label/c.Reply_Sync_Problem_Salesforce_Field_Unmappable';
import SALESFORCE_FIELD_READ_ONLY from '@salesforce/label/c.Reply_Sync_Problem_Salesforce_Field_Read_Only';
import REPLY_FIELD_UNKNOWN from '@salesforce/label/c.Reply_Sync_Problem_Reply_Field_Unknown';
import REPLY_CUSTOM_FIELD_UNKNOWN from '@salesforce/label/c.Reply_Sync_Problem_Reply_Custom_Field_Unknown';
import TYPE_MISMATCH_TO_SALESFORCE from '@salesforce/label/c.Reply_Sync_Problem_Type_Mismatch_To_Salesforce';
import TYPE_MISMATCH_TO_REPLY from '@salesforce/label/c.Reply_Sync_Problem_Type_Mismatch_To_Reply';
import FILTER_TYPE_NOT_ALLOWED from '@salesforce/label/c.Reply_Sync_Problem_Filter_Type_Not_Allowed';
import DEFAULT_FILTER_UNKNOWN from '@salesforce/label/c.Reply_Sync_Problem_Default_Filter_Unknown';
import CONDITION_FIELD_UNKNOWN from '@salesforce/label/c.Reply_Sync_Problem_Condition_Field_Unknown';
import CONDITION_FIELD_NOT_FILTERABLE from '@salesforce/label/c.Reply_Sync_Problem_Condition_Field_Not_Filterable';
import CONDITION_NEEDS_ONE_VALUE from '@salesforce/label/c.Reply_Sync_Problem_Condition_Needs_One_Value';
import CONDITION_NEEDS_LIST from '@salesforce/label/c.Reply_Sync_Problem_Condition_Needs_List';
import CONDITION_VALUE_INVALID from '@salesforce/label/c.Reply_Sync_Problem_Condition_Value_Invalid';
import OWNER_SALESFORCE_TWICE from '@salesforce/label/c.Reply_Sync_Problem_Owner_Salesforce_Twice';
import OWNER_REPLY_TWICE from '@salesforce/label/c.Reply_Sync_Problem_Owner_Reply_Twice';
import SEQUENCE_OWNER_TWICE from '@salesforce/label/c.Reply_Sync_Problem_Sequence_Owner_Twice';
import VALUE_MAPPED_TWICE from '@salesforce/label/c.Reply_Sync_Problem_Value_Mapped_Twice';
import LEAD_STATUS_CONVERTED from '@salesforce/label/c.Reply_Sync_Problem_Lead_Status_Converted';
import LEAD_STATUS_UNKNOWN from '@salesforce/label/c.Reply_Sync_Problem_Lead_Status_Unknown';

export default {
    STEP_KIND_UNKNOWN,
    SALESFORCE_OBJECT_NOT_DESCRIBED,
    PROFILE_UNKNOWN,
    PROFILE_NOT_CUSTOM,
    STEP_NOT_FOUND,
    STEP_DEFAULT_LOCKED,
    STEP_TURN_MIRROR_ONLY,
    SORT_ORDER_INVALID,
    SECTION_NOT_ALLOWED,
    SETTINGS_NOT_JSON,
    SETTINGS_VERSION,
    SETTINGS_UNKNOWN_KEYS,
    SETTINGS_INVALID,
    VALUE_MISSING,
    VALUE_WRONG_TYPE,
    VALUE_NOT_ALLOWED,
    ID_INVALID,
    SALESFORCE_USER_ID_INVALID,
    SALESFORCE_FIELD_NAME_INVALID,
    CONDITIONS_EMPTY,
    REQUIRED_MAPPING_MISSING,
    MAPPING_TARGET_TWICE,
    SALESFORCE_FIELD_UNKNOWN,
    SALESFORCE_FIELD_MULTIPICKLIST,
    SALESFORCE_FIELD_UNMAPPABLE,
    SALESFORCE_FIELD_READ_ONLY,
    REPLY_FIELD_UNKNOWN,
    REPLY_CUSTOM_FIELD_UNKNOWN,
    TYPE_MISMATCH_TO_SALESFORCE,
    TYPE_MISMATCH_TO_REPLY,
    FILTER_TYPE_NOT_ALLOWED,
    DEFAULT_FILTER_UNKNOWN,
    CONDITION_FIELD_UNKNOWN,
    CONDITION_FIELD_NOT_FILTERABLE,
    CONDITION_NEEDS_ONE_VALUE,
    CONDITION_NEEDS_LIST,
    CONDITION_VALUE_INVALID,
    OWNER_SALESFORCE_TWICE,
    OWNER_REPLY_TWICE,
    SEQUENCE_OWNER_TWICE,
    VALUE_MAPPED_TWICE,
    LEAD_STATUS_CONVERTED,
    LEAD_STATUS_UNKNOWN
};
