import { expect, it } from 'vitest';
import { counted } from '../../bridge/src/text.ts';

it('counts in plain English: one thing, no things, many things', () => {
    expect(counted(1, 'record')).toBe('1 record');
    expect(counted(0, 'record')).toBe('0 records');
    expect(counted(3, 'activity', 'activities')).toBe('3 activities');
    expect(counted(1, 'person', 'people')).toBe('1 person');
    expect(counted(2, 'person', 'people')).toBe('2 people');
});
