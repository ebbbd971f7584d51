import type { ReplyHttp } from './http.ts';
import { ReplyApiError } from './errors.ts';
import { listSchema, parseReply, teamUserSchema, whoamiSchema, type ReplyTeamUser } from './schemas.ts';

export class TeamApi {
    constructor(private readonly http: ReplyHttp) {}

    async whoami(): Promise<{ userId: number; teamId: number | null }> {
        return parseReply(whoamiSchema, await this.http.get('/v3/whoami'), 'Reply whoami');
    }

    /** The team's users (ASSUMPTIONS.md C2); a personal key that may not list them yields just its own user. */
    async users(): Promise<ReplyTeamUser[]> {
        try {
            return parseReply(
                listSchema(teamUserSchema),
                await this.http.get('/v3/whoami/team-users'),
                'Reply team users'
            );
        } catch (error) {
            if (error instanceof ReplyApiError && error.status === 403) {
                const me = await this.whoami();
                return [{ id: me.userId, email: null, firstName: null, lastName: null, role: null }];
            }
            throw error;
        }
    }
}
