import { describe, expect, it } from 'vitest';
import { SalesforceAuthError, toSalesforceError } from '../../bridge/src/salesforce/errors.ts';

/** Salesforce failures as people read them: what happened and which setting to change. */
describe('Salesforce errors', () => {
    it('say Salesforce cannot be reached, and where to look, when the socket fails', () => {
        const refused = Object.assign(new TypeError('fetch failed'), {
            cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4999'), { code: 'ECONNREFUSED' })
        });
        const error = toSalesforceError(refused, 'Salesforce login at http://127.0.0.1:4999');
        expect(error.code).toBe('ECONNREFUSED');
        expect(error.transient).toBe(true);
        expect(error.message).toBe(
            'Salesforce login at http://127.0.0.1:4999: cannot reach Salesforce (ECONNREFUSED). Check SALESFORCE_LOGIN_URL ' +
                '(or SALESFORCE_INSTANCE_URL), DNS and the network or proxy between the bridge and Salesforce.'
        );
        const unknownHost = toSalesforceError({ message: 'getaddrinfo ENOTFOUND nope', code: 'ENOTFOUND' }, 'Query');
        expect(unknownHost.message).toContain('cannot reach Salesforce (ENOTFOUND)');
    });

    it('name the setting to fix for each way a login is refused', () => {
        const cases: [string, string][] = [
            ["invalid_grant: user hasn't approved this consumer", 'pre-authorized for the External Client App'],
            ['inactive_user: user is inactive', 'Reactivate the integration user'],
            ['invalid_client_id: client identifier invalid', 'Check SALESFORCE_CLIENT_ID'],
            ['invalid_grant: audience is invalid', 'Check SALESFORCE_LOGIN_URL'],
            ['invalid_grant: invalid assertion', 'SALESFORCE_PRIVATE_KEY_FILE matches the certificate']
        ];
        for (const [said, fix] of cases) {
            const error = toSalesforceError({ message: said }, 'Salesforce login as a@b at https://login.example');
            expect(error, said).toBeInstanceOf(SalesforceAuthError);
            expect(error.message, said).toContain(`Salesforce login failed: ${said}. `);
            expect(error.message, said).toContain(fix);
        }
    });
});
