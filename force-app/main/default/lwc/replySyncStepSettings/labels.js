import BACK from '@salesforce/label/c.Reply_Sync_Settings_Back';
import SAVE from '@salesforce/label/c.Reply_Sync_Settings_Save';
import NEW_STEP from '@salesforce/label/c.Reply_Sync_Settings_New_Step';
import ACTIVE from '@salesforce/label/c.Reply_Sync_Steps_Active';
import ACTIVE_ON from '@salesforce/label/c.Reply_Sync_Steps_Active_On';
import ACTIVE_OFF from '@salesforce/label/c.Reply_Sync_Steps_Active_Off';
import SAVING from '@salesforce/label/c.Reply_Sync_Settings_Saving';
import READ_ONLY from '@salesforce/label/c.Reply_Sync_Settings_Read_Only';
import NO_PERMISSION from '@salesforce/label/c.Reply_Sync_Settings_No_Permission';
import FIX_BEFORE_SAVE from '@salesforce/label/c.Reply_Sync_Settings_Fix_Before_Save';
import OTHER_STEPS from '@salesforce/label/c.Reply_Sync_Settings_Other_Steps';
import SAVE_FAILED from '@salesforce/label/c.Reply_Sync_Settings_Save_Failed';
import OPTIONS_FAILED from '@salesforce/label/c.Reply_Sync_Settings_Options_Failed';
import OPTIONS_LOADING from '@salesforce/label/c.Reply_Sync_Settings_Options_Loading';
import LOAD_FAILED from '@salesforce/label/c.Reply_Sync_Settings_Load_Failed';
import SALESFORCE_LOADING from '@salesforce/label/c.Reply_Sync_Settings_Salesforce_Loading';
import UNREADABLE from '@salesforce/label/c.Reply_Sync_Settings_Unreadable';
import UNREADABLE_SECTION from '@salesforce/label/c.Reply_Sync_Settings_Unreadable_Section';
import CHECKING from '@salesforce/label/c.Reply_Sync_Check_Checking';
import CHECK_PASSED from '@salesforce/label/c.Reply_Sync_Check_Passed';
import CHECK_FOUND from '@salesforce/label/c.Reply_Sync_Check_Found';
import UNCHECKED_TITLE from '@salesforce/label/c.Reply_Sync_Check_Unreachable_Title';
import UNCHECKED from '@salesforce/label/c.Reply_Sync_Check_Unreachable';
import SAVE_UNCHECKED from '@salesforce/label/c.Reply_Sync_Save_Unchecked';
import SAVE_UNCHECKED_HELP from '@salesforce/label/c.Reply_Sync_Save_Unchecked_Help';
import DISCARD_TITLE from '@salesforce/label/c.Reply_Sync_Settings_Discard_Title';
import DISCARD from '@salesforce/label/c.Reply_Sync_Settings_Discard';
import SECTION_FIELD_MAPPINGS from '@salesforce/label/c.Reply_Sync_Section_Field_Mappings';
import SECTION_FILTERS from '@salesforce/label/c.Reply_Sync_Section_Filters';
import SECTION_OWNER_MAPPINGS from '@salesforce/label/c.Reply_Sync_Section_Owner_Mappings';
import SECTION_SEQUENCE_MAPPINGS from '@salesforce/label/c.Reply_Sync_Section_Sequence_Mappings';
import SECTION_VALUE_MAPPINGS from '@salesforce/label/c.Reply_Sync_Section_Value_Mappings';
import REPLY_STATUS from '@salesforce/label/c.Reply_Sync_Value_Reply_Status';
import INBOX_CATEGORY from '@salesforce/label/c.Reply_Sync_Value_Inbox_Category';

export const SECTION_LABELS = {
    fieldMappings: SECTION_FIELD_MAPPINGS,
    filters: SECTION_FILTERS,
    ownerMappings: SECTION_OWNER_MAPPINGS,
    sequenceMappings: SECTION_SEQUENCE_MAPPINGS,
    valueMappings: SECTION_VALUE_MAPPINGS
};

export default {
    BACK,
    SAVE,
    NEW_STEP,
    ACTIVE,
    ACTIVE_ON,
    ACTIVE_OFF,
    SAVING,
    READ_ONLY,
    NO_PERMISSION,
    FIX_BEFORE_SAVE,
    OTHER_STEPS,
    SAVE_FAILED,
    OPTIONS_FAILED,
    OPTIONS_LOADING,
    LOAD_FAILED,
    SALESFORCE_LOADING,
    UNREADABLE,
    UNREADABLE_SECTION,
    CHECKING,
    CHECK_PASSED,
    CHECK_FOUND,
    UNCHECKED_TITLE,
    UNCHECKED,
    SAVE_UNCHECKED,
    SAVE_UNCHECKED_HELP,
    DISCARD_TITLE,
    DISCARD,
    REPLY_STATUS,
    INBOX_CATEGORY,
    ...SECTION_LABELS
};
