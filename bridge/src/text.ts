/** "1 activity", "3 activities": counts in the messages people read, without "(s)". */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
    return `${n} ${n === 1 ? singular : plural}`;
}
