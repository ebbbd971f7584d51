import jsforce from 'jsforce';
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateJwtKeyPair } from './auth.ts';
import { signJwtAssertion, startSalesforceSandbox } from './index.ts';
import type { SalesforceSandbox } from './index.ts';
import { VERSION, api, connect, firstError } from './test-helpers.ts';

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

async function token(sandbox: SalesforceSandbox, params: Record<string, string>) {
    const response = await fetch(`${sandbox.url}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(params).toString()
    });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
}

/** A connection that re-signs a JWT whenever jsforce sees a 401, as the bridge does. */
function jwtConnection(sandbox: SalesforceSandbox, onSign: () => void): Connection {
    return new jsforce.Connection({
        loginUrl: sandbox.url,
        instanceUrl: sandbox.url,
        version: VERSION,
        refreshFn: (conn, callback) => {
            onSign();
            signJwtAssertion(sandbox.jwt)
                .then((assertion) => conn.oauth2.requestToken({ grant_type: JWT_GRANT, assertion }))
                .then((res) => callback(null, res.access_token, res))
                .catch((error: Error) => callback(error));
        }
    });
}

describe('OAuth token endpoint', () => {
    let sandbox: SalesforceSandbox;
    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: { leads: 2, contacts: 1, accounts: 1 } });
    });
    afterAll(() => sandbox.close());

    it('grants a session for a valid JWT bearer assertion, usable by jsforce', async () => {
        const conn = new jsforce.Connection({ loginUrl: sandbox.url, version: VERSION });
        const userInfo = await conn.authorize({
            grant_type: JWT_GRANT,
            assertion: await signJwtAssertion(sandbox.jwt)
        });
        expect(conn.instanceUrl).toBe(sandbox.url);
        expect(conn.accessToken).toMatch(/^00D[a-zA-Z0-9]{12}!/);
        expect(userInfo.organizationId).toBe(sandbox.org.orgId);
        expect(userInfo.id).toBe(sandbox.org.integrationUserId);
        const { records } = await conn.query<{ Username: string }>(
            `SELECT Username FROM User WHERE Id = '${userInfo.id}'`
        );
        expect(records[0]?.Username).toBe('integration@reply-sync.sandbox');
        expect((await conn.identity()).username).toBe('integration@reply-sync.sandbox');
    });

    it('answers the token response fields Salesforce sends, without a refresh token', async () => {
        const { status, body } = await token(sandbox, {
            grant_type: JWT_GRANT,
            assertion: await signJwtAssertion(sandbox.jwt)
        });
        expect(status).toBe(200);
        expect(Object.keys(body).sort()).toEqual(
            ['access_token', 'id', 'instance_url', 'issued_at', 'scope', 'signature', 'token_type'].sort()
        );
        expect(body.token_type).toBe('Bearer');
        expect(body.id).toBe(`${sandbox.url}/id/${sandbox.org.orgId}/${sandbox.org.integrationUserId}`);
    });

    it.each([
        [
            'a signature from another key',
            async (s: SalesforceSandbox) => {
                const other = await generateJwtKeyPair();
                return signJwtAssertion({ ...s.jwt, privateKeyPem: other.privateKeyPem });
            },
            'invalid_grant',
            'invalid assertion'
        ],
        ['a malformed assertion', async () => 'not.a.jwt', 'invalid_grant', 'invalid assertion'],
        [
            'an unknown consumer key',
            async (s: SalesforceSandbox) => signJwtAssertion({ ...s.jwt, consumerKey: 'nope' }),
            'invalid_client_id',
            'client identifier invalid'
        ],
        [
            'a foreign audience',
            async (s: SalesforceSandbox) => signJwtAssertion({ ...s.jwt, audience: 'https://example.com' }),
            'invalid_grant',
            'audience is invalid'
        ],
        [
            'an expired assertion',
            async (s: SalesforceSandbox) => signJwtAssertion({ ...s.jwt, expiresInSeconds: -600 }),
            'invalid_grant',
            'expired authorization code'
        ],
        [
            'an unknown user',
            async (s: SalesforceSandbox) => signJwtAssertion({ ...s.jwt, username: 'nobody@example.com' }),
            'invalid_grant',
            "user hasn't approved this consumer"
        ]
    ])('refuses %s with 400 %s', async (_name, makeAssertion, error, description) => {
        const { status, body } = await token(sandbox, {
            grant_type: JWT_GRANT,
            assertion: await makeAssertion(sandbox)
        });
        expect(status).toBe(400);
        expect(body).toEqual({ error, error_description: description });
    });

    it('refuses the login host itself as the audience, as Salesforce refuses a My Domain aud', async () => {
        for (const audience of [sandbox.url, `${sandbox.url}/`, 'https://acme.my.salesforce.com']) {
            const { status, body } = await token(sandbox, {
                grant_type: JWT_GRANT,
                assertion: await signJwtAssertion({ ...sandbox.jwt, audience })
            });
            expect(status).toBe(400);
            expect(body).toEqual({ error: 'invalid_grant', error_description: 'audience is invalid' });
        }
    });

    it('accepts login.salesforce.com and test.salesforce.com as audiences, and tolerates a little clock skew', async () => {
        for (const audience of ['https://login.salesforce.com', 'https://test.salesforce.com']) {
            const { status } = await token(sandbox, {
                grant_type: JWT_GRANT,
                assertion: await signJwtAssertion({ ...sandbox.jwt, audience })
            });
            expect(status).toBe(200);
        }
        const skewed = await signJwtAssertion({ ...sandbox.jwt, expiresInSeconds: -60 });
        expect((await token(sandbox, { grant_type: JWT_GRANT, assertion: skewed })).status).toBe(200);
    });

    it('refuses an inactive user', async () => {
        const inactive = sandbox.org.query('SELECT Username FROM User WHERE IsActive = false')[0] as {
            Username: string;
        };
        const { status, body } = await token(sandbox, {
            grant_type: JWT_GRANT,
            assertion: await signJwtAssertion({ ...sandbox.jwt, username: inactive.Username })
        });
        expect(status).toBe(400);
        expect(body).toEqual({ error: 'inactive_user', error_description: 'user is inactive' });
    });

    it('runs the refresh-token grant and refuses bad refresh tokens and client ids', async () => {
        const ok = await token(sandbox, {
            grant_type: 'refresh_token',
            refresh_token: sandbox.refreshToken,
            client_id: sandbox.jwt.consumerKey
        });
        expect(ok.status).toBe(200);
        expect(ok.body.access_token).toBeTruthy();
        expect(ok.body.refresh_token).toBeUndefined();
        const bad = await token(sandbox, {
            grant_type: 'refresh_token',
            refresh_token: 'nope',
            client_id: sandbox.jwt.consumerKey
        });
        expect(bad).toEqual({
            status: 400,
            body: { error: 'invalid_grant', error_description: 'expired access/refresh token' }
        });
        const wrongClient = await token(sandbox, {
            grant_type: 'refresh_token',
            refresh_token: sandbox.refreshToken,
            client_id: 'x'
        });
        expect(wrongClient.body.error).toBe('invalid_client_id');
        const unsupported = await token(sandbox, { grant_type: 'password', username: 'a', password: 'b' });
        expect(unsupported).toEqual({
            status: 400,
            body: { error: 'unsupported_grant_type', error_description: 'grant type not supported' }
        });
    });

    it("refreshes through jsforce's own refresh-token path", async () => {
        const conn = new jsforce.Connection({
            oauth2: { clientId: sandbox.jwt.consumerKey, loginUrl: sandbox.url },
            instanceUrl: sandbox.url,
            accessToken: 'expired-token',
            refreshToken: sandbox.refreshToken,
            version: VERSION
        });
        let refreshed = 0;
        conn.on('refresh', () => refreshed++);
        const result = await conn.query('SELECT Id FROM Organization');
        expect(result.totalSize).toBe(1);
        expect(refreshed).toBe(1);
    });
});

describe('sessions', () => {
    let sandbox: SalesforceSandbox;
    beforeAll(async () => {
        sandbox = await startSalesforceSandbox({ port: 0, seed: false, tokenTtlSeconds: 1 });
    });
    afterAll(() => sandbox.close());

    it('answers 401 INVALID_SESSION_ID in the error-array shape for an unknown token or none', async () => {
        for (const tokenValue of ['00D000000000000!bogus', null]) {
            const response = await api(sandbox, 'GET', '/limits', { token: tokenValue });
            expect(response.status).toBe(401);
            expect(response.body).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
            expect(response.headers.get('sforce-limit-info')).toBeNull();
        }
    });

    it('lets an issued token expire after the configured idle time', async () => {
        const { body } = await token(sandbox, {
            grant_type: JWT_GRANT,
            assertion: await signJwtAssertion(sandbox.jwt)
        });
        expect((await api(sandbox, 'GET', '/limits', { token: body.access_token })).status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 1200));
        expect((await api(sandbox, 'GET', '/limits', { token: body.access_token })).status).toBe(401);
    });

    it('re-authenticates through a JWT refreshFn when the session expires, retrying the call once', async () => {
        let signed = 0;
        const conn = jwtConnection(sandbox, () => signed++);
        expect((await conn.query('SELECT Id FROM Organization')).totalSize).toBe(1);
        expect(signed).toBe(1);
        const first = conn.accessToken;
        sandbox.faults.expireSessions();
        const refreshes: string[] = [];
        conn.on('refresh', (accessToken: string) => refreshes.push(accessToken));
        expect((await conn.query('SELECT Id FROM Organization')).totalSize).toBe(1);
        expect(signed).toBe(2);
        expect(refreshes).toHaveLength(1);
        expect(conn.accessToken).not.toBe(first);
        await new Promise((resolve) => setTimeout(resolve, 1200));
        expect((await conn.query('SELECT Id FROM Organization')).totalSize).toBe(1);
        expect(signed).toBe(3);
    });

    it('accepts the developer token until sessions are expired including it, and again after reset', async () => {
        const conn = connect(sandbox);
        expect((await conn.query('SELECT Id FROM Organization')).totalSize).toBe(1);
        sandbox.faults.expireSessions();
        expect((await conn.query('SELECT Id FROM Organization')).totalSize).toBe(1);
        sandbox.faults.expireSessions({ includeDeveloperToken: true });
        const response = await api(sandbox, 'GET', '/limits');
        expect(firstError(response).errorCode).toBe('INVALID_SESSION_ID');
        sandbox.reset();
        expect((await api(sandbox, 'GET', '/limits')).status).toBe(200);
    });

    it('lists API versions without authentication and without the limit header', async () => {
        const response = await api(sandbox, 'GET', '/services/data', { token: null });
        expect(response.status).toBe(200);
        const versions = response.body as { version: string; url: string; label: string }[];
        expect(versions).toContainEqual({ label: "Winter '25", url: '/services/data/v62.0', version: '62.0' });
        expect(versions.map((v) => v.version)).toContain('50.0');
        expect(response.headers.get('sforce-limit-info')).toBeNull();
        expect((await api(sandbox, 'GET', '/services/data/v19.0/limits')).status).toBe(404);
    });

    it('serves the identity URL from the token response', async () => {
        const { body } = await token(sandbox, {
            grant_type: JWT_GRANT,
            assertion: await signJwtAssertion(sandbox.jwt)
        });
        const response = await fetch(`${body.id}?format=json`, {
            headers: { Authorization: `Bearer ${body.access_token}` }
        });
        const identity = (await response.json()) as Record<string, unknown>;
        expect(identity.username).toBe('integration@reply-sync.sandbox');
        expect(identity.organization_id).toBe(sandbox.org.orgId);
    });
});
