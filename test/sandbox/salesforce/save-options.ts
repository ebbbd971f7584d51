/**
 * Request headers that change how records are saved, read the way Salesforce reads them.
 */
import type { ApiContext, ApiRequest } from './api-types.ts';
import type { SaveOptions } from './org.ts';
import type { Transaction } from './store.ts';

/** `Sforce-Duplicate-Rule-Header: allowSave=true; includeRecordDetails=true; runAsCurrentUser=true`. */
export function allowSaveFrom(header: string | undefined): boolean {
    return header ? /(?:^|[;,\s])allowSave\s*=\s*true\b/i.test(header) : false;
}

/** `Sforce-Auto-Assign`: TRUE (the default), FALSE, or an assignment rule id (treated as TRUE). */
export function autoAssignFrom(header: string | undefined): boolean {
    return header === undefined || !/^\s*(false|0)\s*$/i.test(header);
}

export function saveOptions(ctx: ApiContext, req: ApiRequest, txn: Transaction): SaveOptions {
    return {
        userId: req.userId,
        txn,
        allowSave: allowSaveFrom(req.headers['sforce-duplicate-rule-header']),
        autoAssign: autoAssignFrom(req.headers['sforce-auto-assign']),
        lockFault: () => ctx.faults.lockRow(),
        enforceAccess: true
    };
}
