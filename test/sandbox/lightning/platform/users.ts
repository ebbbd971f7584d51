/**
 * Who is signed in to the browser sandbox: the URL switch `?as=` picks one of these sandbox org users, each with the
 * profile and permission sets a real org would give them. `addConsoleUsers` creates them in the Salesforce sandbox
 * (as an admin would in Setup); the stand-in then signs in as them and Salesforce applies their access.
 */
import type { SandboxOrg } from '../../salesforce/index.ts';

export interface ConsoleUser {
    key: string;
    username: string;
    firstName: string;
    lastName: string;
    profile: 'System Administrator' | 'Standard User';
    permissionSets: string[];
    /** What the switch shows. */
    description: string;
}

export const CONSOLE_USERS: ConsoleUser[] = [
    {
        key: 'admin',
        username: 'ada.admin@reply-sync.sandbox',
        firstName: 'Ada',
        lastName: 'Admin',
        profile: 'System Administrator',
        permissionSets: ['Reply_Sync_Admin'],
        description: 'Admin: configures Reply Sync (Reply_Sync_Admin, Customize Application)'
    },
    {
        key: 'readonly',
        username: 'vera.viewer@reply-sync.sandbox',
        firstName: 'Vera',
        lastName: 'Viewer',
        profile: 'System Administrator',
        permissionSets: [],
        description: 'Read-only: a System Administrator without Reply_Sync_Admin'
    },
    {
        key: 'configurer',
        username: 'cody.configurer@reply-sync.sandbox',
        firstName: 'Cody',
        lastName: 'Configurer',
        profile: 'Standard User',
        permissionSets: ['Reply_Sync_Admin'],
        description: 'Configurer without Customize Application (Reply_Sync_Admin on a Standard User)'
    },
    {
        key: 'rep',
        username: 'rex.rep@reply-sync.sandbox',
        firstName: 'Rex',
        lastName: 'Rep',
        profile: 'Standard User',
        permissionSets: ['Reply_Sync_User'],
        description: 'Sales rep: the record panel (Reply_Sync_User)'
    }
];

export function consoleUser(key: string | undefined): ConsoleUser | undefined {
    return CONSOLE_USERS.find((user) => user.key === (key || 'admin'));
}

/** Creates the switch's users in the org, once. */
export function addConsoleUsers(org: SandboxOrg): void {
    for (const user of CONSOLE_USERS) {
        if (org.userByUsername(user.username)) continue;
        const id = org.insert('User', {
            Username: user.username,
            FirstName: user.firstName,
            LastName: user.lastName,
            Alias: `${user.firstName.slice(0, 1)}${user.lastName.slice(0, 4)}`.toLowerCase(),
            Email: user.username.replace('@reply-sync.sandbox', '@example.com'),
            IsActive: true,
            TimeZoneSidKey: 'Europe/London',
            LocaleSidKey: 'en_US',
            LanguageLocaleKey: 'en_US',
            EmailEncodingKey: 'UTF-8'
        });
        org.setProfile(id, user.profile);
        for (const name of user.permissionSets) org.assignPermissionSet(id, name);
    }
}
