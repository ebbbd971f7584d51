import { ConfigError } from '../errors.ts';
import { ReplyAuthError, ReplyUnavailableError } from '../reply/errors.ts';
import { SalesforceAuthError, SalesforceUnavailableError } from '../salesforce/errors.ts';
import type { RunRecord } from '../domain/runs.ts';

/** Exit codes scripts can rely on (documented in the README). */
export const EXIT = {
    ok: 0,
    partial: 1,
    failed: 2,
    config: 3,
    credentials: 4,
    unexpected: 5
} as const;

export function exitCodeForRun(run: RunRecord): number {
    if (run.status === 'succeeded') return EXIT.ok;
    // A refused login or key outranks partial success: nothing more will sync until someone fixes it.
    if (run.stoppedBy === 'credentials') return EXIT.credentials;
    if (run.status === 'partial') return EXIT.partial;
    return EXIT.failed;
}

/**
 * A failure before any run: a configuration that cannot work (exit 3, a URL Node will not fetch among them); a login
 * refused, or a service that cannot be reached or gives no answer (exit 4: access, which the message says how to fix).
 */
export function exitCodeForError(error: unknown): number {
    if (error instanceof ConfigError) return EXIT.config;
    if (
        error instanceof SalesforceAuthError ||
        error instanceof ReplyAuthError ||
        error instanceof SalesforceUnavailableError ||
        error instanceof ReplyUnavailableError
    )
        return EXIT.credentials;
    return EXIT.unexpected;
}
