import jsforce from 'jsforce';
import { startSalesforceSandbox } from './index.ts';
const sb = await startSalesforceSandbox({ seed: false });
sb.faults.set({ dropConnections: 2 });
try {
    const r = await fetch(`${sb.url}/services/data/v62.0/limits`, {
        headers: { Authorization: `Bearer ${sb.developerToken}` }
    });
    console.log('status', r.status);
    console.log('text', (await r.text()).length);
} catch (e) {
    console.log('fetch error', e);
}
const conn = new jsforce.Connection({ instanceUrl: sb.url, accessToken: sb.developerToken, version: '62.0' });
const t = setTimeout(() => {
    console.log('jsforce hang');
    process.exit(1);
}, 5000);
try {
    await conn.limits();
    console.log('jsforce ok?');
} catch (e) {
    console.log('jsforce error', (e as Error).message);
}
clearTimeout(t);
await sb.close();
