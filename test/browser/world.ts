import { addConsoleUsers, startLightningSandbox, type LightningSandbox } from '../sandbox/lightning/index.ts';
import { API_TOKEN, startWorld, type World } from '../e2e/world.ts';

/**
 * The console's world for the browser tests: both sandboxes seeded small, the bridge with its HTTP API, a first
 * run (so there are logs, last runs, a failing record and Reply activity on Leads), the sign-in switch's users, the
 * Named Credential pointing at the bridge, and the browser sandbox serving the console.
 */
export interface ConsoleWorld {
    world: World;
    lightning: LightningSandbox;
    bridgeUrl: string;
    /** A Lead with Reply activity, for the record panel. */
    leadWithActivity: string;
    close(): Promise<void>;
}

/** A Lead Reply refuses (no first name): Leads to People fails it, with the reason, on every run. */
export const UNSYNCABLE_LEAD = { LastName: 'Nofirstname', Company: 'Nameless Ltd', Email: 'nameless@example.com' };

export async function startConsoleWorld(options: { port?: number } = {}): Promise<ConsoleWorld> {
    const world = await startWorld({
        salesforce: { seed: { seed: 3, leads: 12, contacts: 8, accounts: 4 } },
        reply: { seed: { seed: 3, people: 24 } }
    });
    world.reply.workspace.simulate({ enrol: 20, minutes: 6 * 24 * 60 });
    const { org } = world.salesforce;
    // A field Reply cannot take: the console must not offer it.
    org.addField('Lead', { name: 'Interests__c', type: 'multipicklist', label: 'Interests', custom: true });
    org.insert('Lead', { ...UNSYNCABLE_LEAD, Status: 'Open - Not Contacted' });
    const bridgeUrl = await world.bridge.listen(0, '127.0.0.1');
    addConsoleUsers(org);
    // As an admin sets it in Setup after deploying.
    org.setNamedCredentialUrl('Reply_Bridge', bridgeUrl);
    await world.run();
    const [task] = org.query(
        "SELECT WhoId FROM Task WHERE Reply_Activity_Id__c != null AND Who.Type = 'Lead' ORDER BY CreatedDate DESC LIMIT 1"
    );
    if (!task) throw new Error('the first run synced no Reply activity onto a Lead');
    const lightning = await startLightningSandbox({
        port: options.port ?? 0,
        salesforce: {
            url: world.salesforce.url,
            consumerKey: world.salesforce.jwt.consumerKey,
            privateKeyPem: world.salesforce.jwt.privateKeyPem,
            systemUsername: world.salesforce.jwt.username
        },
        bridgeToken: API_TOKEN,
        deploymentDelayMs: 300
    });
    return {
        world,
        lightning,
        bridgeUrl,
        leadWithActivity: String(task.WhoId),
        async close() {
            await lightning.close();
            await world.close();
        }
    };
}
