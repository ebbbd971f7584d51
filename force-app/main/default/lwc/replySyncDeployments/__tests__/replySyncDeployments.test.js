import { deploymentStartEvent, saveOutcome } from 'c/replySyncDeployments';

const { PENDING_DEPLOYMENT, SAVE_RESULTS, VERDICTS } = require('replySyncFixtures');

describe('c/replySyncDeployments', () => {
    it('announces deployments to the console', () => {
        const event = deploymentStartEvent({ jobId: 'job' });
        expect(event.type).toBe('deploymentstart');
        expect(event.bubbles && event.composed).toBe(true);
        expect(event.detail).toEqual({ jobId: 'job' });
    });

    it('tells what Save came to: deployed, refused by the bridge, or not checked', () => {
        expect(saveOutcome(SAVE_RESULTS.deployed(PENDING_DEPLOYMENT))).toEqual({
            kind: 'deployed',
            deployment: PENDING_DEPLOYMENT
        });
        expect(saveOutcome(SAVE_RESULTS.savedUnchecked(PENDING_DEPLOYMENT))).toEqual({
            kind: 'deployed',
            deployment: PENDING_DEPLOYMENT
        });
        expect(saveOutcome(SAVE_RESULTS.refused(VERDICTS.leadsWithProblems))).toEqual({
            kind: 'refused',
            verdicts: [VERDICTS.leadsWithProblems]
        });
        expect(saveOutcome(SAVE_RESULTS.unchecked('Salesforce could not reach the bridge'))).toEqual({
            kind: 'unchecked',
            reason: 'Salesforce could not reach the bridge'
        });
    });
});
