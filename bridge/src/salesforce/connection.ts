import { Connection } from 'jsforce';
import type { SalesforceAuth } from '../config/env.ts';
import { audienceFor, signAssertion } from './jwt.ts';
import { toSalesforceError } from './errors.ts';

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

interface TokenResponse {
    access_token: string;
    instance_url: string;
    /** Identity URL, ending in the org id and the user id. */
    id?: string;
}

export interface SalesforceConnection {
    conn: Connection;
    /** The integration user's id when the login told it (JWT bearer), for labelling the bridge's own changes. */
    userId: string | undefined;
}

function userIdOf(identityUrl: string | undefined): string | undefined {
    const id = identityUrl?.split('/').pop();
    return id && /^005[A-Za-z0-9]{12,15}$/.test(id) ? id : undefined;
}

/**
 * A jsforce connection. With the JWT bearer flow it logs in at once and, on any 401, signs a new assertion and logs in
 * again (jsforce's refreshFn): Salesforce issues no refresh token for this flow. With a fixed access token (development)
 * there is nothing to refresh: a 401 is reported as a credentials problem.
 */
export async function connectSalesforce(auth: SalesforceAuth, apiVersion: string): Promise<SalesforceConnection> {
    if (auth.kind === 'token') {
        return {
            conn: new Connection({ instanceUrl: auth.instanceUrl, accessToken: auth.accessToken, version: apiVersion }),
            userId: undefined
        };
    }
    const requestToken = async (): Promise<TokenResponse> => {
        const assertion = await signAssertion({
            clientId: auth.clientId,
            username: auth.username,
            audience: audienceFor(auth.loginUrl),
            privateKey: auth.privateKey
        });
        const response = await fetch(`${auth.loginUrl}/services/oauth2/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ grant_type: JWT_GRANT, assertion })
        }).catch((error: unknown) => {
            throw toSalesforceError(error, `Salesforce login at ${auth.loginUrl}`);
        });
        const body = (await response.json().catch(() => ({}))) as Partial<TokenResponse> & {
            error?: string;
            error_description?: string;
        };
        if (!response.ok || !body.access_token || !body.instance_url) {
            throw toSalesforceError(
                {
                    message: `${body.error ?? `HTTP ${response.status}`}: ${body.error_description ?? 'no access token returned'}`
                },
                `Salesforce login as ${auth.username} at ${auth.loginUrl}`
            );
        }
        return {
            access_token: body.access_token,
            instance_url: body.instance_url,
            ...(body.id ? { id: body.id } : {})
        };
    };

    const first = await requestToken();
    const conn = new Connection({
        instanceUrl: first.instance_url,
        accessToken: first.access_token,
        version: apiVersion,
        refreshFn: (_conn, callback) => {
            requestToken().then(
                (token) => callback(null, token.access_token, token as never),
                (error: Error) => callback(error)
            );
        }
    });
    return { conn, userId: userIdOf(first.id) };
}
