/**
 * Reads a run does at most once: whoever asks while a read is under way shares its promise, and a read that failed is
 * forgotten, so the next step that needs it asks again. (A kept rejection would fail every later step for one failed
 * call: one `GET /v3/custom-fields` answered 503 failed all four people steps.)
 */
export class RunCache<K, V> {
    private readonly entries = new Map<K, Promise<V>>();

    get(key: K, load: () => Promise<V>): Promise<V> {
        let entry = this.entries.get(key);
        if (!entry) {
            const loading = load();
            entry = loading;
            this.entries.set(key, loading);
            loading.catch(() => {
                if (this.entries.get(key) === loading) this.entries.delete(key);
            });
        }
        return entry;
    }
}

/** One read a run does at most once (the same rule as RunCache, for a read without a key). */
export class RunOnce<V> {
    private readonly cache = new RunCache<'value', V>();

    constructor(private readonly load: () => Promise<V>) {}

    get(): Promise<V> {
        return this.cache.get('value', this.load);
    }
}
