/**
 * API keys and who a request acts as (ref §0). A team (master) key acts as the workspace owner unless `X-User-Id` or
 * `X-User-Email` names another team member; a personal key is its user; an org key must name a user. Keys carry
 * Reply's `domain:verb` scopes (write and operate imply read; `*` wildcards); a key without any scope is a 401.
 */
import { ReplyProblem } from './problems.ts';
import type { TeamUser } from './types.ts';

export type KeyKind = 'team' | 'personal' | 'org';

export interface ApiKeyRecord {
    key: string;
    kind: KeyKind;
    /** the user a personal key belongs to; null for team and org keys */
    userId: number | null;
    scopes: string[];
}

export interface Principal {
    userId: number;
    teamId: number;
    keyKind: KeyKind;
    scopes: readonly string[];
}

export const ALL_SCOPES = ['*:*'];

export function teamKeyFor(teamId: number): string {
    return `team_sandbox_${teamId}`;
}

export function personalKeyFor(userId: number): string {
    return `usr_sandbox_${userId}`;
}

export function orgKeyFor(teamId: number): string {
    return `org_sandbox_${teamId}`;
}

export class KeyRing {
    private readonly keys = new Map<string, ApiKeyRecord>();

    /** The default keys: team, org, and one personal key per user, all with every scope. */
    static defaults(teamId: number, users: readonly TeamUser[]): KeyRing {
        const ring = new KeyRing();
        ring.add({ key: teamKeyFor(teamId), kind: 'team', userId: null, scopes: ALL_SCOPES });
        ring.add({ key: orgKeyFor(teamId), kind: 'org', userId: null, scopes: ALL_SCOPES });
        for (const user of users)
            ring.add({ key: personalKeyFor(user.id), kind: 'personal', userId: user.id, scopes: ALL_SCOPES });
        return ring;
    }

    add(record: ApiKeyRecord): void {
        this.keys.set(record.key, record);
    }

    remove(key: string): boolean {
        return this.keys.delete(key);
    }

    get(key: string): ApiKeyRecord | undefined {
        return this.keys.get(key);
    }

    list(): ApiKeyRecord[] {
        return [...this.keys.values()];
    }
}

export type AuthOutcome = { ok: true; principal: Principal } | { ok: false; problem: ReplyProblem | null };

export interface AuthHeaders {
    authorization?: string | undefined;
    userId?: string | undefined;
    userEmail?: string | undefined;
    teamId?: string | undefined;
}

/** `problem: null` means Reply's bare 401 (empty body, `WWW-Authenticate: Bearer`). */
export function authenticate(
    headers: AuthHeaders,
    ring: KeyRing,
    users: ReadonlyMap<number, TeamUser>,
    team: { id: number; ownerUserId: number }
): AuthOutcome {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
    const record = match?.[1] ? ring.get(match[1]) : undefined;
    if (!record || record.scopes.length === 0) return { ok: false, problem: null };
    const principal = (userId: number): AuthOutcome => ({
        ok: true,
        principal: { userId, teamId: team.id, keyKind: record.kind, scopes: record.scopes }
    });
    if (record.kind === 'personal') {
        return record.userId !== null && users.has(record.userId)
            ? principal(record.userId)
            : { ok: false, problem: null };
    }
    if (record.kind === 'org' && headers.teamId !== undefined && headers.teamId !== String(team.id)) {
        return {
            ok: false,
            problem: new ReplyProblem(
                403,
                'TEAM_NOT_ACCESSIBLE',
                `Team ${headers.teamId} is not accessible with this key`
            )
        };
    }
    // An org key names its user by id, or by email together with the team (ref §0).
    const orgByEmailAlone = record.kind === 'org' && !headers.userId && headers.userEmail && !headers.teamId;
    const named = orgByEmailAlone ? undefined : namedUser(headers, users);
    if (named === 'unknown') {
        return {
            ok: false,
            problem: new ReplyProblem(
                401,
                'USER_NOT_FOUND',
                'The user named by X-User-Id / X-User-Email is not in this team',
                { headers: { 'WWW-Authenticate': 'Bearer' } }
            )
        };
    }
    if (named) return principal(named.id);
    if (record.kind === 'org') {
        return {
            ok: false,
            problem: new ReplyProblem(
                403,
                'USER_REQUIRED',
                'An organization key must name a user with X-User-Id, or X-User-Email and X-Team-Id'
            )
        };
    }
    return principal(team.ownerUserId);
}

function namedUser(headers: AuthHeaders, users: ReadonlyMap<number, TeamUser>): TeamUser | 'unknown' | undefined {
    if (headers.userId !== undefined && headers.userId !== '') {
        const user = /^\d+$/.test(headers.userId) ? users.get(Number(headers.userId)) : undefined;
        return user ?? 'unknown';
    }
    if (headers.userEmail !== undefined && headers.userEmail !== '') {
        const wanted = headers.userEmail.trim().toLowerCase();
        return [...users.values()].find((user) => user.email.toLowerCase() === wanted) ?? 'unknown';
    }
    return undefined;
}

const IMPLIES: Record<string, readonly string[]> = {
    read: ['read', 'write', 'operate'],
    write: ['write'],
    operate: ['operate']
};

/** Does a key with `scopes` hold `required` (`domain:verb`)? write and operate imply read. */
export function scopeAllows(scopes: readonly string[], required: string): boolean {
    const [domain, verb] = required.split(':') as [string, string];
    const granting = IMPLIES[verb] ?? [verb];
    return scopes.some((scope) => {
        const [d, v] = scope.split(':');
        return (d === '*' || d === domain) && (v === '*' || (v !== undefined && granting.includes(v)));
    });
}
