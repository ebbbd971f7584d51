import type { SalesforceSandbox } from '../sandbox/salesforce/index.ts';

/** Fixtures shared by the Bulk client and record writer tests: Leads keyed by the Reply id, and an org to fail in. */

export const KEY = 'Reply_Contact_Id__c';

/** Lead keys in the org and how often each appears (a duplicate shows as a count above 1). */
export function keyCounts(sandbox: SalesforceSandbox): Map<string, number> {
    const counts = new Map<string, number>();
    for (const row of sandbox.org.query(`SELECT ${KEY} FROM Lead`)) {
        const key = row[KEY] as string;
        counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
}

/**
 * An org where Leads keyed 'exists' and 'converted' (converted) are there, 'taken@example.com' is held by a Lead and
 * duplicate rules block, so each bad record a test writes fails for its own reason; rebuilt identically each time.
 */
export function prepareFailingLeads(sandbox: SalesforceSandbox): { existing: string; converted: string } {
    sandbox.reset(false);
    sandbox.bulk.setProcessing('auto');
    const existing = sandbox.org.insert('Lead', {
        [KEY]: 'exists',
        LastName: 'Old',
        Company: 'Acme',
        Email: 'old@example.com'
    });
    const converted = sandbox.org.insert('Lead', { [KEY]: 'converted', LastName: 'Conv', Company: 'Acme' });
    sandbox.org.convertLead(converted);
    sandbox.org.insert('Lead', { LastName: 'Taken', Company: 'Acme', Email: 'taken@example.com' });
    sandbox.org.setDuplicateRule('Lead', 'block');
    return { existing, converted };
}
