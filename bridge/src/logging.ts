import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Keys whose values never reach a log line, wherever they appear (one level of nesting and two). */
const SECRET_KEYS = [
    'authorization',
    'Authorization',
    'accessToken',
    'access_token',
    'apiKey',
    'apiToken',
    'privateKey',
    'token',
    'secret',
    'password',
    'assertion',
    'refresh_token'
];

export interface LoggerOptions {
    level?: string;
    /** Literal secret values: any occurrence in any line is replaced, whatever key it sits under. */
    secrets?: string[];
    destination?: DestinationStream;
}

/** Structured JSON logs with secrets removed twice: by key (pino redact) and by value (a scrub of each line). */
export function createLogger(options: LoggerOptions = {}): Logger {
    const secrets = (options.secrets ?? []).filter((value) => value.length >= 8);
    const scrub = (line: string): string => secrets.reduce((text, value) => text.split(value).join('[REDACTED]'), line);
    return pino(
        {
            level: options.level ?? 'info',
            base: { service: 'reply-sync-bridge' },
            redact: {
                paths: [...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`), ...SECRET_KEYS.map((k) => `*.*.${k}`)],
                censor: '[REDACTED]'
            },
            serializers: { err: serializeError, error: serializeError },
            hooks: secrets.length > 0 ? { streamWrite: scrub } : {}
        },
        options.destination
    );
}

/** Errors as {type, code, message, stack}; never the request configuration HTTP libraries attach (it holds headers). */
export function serializeError(error: unknown): Record<string, unknown> {
    if (!(error instanceof Error)) return { message: String(error) };
    const withCode = error as Error & { code?: unknown; status?: unknown };
    return {
        type: error.name,
        message: error.message,
        ...(withCode.code === undefined ? {} : { code: withCode.code }),
        ...(withCode.status === undefined ? {} : { status: withCode.status }),
        stack: error.stack
    };
}
