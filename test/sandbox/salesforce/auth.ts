/**
 * OAuth as the org's token endpoint does it: the JWT bearer grant (RS256 assertion signed with the key whose
 * certificate the connected app trusts; iss = consumer key, sub = an active user's username, aud = login.salesforce.com
 * or test.salesforce.com, exp in the future) and the refresh-token grant. Issued access tokens expire after a period without use, like a
 * Salesforce session. A fixed developer token is accepted without any login.
 */
import { createHmac, randomBytes } from 'node:crypto';
import {
    compactVerify,
    decodeJwt,
    decodeProtectedHeader,
    exportPKCS8,
    exportSPKI,
    generateKeyPair,
    importSPKI,
    importX509
} from 'jose';
import type { CryptoKey, KeyObject } from 'jose';

export const DEFAULT_DEVELOPER_TOKEN = '00D5g0000000001!SANDBOX.reply-sync-developer-token';
export const DEFAULT_CONSUMER_KEY = '3MVG9ReplySyncSandbox.ConnectedAppConsumerKey';
export const DEFAULT_REFRESH_TOKEN = '5Aep861ReplySyncSandbox.DeveloperRefreshToken';
const CLIENT_SECRET = 'reply-sync-sandbox-client-secret';
/** Salesforce tolerates a few minutes of clock skew on `exp`. */
const CLOCK_SKEW_SECONDS = 180;
const MAX_SESSIONS = 10_000;

export class OAuthError extends Error {
    constructor(
        readonly error: string,
        readonly description: string,
        readonly httpStatus = 400
    ) {
        super(description);
        this.name = 'OAuthError';
    }

    toBody(): { error: string; error_description: string } {
        return { error: this.error, error_description: this.description };
    }
}

export interface Session {
    userId: string;
    lastUsed: number;
    developer: boolean;
}

export interface UserLookup {
    /** The user with this username: id and whether active; undefined if none. */
    byUsername(username: string): { id: string; active: boolean } | undefined;
    byId(userId: string): { id: string; active: boolean } | undefined;
}

export interface AuthOptions {
    consumerKey: string;
    /** PEM of the trusted X.509 certificate or SPKI public key. */
    trustedKeyPem: string;
    /** Accepted `aud` values (known once the server listens). */
    audiences: () => string[];
    tokenTtlSeconds: number;
    developerToken: string;
    developerUserId: string;
    orgId: string;
}

export interface TokenResponse {
    access_token: string;
    scope: string;
    instance_url: string;
    id: string;
    token_type: 'Bearer';
    issued_at: string;
    signature: string;
}

export interface GeneratedKeyPair {
    privateKeyPem: string;
    publicKeyPem: string;
}

export async function generateJwtKeyPair(): Promise<GeneratedKeyPair> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
    return { privateKeyPem: await exportPKCS8(privateKey), publicKeyPem: await exportSPKI(publicKey) };
}

export class Auth {
    private readonly sessions = new Map<string, Session>();
    private readonly refreshTokens = new Map<string, string>();
    private key: CryptoKey | KeyObject | undefined;
    /** Set by "expire all sessions" when it includes the developer token; cleared by reset. */
    private developerExpired = false;

    constructor(
        private readonly options: AuthOptions,
        private readonly users: UserLookup
    ) {
        this.refreshTokens.set(DEFAULT_REFRESH_TOKEN, options.developerUserId);
    }

    private async trustedKey(): Promise<CryptoKey | KeyObject> {
        if (!this.key) {
            const pem = this.options.trustedKeyPem;
            this.key = pem.includes('BEGIN CERTIFICATE')
                ? await importX509(pem, 'RS256')
                : await importSPKI(pem, 'RS256');
        }
        return this.key;
    }

    get tokenTtlMs(): number {
        return this.options.tokenTtlSeconds * 1000;
    }

    /** The session behind a bearer token, refreshing its idle timer; undefined when unknown or expired. */
    authenticate(token: string | undefined): Session | undefined {
        if (!token) return undefined;
        if (token === this.options.developerToken && !this.developerExpired) {
            return { userId: this.options.developerUserId, lastUsed: Date.now(), developer: true };
        }
        const session = this.sessions.get(token);
        if (!session) return undefined;
        const now = Date.now();
        if (now - session.lastUsed > this.tokenTtlMs) {
            this.sessions.delete(token);
            return undefined;
        }
        const user = this.users.byId(session.userId);
        if (!user?.active) return undefined;
        session.lastUsed = now;
        return session;
    }

    /** Ends every session (optionally the developer token too, until `reset`). */
    expireAll(includeDeveloperToken = false): void {
        this.sessions.clear();
        if (includeDeveloperToken) this.developerExpired = true;
    }

    reset(): void {
        this.sessions.clear();
        this.developerExpired = false;
        for (const token of [...this.refreshTokens.keys()])
            if (token !== DEFAULT_REFRESH_TOKEN) this.refreshTokens.delete(token);
        this.refreshTokens.set(DEFAULT_REFRESH_TOKEN, this.options.developerUserId);
    }

    get sessionCount(): number {
        return this.sessions.size;
    }

    /** A refresh token for a user (what the web-server flow would have handed out). */
    issueRefreshToken(userId: string): string {
        const token = `5Aep861${randomBytes(24).toString('base64url')}`;
        this.refreshTokens.set(token, userId);
        return token;
    }

    revoke(token: string): void {
        this.sessions.delete(token);
        this.refreshTokens.delete(token);
    }

    /** `POST /services/oauth2/token` with form parameters. */
    async token(params: Record<string, string | undefined>, instanceUrl: string): Promise<TokenResponse> {
        switch (params.grant_type) {
            case 'urn:ietf:params:oauth:grant-type:jwt-bearer':
                return this.jwtBearer(params.assertion, instanceUrl);
            case 'refresh_token':
                return this.refresh(params, instanceUrl);
            default:
                throw new OAuthError('unsupported_grant_type', 'grant type not supported');
        }
    }

    private async jwtBearer(assertion: string | undefined, instanceUrl: string): Promise<TokenResponse> {
        if (!assertion) throw new OAuthError('invalid_grant', 'invalid assertion');
        let claims: ReturnType<typeof decodeJwt>;
        try {
            if (decodeProtectedHeader(assertion).alg !== 'RS256') throw new Error('alg');
            claims = decodeJwt(assertion);
            await compactVerify(assertion, await this.trustedKey(), { algorithms: ['RS256'] });
        } catch {
            throw new OAuthError('invalid_grant', 'invalid assertion');
        }
        if (claims.iss !== this.options.consumerKey)
            throw new OAuthError('invalid_client_id', 'client identifier invalid');
        const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
        if (
            !audiences.some(
                (aud) => typeof aud === 'string' && this.options.audiences().includes(aud.replace(/\/$/, ''))
            )
        ) {
            throw new OAuthError('invalid_grant', 'audience is invalid');
        }
        if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_SECONDS < Date.now() / 1000) {
            throw new OAuthError('invalid_grant', 'expired authorization code');
        }
        const user = typeof claims.sub === 'string' ? this.users.byUsername(claims.sub) : undefined;
        if (!user) throw new OAuthError('invalid_grant', "user hasn't approved this consumer");
        if (!user.active) throw new OAuthError('inactive_user', 'user is inactive');
        return this.issue(user.id, instanceUrl);
    }

    private refresh(params: Record<string, string | undefined>, instanceUrl: string): TokenResponse {
        if (params.client_id !== this.options.consumerKey) {
            throw new OAuthError('invalid_client_id', 'client identifier invalid');
        }
        const userId = params.refresh_token ? this.refreshTokens.get(params.refresh_token) : undefined;
        if (!userId) throw new OAuthError('invalid_grant', 'expired access/refresh token');
        if (!this.users.byId(userId)?.active) throw new OAuthError('inactive_user', 'user is inactive');
        return this.issue(userId, instanceUrl);
    }

    private issue(userId: string, instanceUrl: string): TokenResponse {
        const now = Date.now();
        this.prune(now);
        const accessToken = `${this.options.orgId.slice(0, 15)}!${randomBytes(36).toString('base64url')}`;
        this.sessions.set(accessToken, { userId, lastUsed: now, developer: false });
        const id = `${instanceUrl}/id/${this.options.orgId}/${userId}`;
        const issuedAt = String(now);
        const signature = createHmac('sha256', CLIENT_SECRET)
            .update(id + issuedAt)
            .digest('base64');
        return {
            access_token: accessToken,
            scope: 'api',
            instance_url: instanceUrl,
            id,
            token_type: 'Bearer',
            issued_at: issuedAt,
            signature
        };
    }

    /** Drops idle sessions, and the oldest ones past a cap, so logins never grow memory without bound. */
    private prune(now: number): void {
        for (const [token, session] of this.sessions) {
            if (now - session.lastUsed > this.tokenTtlMs) this.sessions.delete(token);
        }
        while (this.sessions.size >= MAX_SESSIONS) {
            const oldest = this.sessions.keys().next().value as string;
            this.sessions.delete(oldest);
        }
    }
}
