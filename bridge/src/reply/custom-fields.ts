import type { ReplyHttp } from './http.ts';
import { customFieldSchema, listSchema, parseReply, type ReplyCustomField } from './schemas.ts';

export class CustomFieldsApi {
    constructor(private readonly http: ReplyHttp) {}

    async list(): Promise<ReplyCustomField[]> {
        return parseReply(
            listSchema(customFieldSchema),
            await this.http.get('/v3/custom-fields'),
            'Reply custom fields'
        );
    }

    async create(title: string, fieldType: 'text' | 'number'): Promise<ReplyCustomField> {
        return parseReply(
            customFieldSchema,
            await this.http.post('/v3/custom-fields', { title, fieldType, orgWide: true }),
            `Creation of Reply custom field "${title}"`
        );
    }

    /** The field with this title (case-insensitive), created when missing. */
    async ensure(title: string, fieldType: 'text' | 'number'): Promise<ReplyCustomField> {
        const existing = (await this.list()).find((field) => field.title.toLowerCase() === title.toLowerCase());
        return existing ?? this.create(title, fieldType);
    }
}
