/** The link between a Reply person and the Salesforce record they are (store: Link, EndedLink). */

export type SalesforcePersonType = 'Lead' | 'Contact';

/** Field -> short hash of the value last synced on one side. */
export type FieldHashes = Record<string, string>;

export interface PersonLink {
    replyContactId: string;
    salesforceId: string;
    salesforceType: SalesforcePersonType;
    email: string | null;
    previousSalesforceId: string | null;
    salesforceHashes: FieldHashes;
    replyHashes: FieldHashes;
}

/** A link that ended because its Salesforce record was deleted or merged away (schema.prisma, EndedLink). */
export interface EndedLinkRow {
    replyContactId: string;
    salesforceId: string;
    salesforceType: SalesforcePersonType;
    reason: string;
    endedAt: Date;
}
