/** /v3/whoami: who the key acts as (C1), and the users of the teams it can act in (C2). */
import { Router } from 'express';
import { forbidden } from '../problems.ts';
import { teamUserRow } from '../views.ts';
import { principalOf, stateOf, type RouteContext } from './common.ts';

export function whoamiRoutes(ctx: RouteContext): Router {
    const r = Router();

    r.get('/v3/whoami', (_req, res) => {
        const principal = principalOf(res);
        res.json({ userId: principal.userId, teamId: principal.teamId });
    });

    // Organization-only (reply-team/reply-cli src/teams.ts: 403 workspace.organizationRequired otherwise). The
    // sandbox workspace belongs to an organization unless the teamUsers switch is off. No scope needed.
    r.get('/v3/whoami/team-users', (_req, res) => {
        const { s } = stateOf(ctx);
        if (!s.capabilities.get().teamUsers) {
            throw forbidden('workspace.organizationRequired', 'Listing team users needs an organization account');
        }
        res.json([...s.users.values()].map((user) => teamUserRow(s.team, user)));
    });

    return r;
}
