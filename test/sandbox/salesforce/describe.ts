/**
 * describeGlobal and describe (sObject Describe) bodies, generated from the schema with the keys and shapes the
 * REST API returns, for the calling user: object flags follow their object permissions, and fields they may not read
 * are left out, as a real describe does; createable and updateable follow their field permissions.
 */
import type { UserAccess } from './access.ts';
import type { SandboxOrg } from './org.ts';
import type { FieldDef, ObjectDef } from './schema.ts';

const SOAP_TYPES: Record<string, string> = {
    id: 'tns:ID',
    reference: 'tns:ID',
    boolean: 'xsd:boolean',
    int: 'xsd:int',
    double: 'xsd:double',
    currency: 'xsd:double',
    percent: 'xsd:double',
    date: 'xsd:date',
    datetime: 'xsd:dateTime',
    base64: 'xsd:base64Binary'
};

function urls(def: ObjectDef, version: string): Record<string, string> {
    const base = `/services/data/v${version}/sobjects/${def.name}`;
    return {
        compactLayouts: `${base}/describe/compactLayouts`,
        rowTemplate: `${base}/{ID}`,
        defaultValues: `${base}/defaultValues?recordTypeId&fields`,
        describe: `${base}/describe`,
        sobject: base
    };
}

function objectSummary(def: ObjectDef, version: string, access?: UserAccess): Record<string, unknown> {
    const readOnlyType = !def.createable && !def.updateable;
    const allowed = access?.object(def) ?? { create: true, read: true, edit: true, delete: true };
    return {
        activateable: false,
        associateEntityType: null,
        associateParentEntity: null,
        createable: def.createable && allowed.create,
        custom: def.custom,
        customSetting: false,
        deepCloneable: false,
        deletable: def.deletable && allowed.delete,
        deprecatedAndHidden: false,
        feedEnabled: false,
        hasSubtypes: false,
        isInterface: false,
        isSubtype: false,
        keyPrefix: def.keyPrefix,
        label: def.label,
        labelPlural: def.labelPlural,
        layoutable: !def.customMetadata && !readOnlyType,
        mergeable: def.name === 'Lead' || def.name === 'Contact' || def.name === 'Account',
        mruEnabled: !def.customMetadata,
        name: def.name,
        queryable: def.queryable && allowed.read,
        replicateable: !def.customMetadata,
        retrieveable: true,
        searchable: !def.customMetadata && !readOnlyType,
        triggerable: !def.customMetadata && !readOnlyType,
        undeletable: def.deletable && allowed.delete,
        updateable: def.updateable && allowed.edit,
        urls: urls(def, version)
    };
}

export function describeGlobal(org: SandboxOrg, version: string, access?: UserAccess): Record<string, unknown> {
    return {
        encoding: 'UTF-8',
        maxBatchSize: 200,
        sobjects: org.schema.all().map((def) => objectSummary(def, version, access))
    };
}

function describeField(org: SandboxOrg, def: ObjectDef, f: FieldDef, editable: boolean): Record<string, unknown> {
    const stringLike = [
        'string',
        'textarea',
        'email',
        'url',
        'phone',
        'picklist',
        'multipicklist',
        'combobox'
    ].includes(f.type);
    const picklistValues =
        f.type === 'picklist' || f.type === 'multipicklist' || f.type === 'combobox'
            ? org.picklistValues(f).map((v) => ({
                  active: v.active,
                  defaultValue: v.defaultValue,
                  label: v.label,
                  validFor: null,
                  value: v.value
              }))
            : [];
    const isNameObjectRef = f.referenceTo.length > 1;
    return {
        aggregatable: f.filterable && f.type !== 'boolean',
        aiPredictionField: false,
        autoNumber: f.autoNumber,
        byteLength: f.type === 'id' || f.type === 'reference' ? 18 : stringLike ? f.length * 3 : 0,
        calculated: f.calculated,
        calculatedFormula: null,
        cascadeDelete: f.cascadeDelete,
        caseSensitive: f.caseSensitive,
        compoundFieldName: null,
        controllerName: null,
        createable: def.customMetadata ? false : f.createable && editable,
        custom: f.custom,
        defaultValue: f.type === 'boolean' && f.defaultedOnCreate ? (f.defaultValue ?? false) : null,
        defaultValueFormula: null,
        defaultedOnCreate: f.defaultedOnCreate,
        dependentPicklist: false,
        deprecatedAndHidden: false,
        digits: f.type === 'int' ? f.precision || 9 : 0,
        displayLocationInDecimal: false,
        encrypted: false,
        externalId: f.externalId,
        extraTypeInfo:
            f.type === 'textarea' ? (f.htmlFormatted ? 'richtextarea' : f.length > 255 ? 'plaintextarea' : null) : null,
        filterable: f.filterable,
        filteredLookupInfo: null,
        formulaTreatNullNumberAsZero: false,
        groupable: f.filterable && !['double', 'currency', 'percent', 'datetime'].includes(f.type),
        highScaleNumber: false,
        htmlFormatted: f.htmlFormatted,
        idLookup: f.idLookup,
        inlineHelpText: null,
        label: f.label,
        length: stringLike || f.type === 'id' || f.type === 'reference' ? f.length : 0,
        mask: null,
        maskType: null,
        name: f.name,
        nameField: f.nameField,
        namePointing: isNameObjectRef,
        nillable: f.nillable,
        permissionable: f.nillable && !def.customMetadata && f.createable,
        picklistValues,
        polymorphicForeignKey: f.polymorphicForeignKey,
        precision: ['double', 'currency', 'percent'].includes(f.type) ? f.precision : 0,
        queryByDistance: false,
        referenceTargetField: null,
        referenceTo: f.referenceTo,
        relationshipName: f.relationshipName,
        relationshipOrder: null,
        restrictedDelete: false,
        restrictedPicklist: f.restrictedPicklist,
        scale: ['double', 'currency', 'percent'].includes(f.type) ? f.scale : 0,
        searchPrefilterable: false,
        soapType: SOAP_TYPES[f.type] ?? 'xsd:string',
        sortable: f.sortable,
        type: f.type,
        unique: f.unique,
        updateable: def.customMetadata ? false : f.updateable && editable,
        writeRequiresMasterRead: false
    };
}

export function describeSObject(
    org: SandboxOrg,
    def: ObjectDef,
    version: string,
    access?: UserAccess
): Record<string, unknown> {
    const visible = def.fields.flatMap((f) => {
        const fieldAccess = access?.field(def, f) ?? { read: true, edit: true };
        return fieldAccess.read ? [{ f, editable: fieldAccess.edit }] : [];
    });
    const childRelationships = org.schema.childRelationships(def).map(({ child, field: f }) => ({
        cascadeDelete: f.cascadeDelete,
        childSObject: child.name,
        deprecatedAndHidden: false,
        field: f.name,
        junctionIdListNames: [],
        junctionReferenceTo: [],
        relationshipName: f.childRelationshipName,
        restrictedDelete: false
    }));
    return {
        ...objectSummary(def, version, access),
        actionOverrides: [],
        childRelationships,
        compactLayoutable: !def.customMetadata,
        defaultImplementation: null,
        extendedBy: null,
        extendsInterfaces: null,
        fields: visible.map(({ f, editable }) => describeField(org, def, f, editable)),
        implementedBy: null,
        implementsInterfaces: null,
        listviewable: null,
        lookupLayoutable: null,
        namedLayoutInfos: [],
        networkScopeFieldName: null,
        recordTypeInfos: def.customMetadata
            ? []
            : [
                  {
                      active: true,
                      available: true,
                      defaultRecordTypeMapping: true,
                      developerName: 'Master',
                      master: true,
                      name: 'Master',
                      recordTypeId: '012000000000000AAA',
                      urls: {
                          layout: `/services/data/v${version}/sobjects/${def.name}/describe/layouts/012000000000000AAA`
                      }
                  }
              ],
        searchLayoutable: !def.customMetadata,
        sobjectDescribeOption: 'FULL',
        supportedScopes: [{ label: 'All records', name: 'everything' }]
    };
}

/** `GET /sobjects/T`: the object's summary and recently viewed items (always none here). */
export function sobjectInfo(def: ObjectDef, version: string, access?: UserAccess): Record<string, unknown> {
    return { objectDescribe: objectSummary(def, version, access), recentItems: [] };
}
