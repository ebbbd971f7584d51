import { hostname } from 'node:os';
import type { Db } from './db.ts';

/** A lease holder's name: host, process id and a random part, so a process on the same host can tell a dead holder. */
export function leaseHolder(random: string): string {
    return `${hostname()}:${process.pid}:${random}`;
}

/** True when the holder ran on this host in a process that no longer exists (it crashed or was killed). */
function holderIsDead(holder: string): boolean {
    const [host, pid] = holder.split(':');
    if (host !== hostname() || !pid || Number(pid) === process.pid) return false;
    try {
        process.kill(Number(pid), 0);
        return false;
    } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
}

export class LeaseRepository {
    constructor(private readonly db: Db) {}

    /**
     * Takes the lease when it is free, expired, ours, or held by a dead process on this host; false when another
     * live holder has it. Holders renew while they work, so a lease outlives a crash elsewhere by one TTL at most.
     */
    async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
        const now = new Date();
        const expiresAt = new Date(now.getTime() + ttlMs);
        const current = await this.db.lease.findUnique({ where: { name } });
        if (current && current.holder !== holder && holderIsDead(current.holder)) {
            await this.db.lease.deleteMany({ where: { name, holder: current.holder } });
        }
        const { count } = await this.db.lease.updateMany({
            where: { name, OR: [{ holder }, { expiresAt: { lt: now } }] },
            data: { holder, expiresAt }
        });
        if (count > 0) return true;
        try {
            await this.db.lease.create({ data: { name, holder, expiresAt } });
            return true;
        } catch {
            return false;
        }
    }

    async release(name: string, holder: string): Promise<void> {
        await this.db.lease.deleteMany({ where: { name, holder } });
    }
}
