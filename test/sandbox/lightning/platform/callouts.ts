import type { Connection } from 'jsforce';

export const NAMED_CREDENTIAL = 'Reply_Bridge';
const TIMEOUT_MS = 20_000;

/** A callout that got no HTTP answer at all (Apex's CalloutException). */
export class CalloutError extends Error {}

export interface CalloutResponse {
    status: number;
    body: string;
}

/**
 * `callout:Reply_Bridge/...` in the browser sandbox: the URL is the Named Credential's, read from the org (an admin
 * sets it in Setup after deploying), and the Authorization header is what the External Credential Reply_Bridge_Auth
 * adds: `Bearer ` and the Token parameter of its principal Bridge, which an admin enters in Setup too (here: given
 * when the sandbox starts). Apex never sees the token, and neither does the page.
 */
export class NamedCredentialCallouts {
    constructor(
        private readonly system: () => Promise<Connection>,
        private readonly bridgeToken: string
    ) {}

    private async endpoint(): Promise<string> {
        const connection = await this.system();
        const [row] = (
            await connection.query<{ Endpoint: string | null }>(
                `SELECT Endpoint FROM NamedCredential WHERE DeveloperName = '${NAMED_CREDENTIAL}'`
            )
        ).records;
        if (!row?.Endpoint) throw new CalloutError(`The Named Credential ${NAMED_CREDENTIAL} has no URL`);
        return row.Endpoint.replace(/\/+$/, '');
    }

    async send(method: string, path: string, body?: unknown): Promise<CalloutResponse> {
        const url = `${await this.endpoint()}${path}`;
        let response: Response;
        try {
            response = await fetch(url, {
                method,
                headers: {
                    Accept: 'application/json',
                    Authorization: `Bearer ${this.bridgeToken}`,
                    ...(body === undefined ? {} : { 'Content-Type': 'application/json' })
                },
                body: body === undefined ? undefined : JSON.stringify(body),
                signal: AbortSignal.timeout(TIMEOUT_MS)
            });
        } catch (error) {
            const cause = (error as { cause?: { code?: string; message?: string } }).cause;
            throw new CalloutError(cause?.code ?? cause?.message ?? (error as Error).message);
        }
        return { status: response.status, body: await response.text() };
    }
}
