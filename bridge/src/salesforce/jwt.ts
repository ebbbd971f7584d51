import { SignJWT, importPKCS8 } from 'jose';
import { createPrivateKey } from 'node:crypto';

export interface JwtClaims {
    clientId: string;
    username: string;
    /** login.salesforce.com, test.salesforce.com, or the login URL itself for other hosts (My Domain, sandbox). */
    audience: string;
    privateKey: string;
}

/** Salesforce's audience rule: the production or sandbox login host; anything else is used as given. */
export function audienceFor(loginUrl: string): string {
    const host = new URL(loginUrl).host;
    if (host === 'login.salesforce.com') return 'https://login.salesforce.com';
    if (host === 'test.salesforce.com') return 'https://test.salesforce.com';
    return loginUrl;
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
