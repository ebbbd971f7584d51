import BACK from '@salesforce/label/c.Reply_Sync_Settings_Back';
import SAVE from '@salesforce/label/c.Reply_Sync_Settings_Save';
import SAVING from '@salesforce/label/c.Reply_Sync_Settings_Saving';
import READ_ONLY from '@salesforce/label/c.Reply_Sync_Settings_Read_Only';
import NO_PERMISSION from '@salesforce/label/c.Reply_Sync_Settings_No_Permission';
import FIX_BEFORE_SAVE from '@salesforce/label/c.Reply_Sync_Settings_Fix_Before_Save';
import SAVE_FAILED from '@salesforce/label/c.Reply_Sync_Settings_Save_Failed';
import OPTIONS_FAILED from '@salesforce/label/c.Reply_Sync_Settings_Options_Failed';
import OPTIONS_LOADING from '@salesforce/label/c.Reply_Sync_Settings_Options_Loading';
import LOAD_FAILED from '@salesforce/label/c.Reply_Sync_Settings_Load_Failed';
import SALESFORCE_LOADING from '@salesforce/label/c.Reply_Sync_Settings_Salesforce_Loading';
import UNREADABLE from '@salesforce/label/c.Reply_Sync_Settings_Unreadable';
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
    SAVING,
    READ_ONLY,
    NO_PERMISSION,
    FIX_BEFORE_SAVE,
    SAVE_FAILED,
    OPTIONS_FAILED,
    OPTIONS_LOADING,
    LOAD_FAILED,
    SALESFORCE_LOADING,
    UNREADABLE,
    REPLY_STATUS,
    INBOX_CATEGORY,
    ...SECTION_LABELS
};
