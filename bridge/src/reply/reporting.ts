import { endpointMissing, ReplyCapabilityMissing } from './capabilities.ts';
import type { ReplyHttp } from './http.ts';
import { pages } from './paging.ts';
import { REPORTS, type ActivityReport, type ReportItems } from './reports.ts';
import { parseItems, type ParsedItems } from './schemas.ts';
import type { SpoolFactory } from '../record-spool.ts';

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

/** One page of a window, in time order; the window's invalid items come with its first page. */
export interface ReportPage<T> extends ParsedItems<T> {
    /** The window's last page: once it is processed, the window is done. */
    last: boolean;
}

/**
 * Reply's activity lists ("List email activity", "List call activity", "List LinkedIn activity": documented report
 * pages; item shape, order and window rule unpublished, ASSUMPTIONS.md C11-C14), read a window at a time, in one of
 * two ways:
 *   - `whole`: every page of the window into a spool (record-spool.ts), then handed on page by page, de-duplicated by
 *     id and sorted by time there, so nothing rests on Reply's order and no window is held in memory; for a reader
 *     that must see the whole window's items before it decides on any (the email report's engagement, for a filter
 *     on opens);
 *   - `asRead`: each page handed on as Reply answers it (Reply's order, its repeats across pages left to the
 *     reader's keys), so the reader writes page 1 while Reply reads page 2; an empty last page closes the window.
 * A report this key cannot read, or that answers in a shape the bridge does not know, is a ReplyCapabilityMissing:
 * the step pauses.
 */
export class ReportingApi {
    constructor(private readonly http: ReplyHttp) {}

    /**
     * A window's items, `top` a page (at least one page, empty when the window is). `read` sees each page as Reply
     * answers it, before the page (or, for `whole`, the window's first page) is handed on.
     */
    async *window<K extends ActivityReport>(
        report: K,
        from: string,
        to: string,
        options: {
            spool: SpoolFactory;
            read?: (items: ReportItems[K][]) => Promise<void>;
            top?: number;
            /** Default `whole`. */
            handOn?: 'whole' | 'asRead';
        }
    ): AsyncGenerator<ReportPage<ReportItems[K]>> {
        const top = options.top ?? 1000;
        const read = this.readPages(report, from, to, top, options.read);
        if (options.handOn === 'asRead') {
            for await (const page of read) yield { ...page, last: false };
            yield { items: [], invalid: [], last: true };
            return;
        }
        const spool = options.spool<ReportItems[K]>(`report-${report}`);
        const invalid: ParsedItems<ReportItems[K]>['invalid'] = [];
        try {
            for await (const page of read) {
                invalid.push(...page.invalid);
                await spool.add(
                    page.items.map((item) => ({ id: item.id, order: Date.parse(item.occurredAt), record: item }))
                );
            }
            const count = await spool.size();
            if (count === 0) {
                yield { items: [], invalid, last: true };
                return;
            }
            let handed = 0;
            for await (const items of spool.pages(top)) {
                handed += items.length;
                yield { items, invalid: handed === items.length ? invalid : [], last: handed === count };
            }
        } finally {
            await spool.close();
        }
    }

    /**
     * Reply's pages of a window, parsed, each seen by `read`. Items, but none of them so far in the expected shape: a
     * ReplyCapabilityMissing (Reply answers in a shape the bridge does not know), before any of them is handed on.
     */
    private async *readPages<K extends ActivityReport>(
        report: K,
        from: string,
        to: string,
        top: number,
        read: ((items: ReportItems[K][]) => Promise<void>) | undefined
    ): AsyncGenerator<ParsedItems<ReportItems[K]>> {
        const spec = REPORTS[report];
        let readable = 0;
        for await (const page of pages(
            (pageTop, skip) =>
                this.http.post(spec.path, { filters: { from, to } }, { top: pageTop, skip }).catch((error: unknown) => {
                    // 404/405: no such report for this key; 403: the key lacks reporting:read or the plan lacks reports.
                    if (endpointMissing(error) || (error as { status?: number }).status === 403) {
                        throw new ReplyCapabilityMissing(
                            spec.capability,
                            `${spec.path} answered ${(error as Error).message}`
                        );
                    }
                    throw error;
                }),
            `Reply ${spec.what} activity`,
            top
        )) {
            const parsed = parseItems(spec.schema, page) as ParsedItems<ReportItems[K]>;
            readable += parsed.items.length;
            if (readable === 0) {
                throw new ReplyCapabilityMissing(
                    spec.capability,
                    `none of the ${page.length} items read of ${spec.path} has the expected shape (${parsed.invalid[0]?.reason ?? 'unknown'})`
                );
            }
            await read?.(parsed.items);
            yield parsed;
        }
    }
}
