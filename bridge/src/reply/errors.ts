import { BridgeError } from '../errors.ts';

/** A Reply API failure, carrying Reply's problem+json code where it sent one. */
export class ReplyApiError extends BridgeError {
    readonly status: number | undefined;
    readonly transient: boolean;

    constructor(
        code: string,
        message: string,
        options: { status?: number; transient?: boolean; cause?: unknown; details?: Record<string, unknown> } = {}
    ) {
        super(code, message, { cause: options.cause, details: options.details });
        this.status = options.status;
        this.transient = options.transient ?? false;
    }
}

/** Reply's rate limit would make the bridge wait longer than it is willing to within one run. */
export class ReplyRateLimitError extends ReplyApiError {
    readonly waitMs: number;

    constructor(message: string, waitMs: number) {
        super('REPLY_RATE_LIMITED', message, { status: 429, transient: true });
        this.waitMs = waitMs;
    }
}

/** The API key is missing, wrong, revoked, or lacks a scope: nothing works until someone fixes it. */
export class ReplyAuthError extends ReplyApiError {}

/**
 * Reply gave no answer through all of a call's attempts (refused, unresolvable, cut or silent): the run stops rather
 * than let every later step wait the same way; the next run resumes where each step stopped.
 */
export class ReplyUnavailableError extends ReplyApiError {}
