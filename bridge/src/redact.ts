/**
 * What the bridge may echo of a value it was given: credentials in a URL (`scheme://user:password@host`) are masked,
 * so a configuration error or a log line can name the URL without leaking the password in it.
 */
export function redactUrl(value: string): string {
    return value.replace(/\/\/[^@/\s]*@/g, '//***@');
}
