import type { NamedCredentialCallouts } from '../platform/callouts.ts';
import type { MetadataDeployments } from '../platform/deployments.ts';
import type { SignedIn } from '../platform/session.ts';

/** What a stand-in Apex method runs with: the signed-in user and the platform around it. */
export interface ApexContext {
    session: SignedIn;
    labels: Map<string, string>;
    /** The ReplySyncCatalog static resource, parsed. */
    catalog: { stepKinds: { salesforceObject: string }[] } & Record<string, unknown>;
    callouts: NamedCredentialCallouts;
    deployments: MetadataDeployments;
}

export type ApexParams = Record<string, unknown>;
export type ApexImplementation = (context: ApexContext, params: ApexParams) => Promise<unknown>;
