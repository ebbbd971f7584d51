/**
 * The benchmark's processes talk over Node's IPC channel: the bench (scripts/bench.ts) forks a sandbox process
 * (bench-sandboxes.ts) and one bridge process per scenario (bench-bridge.ts), and calls their commands by name.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface Request {
    id: number;
    command: string;
    args: unknown;
}

type Response = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export type Handlers = Record<string, (args: never) => unknown>;

/** In a child: answers the parent's commands until it disconnects. */
export function serve(handlers: Handlers): void {
    process.on('message', (message: Request) => {
        const handler = handlers[message.command];
        const reply = (response: Response) => process.send?.(response);
        Promise.resolve()
            .then(() => {
                if (!handler) throw new Error(`unknown command ${message.command}`);
                return handler(message.args as never);
            })
            .then(
                (result) => reply({ id: message.id, ok: true, result: result ?? null }),
                (error: unknown) => reply({ id: message.id, ok: false, error: (error as Error).stack ?? String(error) })
            );
    });
    process.on('disconnect', () => process.exit(0));
}

export interface Child {
    call<T>(command: string, args?: unknown): Promise<T>;
    /** Ends the child (its own cleanup runs on disconnect). */
    close(): Promise<void>;
    process: ChildProcess;
}

/** Forks a TypeScript module of scripts/ (through tsx) with extra V8 flags; resolves once it is running. */
export function spawnChild(module: string, execArgv: string[] = []): Child {
    const child = fork(fileURLToPath(new URL(module, import.meta.url)), [], {
        execArgv: ['--import', 'tsx', ...execArgv],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    });
    let next = 0;
    const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
    child.on('message', (message: Response) => {
        const pending = waiting.get(message.id);
        if (!pending) return;
        waiting.delete(message.id);
        if (message.ok) pending.resolve(message.result);
        else pending.reject(new Error(`${module}: ${message.error}`));
    });
    child.on('exit', (code) => {
        for (const pending of waiting.values()) pending.reject(new Error(`${module} exited (${code ?? 'signal'})`));
        waiting.clear();
    });
    return {
        process: child,
        call<T>(command: string, args?: unknown): Promise<T> {
            const id = ++next;
            return new Promise<T>((resolve, reject) => {
                waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
                child.send({ id, command, args } satisfies Request);
            });
        },
        close: () =>
            new Promise<void>((resolve) => {
                if (child.exitCode !== null || !child.connected) {
                    resolve();
                    return;
                }
                child.once('exit', () => resolve());
                child.disconnect();
            })
    };
}
