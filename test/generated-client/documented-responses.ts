import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Middleware } from 'openapi-fetch';

type Schema = Record<string, unknown>;

interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>
  >;
  components?: { schemas?: Record<string, Schema> };
}

/**
 * Object schemas closed to members they do not list: an answer carrying a member the document
 * does not describe is a shape the document does not describe.
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const copy = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, key === 'example' ? value : closed(value)]),
  );
  if (copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

/** `#/components/schemas/X` as a reference into the schema registered under `id`. */
function rebased(schema: Schema, id: string): Schema {
  return JSON.parse(
    JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${id}#/definitions/`),
  ) as Schema;
}

/**
 * Checks every answer a generated client receives against the response its service documents
 * for that operation, status and media type (JSON Schema, with ajv): an undocumented status or
 * media type, or a body of another shape, makes the call throw.
 */
export class DocumentedResponses {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(
    private readonly service: string,
    private readonly document: OpenApiDocument,
  ) {
    addFormats(this.ajv);
    this.ajv.addSchema({
      $id: service,
      definitions: closed(rebased(document.components?.schemas ?? {}, service)) as Schema,
    });
  }

  /** What is wrong with an answer; empty when the document describes it. */
  problems(method: string, path: string, status: number, mediaType: string, body: unknown) {
    const where = `${this.service} ${method} ${path} → ${status} ${mediaType}`;
    const operation = this.document.paths[path]?.[method.toLowerCase()];
    if (!operation) return [`${where}: operation not documented`];
    const response = operation.responses[String(status)] ?? operation.responses.default;
    if (!response) return [`${where}: status not documented`];
    const content = response.content?.[mediaType];
    if (!content) return [`${where}: media type not documented`];
    const key = `${method} ${path} ${status} ${mediaType}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(closed(rebased(content.schema, this.service)) as Schema);
      this.validators.set(key, validate);
    }
    if (validate(body)) return [];
    return [`${where}: ${this.ajv.errorsText(validate.errors)} in ${JSON.stringify(body)}`];
  }

  /** An openapi-fetch middleware that throws on an answer the document does not describe. */
  middleware(): Middleware {
    return {
      onResponse: async ({ request, response, schemaPath }) => {
        const mediaType = (response.headers.get('content-type') ?? '').split(';')[0].trim();
        const text = await response.clone().text();
        const body = /json/.test(mediaType) ? (JSON.parse(text) as unknown) : text;
        const problems = this.problems(
          request.method,
          schemaPath,
          response.status,
          mediaType,
          body,
        );
        if (problems.length) throw new Error(problems.join('\n'));
        return undefined;
      },
    };
  }
}
