/** An AuraHandledException: its message reaches the component as `error.body.message`. */
export class ApexError extends Error {}
