/**
 * Control routes for who may do what, the Setup pages an admin would use: a user's profile, their permission set
 * assignments (also possible through the API, as `sf org assign permset` does), and a Named Credential's URL.
 * Mounted by control.ts; never counted as API calls.
 */
import express from 'express';
import type { Request, Response, Router } from 'express';
import type { SandboxRuntime } from './runtime.ts';

function answer(res: Response, work: () => unknown): void {
    try {
        res.status(200).json(work());
    } catch (error) {
        res.status(400).json({ error: (error as Error).message });
    }
}

export function accessRouter(runtime: SandboxRuntime): Router {
    const router = express.Router();
    const { org } = runtime;
    const userId = (req: Request): string => {
        const user = org.userByUsername(String(req.params.username));
        if (!user) throw new Error(`No user ${String(req.params.username)}`);
        return String(user.Id);
    };
    const describeUser = (id: string) => ({
        ...org.query(`SELECT Id, Username, Profile.Name FROM User WHERE Id = '${id}'`)[0],
        permissionSets: org
            .query(`SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId = '${id}'`)
            .map((row) => (row.PermissionSet as { Name: string }).Name)
    });
    /** `{profile}`: System Administrator, Standard User or Minimum Access - API Only Integrations. */
    router.put('/users/:username', (req: Request, res: Response) =>
        answer(res, () => {
            const id = userId(req);
            const profile = (req.body as Record<string, unknown> | undefined)?.profile;
            if (typeof profile === 'string') org.setProfile(id, profile);
            return describeUser(id);
        })
    );
    router.get('/users/:username', (req: Request, res: Response) => answer(res, () => describeUser(userId(req))));
    router.put('/users/:username/permission-sets/:name', (req: Request, res: Response) =>
        answer(res, () => {
            const id = userId(req);
            org.assignPermissionSet(id, String(req.params.name));
            return describeUser(id);
        })
    );
    router.delete('/users/:username/permission-sets/:name', (req: Request, res: Response) =>
        answer(res, () => {
            const id = userId(req);
            org.unassignPermissionSet(id, String(req.params.name));
            return describeUser(id);
        })
    );
    /** `{url}`: what an admin types into Setup > Named Credentials after deploying. */
    router.put('/named-credentials/:name', (req: Request, res: Response) =>
        answer(res, () => {
            const url = (req.body as Record<string, unknown> | undefined)?.url;
            if (typeof url !== 'string') throw new Error('url is required');
            org.setNamedCredentialUrl(String(req.params.name), url);
            return org.query(
                `SELECT DeveloperName, Endpoint FROM NamedCredential WHERE DeveloperName = '${String(req.params.name)}'`
            )[0];
        })
    );
    return router;
}
