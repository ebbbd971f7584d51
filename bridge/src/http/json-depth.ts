import type { RequestHandler } from 'express';
import { problem } from './problems.ts';

/**
 * How deeply a request body may nest. Reply's webhook payloads and the API's own bodies are a few levels deep; a body
 * nested thousands of levels would overflow the stack of whatever walks it next (JSON.stringify, a validator), so it
 * is refused up front with a 400 instead of failing later with a 500.
 */
export const MAX_JSON_DEPTH = 32;

/** The nesting depth of a parsed JSON value, walked without recursion; stops counting past `limit`. */
export function jsonDepth(value: unknown, limit = Infinity): number {
    let deepest = 0;
    const stack: [unknown, number][] = [[value, 0]];
    while (stack.length > 0) {
        const [node, depth] = stack.pop()!;
        if (node === null || typeof node !== 'object') continue;
        const level = depth + 1;
        if (level > deepest) deepest = level;
        if (deepest > limit) return deepest;
        for (const child of Object.values(node)) stack.push([child, level]);
    }
    return deepest;
}

/** Middleware after the JSON parser: a body nested deeper than MAX_JSON_DEPTH gets 400 JSON_TOO_DEEP. */
export const refuseDeepJson: RequestHandler = (req, res, next) => {
    if (jsonDepth(req.body, MAX_JSON_DEPTH) <= MAX_JSON_DEPTH) return next();
    problem(
        res,
        400,
        'JSON_TOO_DEEP',
        'The request body is nested too deeply',
        `JSON bodies may nest at most ${MAX_JSON_DEPTH} levels.`
    );
};
