/**
 * Reads the project's force-app source: custom objects, custom fields on standard objects, Custom Metadata types
 * and their records. The sandbox therefore always has exactly the data model that `sf project deploy` would deploy.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { field, objectDef, readOnly } from './schema.ts';
import type { FieldDef, FieldSpec, FieldType, ObjectDef, PicklistValue, Schema, Value } from './schema.ts';
import { ownerField, standardObjects, systemFields } from './standard-objects.ts';

const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    isArray: (name) => name === 'values' || name === 'value'
});

type Xml = Record<string, unknown>;

function str(node: unknown): string | undefined {
    if (node === undefined || node === null) return undefined;
    if (typeof node === 'string') return node;
    if (typeof node === 'object' && '#text' in (node as Xml)) return String((node as Xml)['#text']);
    return undefined;
}

function num(node: unknown): number | undefined {
    const s = str(node);
    return s === undefined ? undefined : Number(s);
}

function bool(node: unknown): boolean | undefined {
    const s = str(node);
    return s === undefined ? undefined : s === 'true';
}

const TYPE_MAP: Record<string, FieldType> = {
    Text: 'string',
    TextArea: 'textarea',
    LongTextArea: 'textarea',
    Html: 'textarea',
    Email: 'email',
    Url: 'url',
    Phone: 'phone',
    Checkbox: 'boolean',
    Number: 'double',
    Currency: 'currency',
    Percent: 'percent',
    Date: 'date',
    DateTime: 'datetime',
    Picklist: 'picklist',
    MultiselectPicklist: 'multipicklist',
    Lookup: 'reference',
    MasterDetail: 'reference',
    AutoNumber: 'string'
};

/** A CustomField file as describe would report it. */
export function parseFieldXml(xml: string, owner: string): FieldDef {
    const doc = (parser.parse(xml) as Xml).CustomField as Xml;
    const name = str(doc.fullName);
    const xmlType = str(doc.type);
    if (!name || !xmlType) throw new Error(`${owner}: field without fullName or type`);
    const type = TYPE_MAP[xmlType];
    if (!type) throw new Error(`${owner}.${name}: unsupported field type ${xmlType}`);
    const spec: FieldSpec = { name, type, label: str(doc.label) ?? name, custom: true };
    const length = num(doc.length);
    if (length !== undefined) spec.length = length;
    else if (xmlType === 'TextArea') spec.length = 255;
    if (type === 'textarea' && (spec.length ?? 32000) > 255) {
        spec.filterable = false;
        spec.sortable = false;
    }
    if (xmlType === 'Html') spec.htmlFormatted = true;
    const precision = num(doc.precision);
    if (precision !== undefined) spec.precision = precision;
    const scale = num(doc.scale);
    if (scale !== undefined) spec.scale = scale;
    if (bool(doc.required)) spec.nillable = false;
    if (bool(doc.externalId)) spec.externalId = true;
    if (bool(doc.unique)) spec.unique = true;
    if (bool(doc.caseSensitive)) spec.caseSensitive = true;
    if (spec.externalId || spec.unique) spec.idLookup = true;
    const defaultValue = str(doc.defaultValue);
    if (type === 'boolean') spec.defaultValue = defaultValue === 'true';
    if (xmlType === 'AutoNumber') {
        spec.autoNumber = true;
        spec.createable = false;
        spec.updateable = false;
        spec.length = 30;
        const format = str(doc.displayFormat);
        if (format) spec.autoNumberFormat = format;
    }
    if (type === 'picklist' || type === 'multipicklist') {
        const valueSet = (doc.valueSet ?? {}) as Xml;
        spec.restrictedPicklist = bool(valueSet.restricted) ?? false;
        const definition = (valueSet.valueSetDefinition ?? {}) as Xml;
        const values = (definition.value ?? []) as Xml[];
        spec.picklistValues = values.map((v): PicklistValue => ({
            value: str(v.fullName) ?? '',
            label: str(v.label) ?? str(v.fullName) ?? '',
            active: true,
            defaultValue: bool(v.default) ?? false
        }));
        if (spec.picklistValues.some((v) => v.defaultValue)) spec.defaultedOnCreate = true;
    }
    if (type === 'reference') {
        const target = str(doc.referenceTo);
        spec.referenceTo = target ? [target] : [];
        const rel = str(doc.relationshipName);
        spec.relationshipName = rel ? `${rel}__r` : null;
        spec.childRelationshipName = str(doc.relationshipName) ?? null;
        spec.cascadeDelete = xmlType === 'MasterDetail';
        spec.indexed = true;
        if (xmlType === 'MasterDetail') spec.nillable = false;
    }
    return field(spec);
}

interface ObjectXml {
    label: string;
    pluralLabel: string;
    nameField?: { label: string; type: string; displayFormat?: string };
    enableActivities: boolean;
}

function parseObjectXml(xml: string): ObjectXml {
    const doc = (parser.parse(xml) as Xml).CustomObject as Xml;
    const nameField = doc.nameField as Xml | undefined;
    return {
        label: str(doc.label) ?? '',
        pluralLabel: str(doc.pluralLabel) ?? '',
        nameField: nameField
            ? {
                  label: str(nameField.label) ?? 'Name',
                  type: str(nameField.type) ?? 'Text',
                  displayFormat: str(nameField.displayFormat)
              }
            : undefined,
        enableActivities: bool(doc.enableActivities) ?? false
    };
}

function readFields(dir: string, owner: string): FieldDef[] {
    const fieldsDir = join(dir, 'fields');
    if (!existsSync(fieldsDir)) return [];
    return readdirSync(fieldsDir)
        .filter((file) => file.endsWith('.field-meta.xml'))
        .sort()
        .map((file) => parseFieldXml(readFileSync(join(fieldsDir, file), 'utf8'), owner));
}

function customObject(name: string, meta: ObjectXml, fields: FieldDef[], keyPrefix: string): ObjectDef {
    const nameSpec = meta.nameField;
    const nameFieldDef =
        nameSpec?.type === 'AutoNumber'
            ? readOnly({
                  name: 'Name',
                  type: 'string',
                  label: nameSpec.label,
                  length: 30,
                  autoNumber: true,
                  autoNumberFormat: nameSpec.displayFormat ?? '{0}',
                  nameField: true,
                  defaultedOnCreate: true,
                  nillable: false
              })
            : field({ name: 'Name', type: 'string', label: nameSpec?.label ?? 'Name', length: 80, nameField: true });
    return objectDef({
        name,
        label: meta.label,
        labelPlural: meta.pluralLabel,
        keyPrefix,
        custom: true,
        customMetadata: false,
        createable: true,
        updateable: true,
        deletable: true,
        queryable: true,
        activities: meta.enableActivities,
        fields: [...systemFields(meta.label), ownerField(true), nameFieldDef, ...fields]
    });
}

function customMetadataType(name: string, meta: ObjectXml, fields: FieldDef[], keyPrefix: string): ObjectDef {
    const text = (fieldName: string, label: string, length: number): FieldDef =>
        readOnly({ name: fieldName, type: 'string', label, length, nillable: fieldName === 'NamespacePrefix' });
    // Records are deployed, never saved through the data API: every field reads as not createable/updateable.
    const readOnlyFields = fields.map((f) => ({ ...f, createable: false, updateable: false }));
    return objectDef({
        name,
        label: meta.label,
        labelPlural: meta.pluralLabel,
        keyPrefix,
        custom: true,
        customMetadata: true,
        createable: false,
        updateable: false,
        deletable: false,
        queryable: true,
        activities: false,
        fields: [
            readOnly({ name: 'Id', type: 'id', label: `Custom Metadata Record ID`, nillable: false, idLookup: true }),
            text('DeveloperName', 'Custom Metadata Record Name', 40),
            text('MasterLabel', 'Label', 40),
            readOnly({ name: 'Language', type: 'picklist', label: 'Master Language', picklistValues: [] }),
            text('NamespacePrefix', 'Namespace Prefix', 15),
            text('Label', 'Label', 40),
            text('QualifiedApiName', 'Qualified API Name', 70),
            readOnly({ name: 'SystemModstamp', type: 'datetime', label: 'System Modstamp', nillable: false }),
            ...readOnlyFields
        ]
    });
}

/** Key prefixes for the project's objects, in name order so they never change between runs. */
function prefixFor(kind: 'custom' | 'mdt', index: number): string {
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    return kind === 'custom' ? `a0${letters[index % 26]}` : `m0${letters[index % 26]}`;
}

/** Builds the org's schema: standard objects plus everything under force-app/main/default/objects. */
export function loadSchema(schema: Schema, projectDir: string): void {
    const objectsDir = join(projectDir, 'force-app', 'main', 'default', 'objects');
    const folders = existsSync(objectsDir) ? readdirSync(objectsDir).sort() : [];
    const metas = new Map<string, ObjectXml>();
    for (const folder of folders) {
        const file = join(objectsDir, folder, `${folder}.object-meta.xml`);
        if (existsSync(file)) metas.set(folder, parseObjectXml(readFileSync(file, 'utf8')));
    }
    const customs = folders.filter((f) => f.endsWith('__c'));
    const types = folders.filter((f) => f.endsWith('__mdt'));
    const activityTargets = customs.filter((f) => metas.get(f)?.enableActivities);

    for (const def of standardObjects({ activityTargets, noteTargets: customs })) schema.add(def);
    customs.forEach((name, i) => {
        const meta = metas.get(name) ?? { label: name, pluralLabel: name, enableActivities: false };
        schema.add(customObject(name, meta, readFields(join(objectsDir, name), name), prefixFor('custom', i)));
    });
    types.forEach((name, i) => {
        const meta = metas.get(name) ?? { label: name, pluralLabel: name, enableActivities: false };
        schema.add(customMetadataType(name, meta, readFields(join(objectsDir, name), name), prefixFor('mdt', i)));
    });
    // Custom fields on standard objects (Lead, Contact, ...). Task and Event custom fields live on Activity in the
    // Metadata API and show on both objects; a deploy refuses them anywhere else (benedwards44/fieldcreator#2,
    // mshanemc/shane-sfdx-plugins#108), so the org refuses to start with them, naming the file.
    for (const folder of folders) {
        if (folder.endsWith('__c') || folder.endsWith('__mdt')) continue;
        const fields = readFields(join(objectsDir, folder), folder);
        if (ACTIVITY_OBJECTS.includes(folder) && fields.length > 0) {
            throw new Error(
                `force-app/main/default/objects/${folder}/fields: a deploy refuses ${folder} custom fields ` +
                    `(bad value for restricted picklist field: ${folder}); put them in objects/Activity/fields`
            );
        }
        const owners = folder === 'Activity' ? ACTIVITY_OBJECTS : [folder];
        for (const owner of owners) {
            const def = schema.get(owner);
            if (!def) continue;
            for (const f of fields) schema.addField(def.name, f);
        }
    }
}

/** The objects that share Activity's custom fields. */
const ACTIVITY_OBJECTS = ['Task', 'Event'];

export interface CustomMetadataRecordSource {
    type: string;
    developerName: string;
    label: string;
    values: Record<string, Value>;
}

function xmlValue(node: Xml | string): Value {
    if (typeof node === 'string') return node;
    if (node['@_xsi:nil'] === 'true') return null;
    const text = str(node) ?? '';
    switch (node['@_xsi:type']) {
        case 'xsd:boolean':
            return text === 'true';
        case 'xsd:double':
        case 'xsd:int':
        case 'xsd:long':
            return Number(text);
        default:
            return text;
    }
}

/** Every customMetadata/*.md-meta.xml record, values typed by their xsi:type. */
export function loadCustomMetadataRecords(projectDir: string): CustomMetadataRecordSource[] {
    const dir = join(projectDir, 'force-app', 'main', 'default', 'customMetadata');
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
        .filter((file) => file.endsWith('.md-meta.xml'))
        .sort()
        .map((file) => {
            const [type, developerName] = file.replace(/\.md-meta\.xml$/, '').split('.') as [string, string];
            const doc = (parser.parse(readFileSync(join(dir, file), 'utf8')) as Xml).CustomMetadata as Xml;
            const values: Record<string, Value> = {};
            for (const entry of (doc.values ?? []) as Xml[]) {
                const fieldName = str(entry.field);
                const value = ((entry.value ?? []) as (Xml | string)[])[0];
                if (fieldName) values[fieldName] = value === undefined ? null : xmlValue(value);
            }
            return { type: `${type}__mdt`, developerName, label: str(doc.label) ?? developerName, values };
        });
}
