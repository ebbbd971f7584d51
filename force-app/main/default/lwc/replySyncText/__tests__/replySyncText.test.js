import { fill, format, nextKey, reduceErrors } from 'c/replySyncText';

describe('c/replySyncText', () => {
    it('fills positional and named label placeholders', () => {
        expect(format('{0} and {1}, {0} again; {2} is empty', 'a', 2)).toBe('a and 2, a again;  is empty');
        expect(
            fill('{object}.{field} has {count} values; {missing} stays', { object: 'Lead', field: 'X', count: 3 })
        ).toBe('Lead.X has 3 values; {missing} stays');
    });

    it('reduces every shape of error to messages, one per line Apex joined', () => {
        expect(
            reduceErrors([
                { body: { message: 'First problem\nSecond problem' } },
                { body: [{ message: 'UI API problem' }] },
                { body: { pageErrors: [{ message: 'Page error' }] } },
                new Error('JavaScript problem'),
                'Plain text',
                { statusText: 'Server Error' },
                null
            ])
        ).toEqual([
            'First problem',
            'Second problem',
            'UI API problem',
            'Page error',
            'JavaScript problem',
            'Plain text',
            'Server Error'
        ]);
        expect(reduceErrors({})).toEqual([
            'Something went wrong, and Salesforce gave no reason. Reload the page and try again.'
        ]);
    });

    it('gives each row a key of its own', () => {
        expect(nextKey('owner')).not.toBe(nextKey('owner'));
        expect(nextKey('owner')).toMatch(/^owner-\d+$/);
    });
});
