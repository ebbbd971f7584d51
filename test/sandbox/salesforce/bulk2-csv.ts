/**
 * Bulk API 2.0's CSV, read and written with csv-parse / csv-stringify in the dialect a job names: one of six column
 * delimiters and LF or CRLF line endings (Create a Job), UTF-8, a header row of field names, double quotes around
 * values holding the delimiter, a quote or a line break, quotes doubled inside them, nothing trimmed, a space next to
 * a quote an error (Valid CSV Record Rows). Data the parser cannot read fails the whole job, as Salesforce does.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export const COLUMN_DELIMITERS = {
    BACKQUOTE: '`',
    CARET: '^',
    COMMA: ',',
    PIPE: '|',
    SEMICOLON: ';',
    TAB: '\t'
} as const;
export type ColumnDelimiter = keyof typeof COLUMN_DELIMITERS;

export const LINE_ENDINGS = { LF: '\n', CRLF: '\r\n' } as const;
export type LineEnding = keyof typeof LINE_ENDINGS;

export interface CsvDialect {
    columnDelimiter: ColumnDelimiter;
    lineEnding: LineEnding;
}

/** Limits of Bulk API 2.0 ingest data (Limits and Allocations; Prepare CSV Files). */
export const CSV_LIMITS = {
    headerChars: 32_000,
    fieldChars: 32_000,
    fieldsPerRecord: 5_000,
    recordChars: 400_000
} as const;

/** Job data Salesforce cannot read: the job fails with this message. */
export class BulkDataError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'BulkDataError';
    }
}

export interface JobData {
    header: string[];
    rows: string[][];
}

/** The line ending the data uses, judged by its first line break outside quotes. */
function firstLineEnding(text: string): LineEnding | undefined {
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '"') quoted = !quoted;
        else if (c === '\n' && !quoted) return text[i - 1] === '\r' ? 'CRLF' : 'LF';
    }
    return undefined;
}

/** Parses uploaded job data; throws BulkDataError with Salesforce's kind of message when it cannot be read. */
export function parseJobData(text: string, dialect: CsvDialect): JobData {
    const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
    if (body.trim() === '') throw new BulkDataError('ClientInputError : No data found in the uploaded content');
    const used = firstLineEnding(body);
    if (used !== undefined && used !== dialect.lineEnding) {
        throw new BulkDataError(
            `ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is ${dialect.lineEnding}`
        );
    }
    let records: string[][];
    try {
        records = parse(body, {
            delimiter: COLUMN_DELIMITERS[dialect.columnDelimiter],
            record_delimiter: LINE_ENDINGS[dialect.lineEnding],
            quote: '"',
            escape: '"',
            relax_quotes: false,
            relax_column_count: false,
            trim: false,
            skip_empty_lines: false
        }) as string[][];
    } catch (error) {
        const e = error as { message?: string; lines?: number };
        throw new BulkDataError(`ClientInputError : ${e.message ?? 'the CSV data cannot be parsed'}`);
    }
    const [header, ...rows] = records;
    if (!header) throw new BulkDataError('ClientInputError : No data found in the uploaded content');
    if (header.join(',').length > CSV_LIMITS.headerChars) {
        throw new BulkDataError(`InvalidBatch : The header row exceeds ${CSV_LIMITS.headerChars} characters`);
    }
    if (header.length > CSV_LIMITS.fieldsPerRecord) {
        throw new BulkDataError(`InvalidBatch : A record has more than ${CSV_LIMITS.fieldsPerRecord} fields`);
    }
    return { header, rows };
}

/**
 * CSV as Salesforce writes results: every value in double quotes, the job's delimiter and line ending. Header names in
 * `plainHeader` are written bare, as Salesforce echoes the uploaded header after its quoted `sf__` columns.
 */
export function writeCsv(
    header: string[],
    rows: readonly (readonly string[])[],
    dialect: CsvDialect,
    plainHeader: ReadonlySet<number> = new Set()
): string {
    const delimiter = COLUMN_DELIMITERS[dialect.columnDelimiter];
    const eol = LINE_ENDINGS[dialect.lineEnding];
    const headerLine = header
        .map((name, i) =>
            plainHeader.has(i)
                ? stringify([[name]], { delimiter, record_delimiter: eol, eof: false })
                : `"${name.replace(/"/g, '""')}"`
        )
        .join(delimiter);
    if (rows.length === 0) return headerLine + eol;
    const body = stringify(rows as string[][], {
        delimiter,
        record_delimiter: eol,
        quoted: true,
        quoted_empty: true,
        eof: true
    });
    return headerLine + eol + body;
}
