import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../bridge/src/config/env.ts';
import { ConfigError } from '../../bridge/src/errors.ts';
import { createLogger } from '../../bridge/src/logging.ts';

const dir = mkdtempSync(join(tmpdir(), 'bridge-config-'));
const keyFile = join(dir, 'key.pem');
writeFileSync(keyFile, '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n');
const jwtEnv = {
    SALESFORCE_CLIENT_ID: 'consumer-key',
    SALESFORCE_USERNAME: 'integration@example.com',
    SALESFORCE_PRIVATE_KEY_FILE: keyFile,
    REPLY_API_KEY: 'reply-key-0123456789'
};

function errorOf(env: Record<string, string>, options = {}): string {
    try {
        loadConfig(env, options);
    } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
    }
    throw new Error('expected a configuration error');
}

describe('bridge configuration', () => {
    it('reads the JWT bearer setup with defaults for everything else', () => {
        const config = loadConfig(jwtEnv, { cwd: dir });
        expect(config.salesforce.auth).toMatchObject({
            kind: 'jwt',
            loginUrl: 'https://login.salesforce.com',
            clientId: 'consumer-key'
        });
        expect(config.reply).toMatchObject({ apiUrl: 'https://api.reply.io', perMinute: 100, perHour: 3000 });
        expect(config.databaseUrl).toBe(`file:${join(dir, '.data', 'bridge.db')}`);
        expect(config.http.port).toBe(4030);
        expect(config.salesforce.apiBudgetShare).toBe(0.8);
        expect(config.salesforce.callsInFlight).toBe(4);
    });

    it('accepts an instance URL and access token for development', () => {
        const config = loadConfig({
            SALESFORCE_INSTANCE_URL: 'https://acme.my.salesforce.com/',
            SALESFORCE_ACCESS_TOKEN: '00D!token',
            REPLY_API_KEY: 'k'
        });
        expect(config.salesforce.auth).toEqual({
            kind: 'token',
            instanceUrl: 'https://acme.my.salesforce.com',
            accessToken: '00D!token'
        });
    });

    it('lists every problem at once, each naming the variable and the fix', () => {
        const message = errorOf({
            SALESFORCE_API_BUDGET_SHARE: '1.5',
            BRIDGE_PORT: 'eighty',
            REPLY_API_URL: 'not a url',
            SALESFORCE_CALLS_IN_FLIGHT: '30'
        });
        expect(message).toContain('SALESFORCE_API_BUDGET_SHARE=1.5: must be at most 1');
        expect(message).toContain('BRIDGE_PORT=eighty:');
        expect(message).toContain(
            "SALESFORCE_CALLS_IN_FLIGHT=30: must be at most 25 (Salesforce's concurrent long-running requests per org)"
        );
        expect(message).toContain('REPLY_API_URL=not a url: REPLY_API_URL must be a URL');
        expect(message).toContain('SALESFORCE_CLIENT_ID is not set');
        expect(message).toContain('REPLY_API_KEY is not set');
        expect(message).toContain('See config/bridge.env.example');
    });

    it('explains unreadable key files and keys that are not PEM', () => {
        const missing = errorOf({ ...jwtEnv, SALESFORCE_PRIVATE_KEY_FILE: join(dir, 'missing.pem') });
        expect(missing).toContain(
            `SALESFORCE_PRIVATE_KEY_FILE=${join(dir, 'missing.pem')}: cannot read the file (ENOENT)`
        );
        expect(missing, 'a set but unreadable file is one problem, not also "not set"').not.toContain('is not set');
        const notPem = join(dir, 'not.pem');
        writeFileSync(notPem, 'hello');
        expect(errorOf({ ...jwtEnv, SALESFORCE_PRIVATE_KEY_FILE: notPem })).toContain(
            'the file is not a PEM private key'
        );
    });

    it('never echoes a secret in a configuration error, whichever variable holds it', () => {
        const SECRET = 'Hunter2-s3cret';
        const bad: Record<string, Record<string, string>> = {
            DATABASE_URL: { DATABASE_URL: `mysql://reply:${SECRET}@127.0.0.1/reply` },
            REPLY_API_URL: { REPLY_API_URL: `https://user:${SECRET}@api reply.io` },
            SALESFORCE_LOGIN_URL: { SALESFORCE_LOGIN_URL: `https://login:${SECRET}@bad host` },
            SALESFORCE_INSTANCE_URL: { SALESFORCE_ACCESS_TOKEN: 'tok', SALESFORCE_INSTANCE_URL: `//u:${SECRET}@x y` },
            BRIDGE_PUBLIC_URL: { BRIDGE_PUBLIC_URL: `https://u:${SECRET}@bridge example` },
            SALESFORCE_ACCESS_TOKEN: { SALESFORCE_ACCESS_TOKEN: SECRET, SALESFORCE_ACCESS_TOKEN_FILE: keyFile },
            SALESFORCE_PRIVATE_KEY: { SALESFORCE_PRIVATE_KEY: SECRET, SALESFORCE_PRIVATE_KEY_FILE: keyFile },
            REPLY_API_KEY: { REPLY_API_KEY: SECRET, REPLY_API_KEY_FILE: keyFile },
            BRIDGE_API_TOKEN: { BRIDGE_API_TOKEN: SECRET },
            REPLY_WEBHOOK_SECRET: { REPLY_WEBHOOK_SECRET: SECRET }
        };
        for (const [variable, env] of Object.entries(bad)) {
            const message = errorOf({ ...jwtEnv, ...env });
            expect(message, variable).toContain(variable);
            expect(message, variable).not.toContain(SECRET);
        }
        expect(errorOf({ ...jwtEnv, ...bad.DATABASE_URL })).toContain('DATABASE_URL=mysql://***@127.0.0.1/reply');
    });

    it('names BRIDGE_DATA_DIR when it lies under a file, and gives each URL variable its own example', () => {
        const file = join(dir, 'a-file');
        writeFileSync(file, 'x');
        expect(errorOf({ ...jwtEnv, BRIDGE_DATA_DIR: join(file, 'data') })).toContain(
            `BRIDGE_DATA_DIR=${join(file, 'data')}: ${file} is a file, not a folder`
        );
        expect(errorOf({ ...jwtEnv, REPLY_API_URL: 'nope' })).toContain('such as https://api.reply.io');
        expect(errorOf({ ...jwtEnv, SALESFORCE_LOGIN_URL: 'nope' })).toContain('such as https://login.salesforce.com');
    });

    it('requires a strong API token for serve', () => {
        expect(errorOf(jwtEnv, { requireApiToken: true })).toContain('BRIDGE_API_TOKEN is not set');
        expect(errorOf({ ...jwtEnv, BRIDGE_API_TOKEN: 'short' })).toContain('BRIDGE_API_TOKEN is too short');
    });
});

describe('logging', () => {
    it('never writes a secret, whether under a known key or inside a message', () => {
        const lines: string[] = [];
        const destination = new Writable({
            write(chunk, _encoding, done) {
                lines.push(String(chunk));
                done();
            }
        });
        const logger = createLogger({ secrets: ['super-secret-reply-key'], destination });
        logger.info({ apiKey: 'abc-key-value', headers: { authorization: 'Bearer xyz-token' } }, 'calling Reply');
        logger.error(
            { err: new Error('request with super-secret-reply-key failed') },
            'failure for super-secret-reply-key'
        );
        const out = lines.join('');
        expect(out).not.toContain('super-secret-reply-key');
        expect(out).not.toContain('abc-key-value');
        expect(out).not.toContain('xyz-token');
        expect(out).toContain('[REDACTED]');
        expect(out).toContain('calling Reply');
    });
});
