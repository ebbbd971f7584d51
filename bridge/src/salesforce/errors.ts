import { BridgeError } from '../errors.ts';

/** Socket-level failures: Salesforce could not be reached at all (fetch reports them as the cause's code). */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Failures where Salesforce gave no (complete) answer: unreachable, cut mid-answer, or silent past the deadline. */
const NO_ANSWER_CODES = new Set([
    ...UNREACHABLE_CODES,
    'ETIMEDOUT',
    'ECONNRESET',
    'EPIPE',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT'
]);

/** Salesforce error codes worth retrying: the same request may succeed a moment later. */
const TRANSIENT_CODES = new Set([
    ...NO_ANSWER_CODES,
    'UNABLE_TO_LOCK_ROW',
    'REQUEST_TIMEOUT',
    'SERVER_UNAVAILABLE',
    'REQUEST_RUNNING_TOO_LONG',
    'QUERY_TIMEOUT',
    'ERROR_HTTP_500',
    'ERROR_HTTP_502',
    'ERROR_HTTP_503',
    'ERROR_HTTP_504'
]);

export function isTransientCode(code: string): boolean {
    return TRANSIENT_CODES.has(code);
}

/** The request never reached Salesforce (nothing can have been processed). */
export function isUnreachableCode(code: string): boolean {
    return UNREACHABLE_CODES.has(code);
}

export function isNoAnswerCode(code: string): boolean {
    return NO_ANSWER_CODES.has(code);
}

/** A failed Salesforce request (the whole call, not one record of a collection). */
export class SalesforceError extends BridgeError {
    readonly status: number | undefined;
    readonly transient: boolean;

    constructor(code: string, message: string, options: { status?: number; cause?: unknown; fields?: string[] } = {}) {
        super(code, message, {
            cause: options.cause,
            details: options.fields ? { fields: options.fields } : undefined
        });
        this.status = options.status;
        this.transient = isTransientCode(code);
    }
}

/** The org's daily API allowance (or the bridge's configured share of it) is spent: Salesforce work pauses. */
export class SalesforceBudgetError extends SalesforceError {}

/** Credentials are wrong or the integration user cannot log in: nothing works until an admin fixes it. */
export class SalesforceAuthError extends SalesforceError {}

/**
 * Salesforce gave no answer to a call through all its attempts (refused, cut, or silent past the deadline): the run
 * stops rather than let every later step wait the same way, and the next run resumes from the cursors.
 */
export class SalesforceUnavailableError extends SalesforceError {}

/** How the bridge logs in, for saying which setting to fix when Salesforce refuses its session. */
export type SalesforceCredentials = 'jwt' | 'token';

/** One record's failure inside a collection or composite call. */
export interface RecordIssue {
    code: string;
    message: string;
    fields: string[];
}

/** Turns whatever jsforce or the network threw into a SalesforceError with Salesforce's own code and message. */
export function toSalesforceError(
    error: unknown,
    what: string,
    credentials: SalesforceCredentials = 'jwt'
): SalesforceError {
    if (error instanceof SalesforceError) return error;
    const e = error as {
        errorCode?: string;
        code?: string;
        name?: string;
        message?: string;
        cause?: { code?: string };
    };
    const code = e.errorCode ?? e.code ?? e.cause?.code ?? e.name ?? 'UNKNOWN';
    let message = e.message ?? String(error);
    if (UNREACHABLE_CODES.has(code)) {
        return new SalesforceError(
            code,
            `${what}: cannot reach Salesforce (${code}). Check SALESFORCE_LOGIN_URL (or SALESFORCE_INSTANCE_URL), ` +
                'DNS and the network or proxy between the bridge and Salesforce.',
            { cause: error }
        );
    }
    if (code === 'REQUEST_LIMIT_EXCEEDED') {
        return new SalesforceBudgetError(
            code,
            `${what}: Salesforce refused the request because the org's API limit is exceeded (${message}). ` +
                'Salesforce work is paused until the rolling 24-hour usage falls.',
            { cause: error }
        );
    }
    if (code === 'BAD_PORT' || code === 'FETCH_REFUSED') {
        return new SalesforceError(
            code,
            `${what}: ${message}. Check SALESFORCE_LOGIN_URL (or SALESFORCE_INSTANCE_URL): use the org's https:// address ` +
                '(https://login.salesforce.com, https://test.salesforce.com or the My Domain URL) on a port Node may fetch',
            { cause: error }
        );
    }
    if (isNoAnswerCode(code)) {
        return new SalesforceError(code, `${what}: Salesforce gave no complete answer (${code}: ${message})`, {
            cause: error
        });
    }
    if ((code === 'INVALID_SESSION_ID' || /Unable to refresh session/.test(message)) && credentials === 'token') {
        return new SalesforceAuthError(
            'SALESFORCE_AUTH_FAILED',
            `${what}: Salesforce refused SALESFORCE_ACCESS_TOKEN (${message}). Set SALESFORCE_ACCESS_TOKEN to a current ` +
                'session for SALESFORCE_INSTANCE_URL (for example from `sf org display --verbose`; a token expires), or ' +
                'configure the JWT bearer flow (SALESFORCE_CLIENT_ID, SALESFORCE_USERNAME, SALESFORCE_PRIVATE_KEY_FILE), ' +
                'which logs in again by itself.',
            { cause: error }
        );
    }
    if (code === 'INVALID_SESSION_ID' || /Unable to refresh session/.test(message)) {
        return new SalesforceAuthError(
            'SALESFORCE_AUTH_FAILED',
            `${what}: Salesforce rejected the bridge's session and it could not log in again (${message}). ` +
                'Check SALESFORCE_CLIENT_ID, SALESFORCE_USERNAME and the private key, and that the integration user is ' +
                'pre-authorized for the External Client App.',
            { cause: error }
        );
    }
    if (/invalid_grant|invalid_client|user hasn't approved|inactive_user/i.test(message)) {
        return new SalesforceAuthError(
            'SALESFORCE_AUTH_FAILED',
            `${what}: Salesforce login failed: ${message}. ${loginFix(message)}`,
            { cause: error }
        );
    }
    if (code.startsWith('ERROR_HTTP_') && typeof message === 'string' && message.length > 300)
        message = message.slice(0, 300);
    return new SalesforceError(code, `${what}: ${code}: ${message}`, { cause: error });
}

/** What to change for each way Salesforce refuses a JWT bearer login. */
function loginFix(message: string): string {
    if (/user hasn't approved/i.test(message))
        return 'Check SALESFORCE_USERNAME, and that this user is pre-authorized for the External Client App (its permission set or profile is admitted).';
    if (/inactive_user|user is inactive/i.test(message)) return 'Reactivate the integration user in Salesforce Setup.';
    if (/invalid_client/i.test(message))
        return "Check SALESFORCE_CLIENT_ID: it must be the External Client App's consumer key.";
    if (/audience/i.test(message))
        return (
            'Check SALESFORCE_LOGIN_URL: the bridge derives the JWT audience from it (a production org or its My Domain ' +
            'means login.salesforce.com; a sandbox, test.salesforce.com or *.sandbox.my.salesforce.com, means ' +
            'test.salesforce.com), and Salesforce accepts no other audience.'
        );
    return 'Check SALESFORCE_CLIENT_ID, SALESFORCE_USERNAME and that SALESFORCE_PRIVATE_KEY_FILE matches the certificate uploaded to the External Client App.';
}

/** Salesforce's own message for a record it refused, plus what the admin can do about it. */
export function explainRecordError(code: string, message: string, object: string): string {
    const hints: Record<string, string> = {
        DUPLICATES_DETECTED: `a duplicate rule in Salesforce blocks this ${object}: merge the duplicates or relax the rule for the integration user`,
        DUPLICATE_VALUE: `another ${object} already carries this Reply id: merge the duplicate ${object}s in Salesforce`,
        FIELD_CUSTOM_VALIDATION_EXCEPTION: 'a validation rule refused the values: adjust the rule or the mapping',
        INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: 'add the value to the picklist or change the mapping',
        REQUIRED_FIELD_MISSING: 'map a Reply field to the required Salesforce field',
        INSUFFICIENT_ACCESS_OR_READONLY:
            'give the integration user edit access (Reply_Sync_Integration permission set)',
        INVALID_CROSS_REFERENCE_KEY: 'an owner in the owner mappings is not an active Salesforce user'
    };
    const hint = hints[code];
    return hint ? `${message} (${hint})` : message;
}
