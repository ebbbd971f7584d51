import { endpointMissing, ReplyCapabilityMissing } from './capabilities.ts';
import type { ReplyHttp } from './http.ts';
import { pages } from './paging.ts';
import { REPORTS, type ActivityReport, type ReportItems } from './reports.ts';
import { parseItems, type ParsedItems } from './schemas.ts';

/** The longest window one report read asks for: Reply's stats endpoints allow a month at most (docs). */
export const REPORT_WINDOW_MS = 30 * 24 * 3600_000;

export type { ActivityReport } from './reports.ts';

/** Time windows of at most REPORT_WINDOW_MS covering [from, to], oldest first. Pure. */
export function reportWindows(from: string, to: string): { from: string; to: string }[] {
    const out: { from: string; to: string }[] = [];
    const end = Date.parse(to);
    for (let start = Date.parse(from); start < end; start += REPORT_WINDOW_MS) {
        out.push({
            from: new Date(start).toISOString(),
            to: new Date(Math.min(start + REPORT_WINDOW_MS, end)).toISOString()
        });
    }
    return out;
}

/**
 * Reply's activity lists ("List email activity", "List call activity", "List LinkedIn activity": documented report
 * pages; item shape, order and window rule unpublished, ASSUMPTIONS.md C11-C14). Read one window at a time, every
 * page of it, then de-duplicated by id and sorted by time here, so nothing rests on Reply's order. A report this key
 * cannot read, or that answers in a shape the bridge does not know, is a ReplyCapabilityMissing: the step pauses.
 */
export class ReportingApi {
    constructor(private readonly http: ReplyHttp) {}

    async window<K extends ActivityReport>(
        report: K,
        from: string,
        to: string,
        top = 1000
    ): Promise<ParsedItems<ReportItems[K]>> {
        const spec = REPORTS[report];
        const byId = new Map<string, ReportItems[K]>();
        const invalid: ParsedItems<ReportItems[K]>['invalid'] = [];
        let raw = 0;
        try {
            for await (const page of pages(
                (pageTop, skip) => this.http.post(spec.path, { filters: { from, to } }, { top: pageTop, skip }),
                `Reply ${spec.what} activity`,
                top
            )) {
                raw += page.length;
                const parsed = parseItems(spec.schema, page) as ParsedItems<ReportItems[K]>;
                for (const item of parsed.items) byId.set(item.id, item);
                invalid.push(...parsed.invalid);
            }
        } catch (error) {
            // 404/405: no such report for this key; 403: the key lacks reporting:read or the plan lacks reports.
            if (endpointMissing(error) || (error as { status?: number }).status === 403) {
                throw new ReplyCapabilityMissing(spec.capability, `${spec.path} answered ${(error as Error).message}`);
            }
            throw error;
        }
        if (raw > 0 && byId.size === 0) {
            throw new ReplyCapabilityMissing(
                spec.capability,
                `none of the ${raw} items of ${spec.path} has the expected shape (${invalid[0]?.reason ?? 'unknown'})`
            );
        }
        const items = [...byId.values()].sort(
            (a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id)
        );
        return { items, invalid };
    }
}
