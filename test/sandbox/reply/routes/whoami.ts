/** /v3/whoami: who the key acts as (C1), and the team's users (C2). */
import { Router } from 'express';
import { forbidden } from '../problems.ts';
import { userView } from '../views.ts';
import { principalOf, stateOf, type RouteContext } from './common.ts';

export function whoamiRoutes(ctx: RouteContext): Router {
    const r = Router();

    r.get('/v3/whoami', (_req, res) => {
        const principal = principalOf(res);
        res.json({ userId: principal.userId, teamId: principal.teamId });
    });

    // Org-only in Reply's docs; the sandbox also answers team keys for their own team (C2).
    r.get('/v3/whoami/team-users', (_req, res) => {
        if (principalOf(res).keyKind === 'personal') {
            throw forbidden('workspace.organizationRequired', 'Listing team users needs a team or organization key');
        }
        res.json([...stateOf(ctx).s.users.values()].map(userView));
    });

    return r;
}
