/**
 * `@salesforce/apex` in the browser sandbox: what Lightning's Apex runtime does for a component. Each
 * `@salesforce/apex/Class.method` import is a function for imperative calls and, for cacheable methods, a wire
 * adapter (its `.adapter`) whose answers are cached by method and parameters, as Lightning Data Service caches them;
 * `refreshApex` asks the server again and gives every wire of that key the new answer. Calls go to the page's own
 * server (`POST /aura/apex`), signed in as the page's user, and fail as Apex failures reach components:
 * `{ status, body: { message, exceptionType } }`.
 */
const session = () => window.$Lightning ?? {};

/** Calls an @AuraEnabled method on the server. */
async function invoke(classname, method, params) {
    const response = await fetch('/aura/apex', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-lightning-user': session().user ?? '' },
        body: JSON.stringify({ classname, method, params: params ?? {} })
    });
    const answer = await response.json().catch(() => ({ error: { message: response.statusText } }));
    if (!response.ok || answer.error) {
        throw { status: response.status, statusText: response.statusText, body: answer.error ?? {} };
    }
    return answer.returnValue ?? null;
}

/** key -> { value: Promise, adapters: Set } for cacheable methods. */
const cache = new Map();
/** A wired result (what a component stores) -> the cache key that produced it, for refreshApex. */
const keysOfResults = new WeakMap();

function keyOf(classname, method, params) {
    const sorted = Object.keys(params ?? {})
        .sort()
        .map((name) => [name, params[name]]);
    return `${classname}.${method}(${JSON.stringify(sorted)})`;
}

function cachedCall(classname, method, params, { fresh = false } = {}) {
    const key = keyOf(classname, method, params);
    let entry = cache.get(key);
    if (!entry) {
        entry = { adapters: new Set() };
        cache.set(key, entry);
    }
    if (fresh || !entry.value) {
        entry.value = invoke(classname, method, params);
        // A failure is not kept: the next wire asks again.
        entry.value.catch(() => {
            entry.value = undefined;
        });
    }
    return { key, entry };
}

function wireAdapter(classname, method) {
    return class ApexWireAdapter {
        constructor(dataCallback) {
            this.emit = dataCallback;
            this.key = undefined;
            this.connected = false;
        }

        connect() {
            this.connected = true;
        }

        disconnect() {
            this.connected = false;
            cache.get(this.key)?.adapters.delete(this);
        }

        update(config) {
            // As in Lightning, a wire whose reactive parameter is still undefined is not provisioned.
            if (Object.values(config ?? {}).some((value) => value === undefined)) {
                return;
            }
            cache.get(this.key)?.adapters.delete(this);
            const { key, entry } = cachedCall(classname, method, config);
            this.key = key;
            entry.adapters.add(this);
            this.deliver(entry.value);
        }

        deliver(promise) {
            promise.then(
                (data) => this.push({ data, error: undefined }),
                (error) => this.push({ data: undefined, error })
            );
        }

        push(result) {
            if (!this.connected) return;
            keysOfResults.set(result, this.key);
            this.emit(result);
        }
    };
}

/** The default export of `@salesforce/apex/Class.method`. */
export function apexMethod(classname, method, cacheable) {
    const call = (params) =>
        cacheable ? cachedCall(classname, method, params).entry.value : invoke(classname, method, params);
    if (cacheable) call.adapter = wireAdapter(classname, method);
    return call;
}

/** Asks the server again for a wired result's method and parameters; every wire of that key gets the answer. */
export function refreshApex(result) {
    const key = result && keysOfResults.get(result);
    const entry = key && cache.get(key);
    if (!entry) return Promise.resolve();
    const [, classname, method] = /^(\w+)\.(\w+)\(/.exec(key);
    const params = Object.fromEntries(JSON.parse(key.slice(key.indexOf('(') + 1, -1)));
    const { entry: fresh } = cachedCall(classname, method, params, { fresh: true });
    for (const adapter of fresh.adapters) adapter.deliver(fresh.value);
    return fresh.value.then(
        () => undefined,
        () => undefined
    );
}

export function getSObjectValue(record, field) {
    return record?.[
        String(field?.fieldApiName ?? field)
            .split('.')
            .pop()
    ];
}
