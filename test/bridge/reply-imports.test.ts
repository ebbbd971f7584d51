import { describe, expect, it } from 'vitest';
import { ContactsApi } from '../../bridge/src/reply/contacts.ts';
import type { ReplyHttp } from '../../bridge/src/reply/http.ts';

/**
 * Reply asks clients to serialize bulk work (docs.reply.io/api-reference/rate-limits): a step writes pages
 * concurrently, and their imports must still reach Reply one at a time.
 */
describe('Reply imports', () => {
    it('go to Reply one at a time, however many pages ask at once, each answered in its own order', async () => {
        let inFlight = 0;
        let most = 0;
        const http = {
            sleep: async () => undefined,
            answer: async (_method: string, _path: string, body: { items: { email: string }[] }) => {
                inFlight += 1;
                most = Math.max(most, inFlight);
                await new Promise((resolve) => setTimeout(resolve, 5));
                inFlight -= 1;
                return {
                    status: 200,
                    location: undefined,
                    data: { items: body.items.map((_, i) => ({ id: 1000 + i, status: 'created' })) }
                };
            }
        } as unknown as ReplyHttp;
        const contacts = new ContactsApi(http);
        const page = (name: string, n: number) =>
            Array.from({ length: n }, (_, i) => ({ email: `${name}${i}@example.org`, firstName: name }));
        const answers = await Promise.all([
            contacts.import(page('a', 600)),
            contacts.import(page('b', 300)),
            contacts.import(page('c', 10))
        ]);
        expect(most).toBe(1);
        expect(answers.map((a) => a.length)).toEqual([600, 300, 10]);
        expect(answers[1]!.map((o) => o.email)).toEqual(page('b', 300).map((p) => p.email));
    });
});
