/** The parts of Salesforce's describe result the bridge uses, and value checks that save a doomed API call. */

export interface PicklistValue {
    value: string;
    label: string;
    active: boolean;
    defaultValue?: boolean;
}

export interface DescribeField {
    name: string;
    label: string;
    type: string;
    length: number;
    picklistValues: PicklistValue[];
    restrictedPicklist: boolean;
    externalId: boolean;
    unique: boolean;
    createable: boolean;
    updateable: boolean;
    nillable: boolean;
    filterable?: boolean;
    calculated?: boolean;
    defaultedOnCreate?: boolean;
}

export interface SObjectDescribe {
    name: string;
    label: string;
    fields: DescribeField[];
}

export function fieldOf(describe: SObjectDescribe, name: string): DescribeField | undefined {
    const lower = name.toLowerCase();
    return describe.fields.find((field) => field.name.toLowerCase() === lower);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TEXT_TYPES = new Set(['string', 'textarea', 'email', 'phone', 'url', 'picklist', 'combobox', 'encryptedstring']);

/**
 * Why Salesforce would refuse `value` for `field`, in its own terms (code + message), or undefined when it would
 * accept it. Checked before writing, so a bad record fails alone and costs no API call.
 */
export function valueIssue(
    objectName: string,
    field: DescribeField,
    value: unknown
): { code: string; message: string } | undefined {
    if (value === null || value === undefined || value === '') return undefined;
    if (TEXT_TYPES.has(field.type) && typeof value === 'string') {
        if (field.length > 0 && value.length > field.length) {
            return {
                code: 'STRING_TOO_LONG',
                message: `${objectName}.${field.name} takes at most ${field.length} characters; the value has ${value.length}`
            };
        }
        if (field.type === 'email' && !EMAIL.test(value)) {
            return {
                code: 'INVALID_EMAIL_ADDRESS',
                message: `${objectName}.${field.name}: "${value}" is not a valid email address`
            };
        }
        if (field.type === 'picklist' && field.restrictedPicklist) {
            const allowed = field.picklistValues.filter((p) => p.active).map((p) => p.value);
            if (!allowed.includes(value)) {
                return {
                    code: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
                    message:
                        `${objectName}.${field.name} is a restricted picklist and "${value}" is not one of its values ` +
                        `(${allowed.slice(0, 10).join(', ')}${allowed.length > 10 ? ', ...' : ''}): add the value in Salesforce or map another field`
                };
            }
        }
    }
    return undefined;
}
