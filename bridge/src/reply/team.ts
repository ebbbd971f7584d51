import type { ReplyHttp } from './http.ts';
import { listSchema, parseReply, teamUserSchema, whoamiSchema, type ReplyTeamUser } from './schemas.ts';

export class TeamApi {
    constructor(private readonly http: ReplyHttp) {}

    async whoami(): Promise<{ userId: number; teamId: number | null }> {
        return parseReply(whoamiSchema, await this.http.get('/v3/whoami'), 'Reply whoami');
    }

    /**
     * The users of the key's team, once each (ASSUMPTIONS.md C2). GET /v3/whoami/team-users answers rows of team and
     * user for organization accounts only (403 workspace.organizationRequired otherwise: reply-team/reply-cli
     * src/teams.ts); the rows of other teams are left out. Whatever it answers, a failure or a shape the bridge does
     * not know, the key's own user is the answer: owner choices then offer that user alone.
     */
    async users(): Promise<ReplyTeamUser[]> {
        const me = await this.whoami();
        const own: ReplyTeamUser = { userId: me.userId, teamId: me.teamId, email: null, name: null };
        let rows: ReplyTeamUser[];
        try {
            rows = parseReply(
                listSchema(teamUserSchema),
                await this.http.get('/v3/whoami/team-users'),
                'Reply team users'
            );
        } catch {
            return [own];
        }
        const users = new Map<number, ReplyTeamUser>();
        for (const row of rows) {
            if (me.teamId !== null && row.teamId !== null && row.teamId !== me.teamId) continue;
            if (!users.has(row.userId)) users.set(row.userId, row);
        }
        if (!users.has(me.userId)) users.set(me.userId, own);
        return [...users.values()];
    }
}
