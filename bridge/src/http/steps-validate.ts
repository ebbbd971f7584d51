import express, { type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Logger } from '../logging.ts';
import { ReplyApiError } from '../reply/errors.ts';
import { SalesforceError } from '../salesforce/errors.ts';
import type { StepDraft, StepVerdict } from '../sync/validation/service.ts';
import { invalidRequest, problem } from './problems.ts';

const json = z.string().nullish();

/** A ReplySyncStepDraft as Apex serializes it (bridge/openapi.yaml StepDraft). */
export const draftSchema = z.strictObject({
    developerName: z.string().max(40).nullish(),
    label: z.string().max(80).nullish(),
    stepKind: z.string().max(40).nullish(),
    active: z.boolean().nullish(),
    sortOrder: z.number().nullish(),
    fieldMappings: json,
    filter: json,
    ownerMappings: json,
    sequenceMappings: json,
    valueMappings: json
});

const requestSchema = z.strictObject({ steps: z.array(draftSchema).min(1).max(50) });

/**
 * Drafts of several steps with all their settings can exceed the API's usual 100 kB; Salesforce's own callout
 * limit is far above this.
 */
export const STEP_VALIDATION_BODY_LIMIT = '1mb';

/**
 * POST /v1/steps/validate: the console's question "would the bridge run these steps?", answered by the validator
 * runs use. A draft's problems are an answer (200); only a request the bridge cannot check is an error (400, or 502
 * when Salesforce or Reply cannot be read, so the console says the step is unchecked rather than valid).
 */
export function stepValidationHandlers(
    validate: (drafts: StepDraft[]) => Promise<StepVerdict[]>,
    logger: Logger,
    bodyChecks: RequestHandler[]
): RequestHandler[] {
    return stepCheckRoute(requestSchema, async (body) => ({ steps: await validate(body.steps) }), logger, bodyChecks);
}

/**
 * A route that checks steps against Salesforce and Reply: its own body limit (drafts can be large), the request's
 * schema (400 with what is wrong), the answer, or 502 when Salesforce or Reply could not be read.
 */
export function stepCheckRoute<T>(
    schema: z.ZodType<T>,
    answer: (body: T) => Promise<unknown>,
    logger: Logger,
    bodyChecks: RequestHandler[]
): RequestHandler[] {
    return [
        express.json({ limit: STEP_VALIDATION_BODY_LIMIT }),
        ...bodyChecks,
        async (req, res) => {
            const parsed = schema.safeParse(req.body);
            if (!parsed.success) {
                invalidRequest(res, parsed.error);
                return;
            }
            try {
                res.json(await answer(parsed.data));
            } catch (error) {
                uncheckedProblem(res, error, logger);
            }
        }
    ];
}

/** A check that could not read Salesforce or Reply: 502 with which and why (500 for anything else). */
export function uncheckedProblem(res: Response, error: unknown, logger: Logger): void {
    logger.warn({ err: error }, 'step check failed');
    const side = error instanceof ReplyApiError ? 'Reply' : 'Salesforce';
    const known = error instanceof ReplyApiError || error instanceof SalesforceError;
    problem(
        res,
        known ? 502 : 500,
        known ? `${side.toUpperCase()}_FAILED` : 'INTERNAL',
        known ? `The bridge could not read ${side}, so the steps are not checked` : 'The bridge failed to answer',
        known ? (error as Error).message : "The cause is in the bridge's log."
    );
}
