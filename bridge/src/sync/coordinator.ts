import type { RunRecord, RunTrigger } from '../domain/runs.ts';
import type { RunOptions, SyncEngine } from './engine.ts';

export interface RunRequest {
    trigger: RunTrigger;
    stepName?: string | undefined;
    /** Only the steps reading these Reply sources (webhook-triggered runs). */
    replySources?: string[] | undefined;
    dryRun?: boolean | undefined;
}

export interface RunTicket {
    runId: string;
    status: 'queued' | 'running';
    /** True when the request joined a run that was already queued. */
    joined: boolean;
}

interface Pending {
    id: string;
    options: RunOptions;
    done: Promise<RunRecord>;
    resolve: (run: RunRecord) => void;
    reject: (error: unknown) => void;
}

const scopeOf = (request: RunRequest) =>
    `${request.stepName ?? '*'}|${request.replySources?.join(',') ?? '*'}|${request.dryRun ? 'dry' : 'live'}`;

/**
 * Never two runs at once. A request while a run is going queues one follow-up run; further requests for the same
 * steps join that queued run instead of piling up more. Runs execute in request order.
 */
export class RunCoordinator {
    private running: Pending | undefined;
    private readonly queue: Pending[] = [];

    constructor(private readonly engine: SyncEngine) {}

    get currentRunId(): string | undefined {
        return this.running?.id;
    }

    get busy(): boolean {
        return this.running !== undefined || this.queue.length > 0;
    }

    async request(request: RunRequest): Promise<RunTicket> {
        const waiting = this.queue.find((p) => scopeOf({ ...p.options }) === scopeOf(request));
        if (waiting) return { runId: waiting.id, status: 'queued', joined: true };
        const options: RunOptions = {
            trigger: request.trigger,
            stepName: request.stepName,
            replySources: request.replySources,
            dryRun: request.dryRun
        };
        const id = await this.engine.reserve(options);
        let resolve!: (run: RunRecord) => void;
        let reject!: (error: unknown) => void;
        const done = new Promise<RunRecord>((res, rej) => {
            resolve = res;
            reject = rej;
        });
        done.catch(() => undefined);
        const pending: Pending = { id, options: { ...options, runId: id }, done, resolve, reject };
        this.queue.push(pending);
        const status = this.running ? 'queued' : 'running';
        void this.drain();
        return { runId: id, status, joined: false };
    }

    /** Resolves when the run finishes (immediately for runs this coordinator does not know). */
    async wait(runId: string): Promise<RunRecord | undefined> {
        const pending = this.running?.id === runId ? this.running : this.queue.find((p) => p.id === runId);
        return pending?.done;
    }

    /** Requests a run and waits for it. */
    async runNow(request: RunRequest): Promise<RunRecord> {
        const ticket = await this.request(request);
        return (await this.wait(ticket.runId))!;
    }

    /** Resolves when nothing is running or queued. */
    async idle(): Promise<void> {
        while (this.running || this.queue.length > 0) {
            await (this.running ?? this.queue[0])!.done.catch(() => undefined);
        }
    }

    private async drain(): Promise<void> {
        if (this.running) return;
        const next = this.queue.shift();
        if (!next) return;
        this.running = next;
        try {
            next.resolve(await this.engine.run(next.options));
        } catch (error) {
            next.reject(error);
        } finally {
            this.running = undefined;
            void this.drain();
        }
    }
}
