import { formatLabel } from '../platform/labels.ts';
import { CalloutError } from '../platform/callouts.ts';
import type { ApexContext } from './context.ts';

/** ReplySyncBridgeService's failures: what the console shows as the reason. */
export class BridgeError extends Error {}

/**
 * ReplySyncBridgeService: the bridge's HTTP API through the Named Credential. A failure is the bridge's own words
 * (its problem document's title and detail), Salesforce's when the callout got no answer, and the bare status when
 * the answer is not the bridge's.
 */
export async function callBridge(
    context: ApexContext,
    method: string,
    path: string,
    body?: unknown
): Promise<Record<string, unknown>> {
    let response;
    try {
        response = await context.callouts.send(method, path, body);
    } catch (error) {
        if (error instanceof CalloutError) {
            throw new BridgeError(formatLabel(context.labels, 'Reply_Sync_Bridge_Unreachable', error.message));
        }
        throw error;
    }
    if (response.status >= 200 && response.status < 300) {
        const parsed = parseJson(response.body);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
        throw new BridgeError(formatLabel(context.labels, 'Reply_Sync_Bridge_Not_Json'));
    }
    const problem = parseJson(response.body) as { title?: unknown; detail?: unknown } | undefined;
    const title = problem && typeof problem === 'object' && problem.title != null ? String(problem.title) : '';
    if (!title) throw new BridgeError(formatLabel(context.labels, 'Reply_Sync_Bridge_Failed', response.status));
    throw new BridgeError(problem!.detail == null ? `${title}.` : `${title}: ${String(problem!.detail)}`);
}

function parseJson(text: string): unknown {
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return undefined;
    }
}
