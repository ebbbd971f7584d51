/**
 * Who may do what. A user's access is the union of their profile and every permission set assigned to them
 * (Salesforce Help, "Permission Sets" and "Profiles"): object permissions (create, read, edit, delete), field
 * permissions (read, edit) and user permissions (API Enabled, View Setup and Configuration, Customize Application,
 * Edit Tasks, ...). The permission sets are force-app's own; the profiles are three standard ones:
 *
 * - System Administrator: every object and field, Customize Application, Modify All Data (the sandbox's integration
 *   user has it by default, with Reply_Sync_Integration assigned, so everything the API serves stays open to it);
 * - Standard User: create, read, edit and delete on Account, Contact, Lead, Task and Event, Edit Tasks and Events,
 *   no custom field of the project (a source deploy grants profiles nothing);
 * - Minimum Access - API Only Integrations: API Enabled and nothing else, the profile Salesforce recommends for
 *   integration users: with it, the integration user has exactly what its permission sets grant.
 *
 * Not modelled: field-level security of standard fields (a standard field follows its object's access), sharing
 * (every readable record is visible), permission set groups and muting, licences. Tasks and Events: everyone reads
 * them, Edit Tasks / Edit Events let a user create and change them. Notes and files (ContentNote, ContentDocument,
 * ContentDocumentLink, Note), Users, the Organization, status values and Custom Metadata are readable by everyone,
 * and notes and file links writable by everyone, as in an org with Notes enabled.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { FieldDef, ObjectDef } from './schema.ts';

export interface ObjectAccess {
    create: boolean;
    read: boolean;
    edit: boolean;
    delete: boolean;
}

/** What one profile or permission set grants. */
export interface Grants {
    name: string;
    label: string;
    /** Set for a profile's own permission set. */
    profile?: string;
    /** Every object and field (System Administrator). */
    all: boolean;
    userPermissions: Set<string>;
    /** Lower-case object name -> access. */
    objects: Map<string, ObjectAccess>;
    /** Lower-case `object.field` -> access. */
    fields: Map<string, { read: boolean; edit: boolean }>;
}

/** The user permissions the sandbox's PermissionSet and Profile rows show as `Permissions<Name>` fields. */
export const USER_PERMISSIONS = [
    'ApiEnabled',
    'ViewSetup',
    'CustomizeApplication',
    'ModifyAllData',
    'ViewAllData',
    'EditTask',
    'EditEvent'
] as const;

export const ADMIN_PROFILE = 'System Administrator';
export const STANDARD_PROFILE = 'Standard User';
export const INTEGRATION_PROFILE = 'Minimum Access - API Only Integrations';

const FULL: ObjectAccess = { create: true, read: true, edit: true, delete: true };
const NONE: ObjectAccess = { create: false, read: false, edit: false, delete: false };
const READ: ObjectAccess = { create: false, read: true, edit: false, delete: false };

/** Objects everyone reads (and, for notes and file links, writes) whatever their permissions. */
const OPEN_TO_READ = new Set(['user', 'group', 'organization', 'leadstatus', 'taskstatus']);
const OPEN_TO_WRITE = new Set(['contentnote', 'contentdocument', 'contentdocumentlink', 'note']);
const SETUP_OBJECTS = new Set(['namedcredential', 'permissionset', 'permissionsetassignment', 'profile']);

function grants(name: string, extra: Partial<Grants> = {}): Grants {
    return {
        name,
        label: name,
        all: false,
        userPermissions: new Set(),
        objects: new Map(),
        fields: new Map(),
        ...extra
    };
}

export function standardProfiles(): Grants[] {
    return [
        grants(ADMIN_PROFILE, { profile: ADMIN_PROFILE, all: true, userPermissions: new Set(USER_PERMISSIONS) }),
        grants(STANDARD_PROFILE, {
            profile: STANDARD_PROFILE,
            userPermissions: new Set(['ApiEnabled', 'EditTask', 'EditEvent']),
            objects: new Map(['account', 'contact', 'lead', 'task', 'event'].map((o) => [o, { ...FULL }]))
        }),
        grants(INTEGRATION_PROFILE, { profile: INTEGRATION_PROFILE, userPermissions: new Set(['ApiEnabled']) })
    ];
}

const parser = new XMLParser({
    parseTagValue: false,
    isArray: (tag) => ['objectPermissions', 'fieldPermissions', 'userPermissions'].includes(tag)
});

type Xml = Record<string, unknown>;
const flag = (value: unknown): boolean => value === 'true';

/** force-app's permission sets, as the Metadata API deploys them. */
export function loadPermissionSets(projectDir: string): Grants[] {
    const dir = join(projectDir, 'force-app', 'main', 'default', 'permissionsets');
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
        .filter((file) => file.endsWith('.permissionset-meta.xml'))
        .sort()
        .map((file) => {
            const doc = ((parser.parse(readFileSync(join(dir, file), 'utf8')) as Xml).PermissionSet ?? {}) as Xml;
            const set = grants(file.replace('.permissionset-meta.xml', ''), { label: String(doc.label ?? '') });
            for (const p of (doc.userPermissions ?? []) as Xml[])
                if (flag(p.enabled)) set.userPermissions.add(String(p.name));
            for (const p of (doc.objectPermissions ?? []) as Xml[]) {
                set.objects.set(String(p.object).toLowerCase(), {
                    create: flag(p.allowCreate),
                    read: flag(p.allowRead),
                    edit: flag(p.allowEdit),
                    delete: flag(p.allowDelete)
                });
            }
            for (const p of (doc.fieldPermissions ?? []) as Xml[]) {
                set.fields.set(String(p.field).toLowerCase(), { read: flag(p.readable), edit: flag(p.editable) });
            }
            return set;
        });
}

/** A user's effective access: the union of the grants they hold. */
export class UserAccess {
    constructor(private readonly held: Grants[]) {}

    get isAll(): boolean {
        return this.held.some((g) => g.all);
    }

    has(permission: string): boolean {
        return this.held.some((g) => g.all || g.userPermissions.has(permission));
    }

    object(def: ObjectDef): ObjectAccess {
        const name = def.table.toLowerCase();
        if (this.isAll) return { ...FULL };
        if (OPEN_TO_WRITE.has(name)) return { ...FULL };
        if (SETUP_OBJECTS.has(name)) return this.has('ViewSetup') ? { ...READ } : { ...NONE };
        if (OPEN_TO_READ.has(name) || def.customMetadata) return { ...READ };
        if (name === 'task' || name === 'event') {
            const edit = this.has(name === 'task' ? 'EditTask' : 'EditEvent');
            return { create: edit, read: true, edit, delete: edit };
        }
        const out = { ...NONE };
        for (const g of this.held) {
            const access = g.objects.get(def.name.toLowerCase());
            if (!access) continue;
            out.create ||= access.create;
            out.read ||= access.read || access.edit;
            out.edit ||= access.edit;
            out.delete ||= access.delete;
        }
        return out;
    }

    /** Field access: standard fields follow the object; custom fields need a field permission. */
    field(def: ObjectDef, f: FieldDef): { read: boolean; edit: boolean } {
        const object = this.object(def);
        // Required fields always come with their object: no field permission can be given for them.
        if (this.isAll || !f.custom || def.customMetadata || !f.nillable) {
            return { read: object.read, edit: object.create || object.edit };
        }
        const key = `${def.name}.${f.name}`.toLowerCase();
        const granted = this.held.some((g) => g.fields.get(key)?.read || g.fields.get(key)?.edit);
        const editable = this.held.some((g) => g.fields.get(key)?.edit);
        return { read: object.read && granted, edit: (object.create || object.edit) && editable };
    }
}
