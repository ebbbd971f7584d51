import jsforce, { type Connection } from 'jsforce';
import { audienceFor, signAssertion } from '../../../../bridge/src/salesforce/jwt.ts';

export interface OrgLogin {
    /** The org's login and instance URL (the Salesforce sandbox's). */
    url: string;
    /** The connected app the page logs in through (JWT bearer flow, as Lightning's session stands for it). */
    consumerKey: string;
    privateKeyPem: string;
    /** The integration user: the context Apex runs in where it runs in system mode (the deploy callback). */
    systemUsername: string;
    apiVersion?: string;
}

/**
 * Sessions in the org, one per user: Apex runs as the signed-in user (`with sharing`, `WITH SECURITY_ENFORCED`), so
 * the stand-in reads and writes through the REST API with that user's own session, and Salesforce applies that
 * user's object and field access. A session that expires is renewed (a new JWT), as jsforce does for the bridge.
 */
export class OrgSessions {
    private readonly connections = new Map<string, Promise<Connection>>();

    constructor(private readonly login: OrgLogin) {}

    /** A connection as this user. */
    as(username: string): Promise<Connection> {
        let connection = this.connections.get(username);
        if (!connection) {
            connection = this.open(username);
            connection.catch(() => this.connections.delete(username));
            this.connections.set(username, connection);
        }
        return connection;
    }

    /** A connection in system mode (the integration user, who holds View Setup and Modify All Data here). */
    system(): Promise<Connection> {
        return this.as(this.login.systemUsername);
    }

    private async token(username: string): Promise<{ access_token: string; instance_url: string }> {
        const assertion = await signAssertion({
            clientId: this.login.consumerKey,
            username,
            audience: audienceFor(this.login.url),
            privateKey: this.login.privateKeyPem
        });
        const response = await fetch(`${this.login.url}/services/oauth2/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion })
        });
        const body = (await response.json()) as {
            access_token: string;
            instance_url: string;
            error_description?: string;
        };
        if (!response.ok) throw new Error(`${username} cannot sign in: ${body.error_description ?? response.status}`);
        return body;
    }

    private async open(username: string): Promise<Connection> {
        const first = await this.token(username);
        return new jsforce.Connection({
            instanceUrl: first.instance_url,
            accessToken: first.access_token,
            version: this.login.apiVersion ?? '62.0',
            refreshFn: (_connection, callback) => {
                this.token(username).then(
                    (token) => callback(null, token.access_token),
                    (error: Error) => callback(error)
                );
            }
        });
    }
}

/** SOQL's string literal. */
export function soqlString(value: string): string {
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
