import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** Checks bridge responses against bridge/openapi.yaml: the one description of the API the console's Apex follows. */

const DOC_PATH = fileURLToPath(new URL('../../bridge/openapi.yaml', import.meta.url));
const doc = parse(readFileSync(DOC_PATH, 'utf8')) as {
    paths: Record<
        string,
        Record<string, { responses: Record<string, { $ref?: string; content?: Record<string, { schema: unknown }> }> }>
    >;
    components: { responses: Record<string, { content: Record<string, { schema: unknown }> }> };
};

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ ...doc, $id: 'openapi' });

/** Throws with the validation errors when `body` is not what the document promises for this operation and status. */
export function expectMatchesOpenApi(method: string, path: string, status: number, body: unknown): void {
    const operation = doc.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`${method} ${path} is not in bridge/openapi.yaml`);
    let response = operation.responses[String(status)];
    if (!response) throw new Error(`${method} ${path} does not document status ${status}`);
    if (response.$ref) response = doc.components.responses[response.$ref.split('/').pop()!]!;
    const [type, media] = Object.entries(response.content ?? {})[0] ?? [];
    if (!media) return;
    if (type === 'text/plain') {
        if (typeof body !== 'string') throw new Error(`${method} ${path} ${status}: expected text`);
        return;
    }
    const pointer = `/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}/responses/${status}/content/${type!.replace(/\//g, '~1')}/schema`;
    const fromRef = response === operation.responses[String(status)] ? `openapi#${pointer}` : undefined;
    const validate = fromRef
        ? ajv.getSchema(fromRef)
        : ajv.compile({
              $ref: `openapi#/components/responses/${operation.responses[String(status)]!.$ref!.split('/').pop()}/content/${type!.replace(/\//g, '~1')}/schema`
          });
    if (!validate) throw new Error(`no schema at ${pointer}`);
    if (!validate(body))
        throw new Error(
            `${method} ${path} ${status} does not match bridge/openapi.yaml: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`
        );
}
