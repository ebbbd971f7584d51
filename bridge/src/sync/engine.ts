import { randomUUID } from 'node:crypto';
import { BridgeError } from '../errors.ts';
import { ReplyCapabilityMissing } from '../reply/capabilities.ts';
import { ReplyAuthError, ReplyRateLimitError, ReplyUnavailableError } from '../reply/errors.ts';
import { SalesforceAuthError, SalesforceBudgetError, SalesforceUnavailableError } from '../salesforce/errors.ts';
import { readOrg, type OrgSnapshot } from '../salesforce/org.ts';
import {
    emptyCounts,
    type RunRecord,
    type RunStop,
    type RunStepCounts,
    type RunStepStatus,
    type RunTrigger
} from '../domain/runs.ts';
import { leaseHolder } from '../store/leases.ts';
import { stepLease } from '../domain/keys.ts';
import { ReplyBudgetDeferred, RunShared, StepRun, type SyncServices } from './context.ts';
import { executorFor } from './executors/index.ts';
import { writeSalesforceLogs } from './salesforce-log.ts';
import { deletedWindow } from './deletions.ts';
import { runTogether, selectSteps, type ParsedStep, type Step } from './steps.ts';
import { tallyCalls } from '../call-tally.ts';
import { describeProblems, type StepProblem } from './validation/problems.ts';
import { checkAgainstSystems, validationContextOf } from './validation/validate.ts';

export interface RunOptions {
    trigger: RunTrigger;
    /** DeveloperName of one step; all active steps when absent. */
    stepName?: string | undefined;
    /** Only the steps reading these Reply sources (webhook-triggered runs). */
    replySources?: string[] | undefined;
    dryRun?: boolean | undefined;
    /** A run id reserved earlier (queued runs), or a new one. */
    runId?: string | undefined;
}

export type RunEvent =
    | { type: 'runStarted'; runId: string; steps: { name: string; label: string }[] }
    | { type: 'stepStarted'; runId: string; step: string; label: string }
    | { type: 'stepProgress'; runId: string; step: string; counts: RunStepCounts }
    | {
          type: 'stepFinished';
          runId: string;
          step: string;
          status: RunStepStatus;
          counts: RunStepCounts;
          message: string;
      }
    | { type: 'runFinished'; run: RunRecord };

/** How a stopped run and the steps it left out say why: the reason follows the prefix. */
export const STOPPED = 'Stopped: ';
export const NOT_RUN = 'Not run: ';

/** A failure that stops the whole run: no later step could succeed either. */
interface StepStop {
    kind: RunStop;
    reason: string;
}

/**
 * Errors after which no further step can succeed, or each would only wait the same way: the run stops, says why, and
 * the next run resumes from the cursors (the steps left out committed nothing).
 */
function stepStop(error: unknown): StepStop | undefined {
    const reason = (error as Error).message;
    if (error instanceof SalesforceAuthError || error instanceof ReplyAuthError) return { kind: 'credentials', reason };
    if (error instanceof SalesforceBudgetError || error instanceof ReplyRateLimitError)
        return { kind: 'budget', reason };
    if (error instanceof SalesforceUnavailableError || error instanceof ReplyUnavailableError)
        return { kind: 'unavailable', reason };
    return undefined;
}

/** A step's lease lasts this long unless renewed; the running step renews it every third of that. */
const LEASE_TTL_MS = 90_000;

/**
 * Runs the active steps of the org's profile in Sort_Order__c order. Each step reads what changed since its cursor,
 * filters, maps, writes in batches and records its results; a step that fails (bad settings, an unreachable API)
 * is reported and the next one runs. The Lead and Contact variants of a Reply-fed kind, next to each other, run side
 * by side, the second following the first page by page on their shared feed (steps.ts runTogether), each with its
 * own lease, counts, calls and outcome. Steps are leased in the store, so several bridge processes never run one
 * twice.
 */
export class SyncEngine {
    /** What the last run learnt of the org: the setting (interval, enabled, profile), or why it could not read it. */
    lastOrg: { setting: OrgSnapshot['setting']; readAt: Date } | { error: string; readAt: Date } | undefined;

    constructor(
        private readonly services: SyncServices,
        private readonly onEvent: (event: RunEvent) => void = () => undefined,
        private readonly holder = leaseHolder(randomUUID().slice(0, 8))
    ) {}

    /** Reserves a run id (status queued) so callers can follow it before it starts. */
    async reserve(options: RunOptions): Promise<string> {
        const id = options.runId ?? randomUUID();
        await this.services.store.runs.create({
            id,
            trigger: options.trigger,
            dryRun: Boolean(options.dryRun),
            stepFilter: options.stepName ?? null
        });
        return id;
    }

    async run(options: RunOptions): Promise<RunRecord> {
        const runId = options.runId ?? (await this.reserve(options));
        await this.services.store.runs.update(runId, { status: 'running', startedAt: this.services.now() });
        const opened: RunShared[] = [];
        try {
            return await this.execute(runId, options, opened);
        } catch (error) {
            // Steps catch their own failures; this is the net for anything else, so no run is left "running".
            this.services.logger.error({ runId, err: error }, 'run failed unexpectedly');
            await this.closeShared(runId, opened);
            return this.finish(runId, 'failed', describeFailure(error));
        }
    }

    /** Deletes what the run spooled (its steps' shared feeds) before the run is said to have ended. */
    private async closeShared(runId: string, opened: RunShared[]): Promise<void> {
        for (const shared of opened.splice(0))
            await shared
                .close()
                .catch((error: unknown) => this.services.logger.warn({ runId, err: error }, 'feed spool not deleted'));
    }

    private async execute(runId: string, options: RunOptions, opened: RunShared[]): Promise<RunRecord> {
        const { store, salesforce, logger } = this.services;
        const dryRun = Boolean(options.dryRun);
        const log = logger.child({ runId });

        let org: OrgSnapshot;
        try {
            const window = await deletedWindow(store, this.services.salesforceNow?.() ?? Date.now());
            salesforce.forgetUsage();
            org = await readOrg(salesforce, this.services.integrationUserId, window);
        } catch (error) {
            this.lastOrg = { error: (error as Error).message, readAt: this.services.now() };
            return this.finish(
                runId,
                'failed',
                `Could not read the step definitions from Salesforce: ${(error as Error).message}`,
                stepStop(error)?.kind
            );
        }
        this.lastOrg = { setting: org.setting, readAt: this.services.now() };
        if (!org.setting) {
            return this.finish(
                runId,
                'failed',
                'Reply_Sync_Setting__mdt has no Org_Default record: deploy force-app, which includes it'
            );
        }
        if (!org.setting.Enabled__c) {
            return this.finish(
                runId,
                'failed',
                'The integration is disabled (Enabled in the Reply Sync console): nothing was synced'
            );
        }
        const sources = options.replySources ? new Set(options.replySources) : undefined;
        const parsed = selectSteps(
            org.steps,
            org.setting.Profile__c ?? 'Default',
            this.services.catalog,
            options.stepName
        ).filter((p) => {
            if (!sources) return true;
            const key = p.ok ? p.step.kind.key : p.kindKey;
            const source = this.services.catalog.stepKinds.find((k) => k.key === key)?.replySource;
            return source !== undefined && sources.has(source);
        });
        if (options.stepName && parsed.length === 0) {
            return this.finish(
                runId,
                'failed',
                `No active step named ${options.stepName} in the ${org.setting.Profile__c ?? 'Default'} profile`
            );
        }
        const shared = new RunShared(this.services, org, dryRun);
        shared.stepsOfRun = parsed.flatMap((p) => (p.ok ? [p.step] : []));
        opened.push(shared);
        const info = { id: runId, trigger: options.trigger, dryRun };
        // Links to Leads and Contacts deleted or merged since the last run follow before any step writes to them.
        await shared.deletions
            .atRunStart(org.deleted)
            .catch((error: unknown) =>
                log.warn({ err: error }, 'deleted Salesforce records not followed; writes to them will say so')
            );

        const steps = parsed.map((p, position) => ({ parsed: p, position }));
        for (const { parsed: p, position } of steps) {
            const name = p.ok ? p.step.name : p.name;
            const label = stepLabel(p);
            await store.runs.saveStep({
                runId,
                stepName: name,
                stepKind: p.ok ? p.step.kind.key : p.kindKey,
                label,
                position,
                status: 'pending',
                ...emptyCounts(),
                message: null,
                startedAt: null,
                finishedAt: null
            });
        }
        this.onEvent({
            type: 'runStarted',
            runId,
            steps: steps.map(({ parsed: p }) => ({
                name: p.ok ? p.step.name : p.name,
                label: stepLabel(p)
            }))
        });

        let stop: StepStop | undefined;
        for (const group of runTogether(
            steps,
            ({ parsed: p }) => (p.ok ? p.step.kind : undefined),
            this.services.catalog
        )) {
            if (stop) {
                for (const { parsed: p, position } of group)
                    await this.saveStep(runId, p, position, 'skipped', emptyCounts(), `${NOT_RUN}${stop.reason}`);
                continue;
            }
            // Each step of a group starts once the one before it reads its feed (the later one follows it) or ended.
            const running: Promise<StepStop | undefined>[] = [];
            for (const { parsed: p, position } of group) {
                let ready!: () => void;
                const started = new Promise<void>((resolve) => (ready = resolve));
                const run = this.runStep(p, position, shared, info, log, ready);
                // Settled below with the others; until then a failure is not an unhandled rejection.
                run.catch(() => undefined);
                running.push(run);
                await started;
            }
            // Every step of the group ends before anything else happens, even when one of them throws.
            const ended = await Promise.allSettled(running);
            for (const outcome of ended) if (outcome.status === 'rejected') throw outcome.reason;
            stop = ended
                .map((outcome) => (outcome as PromiseFulfilledResult<StepStop | undefined>).value)
                .find(Boolean);
        }
        if (!dryRun) await this.writeLogs();
        const finished = await store.runs.get(runId);
        // A paused step (a Reply capability this key lacks) neither fails the run nor counts against it.
        const statuses = finished!.steps.map((s) => s.status).filter((s) => s !== 'paused');
        const status =
            statuses.length === 0
                ? 'succeeded'
                : statuses.every((s) => s === 'failed' || s === 'skipped')
                  ? 'failed'
                  : statuses.some((s) => s !== 'succeeded')
                    ? 'partial'
                    : 'succeeded';
        const message = stop
            ? `${STOPPED}${stop.reason}`
            : steps.length === 0
              ? 'No active steps in this profile'
              : null;
        await this.closeShared(runId, opened);
        return this.finish(runId, status, message, stop?.kind);
    }

    private async runStep(
        parsed: ParsedStep,
        position: number,
        shared: RunShared,
        info: { id: string; trigger: RunTrigger; dryRun: boolean },
        log: SyncServices['logger'],
        ready: () => void = () => undefined
    ): Promise<StepStop | undefined> {
        try {
            return await this.executeStep(parsed, position, shared, info, log, ready);
        } finally {
            ready();
        }
    }

    /** Runs one step; `ready` once it reads a shared feed (a step beside it may start) or before it ends. */
    private async executeStep(
        parsed: ParsedStep,
        position: number,
        shared: RunShared,
        info: { id: string; trigger: RunTrigger; dryRun: boolean },
        log: SyncServices['logger'],
        ready: () => void
    ): Promise<StepStop | undefined> {
        const { store, reply } = this.services;
        if (!parsed.ok) {
            const message = `The step's settings are invalid, so it did not run: ${describeProblems(parsed.problems)}`;
            log.error({ step: parsed.name, problems: parsed.problems }, 'invalid step skipped');
            await this.saveStep(info.id, parsed, position, 'failed', emptyCounts(), message);
            return undefined;
        }
        const step = parsed.step;
        let problems: StepProblem[];
        try {
            problems = await this.validateAgainstSystems(step, shared);
        } catch (error) {
            // Reading Reply's fields can fail like any call (a refused key): the step fails, the run goes on or stops.
            log.error({ step: step.name, err: error }, 'step could not be checked');
            await this.saveStep(info.id, parsed, position, 'failed', emptyCounts(), describeFailure(error));
            return stepStop(error);
        }
        if (problems.length > 0) {
            const message = `The step's settings do not fit the org or Reply, so it did not run: ${describeProblems(problems)}`;
            log.error({ step: step.name, problems }, 'invalid step skipped');
            await this.saveStep(info.id, parsed, position, 'failed', emptyCounts(), message);
            return undefined;
        }
        const leaseName = stepLease(step.name);
        if (!info.dryRun && !(await store.leases.acquire(leaseName, this.holder, LEASE_TTL_MS))) {
            await this.saveStep(
                info.id,
                parsed,
                position,
                'skipped',
                emptyCounts(),
                'Another bridge process is running this step right now'
            );
            return undefined;
        }
        // The step's own calls, though a step beside it calls the same clients at the same time (call-tally.ts).
        const tally = shared.tallyOf(step.name);
        const countCalls = (counts: RunStepCounts) => {
            counts.salesforceApiCalls = tally.salesforce;
            counts.replyApiCalls = tally.reply;
        };
        const stepRun = new StepRun(step, info, shared, (counts) => {
            countCalls(counts);
            this.onEvent({ type: 'stepProgress', runId: info.id, step: step.name, counts: { ...counts } });
        });
        void stepRun.feedProgress.reading.then(ready);
        await this.saveStep(info.id, parsed, position, 'running', stepRun.counts, null, this.services.now());
        this.onEvent({ type: 'stepStarted', runId: info.id, step: step.name, label: step.label });
        const startedAt = this.services.now();
        let status: RunStepStatus = 'succeeded';
        let stop: StepStop | undefined;
        let finishedAt = startedAt;
        const renewal = info.dryRun
            ? undefined
            : setInterval(
                  () => void store.leases.acquire(leaseName, this.holder, LEASE_TTL_MS).catch(() => undefined),
                  LEASE_TTL_MS / 3
              );
        try {
            await tallyCalls(tally, () => executorFor(step.kind)(stepRun));
            if (stepRun.counts.failed > 0) status = 'partial';
        } catch (error) {
            status = stepRun.counts.created + stepRun.counts.updated > 0 ? 'partial' : 'failed';
            if (error instanceof ReplyCapabilityMissing) {
                // Nothing is lost: the step committed nothing past what it wrote, its cursor waits for the capability.
                status = 'paused';
                stepRun.note(error.message);
                log.warn({ step: step.name, capability: error.capability }, 'step paused: Reply capability missing');
            } else if (error instanceof ReplyRateLimitError || error instanceof ReplyBudgetDeferred) {
                status = 'partial';
                stepRun.note(error.message);
            } else {
                stepRun.note(describeFailure(error));
                log.error({ step: step.name, err: error }, 'step failed');
            }
            stop = stepStop(error);
        } finally {
            stepRun.feedProgress.end();
            clearInterval(renewal);
            // The step's work ends here, before its lease goes: another process may start it the moment it is free.
            finishedAt = this.services.now();
            if (!info.dryRun) await store.leases.release(leaseName, this.holder);
        }
        // Leads and Contacts found deleted or merged (before the run or by this step) are said by the step writing to them.
        for (const line of shared.identityNotes(step.kind.salesforceObject)) stepRun.note(line);
        countCalls(stepRun.counts);
        await reply.budget.sync().catch((error: unknown) => log.warn({ err: error }, 'Reply call counts not saved'));
        const message = stepRun.message();
        await this.saveStep(info.id, parsed, position, status, stepRun.counts, message || null, startedAt, finishedAt);
        this.onEvent({
            type: 'stepFinished',
            runId: info.id,
            step: step.name,
            status,
            counts: { ...stepRun.counts },
            message
        });
        return stop;
    }

    /** Step results and record errors into Reply_Sync_Log__c and Reply_Sync_Error__c (never fails the run). */
    private async writeLogs(): Promise<void> {
        const triggers = new Map<string, RunTrigger>();
        await writeSalesforceLogs(
            this.services.salesforce,
            this.services.store,
            this.services.logger,
            async (runId) => {
                if (!triggers.has(runId))
                    triggers.set(runId, (await this.services.store.runs.get(runId))?.trigger ?? 'scheduled');
                return triggers.get(runId)!;
            }
        );
    }

    /** The validator's checks that need the org's schema and Reply's fields, the same the console asks for. */
    private async validateAgainstSystems(step: Step, shared: RunShared): Promise<StepProblem[]> {
        // Reading Reply's fields here also proves the key works before a step that maps fields writes anything.
        const replyFields = step.fieldMappings.length > 0 ? await shared.replyFieldList() : [];
        return checkAgainstSystems(step, validationContextOf(shared.org, replyFields), this.services.catalog);
    }

    private async saveStep(
        runId: string,
        parsed: ParsedStep,
        position: number,
        status: RunStepStatus,
        counts: RunStepCounts,
        message: string | null,
        startedAt: Date | null = null,
        finishedAt: Date | null = status === 'running' ? null : this.services.now()
    ): Promise<void> {
        await this.services.store.runs.saveStep({
            runId,
            stepName: parsed.ok ? parsed.step.name : parsed.name,
            stepKind: parsed.ok ? parsed.step.kind.key : parsed.kindKey,
            label: stepLabel(parsed),
            position,
            status,
            ...counts,
            message,
            startedAt,
            finishedAt,
            loggedToSalesforce: false
        });
    }

    private async finish(
        runId: string,
        status: RunRecord['status'],
        message: string | null,
        stoppedBy?: RunStop
    ): Promise<RunRecord> {
        await this.services.store.runs.update(runId, {
            status,
            message,
            stoppedBy: stoppedBy ?? null,
            finishedAt: this.services.now()
        });
        const run = (await this.services.store.runs.get(runId))!;
        this.onEvent({ type: 'runFinished', run });
        this.services.logger.info({ runId, status, message }, 'run finished');
        return run;
    }
}

/** What a user reads as the step's name: its own label (Custom steps are named by the admin), not its kind's. */
function stepLabel(parsed: ParsedStep): string {
    return parsed.ok ? parsed.step.label : parsed.label;
}

function describeFailure(error: unknown): string {
    if (error instanceof BridgeError) return `${error.code}: ${error.message}`;
    return `Unexpected error: ${conciseMessage(error)}`;
}

/** Some libraries (Prisma) put pages of source code in their messages: keep the last line, which says what failed. */
function conciseMessage(error: unknown): string {
    const message = (error as Error).message ?? String(error);
    if (message.length <= 500) return message;
    const lines = message
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
    return (lines[lines.length - 1] ?? message).slice(0, 500);
}
