import type { Connection } from 'jsforce';
import { soqlString, type OrgSessions } from './org.ts';
import type { PermissionSetGrants } from './permissions.ts';
import type { ConsoleUser } from './users.ts';

/** The profile that may run every Apex class of the org. */
const ADMIN_PROFILE = 'System Administrator';

/**
 * The signed-in user as Salesforce knows them while a component's Apex runs: their session, their profile and
 * permission sets, and what follows from those alone (Apex class access, custom permissions, Customize Application).
 */
export interface SignedIn {
    user: ConsoleUser;
    userId: string;
    name: string;
    profile: string;
    /** The REST session of this user: what `with sharing` Apex reads and writes with. */
    connection: Connection;
    /** System mode (a `without sharing` class, a query Apex runs without enforcing access). */
    system: Connection;
    customPermissions: string[];
    canRunClass(className: string): boolean;
    /** PermissionSetAssignment rows with PermissionsCustomizeApplication, as ReplySyncSelector asks. */
    holdsCustomizeApplication(): Promise<boolean>;
}

export async function signIn(
    user: ConsoleUser,
    sessions: OrgSessions,
    permissionSets: Map<string, PermissionSetGrants>
): Promise<SignedIn> {
    const system = await sessions.system();
    const [record] = (
        await system.query<{ Id: string; Name: string; Profile: { Name: string } | null }>(
            `SELECT Id, Name, Profile.Name FROM User WHERE Username = ${soqlString(user.username)}`
        )
    ).records;
    if (!record) throw new Error(`The sandbox org has no user ${user.username}: add it with addConsoleUsers`);
    const assigned = (
        await system.query<{ PermissionSet: { Name: string } | null }>(
            `SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId = ${soqlString(record.Id)}`
        )
    ).records.map((row) => row.PermissionSet?.Name ?? '');
    const grants = assigned.map((name) => permissionSets.get(name)).filter((set) => set !== undefined);
    const profile = record.Profile?.Name ?? '';
    return {
        user,
        userId: record.Id,
        name: record.Name,
        profile,
        connection: await sessions.as(user.username),
        system,
        customPermissions: [...new Set(grants.flatMap((set) => [...set.customPermissions]))],
        canRunClass: (className) => profile === ADMIN_PROFILE || grants.some((set) => set.apexClasses.has(className)),
        holdsCustomizeApplication: async () =>
            (
                await system.query(
                    `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = ${soqlString(record.Id)} AND PermissionSet.PermissionsCustomizeApplication = true LIMIT 1`
                )
            ).records.length > 0
    };
}
