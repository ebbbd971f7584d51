import { SignJWT, importPKCS8 } from 'jose';
import { createPrivateKey } from 'node:crypto';

export interface JwtClaims {
    clientId: string;
    username: string;
    /** login.salesforce.com, test.salesforce.com or an Experience Cloud site URL: see audienceFor. */
    audience: string;
    privateKey: string;
}

const PRODUCTION = 'https://login.salesforce.com';
const SANDBOX = 'https://test.salesforce.com';

/**
 * The `aud` Salesforce accepts in a JWT bearer assertion, whatever host the token is requested from: login.salesforce.com
 * for production, test.salesforce.com for sandboxes, or an Experience Cloud site's URL (Salesforce Help, "OAuth 2.0
 * JWT Bearer Flow for Server-to-Server Integration", the aud claim). Anything else fails with
 * `invalid_grant: audience is invalid`, so a My Domain login URL (acme.my.salesforce.com) still means
 * login.salesforce.com, and a sandbox or scratch org's My Domain (acme--uat.sandbox.my.salesforce.com, the older
 * acme--uat.my.salesforce.com and csNN.salesforce.com) means test.salesforce.com. Only a site host (*.my.site.com,
 * *.force.com) is its own audience.
 */
export function audienceFor(loginUrl: string): string {
    const url = new URL(loginUrl);
    const host = url.hostname.toLowerCase();
    const sandbox =
        host === 'test.salesforce.com' ||
        /\.(sandbox|scratch)\.my\.salesforce\.com$/.test(host) ||
        /--[a-z0-9-]+\.my\.salesforce\.com$/.test(host) ||
        /^cs\d+\.salesforce\.com$/.test(host);
    if (sandbox) return SANDBOX;
    const site =
        /\.my\.site\.com$/.test(host) || (/\.force\.com$/.test(host) && !/\.lightning\.force\.com$/.test(host));
    if (site) return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    return PRODUCTION;
}

/** A short-lived RS256 assertion for the OAuth 2.0 JWT bearer flow (no refresh token exists: sign a new one instead). */
export async function signAssertion(claims: JwtClaims, now = Date.now()): Promise<string> {
    // Accept PKCS#1 ("BEGIN RSA PRIVATE KEY") as well as PKCS#8 by normalising through node:crypto.
    const pkcs8 = createPrivateKey(claims.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString();
    const key = await importPKCS8(pkcs8, 'RS256');
    return new SignJWT({})
        .setProtectedHeader({ alg: 'RS256' })
        .setIssuer(claims.clientId)
        .setSubject(claims.username)
        .setAudience(claims.audience)
        .setExpirationTime(Math.floor(now / 1000) + 180)
        .sign(key);
}
