/** SOQL literals built from values, never by pasting text: strings escaped, numbers, booleans and dates validated. */

const STRING_ESCAPES: Record<string, string> = {
    '\\': '\\\\',
    "'": "\\'",
    '"': '\\"',
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
    '\b': '\\b',
    '\f': '\\f'
};

export function soqlString(value: string): string {
    return `'${value.replace(/[\\'"\n\r\t\b\f]/g, (c) => STRING_ESCAPES[c]!)}'`;
}

/** A literal for a field of the given describe type; throws when the value does not fit the type. */
export function soqlLiteral(value: string | number | boolean, type: string): string {
    switch (type) {
        case 'double':
        case 'int':
        case 'long':
        case 'currency':
        case 'percent': {
            const n = typeof value === 'number' ? value : Number(String(value).trim());
            if (!Number.isFinite(n) || String(value).trim() === '')
                throw new Error(`"${String(value)}" is not a number`);
            return String(n);
        }
        case 'boolean': {
            const text = String(value).toLowerCase();
            if (text !== 'true' && text !== 'false') throw new Error(`"${String(value)}" is not true or false`);
            return text;
        }
        case 'date':
            if (!/^\d{4}-\d{2}-\d{2}$/.test(String(value)))
                throw new Error(`"${String(value)}" is not a date (YYYY-MM-DD)`);
            return String(value);
        case 'datetime':
            return soqlDateTime(String(value));
        default:
            return soqlString(String(value));
    }
}

export function soqlDateTime(value: string | Date): string {
    const time = value instanceof Date ? value.getTime() : Date.parse(value);
    if (Number.isNaN(time)) throw new Error(`"${String(value)}" is not a date and time`);
    return new Date(time).toISOString();
}

/** A LIKE pattern with the value's own % and _ escaped. */
export function soqlLikePattern(value: string, mode: 'contains' | 'startsWith'): string {
    const escaped = soqlString(value).slice(1, -1).replace(/%/g, '\\%').replace(/_/g, '\\_');
    return mode === 'contains' ? `'%${escaped}%'` : `'${escaped}%'`;
}

/** IN lists for Ids and other plain strings. */
export function soqlList(values: string[]): string {
    return `(${values.map(soqlString).join(', ')})`;
}
