/** Configuration deployments: how children tell the console to follow one, and what saving steps came to. */

export const PENDING = 'Pending';
export const SUCCEEDED = 'Succeeded';

/** The event children send when they have queued a configuration deployment; the console follows it. */
export function deploymentStartEvent(deployment) {
    return new CustomEvent('deploymentstart', { detail: deployment, bubbles: true, composed: true });
}

/**
 * What ReplySyncConsoleController.saveSteps came to (Apex's SaveResult): `deployed` (a deployment to follow),
 * `refused` (the bridge's verdicts, some with problems: nothing was deployed) or `unchecked` (the bridge could not
 * check the drafts, with why: nothing was deployed).
 */
export function saveOutcome(result) {
    if (result?.deployment) {
        return { kind: 'deployed', deployment: result.deployment };
    }
    if (result?.checked) {
        return { kind: 'refused', verdicts: result.validation?.steps ?? [] };
    }
    return { kind: 'unchecked', reason: result?.uncheckedReason ?? '' };
}
