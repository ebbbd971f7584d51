import { Connection } from 'jsforce';
import type { SalesforceAuth } from '../config/env.ts';
import { ConfigError } from '../errors.ts';
import { audienceFor, signAssertion } from './jwt.ts';
import { SalesforceUnavailableError, isUnreachableCode, toSalesforceError } from './errors.ts';
import { fetchWithDeadline, NoAnswerError, SALESFORCE_TIMEOUT_MS } from './transport.ts';

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
export async function connectSalesforce(
    auth: SalesforceAuth,
    apiVersion: string,
    timeoutMs = SALESFORCE_TIMEOUT_MS
): Promise<SalesforceConnection> {
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
        const where = `Salesforce login at ${auth.loginUrl}`;
        const response = await fetchWithDeadline(
            `${auth.loginUrl}/services/oauth2/token`,
            {
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                body: new URLSearchParams({ grant_type: JWT_GRANT, assertion }).toString()
            },
            timeoutMs
        ).catch((error: unknown) => {
            throw loginFailure(error, where);
        });
        const body = parseJson(response.text) as Partial<TokenResponse> & {
            error?: string;
            error_description?: string;
        };
        if (response.status >= 300 || !body.access_token || !body.instance_url) {
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

function parseJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return {};
    }
}

/**
 * A login that got no answer: a URL Node will not fetch is a configuration error (exit 3); an org that cannot be
 * reached or does not answer is an access problem (exit 4). Both name SALESFORCE_LOGIN_URL.
 */
function loginFailure(error: unknown, where: string): Error {
    const failure = toSalesforceError(error, where);
    if (error instanceof NoAnswerError && (error.code === 'BAD_PORT' || error.code === 'FETCH_REFUSED'))
        return new ConfigError('SALESFORCE_LOGIN_URL_INVALID', failure.message, { cause: error });
    if (failure.transient || isUnreachableCode(failure.code))
        return new SalesforceUnavailableError(
            failure.code,
            `${failure.message}${isUnreachableCode(failure.code) ? '' : ' Check SALESFORCE_LOGIN_URL and the network between the bridge and Salesforce.'}`,
            { cause: error }
        );
    return failure;
}
