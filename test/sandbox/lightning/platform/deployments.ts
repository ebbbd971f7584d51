import type { PlannedRecord } from '../../../../bridge/src/sync/config-changes.ts';

export interface DeployOutcome {
    succeeded: boolean;
    /** The deployment's own words when it failed: each component that failed and why. */
    message: string | null;
}

/**
 * `Metadata.Operations.enqueueDeployment` in the browser sandbox: it answers a job id at once and deploys the Custom
 * Metadata records a moment later, through the Salesforce sandbox's control API (its stand-in for the Metadata API:
 * the same checks of names, labels, fields and values a deploy makes), then runs the deploy callback with the
 * outcome, as Salesforce runs a `Metadata.DeployCallback` once the deployment has finished.
 */
export class MetadataDeployments {
    private counter = 0;
    private readonly running = new Set<Promise<void>>();

    constructor(
        private readonly salesforceUrl: string,
        /** How long a deployment takes: long enough for the console to show it pending. */
        private readonly delayMs = 600
    ) {}

    enqueue(records: PlannedRecord[], callback: (jobId: string, outcome: DeployOutcome) => Promise<void>): string {
        this.counter += 1;
        const jobId = `0Af5g${String(this.counter).padStart(10, '0')}AAA`;
        const done = new Promise<void>((resolve) => setTimeout(resolve, this.delayMs))
            .then(() => this.apply(records))
            .then((outcome) => callback(jobId, outcome))
            .catch(() => undefined)
            .finally(() => this.running.delete(done));
        this.running.add(done);
        return jobId;
    }

    /** Waits for every deployment under way (for a clean stop). */
    async settle(): Promise<void> {
        await Promise.all([...this.running]);
    }

    private async apply(records: PlannedRecord[]): Promise<DeployOutcome> {
        const failures: string[] = [];
        for (const record of records) {
            const response = await fetch(
                `${this.salesforceUrl}/__sandbox/custom-metadata/${record.type}/${record.developerName}`,
                {
                    method: 'PUT',
                    headers: { 'content-type': 'application/json' },
                    body: JSON.stringify({ label: record.label, values: record.values })
                }
            );
            if (!response.ok) {
                const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
                failures.push(
                    `${record.type}.${record.developerName}: ${body.error ?? body.message ?? response.status}`
                );
            }
        }
        return { succeeded: failures.length === 0, message: failures.length > 0 ? failures.join('\n') : null };
    }
}
