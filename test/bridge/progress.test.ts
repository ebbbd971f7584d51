import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { terminalProgress } from '../../bridge/src/cli/progress.ts';
import type { RunEvent } from '../../bridge/src/sync/engine.ts';

/** A terminal 200 columns wide that keeps what was written to it. */
function terminal(): { stream: NodeJS.WriteStream; shown: () => string } {
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 200 });
    let written = '';
    stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
    const lines = () => written.replace(/\x1B(\[[0-9;?]*[A-Za-z]|[78])/g, '\n').split('\n');
    return {
        stream: stream as unknown as NodeJS.WriteStream,
        shown: () =>
            lines()
                .filter((line) => line.trim() !== '')
                .at(-1) ?? ''
    };
}

const counts = (read: number, created: number) => ({
    read,
    created,
    updated: 0,
    skipped: 0,
    failed: 0,
    salesforceApiCalls: 0,
    replyApiCalls: 0
});

describe('progress on a terminal', () => {
    it('names the step that last moved when two run side by side, and counts the steps done', async () => {
        const { stream, shown } = terminal();
        const { onEvent } = terminalProgress(stream);
        const events: RunEvent[] = [
            {
                type: 'runStarted',
                runId: 'r',
                steps: [
                    { name: 'contacts', label: 'People to Contacts' },
                    { name: 'leads', label: 'People to Leads' }
                ]
            },
            { type: 'stepStarted', runId: 'r', step: 'contacts', label: 'People to Contacts' },
            { type: 'stepStarted', runId: 'r', step: 'leads', label: 'People to Leads' },
            { type: 'stepProgress', runId: 'r', step: 'contacts', counts: counts(1000, 10) },
            { type: 'stepProgress', runId: 'r', step: 'leads', counts: counts(1000, 990) },
            {
                type: 'stepFinished',
                runId: 'r',
                step: 'contacts',
                status: 'succeeded',
                counts: counts(2000, 20),
                message: ''
            },
            {
                type: 'stepFinished',
                runId: 'r',
                step: 'leads',
                status: 'succeeded',
                counts: counts(2000, 1980),
                message: ''
            }
        ];
        for (const event of events) onEvent(event);
        onEvent({ type: 'runFinished', run: {} as never });
        await new Promise((resolve) => setImmediate(resolve));
        expect(shown()).toContain('2/2 steps | People to Leads | read 2000, created 1980, updated 0, failed 0');
    });
});
