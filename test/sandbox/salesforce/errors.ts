/**
 * Salesforce's two error shapes. A request-level failure answers with an HTTP status and a JSON array of
 * `{message, errorCode, fields?}`; a failure of one record inside a save answers, in that record's result,
 * `{statusCode, message, fields}`. The messages below are the texts Salesforce sends (see README for the ones
 * Salesforce does not document and we chose).
 */

export interface ApiErrorBody {
    message: string;
    errorCode: string;
    fields?: string[];
    [extra: string]: unknown;
}

export interface ItemErrorBody {
    statusCode: string;
    message: string;
    fields: string[];
    [extra: string]: unknown;
}

/** A failure of the whole request. */
export class ApiError extends Error {
    constructor(
        readonly httpStatus: number,
        readonly errorCode: string,
        message: string,
        readonly fields?: string[],
        readonly extra: Record<string, unknown> = {}
    ) {
        super(message);
        this.name = 'ApiError';
    }

    toBody(): ApiErrorBody[] {
        const body: ApiErrorBody = { ...this.extra, message: this.message, errorCode: this.errorCode };
        if (this.fields) body.fields = this.fields;
        return [body];
    }
}

/** A failure of one record in a save (DML) operation. */
export class ItemError extends Error {
    constructor(
        readonly statusCode: string,
        message: string,
        readonly fields: string[] = [],
        readonly extra: Record<string, unknown> = {}
    ) {
        super(message);
        this.name = 'ItemError';
    }

    toBody(): ItemErrorBody {
        return { ...this.extra, statusCode: this.statusCode, message: this.message, fields: this.fields };
    }

    /** The same failure answered for a single-record request: HTTP 400 with the error array. */
    toApiError(httpStatus = 400): ApiError {
        return new ApiError(httpStatus, this.statusCode, this.message, this.fields, this.extra);
    }
}

// ---- request-level errors

export const notFound = (): ApiError => new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');

export const sessionInvalid = (): ApiError => new ApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');

export const requestLimitExceeded = (): ApiError =>
    new ApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');

export const serverUnavailable = (): ApiError =>
    new ApiError(503, 'SERVER_UNAVAILABLE', 'Server is temporarily unavailable. Please try again later.');

export const jsonParserError = (message: string): ApiError => new ApiError(400, 'JSON_PARSER_ERROR', message);

export const noSuchColumn = (field: string, objectName: string): ApiError =>
    new ApiError(400, 'INVALID_FIELD', `No such column '${field}' on sobject of type ${objectName}`);

/** An unknown sObject type named in SOQL or in a record's attributes. */
export const invalidType = (objectName: string): ApiError =>
    new ApiError(
        400,
        'INVALID_TYPE',
        `sObject type '${objectName}' is not supported. If you are attempting to use a custom object, be sure to ` +
            "append the '__c' after the entity name. Please reference your WSDL or the describe call for the " +
            'appropriate names.'
    );

export const mustSendConcreteType = (): ApiError =>
    new ApiError(400, 'INVALID_TYPE', 'Must send a concrete entity type.');

export const methodNotAllowed = (method: string, allowed: string[]): ApiError =>
    new ApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are ${allowed.join(',')}`);

export const exceededIdLimit = (): ApiError =>
    new ApiError(400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call');

export const malformedQuery = (message: string): ApiError => new ApiError(400, 'MALFORMED_QUERY', message);

export const invalidQueryField = (message: string): ApiError => new ApiError(400, 'INVALID_FIELD', message);

// ---- record-level errors

export const requiredFieldMissing = (fields: string[]): ItemError =>
    new ItemError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${fields.join(', ')}]`, fields);

export const stringTooLong = (label: string, field: string, value: string, max: number): ItemError =>
    new ItemError('STRING_TOO_LONG', `${label}: data value too large: ${value} (max length=${max})`, [field]);

export const invalidEmail = (label: string, field: string, value: string): ItemError =>
    new ItemError('INVALID_EMAIL_ADDRESS', `${label}: invalid email address: ${value}`, [field]);

export const badRestrictedPicklist = (label: string, field: string, value: string | null): ItemError =>
    new ItemError(
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        `${label}: bad value for restricted picklist field: ${value ?? ''}`,
        [field]
    );

export const notWritable = (fields: string[]): ItemError =>
    new ItemError(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${fields.join(', ')}. Please check the security settings of this field and ` +
            'verify that it is read/write for your profile or permission set.',
        fields
    );

export const duplicateValue = (field: string, existingId: string): ItemError =>
    new ItemError(
        'DUPLICATE_VALUE',
        `duplicate value found: ${field} duplicates value on record with id: ${existingId}`
    );

export const convertedLead = (): ItemError =>
    new ItemError('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead');

export const entityIsDeleted = (): ItemError => new ItemError('ENTITY_IS_DELETED', 'entity is deleted');

export const invalidCrossReference = (): ItemError =>
    new ItemError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');

export const malformedId = (label: string, field: string, value: string): ItemError =>
    new ItemError('MALFORMED_ID', `${label}: id value of incorrect type: ${value}`, [field]);

export const wrongIdType = (label: string, field: string, value: string): ItemError =>
    new ItemError('FIELD_INTEGRITY_EXCEPTION', `${label}: id value of incorrect type: ${value}`, [field]);

export const numberOutOfRange = (label: string, field: string, value: number): ItemError =>
    new ItemError('NUMBER_OUTSIDE_VALID_RANGE', `${label}: value outside of valid range on numeric field: ${value}`, [
        field
    ]);

export const unableToLockRow = (id: string | undefined): ItemError =>
    new ItemError(
        'UNABLE_TO_LOCK_ROW',
        id
            ? `unable to obtain exclusive access to this record or 1 records: ${id}`
            : 'unable to obtain exclusive access to this record'
    );

export const rolledBack = (): ItemError =>
    new ItemError(
        'ALL_OR_NONE_OPERATION_ROLLED_BACK',
        'Record rolled back because not all records were valid and the request was using AllOrNone header'
    );

export const entityNotWritable = (verb: 'inserted' | 'updated' | 'deleted', label: string): ItemError =>
    new ItemError('INVALID_TYPE_FOR_OPERATION', `entity type cannot be ${verb}: ${label}`);

export const noteContentRejected = (): ItemError =>
    new ItemError(
        'FIELD_INTEGRITY_EXCEPTION',
        "Note can't be saved because it contains HTML tags or unescaped characters that are not allowed in a Note.",
        ['Content']
    );
