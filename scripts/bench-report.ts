/** The benchmark's tables, as aligned text for the terminal and as Markdown for the README (bench.ts). */

export interface Column {
    title: string;
    /** Numbers align right. */
    right?: boolean;
}

export interface Table {
    /** Names the table's section in a document: `<!-- bench:key -->` ... `<!-- /bench:key -->`. */
    key: string;
    title: string;
    note?: string;
    columns: Column[];
    rows: string[][];
}

export function text(table: Table): string {
    const widths = table.columns.map((c, i) => Math.max(c.title.length, ...table.rows.map((r) => (r[i] ?? '').length)));
    const line = (cells: string[]) =>
        cells
            .map((cell, i) => (table.columns[i]?.right ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
            .join('  ')
            .trimEnd();
    return [
        table.title,
        ...(table.note ? [table.note] : []),
        '',
        line(table.columns.map((c) => c.title)),
        line(widths.map((w) => '-'.repeat(w))),
        ...table.rows.map(line)
    ].join('\n');
}

export function markdown(table: Table): string {
    const escape = (cell: string) => cell.replace(/\|/g, '\\|');
    const widths = table.columns.map((c, i) =>
        Math.max(3, c.title.length, ...table.rows.map((r) => escape(r[i] ?? '').length))
    );
    const line = (cells: string[]) =>
        `| ${cells.map((cell, i) => (table.columns[i]?.right ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join(' | ')} |`;
    const rule = `| ${widths.map((w, i) => (table.columns[i]?.right ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
    return [
        `**${table.title}**${table.note ? ` ${table.note}` : ''}`,
        '',
        line(table.columns.map((c) => c.title)),
        rule,
        ...table.rows.map((r) => line(r.map(escape)))
    ].join('\n');
}

/** Replaces what lies between `<!-- start -->` and `<!-- end -->` markers in a document. */
export function replaceBetween(document: string, start: string, end: string, content: string): string {
    const from = document.indexOf(start);
    const to = document.indexOf(end);
    if (from < 0 || to < from) throw new Error(`the document has no ${start} ... ${end} section`);
    return `${document.slice(0, from + start.length)}\n${content}\n${document.slice(to)}`;
}

export const fixed = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');
export const whole = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');
