/**
 * The org's data model: object and field definitions as describe reports them. Standard objects come from
 * standard-objects.ts, the project's custom objects, custom fields and Custom Metadata types from force-app (see
 * metadata.ts). Everything that validates, queries or describes reads this one model.
 */

export type FieldType =
    | 'id'
    | 'string'
    | 'textarea'
    | 'email'
    | 'url'
    | 'phone'
    | 'picklist'
    | 'multipicklist'
    | 'combobox'
    | 'boolean'
    | 'int'
    | 'double'
    | 'currency'
    | 'percent'
    | 'date'
    | 'datetime'
    | 'reference'
    | 'base64';

export type Value = string | number | boolean | null;

/** A stored record: one plain object, datetimes as epoch milliseconds, dates as YYYY-MM-DD. */
export type Rec = Record<string, Value>;

export interface PicklistValue {
    value: string;
    label: string;
    active: boolean;
    defaultValue: boolean;
}

export interface FieldDef {
    name: string;
    label: string;
    type: FieldType;
    length: number;
    precision: number;
    scale: number;
    nillable: boolean;
    createable: boolean;
    updateable: boolean;
    defaultedOnCreate: boolean;
    externalId: boolean;
    unique: boolean;
    caseSensitive: boolean;
    idLookup: boolean;
    filterable: boolean;
    sortable: boolean;
    custom: boolean;
    calculated: boolean;
    autoNumber: boolean;
    autoNumberFormat?: string;
    nameField: boolean;
    htmlFormatted: boolean;
    restrictedPicklist: boolean;
    /** Static values; for Lead.Status and Task.Status the values come from LeadStatus / TaskStatus rows. */
    picklistValues: PicklistValue[];
    picklistSource?: 'LeadStatus' | 'TaskStatus';
    defaultValue: Value;
    referenceTo: string[];
    relationshipName: string | null;
    /** Child relationship name on the referenced objects (e.g. Task.WhoId -> Lead.Tasks). */
    childRelationshipName: string | null;
    cascadeDelete: boolean;
    polymorphicForeignKey: boolean;
    /** Kept in a secondary index (external ids, emails, lookups the product queries by). */
    indexed: boolean;
}

export interface ObjectDef {
    name: string;
    label: string;
    labelPlural: string;
    keyPrefix: string;
    custom: boolean;
    customMetadata: boolean;
    createable: boolean;
    updateable: boolean;
    deletable: boolean;
    queryable: boolean;
    /** The store table holding the rows; ContentDocument shares ContentNote's. */
    table: string;
    /** Can be the WhatId of a Task. */
    activities: boolean;
    fields: FieldDef[];
    byName: Map<string, FieldDef>;
}

export type FieldSpec = Partial<FieldDef> & { name: string; type: FieldType };

const DEFAULT_LENGTH: Partial<Record<FieldType, number>> = {
    id: 18,
    reference: 18,
    string: 255,
    textarea: 32000,
    email: 80,
    url: 255,
    phone: 40,
    picklist: 255,
    multipicklist: 4099,
    combobox: 255
};

/** Field defaults a describe would show for a plain, writable, nillable field of the type. */
export function field(spec: FieldSpec): FieldDef {
    const longText = spec.type === 'textarea' && (spec.length ?? 32000) > 255;
    const base: FieldDef = {
        label: spec.name,
        length: DEFAULT_LENGTH[spec.type] ?? 0,
        precision: 0,
        scale: 0,
        nillable: spec.type !== 'boolean',
        createable: true,
        updateable: true,
        defaultedOnCreate: spec.type === 'boolean',
        externalId: false,
        unique: false,
        caseSensitive: false,
        idLookup: false,
        filterable: !longText && spec.type !== 'base64',
        sortable: !longText && spec.type !== 'base64',
        custom: spec.name.endsWith('__c'),
        calculated: false,
        autoNumber: false,
        nameField: false,
        htmlFormatted: false,
        restrictedPicklist: false,
        picklistValues: [],
        defaultValue: spec.type === 'boolean' ? false : null,
        referenceTo: [],
        relationshipName: null,
        childRelationshipName: null,
        cascadeDelete: false,
        polymorphicForeignKey: false,
        indexed: false,
        ...spec
    };
    if (base.externalId || base.unique) base.indexed = true;
    return base;
}

/** A read-only field maintained by the org (system fields, derived fields). */
export function readOnly(spec: FieldSpec): FieldDef {
    return field({ createable: false, updateable: false, ...spec });
}

export function picklist(values: string[], defaultValue?: string): PicklistValue[] {
    return values.map((value) => ({ value, label: value, active: true, defaultValue: value === defaultValue }));
}

export function objectDef(spec: Omit<ObjectDef, 'byName' | 'table'> & { table?: string }): ObjectDef {
    const byName = new Map(spec.fields.map((f) => [f.name.toLowerCase(), f]));
    return { ...spec, table: spec.table ?? spec.name, byName };
}

export class Schema {
    private readonly objects = new Map<string, ObjectDef>();
    private readonly prefixes = new Map<string, ObjectDef>();

    add(def: ObjectDef): void {
        this.objects.set(def.name.toLowerCase(), def);
        // ContentDocument shares ContentNote's prefix; the id resolves to the object that owns the table.
        if (!this.prefixes.has(def.keyPrefix) || def.table === def.name) this.prefixes.set(def.keyPrefix, def);
    }

    get(name: string): ObjectDef | undefined {
        return this.objects.get(name.toLowerCase());
    }

    /** The object an id belongs to, by its key prefix. */
    byPrefix(prefix: string): ObjectDef | undefined {
        return this.prefixes.get(prefix);
    }

    all(): ObjectDef[] {
        return [...this.objects.values()].sort((a, b) => a.name.localeCompare(b.name));
    }

    /** Adds (or replaces) a field at run time, e.g. a non-unique external id for a test of upsert's 300. */
    addField(objectName: string, spec: FieldSpec): FieldDef {
        const def = this.get(objectName);
        if (!def) throw new Error(`Unknown object ${objectName}`);
        const created = field(spec);
        const existing = def.fields.findIndex((f) => f.name.toLowerCase() === created.name.toLowerCase());
        if (existing >= 0) def.fields[existing] = created;
        else def.fields.push(created);
        def.byName.set(created.name.toLowerCase(), created);
        return created;
    }

    /** A lookup field by its relationship name (Owner -> OwnerId, Reply_Parent__r -> Reply_Parent__c). */
    relationship(def: ObjectDef, relationshipName: string): FieldDef | undefined {
        const wanted = relationshipName.toLowerCase();
        return def.fields.find((f) => f.type === 'reference' && f.relationshipName?.toLowerCase() === wanted);
    }

    /** Child relationships of an object, for describe. */
    childRelationships(def: ObjectDef): { child: ObjectDef; field: FieldDef }[] {
        const out: { child: ObjectDef; field: FieldDef }[] = [];
        for (const child of this.all()) {
            for (const f of child.fields) {
                if (f.type === 'reference' && f.referenceTo.includes(def.name)) out.push({ child, field: f });
            }
        }
        return out;
    }
}
