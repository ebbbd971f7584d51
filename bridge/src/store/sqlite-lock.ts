import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

type Factory = PrismaBetterSQLite3;
type Adapter = Awaited<ReturnType<Factory['connect']>>;
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>;

/**
 * SQLite through better-sqlite3 is one connection. Prisma's adapter keeps its transactions from overlapping, but not
 * a plain query of another task: sent while a transaction is open, it runs inside that transaction and is rolled back
 * with it (a Bulk job journalled, a webhook event received, a run's record, lost with a page that failed). This
 * factory's adapter makes every plain query wait until no transaction is open, and each transaction wait for the
 * plain queries before it. (PostgreSQL needs none of it: a plain query there takes another connection.)
 */
export function sqliteOneAtATime(
    config: ConstructorParameters<typeof PrismaBetterSQLite3>[0]
): Pick<Factory, 'provider' | 'adapterName' | 'connect'> {
    const factory = new PrismaBetterSQLite3(config);
    return {
        provider: factory.provider,
        adapterName: factory.adapterName,
        connect: async (): Promise<Adapter> => locked(await factory.connect())
    };
}

function locked(inner: Adapter): Adapter {
    const lock = new Lock();
    return {
        provider: inner.provider,
        adapterName: inner.adapterName,
        queryRaw: (query) => lock.run(() => inner.queryRaw(query)),
        executeRaw: (query) => lock.run(() => inner.executeRaw(query)),
        executeScript: (script) => lock.run(() => inner.executeScript(script)),
        ...(inner.getConnectionInfo ? { getConnectionInfo: () => inner.getConnectionInfo!() } : {}),
        dispose: () => inner.dispose(),
        async startTransaction(isolationLevel): Promise<Transaction> {
            const release = await lock.acquire();
            try {
                const tx = await inner.startTransaction(isolationLevel);
                // Prisma sends COMMIT or ROLLBACK through the transaction, then calls commit() or rollback().
                return {
                    provider: tx.provider,
                    adapterName: tx.adapterName,
                    options: tx.options,
                    queryRaw: (query) => tx.queryRaw(query),
                    executeRaw: (query) => tx.executeRaw(query),
                    commit: () => tx.commit().finally(release),
                    rollback: () => tx.rollback().finally(release)
                };
            } catch (error) {
                release();
                throw error;
            }
        }
    };
}

/** First come, first served: each holder runs once every earlier one has released. */
class Lock {
    private tail: Promise<void> = Promise.resolve();

    acquire(): Promise<() => void> {
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        const turn = this.tail.then(() => release);
        this.tail = this.tail.then(() => held);
        return turn;
    }

    async run<T>(work: () => Promise<T>): Promise<T> {
        const release = await this.acquire();
        try {
            return await work();
        } finally {
            release();
        }
    }
}
