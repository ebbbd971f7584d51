/**
 * Typed errors with stable codes. Every error the bridge reports to a person names what to fix; the code lets
 * scripts, logs and Reply_Sync_Error__c rows group them.
 */
export class BridgeError extends Error {
    readonly code: string;
    readonly details: Record<string, unknown> | undefined;

    constructor(code: string, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
        super(message, options?.cause === undefined ? undefined : { cause: options.cause });
        this.name = new.target.name;
        this.code = code;
        this.details = options?.details;
    }
}

/** A configuration file, environment variable or step definition is wrong; the message says which and how to fix it. */
export class ConfigError extends BridgeError {}

/** A step's settings cannot work against this org or workspace: the step fails as a whole, other steps run. */
export class StepConfigError extends BridgeError {
    constructor(message: string) {
        super('STEP_CONFIG_INVALID', message);
    }
}
