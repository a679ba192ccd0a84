/**
 * The request a reader of an OpenAPI document sends when they try an operation as documented:
 * what Swagger UI's "Try it out" fills in. Each parameter takes its `example` (or its schema's);
 * the body takes the media type's `example`, else its first named example, else one built
 * from the examples of the schema's properties.
 */
export interface DocumentedOperation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, unknown>;
  security?: unknown[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
  schema?: Schema;
}

interface MediaType {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}

export interface Schema {
  $ref?: string;
  type?: string;
  example?: unknown;
  default?: unknown;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

export interface ExampleRequest {
  path: string;
  body?: unknown;
  /** What the document leaves the reader to guess: a required value without an example. */
  missing: string[];
}

const firstExample = (examples?: Record<string, { value: unknown }>) =>
  examples ? Object.values(examples)[0]?.value : undefined;

export function exampleRequest(
  path: string,
  operation: DocumentedOperation,
  schemas: Record<string, Schema>,
): ExampleRequest {
  const missing: string[] = [];
  const query = new URLSearchParams();
  let filled = path;
  for (const parameter of operation.parameters ?? []) {
    const value =
      parameter.example ?? firstExample(parameter.examples) ?? parameter.schema?.example;
    if (value === undefined) {
      if (parameter.required) missing.push(`${parameter.in} parameter ${parameter.name}`);
      continue;
    }
    if (parameter.in === 'path')
      filled = filled.replace(`{${parameter.name}}`, encodeURIComponent(asText(value)));
    if (parameter.in === 'query') query.append(parameter.name, asText(value));
  }
  const search = query.size ? `?${query.toString()}` : '';
  const json = operation.requestBody?.content['application/json'];
  if (!json) return { path: filled + search, missing };
  const body =
    json.example ??
    firstExample(json.examples) ??
    (json.schema && sample(json.schema, schemas, 'body', missing));
  return { path: filled + search, body, missing };
}

/** A value for the schema from the examples it and its members give; gaps go to `missing`. */
function sample(
  schema: Schema,
  schemas: Record<string, Schema>,
  where: string,
  missing: string[],
): unknown {
  if (schema.$ref) return sample(resolved(schema.$ref, schemas), schemas, where, missing);
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  const [composed] = schema.allOf ?? schema.oneOf ?? schema.anyOf ?? [];
  if (composed) return sample(composed, schemas, where, missing);
  if (schema.type === 'array' && schema.items)
    return [sample(schema.items, schemas, `${where}[0]`, missing)];
  if (schema.properties) {
    const entries = Object.entries(schema.properties).filter(
      ([name, member]) =>
        schema.required?.includes(name) || hasExample(member, schemas, new Set<string>()),
    );
    return Object.fromEntries(
      entries.map(([name, member]) => [name, sample(member, schemas, `${where}.${name}`, missing)]),
    );
  }
  missing.push(where);
  return undefined;
}

/** Whether an optional member is one the document shows: it or something inside has an example. */
function hasExample(schema: Schema, schemas: Record<string, Schema>, seen: Set<string>): boolean {
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return false;
    seen.add(schema.$ref);
    return hasExample(resolved(schema.$ref, schemas), schemas, seen);
  }
  if (schema.example !== undefined) return true;
  const inner = [
    ...(schema.allOf ?? []),
    ...(schema.oneOf ?? []),
    ...(schema.anyOf ?? []),
    ...(schema.items ? [schema.items] : []),
    ...Object.values(schema.properties ?? {}),
  ];
  return inner.some((member) => hasExample(member, schemas, seen));
}

function resolved(ref: string, schemas: Record<string, Schema>): Schema {
  const schema = schemas[ref.replace('#/components/schemas/', '')];
  if (!schema) throw new Error(`unresolvable ${ref}`);
  return schema;
}

const asText = (value: unknown) =>
  typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
