/**
 * The org itself: schema, records and settings, and the save operations (insert, update, upsert, delete, lead
 * conversion, Custom Metadata deployment) with Salesforce's rules. It knows nothing of HTTP: the REST layer and
 * tests call the same methods, tests directly (no API accounting, no faults).
 */
import type { ItemErrorBody } from './errors.ts';
import {
    ItemError,
    convertedLead,
    entityIsDeleted,
    entityNotWritable,
    invalidCrossReference,
    notWritable,
    unableToLockRow
} from './errors.ts';
import { applyInsertDefaults, deriveFields } from './derive.ts';
import { IdGenerator, fixedId, normalizeId } from './ids.ts';
import { loadCustomMetadataRecords, loadNamedCredentials, loadSchema } from './metadata.ts';
import {
    ADMIN_PROFILE,
    STANDARD_PROFILE,
    USER_PERMISSIONS,
    UserAccess,
    loadPermissionSets,
    standardProfiles
} from './access.ts';
import type { Grants } from './access.ts';
import { QueryEngine } from './query.ts';
import type { QueryEnv } from './query.ts';
import { checkDuplicateRule, checkFields, checkObjectRules, checkRequired, checkUnique } from './rules.ts';
import type { DuplicateRuleMode, RuleContext } from './rules.ts';
import { Schema } from './schema.ts';
import type { FieldDef, FieldSpec, ObjectDef, PicklistValue, Rec, Value } from './schema.ts';
import { Store, Transaction } from './store.ts';
import type { Table } from './store.ts';
import { Clock, dateInZone, isValidTimeZone } from './time.ts';
import { coerceInput, recordToApi } from './values.ts';

export const DEFAULT_API_VERSION = '62.0';
export const INTEGRATION_USERNAME = 'integration@reply-sync.sandbox';
export const DEFAULT_TIME_ZONE = 'America/Los_Angeles';

export interface SaveOptions {
    /** The user the save runs as (CreatedById, LastModifiedById, default owner). */
    userId?: string;
    /** A transaction owned by the caller (all-or-none requests); otherwise the save commits on its own. */
    txn?: Transaction;
    /** `Sforce-Duplicate-Rule-Header: allowSave=true`: lets an Alert rule's match through. */
    allowSave?: boolean;
    /**
     * `Sforce-Auto-Assign`: an API save runs the active Lead assignment rule on insert and on update unless false;
     * left unset (a direct save), an insert runs it and an update does not.
     */
    autoAssign?: boolean;
    /** Fault injection: true when this write should fail with UNABLE_TO_LOCK_ROW. */
    lockFault?: () => boolean;
    /** API calls: the user's object and field permissions apply (tests' direct saves run in system mode). */
    enforceAccess?: boolean;
}

/** Upsert found several records with the external id (single upsert answers 300, collections an item error). */
export class MultipleMatchesError extends Error {
    constructor(
        readonly field: string,
        readonly ids: string[]
    ) {
        super(`${field}: more than one record found for external id field: [${ids.join(', ')}]`);
        this.name = 'MultipleMatchesError';
    }
}

export interface ConvertLeadOptions {
    /** Merge into an existing Account instead of creating one from Company. */
    accountId?: string;
    /** Merge into an existing Contact instead of creating one. */
    contactId?: string;
    /** A LeadStatus with IsConverted = true; defaults to the first such value. */
    convertedStatus?: string;
    ownerId?: string;
    userId?: string;
}

/** SOAP merge()'s MergeResult, without success/errors (a failed merge throws its ItemError). */
export interface MergeResult {
    id: string;
    mergedRecordIds: string[];
    updatedRelatedIds: string[];
}

/** SOAP undelete()'s UndeleteResult. */
export interface UndeleteResult {
    id: string;
    success: boolean;
    errors: ItemErrorBody[];
}

/** The object types merge() supports (SOAP API Developer Guide, merge(): Lead, Contact, Account). */
const MERGEABLE = new Set(['Lead', 'Contact', 'Account']);

export interface ConvertLeadResult {
    leadId: string;
    contactId: string;
    accountId: string;
}

export interface OrgSettings {
    timeZone: string;
    duplicateRules: Record<'Lead' | 'Contact', DuplicateRuleMode>;
    /** An active Lead assignment rule: new Leads go to this owner unless `Sforce-Auto-Assign: FALSE`. */
    assignmentRule: { ownerId: string } | null;
}

const STANDARD_LEAD_STATUSES: [string, boolean, boolean][] = [
    ['Open - Not Contacted', false, true],
    ['Working - Contacted', false, false],
    ['Closed - Converted', true, false],
    ['Closed - Not Converted', false, false]
];

const STANDARD_TASK_STATUSES: [string, boolean, boolean][] = [
    ['Not Started', false, true],
    ['In Progress', false, false],
    ['Completed', true, false],
    ['Waiting on someone else', false, false],
    ['Deferred', false, false]
];

export class SandboxOrg implements RuleContext {
    readonly schema = new Schema();
    readonly store = new Store();
    readonly clock = new Clock();
    readonly ids = new IdGenerator();
    readonly orgId = fixedId('00D', 1);
    readonly apiVersion = DEFAULT_API_VERSION;
    readonly queries: QueryEngine;
    readonly settings: OrgSettings = {
        timeZone: DEFAULT_TIME_ZONE,
        duplicateRules: { Lead: 'off', Contact: 'off' },
        assignmentRule: null
    };
    private integrationUserIdValue = '';
    /** Records in the recycle bin because another one was deleted: child id -> the id whose delete took it. */
    private readonly cascadeRoots = new Map<string, string>();
    /** What each PermissionSet row (profiles' own included) grants, by its id. */
    private readonly grantsBySet = new Map<string, Grants>();
    private readonly profileIds = new Map<string, string>();
    private readonly autoNumbers = new Map<string, number>();

    constructor(readonly projectDir: string) {
        loadSchema(this.schema, projectDir);
        this.queries = new QueryEngine(() => this.queryEnv());
        this.loadBaseData();
    }

    // ------------------------------------------------------------ lookups

    objectDef(type: string | ObjectDef): ObjectDef {
        if (typeof type !== 'string') return type;
        const def = this.schema.get(type.endsWith('__mdt') || this.schema.get(type) ? type : `${type}__mdt`);
        if (!def) throw new Error(`Unknown sObject type ${type}`);
        return def;
    }

    table(def: ObjectDef): Table {
        const owner = def.table === def.name ? def : this.schema.get(def.table);
        return this.store.table(owner ?? def);
    }

    find(id: string): { def: ObjectDef; rec: Rec } | undefined {
        const normalized = normalizeId(id);
        if (!normalized) return undefined;
        const def = this.schema.byPrefix(normalized.slice(0, 3));
        if (!def) return undefined;
        const rec = this.table(def).get(normalized);
        return rec ? { def, rec } : undefined;
    }

    picklistValues(f: FieldDef): PicklistValue[] {
        if (!f.picklistSource) return f.picklistValues;
        const def = this.schema.get(f.picklistSource) as ObjectDef;
        return [...this.table(def).values()]
            .sort((a, b) => Number(a.SortOrder) - Number(b.SortOrder))
            .map((r) => ({
                value: r.ApiName as string,
                label: r.MasterLabel as string,
                active: true,
                defaultValue: r.IsDefault === true
            }));
    }

    duplicateRule(objectName: string): DuplicateRuleMode {
        return objectName === 'Lead' || objectName === 'Contact' ? this.settings.duplicateRules[objectName] : 'off';
    }

    taskStatusClosed(status: string): boolean {
        const def = this.schema.get('TaskStatus') as ObjectDef;
        for (const r of this.table(def).values()) if (r.ApiName === status) return r.IsClosed === true;
        return false;
    }

    nextAutoNumber(def: ObjectDef, f: FieldDef): string {
        const key = `${def.name}.${f.name}`;
        const n = (this.autoNumbers.get(key) ?? 0) + 1;
        this.autoNumbers.set(key, n);
        const format = f.autoNumberFormat ?? '{0}';
        return format.replace(/\{(0+)\}/, (_m, zeros: string) => String(n).padStart(zeros.length, '0'));
    }

    now(): number {
        return Date.now();
    }

    get integrationUserId(): string {
        return this.integrationUserIdValue;
    }

    queryEnv(): QueryEnv {
        return {
            schema: this.schema,
            timeZone: this.settings.timeZone,
            now: Date.now(),
            find: (id) => this.find(id),
            table: (def) => this.table(def),
            semiJoin: (query, soql) => this.queries.semiJoin(query, soql)
        };
    }

    // ------------------------------------------------------------ access

    /** A user's object, field and user permissions: their profile's and those of every permission set assigned. */
    accessOf(userId: string): UserAccess {
        const held: Grants[] = [];
        const assignments = this.schema.get('PermissionSetAssignment') as ObjectDef;
        const table = this.table(assignments);
        for (const id of table.lookup(
            assignments.byName.get('assigneeid') as FieldDef,
            normalizeId(userId) ?? userId
        )) {
            const grants = this.grantsBySet.get(String(table.get(id)?.PermissionSetId));
            if (grants) held.push(grants);
        }
        return new UserAccess(held);
    }

    private accessFor(options: SaveOptions): UserAccess | undefined {
        if (!options.enforceAccess) return undefined;
        const access = this.accessOf(options.userId ?? this.integrationUserId);
        return access.isAll ? undefined : access;
    }

    /** The Profile row's id of a standard profile (System Administrator, Standard User, ...). */
    profileId(name: string): string {
        const id = this.profileIds.get(name);
        if (!id) throw new Error(`No profile ${name}: ${[...this.profileIds.keys()].join(', ')}`);
        return id;
    }

    /** Gives a user another standard profile (and its permission set assignment). */
    setProfile(userId: string, profileName: string): void {
        const profileId = this.profileId(profileName);
        this.systemUpdate(userId, { ProfileId: profileId });
        const assignments = this.table(this.schema.get('PermissionSetAssignment') as ObjectDef);
        for (const row of this.query(
            `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${userId}' AND PermissionSet.IsOwnedByProfile = true`
        )) {
            assignments.replace(String(row.Id), undefined);
        }
        this.assignProfileSet(userId, profileId);
    }

    /** Every user holds their profile's own permission set, listed among their PermissionSetAssignments. */
    private assignProfileSet(userId: string, profileId: Value | undefined, txn?: Transaction): void {
        for (const [setId, grants] of this.grantsBySet) {
            if (!grants.profile || this.profileIds.get(grants.profile) !== profileId) continue;
            if (!txn) {
                this.load('PermissionSetAssignment', { AssigneeId: userId, PermissionSetId: setId }, this.clock.next());
                continue;
            }
            const def = this.objectDef('PermissionSetAssignment');
            const id = this.ids.next(def.keyPrefix);
            const rec: Rec = { Id: id, IsDeleted: false, AssigneeId: userId, PermissionSetId: setId };
            this.stamp(def, rec, userId, this.clock.next(), true);
            this.store.write(txn, this.table(def), id, rec);
        }
    }

    /** The PermissionSet row's id of a force-app permission set (or a profile's own set). */
    permissionSetId(name: string): string {
        for (const [id, grants] of this.grantsBySet) if (grants.name === name && !grants.profile) return id;
        throw new Error(`No permission set ${name}`);
    }

    /** Assigns a permission set (idempotent); returns the PermissionSetAssignment's id. */
    assignPermissionSet(userId: string, permissionSetName: string): string {
        const setId = this.permissionSetId(permissionSetName);
        const existing = this.query(
            `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${userId}' AND PermissionSetId = '${setId}'`
        )[0];
        return existing
            ? String(existing.Id)
            : this.insert('PermissionSetAssignment', { AssigneeId: userId, PermissionSetId: setId });
    }

    unassignPermissionSet(userId: string, permissionSetName: string): void {
        const setId = this.permissionSetId(permissionSetName);
        for (const row of this.query(
            `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${userId}' AND PermissionSetId = '${setId}'`
        )) {
            this.delete('PermissionSetAssignment', String(row.Id));
        }
    }

    /** Sets a Named Credential's URL, as an admin does in Setup after deploying. */
    setNamedCredentialUrl(developerName: string, url: string): void {
        const [row] = this.query(`SELECT Id FROM NamedCredential WHERE DeveloperName = '${developerName}'`);
        if (!row) throw new Error(`No named credential ${developerName}`);
        this.systemUpdate(String(row.Id), { Endpoint: url });
    }

    // ------------------------------------------------------------ saves

    /** Runs a save in the caller's transaction (undoing only its own part on failure) or in its own. */
    private inTxn<T>(options: SaveOptions, work: (txn: Transaction) => T): T {
        const txn = options.txn ?? new Transaction();
        const mark = txn.mark();
        try {
            const result = work(txn);
            if (!options.txn) txn.commit();
            return result;
        } catch (error) {
            txn.rollback(mark);
            throw error;
        }
    }

    private stamp(def: ObjectDef, rec: Rec, userId: string, at: number, created: boolean): void {
        if (def.byName.has('createddate')) {
            if (created) {
                rec.CreatedDate = at;
                rec.CreatedById = userId;
            }
            rec.LastModifiedDate = at;
            rec.LastModifiedById = userId;
        }
        rec.SystemModstamp = at;
    }

    private validate(
        def: ObjectDef,
        rec: Rec,
        changed: Set<string>,
        previous: Rec | undefined,
        options: SaveOptions
    ): void {
        const error =
            checkRequired(def, rec) ?? checkFields(this, def, rec, changed) ?? this.derive(def, rec, previous);
        if (error) throw error;
        const later =
            checkUnique(this, def, rec, changed) ??
            checkObjectRules(this, def, rec) ??
            checkDuplicateRule(this, def, rec, changed, options.allowSave === true);
        if (later) throw later;
    }

    private derive(def: ObjectDef, rec: Rec, previous: Rec | undefined): ItemError | undefined {
        try {
            deriveFields(this, def, rec, previous);
            return undefined;
        } catch (error) {
            if (error instanceof ItemError) return error;
            throw error;
        }
    }

    /** Empty strings are saved as null, as Salesforce does. */
    private static blanksToNull(input: Rec): Rec {
        const out: Rec = {};
        for (const [key, value] of Object.entries(input)) out[key] = value === '' ? null : value;
        return out;
    }

    private insertRecord(def: ObjectDef, input: Rec, options: SaveOptions, txn: Transaction): string {
        const access = this.accessFor(options);
        if (!def.createable || (access && !access.object(def).create)) throw entityNotWritable('inserted', def.label);
        if (input.Id !== undefined && input.Id !== null) {
            throw new ItemError('INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']);
        }
        const blocked = Object.keys(input).filter((name) => {
            const f = def.byName.get(name.toLowerCase());
            return name !== 'Id' && (!f?.createable || (access !== undefined && !access.field(def, f).edit));
        });
        if (blocked.length > 0) throw notWritable(blocked);
        if (options.lockFault?.()) throw unableToLockRow(undefined);
        const userId = options.userId ?? this.integrationUserId;
        const rec = SandboxOrg.blanksToNull(input);
        delete rec.Id;
        if (def.name === 'User' && !rec.ProfileId) rec.ProfileId = this.profileId(STANDARD_PROFILE);
        const changed = new Set(Object.keys(rec));
        const rule = this.settings.assignmentRule;
        if (def.name === 'Lead' && rule && options.autoAssign !== false) {
            rec.OwnerId = rule.ownerId;
            changed.add('OwnerId');
        }
        for (const name of applyInsertDefaults(this, def, rec, userId)) changed.add(name);
        this.validate(def, rec, changed, undefined, options);
        const id = this.ids.next(def.keyPrefix);
        rec.Id = id;
        if (def.byName.has('isdeleted')) rec.IsDeleted = false;
        this.stamp(def, rec, userId, this.clock.next(), true);
        this.store.write(txn, this.table(def), id, rec);
        if (def.name === 'User') this.assignProfileSet(id, rec.ProfileId, txn);
        return id;
    }

    private existing(def: ObjectDef, id: string): Rec {
        const normalized = normalizeId(id);
        if (!normalized || this.schema.byPrefix(normalized.slice(0, 3))?.table !== def.table) {
            throw new ItemError('MALFORMED_ID', `${def.label} ID: id value of incorrect type: ${id}`, ['Id']);
        }
        const rec = this.table(def).get(normalized);
        if (!rec) throw invalidCrossReference();
        if (rec.IsDeleted) throw entityIsDeleted();
        return rec;
    }

    private updateRecord(def: ObjectDef, id: string, input: Rec, options: SaveOptions, txn: Transaction): void {
        const access = this.accessFor(options);
        if (!def.updateable || (access && !access.object(def).edit)) throw entityNotWritable('updated', def.label);
        const previous = this.existing(def, id);
        if (def.name === 'Lead' && previous.IsConverted === true) throw convertedLead();
        const fields = SandboxOrg.blanksToNull(input);
        if (fields.Id !== undefined && normalizeId(String(fields.Id)) === previous.Id) delete fields.Id;
        const blocked = Object.keys(fields).filter((name) => {
            const f = def.byName.get(name.toLowerCase());
            return !f?.updateable || (access !== undefined && !access.field(def, f).edit);
        });
        if (blocked.length > 0) throw notWritable(blocked);
        if (options.lockFault?.()) throw unableToLockRow(previous.Id as string);
        // Rules run on a merged copy; only what differs is then written into the stored record.
        const rec: Rec = { ...previous, ...fields };
        const changed = new Set(Object.keys(fields));
        // REST runs the active Lead assignment rule on updates too unless told `Sforce-Auto-Assign: FALSE` (REST API
        // Developer Guide, Assignment Rule Header: "applied when creating or updating ... defaults to TRUE"). Direct
        // saves (a user's edit in the UI) leave `autoAssign` unset and run no rule.
        const rule = this.settings.assignmentRule;
        if (def.name === 'Lead' && rule && options.autoAssign === true && rec.OwnerId !== rule.ownerId) {
            rec.OwnerId = rule.ownerId;
            changed.add('OwnerId');
        }
        this.validate(def, rec, changed, previous, options);
        this.stamp(def, rec, options.userId ?? this.integrationUserId, this.clock.next(), false);
        const changes: Rec = {};
        for (const [name, value] of Object.entries(rec)) if (previous[name] !== value) changes[name] = value;
        this.store.change(txn, this.table(def), previous.Id as string, changes);
    }

    private cascadeTargets(def: ObjectDef): { child: ObjectDef; field: FieldDef }[] {
        const out: { child: ObjectDef; field: FieldDef }[] = [];
        for (const child of this.schema.all()) {
            if (child.table !== child.name) continue;
            for (const f of child.fields) {
                if (f.cascadeDelete && f.referenceTo.some((name) => this.schema.get(name)?.table === def.table)) {
                    out.push({ child, field: f });
                }
            }
        }
        return out;
    }

    /**
     * Moves a record to the recycle bin with the records deleted along with it (cascade), remembering which delete
     * took them so an undelete brings them back together. `extra` holds what a merge sets (MasterRecordId).
     */
    private markDeleted(
        def: ObjectDef,
        rec: Rec,
        userId: string,
        txn: Transaction,
        root?: string,
        extra: Rec = {}
    ): void {
        const changes: Rec = { ...extra, IsDeleted: true };
        this.stamp(def, changes, userId, this.clock.next(), false);
        this.store.change(txn, this.table(def), rec.Id as string, changes);
        if (root) this.cascadeRoots.set(rec.Id as string, root);
        for (const { child, field: f } of this.cascadeTargets(def)) {
            const table = this.table(child);
            for (const childId of table.lookup(f, rec.Id as string)) {
                const childRec = table.get(childId);
                if (childRec && !childRec.IsDeleted) {
                    this.markDeleted(child, childRec, userId, txn, root ?? (rec.Id as string));
                }
            }
        }
    }

    private deleteRecord(type: ObjectDef | undefined, id: string, options: SaveOptions, txn: Transaction): void {
        const normalized = normalizeId(id);
        if (!normalized) throw new ItemError('MALFORMED_ID', `malformed id ${id}`, []);
        const found = this.find(normalized);
        if (!found) throw invalidCrossReference();
        const def = type && type.table === found.def.table ? type : found.def;
        if (found.rec.IsDeleted) throw entityIsDeleted();
        const access = this.accessFor(options);
        if (!def.deletable || (access && !access.object(def).delete)) throw entityNotWritable('deleted', def.label);
        if (options.lockFault?.()) throw unableToLockRow(normalized);
        this.markDeleted(def, found.rec, options.userId ?? this.integrationUserId, txn);
    }

    /** Inserts a record; throws ItemError when a rule refuses it. */
    insert(type: string | ObjectDef, fields: Rec, options: SaveOptions = {}): string {
        const def = this.objectDef(type);
        return this.inTxn(options, (txn) => this.insertRecord(def, fields, options, txn));
    }

    update(type: string | ObjectDef, id: string, fields: Rec, options: SaveOptions = {}): void {
        const def = this.objectDef(type);
        this.inTxn(options, (txn) => this.updateRecord(def, id, fields, options, txn));
    }

    /** Upsert on an external id field (or Id): `created` says which way it went. */
    upsert(
        type: string | ObjectDef,
        fieldName: string,
        value: string,
        fields: Rec,
        options: SaveOptions = {}
    ): { id: string; created: boolean } {
        const def = this.objectDef(type);
        const f = def.byName.get(fieldName.toLowerCase());
        if (!f) throw new Error(`No field ${fieldName} on ${def.name}`);
        return this.inTxn(options, (txn) => {
            const body = { ...fields };
            const sent = Object.keys(body).find((k) => k.toLowerCase() === f.name.toLowerCase());
            if (sent !== undefined) {
                if (body[sent] !== null && String(body[sent]).toLowerCase() !== value.toLowerCase()) {
                    throw new ItemError(
                        'INVALID_FIELD',
                        `The ${f.name} field should not be specified in the sobject data.`,
                        [f.name]
                    );
                }
                delete body[sent];
            }
            let matches: string[];
            if (f.name === 'Id') {
                const found = this.find(value);
                if (found?.def.table === def.table && found.rec.IsDeleted) throw entityIsDeleted();
                matches = found && found.def.table === def.table ? [found.rec.Id as string] : [];
            } else matches = this.table(def).lookup(f, value);
            if (matches.length > 1) throw new MultipleMatchesError(f.name, matches);
            const match = matches[0];
            if (match) {
                this.updateRecord(def, match, body, options, txn);
                return { id: match, created: false };
            }
            if (f.name === 'Id') throw invalidCrossReference();
            return { id: this.insertRecord(def, { ...body, [f.name]: value }, options, txn), created: true };
        });
    }

    delete(type: string | ObjectDef | undefined, id: string, options: SaveOptions = {}): void {
        const def = type === undefined ? undefined : this.objectDef(type);
        this.inTxn(options, (txn) => this.deleteRecord(def, id, options, txn));
    }

    // ------------------------------------------------------------ merge and undelete

    /**
     * Merges up to two records into a master of the same type, as SOAP merge() and Apex merge do (neither has a REST
     * resource): `fields` update the master first, with the save rules; every record related to a merged record is
     * reparented to the master; the merged records go to the recycle bin with MasterRecordId set, where queryAll and
     * getDeleted see them. One transaction. Lead, Contact and Account only; no converted Leads.
     */
    merge(masterId: string, mergedIds: string[], fields: Rec = {}, options: SaveOptions = {}): MergeResult {
        const master = this.find(masterId);
        if (!master) throw invalidCrossReference();
        const def = master.def;
        if (!MERGEABLE.has(def.name)) {
            throw new ItemError('INVALID_TYPE_FOR_OPERATION', `entity type cannot be merged: ${def.label}`);
        }
        const ids = mergedIds.map((id) => normalizeId(id) ?? id);
        if (ids.length < 1 || ids.length > 2 || new Set(ids).size !== ids.length) {
            throw new ItemError(
                'INVALID_OPERATION',
                'A merge takes one or two records to merge into the master record'
            );
        }
        if (ids.includes(master.rec.Id as string)) {
            throw new ItemError('INVALID_OPERATION', 'The master record cannot also be a record to merge');
        }
        const victims = ids.map((id) => {
            const found = this.find(id);
            if (!found) throw invalidCrossReference();
            if (found.def.table !== def.table) {
                throw new ItemError('MALFORMED_ID', `${def.label} ID: id value of incorrect type: ${id}`, ['Id']);
            }
            return found.rec;
        });
        for (const rec of [master.rec, ...victims]) {
            if (rec.IsDeleted) throw entityIsDeleted();
            if (def.name === 'Lead' && rec.IsConverted === true) throw convertedLead();
        }
        const userId = options.userId ?? this.integrationUserId;
        return this.inTxn(options, (txn) => {
            if (Object.keys(fields).length > 0) this.updateRecord(def, masterId, fields, { ...options, txn }, txn);
            const updatedRelatedIds: string[] = [];
            for (const victim of victims) {
                updatedRelatedIds.push(
                    ...this.reparent(def, victim.Id as string, master.rec.Id as string, userId, txn)
                );
                this.markDeleted(def, victim, userId, txn, undefined, { MasterRecordId: master.rec.Id as string });
            }
            return { id: master.rec.Id as string, mergedRecordIds: ids, updatedRelatedIds };
        });
    }

    /** Points every record related to `fromId` (activities, notes, file links, lookups) at `toId`; returns their ids. */
    private reparent(def: ObjectDef, fromId: string, toId: string, userId: string, txn: Transaction): string[] {
        const moved: string[] = [];
        for (const child of this.schema.all()) {
            if (child.table !== child.name) continue;
            for (const f of child.fields) {
                const related = f.cascadeDelete || (f.updateable && f.name !== 'MasterRecordId');
                if (f.type !== 'reference' || !related) continue;
                if (!f.referenceTo.some((name) => this.schema.get(name)?.table === def.table)) continue;
                const table = this.table(child);
                for (const id of table.lookup(f, fromId)) {
                    const rec = table.get(id);
                    if (!rec || rec.IsDeleted) continue;
                    const duplicateLink =
                        child.name === 'ContentDocumentLink' &&
                        table
                            .lookup(f, toId)
                            .some((other) => table.get(other)?.ContentDocumentId === rec.ContentDocumentId);
                    if (duplicateLink) this.markDeleted(child, rec, userId, txn);
                    else this.systemUpdate(id, { [f.name]: toId }, txn, userId);
                    moved.push(id);
                }
            }
        }
        return moved;
    }

    /**
     * Restores records from the recycle bin with the records their delete took along (SOAP undelete(), Apex
     * undelete). A merged record comes back without its old children: the merge reparented them for good. Each id
     * gets its own result; a live or unknown id fails UNDELETE_FAILED, a unique value taken meanwhile DUPLICATE_VALUE.
     */
    undelete(ids: string[], options: SaveOptions = {}): UndeleteResult[] {
        return ids.map((raw) => {
            const id = normalizeId(raw) ?? raw;
            try {
                this.inTxn(options, (txn) => {
                    const found = this.find(id);
                    if (!found || !found.rec.IsDeleted) {
                        throw new ItemError('UNDELETE_FAILED', 'Entity is not in the recycle bin');
                    }
                    if (this.cascadeRoots.has(id)) {
                        throw new ItemError(
                            'UNDELETE_FAILED',
                            `This record was deleted with ${this.cascadeRoots.get(id)}: undelete that record`
                        );
                    }
                    const family = [id, ...[...this.cascadeRoots].filter(([, root]) => root === id).map(([c]) => c)];
                    const userId = options.userId ?? this.integrationUserId;
                    for (const memberId of family) {
                        const member = this.find(memberId);
                        if (!member) continue;
                        const uniques = member.def.fields.filter((f) => f.unique).map((f) => f.name);
                        const clash = checkUnique(this, member.def, member.rec, uniques);
                        if (clash) throw clash;
                        const changes: Rec = { IsDeleted: false };
                        this.stamp(member.def, changes, userId, this.clock.next(), false);
                        this.store.change(txn, this.table(member.def), memberId, changes);
                    }
                    for (const memberId of family) this.cascadeRoots.delete(memberId);
                });
                return { id, success: true, errors: [] };
            } catch (error) {
                if (!(error instanceof ItemError)) throw error;
                return { id, success: false, errors: [error.toBody()] };
            }
        });
    }

    /** A system update that bypasses permissions and rules (conversion, test setup). */
    systemUpdate(id: string, fields: Rec, txn?: Transaction, userId?: string): void {
        const found = this.find(id);
        if (!found) throw new Error(`No record ${id}`);
        const own = txn ?? new Transaction();
        const changes: Rec = { ...fields };
        this.stamp(found.def, changes, userId ?? this.integrationUserId, this.clock.next(), false);
        this.store.change(own, this.table(found.def), found.rec.Id as string, changes);
        if (!txn) own.commit();
    }

    /** Inserts seed data with explicit timestamps and no rules (the generator guarantees valid rows). */
    load(type: string, fields: Rec, at: number, userId?: string): string {
        const def = this.objectDef(type);
        const id = this.ids.next(def.keyPrefix);
        const rec: Rec = { ...fields, Id: id };
        if (def.byName.has('isdeleted')) rec.IsDeleted = false;
        for (const f of def.fields)
            if (f.type === 'boolean' && rec[f.name] === undefined) rec[f.name] = f.defaultValue ?? false;
        if (def.name === 'Lead' || def.name === 'Contact' || def.name === 'User') {
            rec.Name = [rec.FirstName, rec.LastName].filter((p) => typeof p === 'string' && p).join(' ') || null;
        }
        this.clock.observe(at);
        this.stamp(def, rec, userId ?? (this.integrationUserId || id), at, true);
        this.table(def).replace(id, rec);
        if (def.name === 'User') this.assignProfileSet(id, rec.ProfileId);
        return id;
    }

    // ------------------------------------------------------------ lead conversion

    convertLead(leadId: string, options: ConvertLeadOptions = {}): ConvertLeadResult {
        const found = this.find(leadId);
        if (!found || found.def.name !== 'Lead')
            throw new ItemError('INVALID_CROSS_REFERENCE_KEY', `invalid lead id: ${leadId}`);
        const lead = found.rec;
        if (lead.IsDeleted) throw entityIsDeleted();
        if (lead.IsConverted) throw new ItemError('INVALID_STATUS', 'Lead has already been converted');
        const statuses = this.picklistValues(this.schema.get('Lead')?.byName.get('status') as FieldDef);
        const convertedValues = [...this.table(this.schema.get('LeadStatus') as ObjectDef).values()].filter(
            (r) => r.IsConverted === true
        );
        const status = options.convertedStatus ?? (convertedValues[0]?.ApiName as string | undefined);
        if (
            !status ||
            !convertedValues.some((r) => r.ApiName === status) ||
            !statuses.some((s) => s.value === status)
        ) {
            throw new ItemError('INVALID_STATUS', `invalid convertedStatus: ${status ?? ''}`);
        }
        const userId = options.userId ?? this.integrationUserId;
        const ownerId = options.ownerId ?? (String(lead.OwnerId).startsWith('005') ? (lead.OwnerId as string) : userId);
        const save: SaveOptions = { userId, autoAssign: false, allowSave: true };
        return this.inTxn(save, (txn) => {
            const opts = { ...save, txn };
            const accountId =
                options.accountId ??
                this.insert(
                    'Account',
                    pick(
                        lead,
                        {
                            Company: 'Name',
                            Website: 'Website',
                            Phone: 'Phone',
                            Industry: 'Industry',
                            City: 'BillingCity',
                            State: 'BillingState',
                            Country: 'BillingCountry',
                            AnnualRevenue: 'AnnualRevenue',
                            NumberOfEmployees: 'NumberOfEmployees'
                        },
                        { OwnerId: ownerId }
                    ),
                    opts
                );
            const contactId =
                options.contactId ??
                this.withoutDuplicateRules(() =>
                    this.insert(
                        'Contact',
                        pick(
                            lead,
                            {
                                FirstName: 'FirstName',
                                LastName: 'LastName',
                                Salutation: 'Salutation',
                                Title: 'Title',
                                Email: 'Email',
                                Phone: 'Phone',
                                MobilePhone: 'MobilePhone',
                                LeadSource: 'LeadSource',
                                Description: 'Description',
                                HasOptedOutOfEmail: 'HasOptedOutOfEmail',
                                City: 'MailingCity',
                                State: 'MailingState',
                                Country: 'MailingCountry'
                            },
                            { AccountId: accountId, OwnerId: ownerId }
                        ),
                        opts
                    )
                );
            const converted = {
                IsConverted: true,
                ConvertedDate: dateInZone(Date.now(), this.settings.timeZone),
                ConvertedContactId: normalizeId(contactId) ?? contactId,
                ConvertedAccountId: normalizeId(accountId) ?? accountId,
                Status: status
            };
            this.systemUpdate(lead.Id as string, converted, txn, userId);
            this.moveChildren(
                lead.Id as string,
                converted.ConvertedContactId,
                converted.ConvertedAccountId,
                txn,
                userId
            );
            return {
                leadId: lead.Id as string,
                contactId: converted.ConvertedContactId,
                accountId: converted.ConvertedAccountId
            };
        });
    }

    private withoutDuplicateRules<T>(work: () => T): T {
        const rules = { ...this.settings.duplicateRules };
        this.settings.duplicateRules = { Lead: 'off', Contact: 'off' };
        try {
            return work();
        } finally {
            this.settings.duplicateRules = rules;
        }
    }

    /** Conversion moves the lead's activities, notes and file links to the new contact. */
    private moveChildren(leadId: string, contactId: string, accountId: string, txn: Transaction, userId: string): void {
        const move = (objectName: string, fieldName: string, extra: (rec: Rec) => Rec): void => {
            const def = this.schema.get(objectName) as ObjectDef;
            const table = this.table(def);
            for (const id of table.lookup(def.byName.get(fieldName.toLowerCase()) as FieldDef, leadId)) {
                const rec = table.get(id);
                if (rec) this.systemUpdate(id, { [fieldName]: contactId, ...extra(rec) }, txn, userId);
            }
        };
        move('Task', 'WhoId', (rec) => ({ WhatId: rec.WhatId ?? accountId, AccountId: accountId }));
        move('Event', 'WhoId', (rec) => ({ WhatId: rec.WhatId ?? accountId, AccountId: accountId }));
        move('ContentDocumentLink', 'LinkedEntityId', () => ({}));
        move('Note', 'ParentId', () => ({}));
    }

    // ------------------------------------------------------------ Custom Metadata

    /**
     * Creates or replaces a Custom Metadata record as a deployment does: the values given are the record's whole
     * content (fields not given become empty), the Id stays the same on update.
     */
    setCustomMetadata(type: string, developerName: string, label: string, values: Record<string, unknown>): string {
        const def = this.objectDef(type.endsWith('__mdt') ? type : `${type}__mdt`);
        if (!def.customMetadata) throw new Error(`${def.name} is not a Custom Metadata type`);
        if (
            !/^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/.test(developerName) ||
            developerName.length > 40 ||
            developerName.endsWith('_')
        ) {
            throw new Error(
                `Invalid DeveloperName ${developerName}: letters, digits and single underscores, at most 40`
            );
        }
        if (!label || label.length > 40) throw new Error(`Invalid label for ${developerName}: 1 to 40 characters`);
        const rec: Rec = {};
        for (const f of def.fields) if (f.custom) rec[f.name] = f.type === 'boolean' ? false : null;
        for (const [key, raw] of Object.entries(values)) {
            const f = def.byName.get(key.toLowerCase());
            if (!f?.custom) throw new Error(`${def.name}: no such field ${key}`);
            const value = coerceInput(f, raw);
            if (f.restrictedPicklist && value !== null && !f.picklistValues.some((v) => v.value === value)) {
                throw new Error(`${def.name}.${f.name}: bad value for restricted picklist field: ${String(value)}`);
            }
            if (typeof value === 'string' && f.length > 0 && value.length > f.length) {
                throw new Error(`${def.name}.${f.name}: value too long (max length=${f.length})`);
            }
            rec[f.name] = value;
        }
        const table = this.table(def);
        const existing = [...table.values()].find(
            (r) => String(r.DeveloperName).toLowerCase() === developerName.toLowerCase()
        );
        const id = (existing?.Id as string | undefined) ?? this.ids.next(def.keyPrefix);
        table.replace(id, {
            ...rec,
            Id: id,
            DeveloperName: developerName,
            MasterLabel: label,
            Label: label,
            Language: 'en_US',
            NamespacePrefix: null,
            QualifiedApiName: developerName,
            SystemModstamp: this.clock.next()
        });
        return id;
    }

    // ------------------------------------------------------------ settings

    setTimeZone(timeZone: string): void {
        if (!isValidTimeZone(timeZone)) throw new Error(`Unknown time zone ${timeZone}`);
        this.settings.timeZone = timeZone;
        const org = this.table(this.schema.get('Organization') as ObjectDef).get(this.orgId);
        if (org) this.systemUpdate(this.orgId, { TimeZoneSidKey: timeZone });
    }

    setDuplicateRule(objectName: 'Lead' | 'Contact', mode: DuplicateRuleMode): void {
        this.settings.duplicateRules[objectName] = mode;
    }

    setAssignmentRule(rule: { ownerId: string } | null): void {
        if (rule && !this.find(rule.ownerId)) throw new Error(`No user ${rule.ownerId}`);
        this.settings.assignmentRule = rule ? { ownerId: normalizeId(rule.ownerId) as string } : null;
    }

    /** Adds a field at run time (e.g. a non-unique external id to exercise upsert's 300 answer). */
    addField(objectName: string, spec: FieldSpec): FieldDef {
        const created = this.schema.addField(objectName, spec);
        this.table(this.objectDef(objectName)).refreshIndexes();
        return created;
    }

    // ------------------------------------------------------------ reads for tests

    /** A record as the API would show it (datetimes as strings), deleted ones included; undefined if none. */
    get(id: string): Record<string, unknown> | undefined {
        const found = this.find(id);
        if (!found) return undefined;
        const { attributes: _attributes, ...fields } = recordToApi(found.def, found.rec, this.apiVersion);
        return fields;
    }

    /** All rows of a SOQL query, API-shaped, without paging or accounting. */
    query(soql: string): Record<string, unknown>[] {
        const result = this.queries.query(soql, {
            userId: this.integrationUserId,
            apiVersion: this.apiVersion,
            batchSize: Number.MAX_SAFE_INTEGER,
            includeDeleted: false
        });
        return result.records;
    }

    count(type: string): number {
        let n = 0;
        for (const rec of this.table(this.objectDef(type)).values()) if (!rec.IsDeleted) n++;
        return n;
    }

    users(): Record<string, unknown>[] {
        return this.query('SELECT Id, Username, Name, Email, IsActive FROM User ORDER BY CreatedDate');
    }

    userByUsername(username: string): Rec | undefined {
        const def = this.schema.get('User') as ObjectDef;
        const [id] = this.table(def).lookup(def.byName.get('username') as FieldDef, username);
        return id ? this.table(def).get(id) : undefined;
    }

    // ------------------------------------------------------------ reset

    /**
     * The standard profiles, force-app's permission sets and named credentials, as rows the API can query; what each
     * permission set grants is kept beside its row.
     */
    private loadAccessData(base: number): void {
        this.grantsBySet.clear();
        this.profileIds.clear();
        const flags = (grants: Grants): Rec =>
            Object.fromEntries(
                USER_PERMISSIONS.map((name) => [`Permissions${name}`, grants.all || grants.userPermissions.has(name)])
            );
        for (const grants of standardProfiles()) {
            const profileId = this.load('Profile', { Name: grants.name, UserType: 'Standard', ...flags(grants) }, base);
            this.profileIds.set(grants.name, profileId);
            const setId = this.load(
                'PermissionSet',
                {
                    Name: `X00e_${grants.name.replace(/\W+/g, '_')}`,
                    Label: grants.name,
                    IsOwnedByProfile: true,
                    ProfileId: profileId,
                    ...flags(grants)
                },
                base
            );
            this.grantsBySet.set(setId, grants);
        }
        for (const grants of loadPermissionSets(this.projectDir)) {
            const setId = this.load(
                'PermissionSet',
                { Name: grants.name, Label: grants.label, IsOwnedByProfile: false, ProfileId: null, ...flags(grants) },
                base
            );
            this.grantsBySet.set(setId, grants);
        }
        for (const credential of loadNamedCredentials(this.projectDir)) {
            this.load(
                'NamedCredential',
                {
                    DeveloperName: credential.developerName,
                    MasterLabel: credential.label,
                    NamespacePrefix: null,
                    Endpoint: credential.endpoint,
                    PrincipalType: null
                },
                base
            );
        }
    }

    /** Empties the org back to its base data: organization, integration user, statuses, Custom Metadata. */
    reset(): void {
        this.store.clear();
        this.ids.reset();
        this.autoNumbers.clear();
        this.queries.clear();
        this.cascadeRoots.clear();
        this.settings.duplicateRules = { Lead: 'off', Contact: 'off' };
        this.settings.assignmentRule = null;
        this.loadBaseData();
    }

    private loadBaseData(): void {
        const base = Date.UTC(2025, 0, 1);
        this.loadAccessData(base);
        const integration = this.load(
            'User',
            {
                Username: INTEGRATION_USERNAME,
                FirstName: 'Reply Sync',
                LastName: 'Integration',
                Alias: 'rsync',
                Email: INTEGRATION_USERNAME,
                IsActive: true,
                TimeZoneSidKey: this.settings.timeZone,
                LocaleSidKey: 'en_US',
                LanguageLocaleKey: 'en_US',
                EmailEncodingKey: 'UTF-8',
                UserType: 'Standard',
                Title: 'Integration User',
                ProfileId: this.profileId(ADMIN_PROFILE)
            },
            base
        );
        this.integrationUserIdValue = integration;
        this.load(
            'PermissionSetAssignment',
            { AssigneeId: integration, PermissionSetId: this.permissionSetId('Reply_Sync_Integration') },
            base,
            integration
        );
        this.table(this.schema.get('Organization') as ObjectDef).replace(this.orgId, {
            Id: this.orgId,
            Name: 'Reply Sync Sandbox',
            TimeZoneSidKey: this.settings.timeZone,
            OrganizationType: 'Enterprise Edition',
            IsSandbox: false,
            InstanceName: 'LOCAL',
            DefaultLocaleSidKey: 'en_US',
            LanguageLocaleKey: 'en_US',
            CreatedDate: base,
            CreatedById: integration,
            LastModifiedDate: base,
            LastModifiedById: integration,
            SystemModstamp: base
        });
        STANDARD_LEAD_STATUSES.forEach(([label, converted, isDefault], i) =>
            this.load(
                'LeadStatus',
                { ApiName: label, MasterLabel: label, IsConverted: converted, IsDefault: isDefault, SortOrder: i + 1 },
                base + 1 + i
            )
        );
        STANDARD_TASK_STATUSES.forEach(([label, closed, isDefault], i) =>
            this.load(
                'TaskStatus',
                { ApiName: label, MasterLabel: label, IsClosed: closed, IsDefault: isDefault, SortOrder: i + 1 },
                base + 10 + i
            )
        );
        for (const record of loadCustomMetadataRecords(this.projectDir)) {
            this.setCustomMetadata(record.type, record.developerName, record.label, record.values);
        }
    }
}

/** Copies lead fields to their conversion targets, skipping empty ones. */
function pick(source: Rec, mapping: Record<string, string>, extra: Rec): Rec {
    const out: Rec = { ...extra };
    for (const [from, to] of Object.entries(mapping)) {
        const value: Value | undefined = source[from];
        if (value !== null && value !== undefined && value !== '') out[to] = value;
    }
    return out;
}
