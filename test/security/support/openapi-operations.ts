import type { ServiceName } from './security-platform';

export interface JsonSchema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  example?: unknown;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
}

export interface OperationParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}

/** One operation of a service's OpenAPI document, with its schemas' $refs resolvable. */
export interface Operation {
  service: ServiceName;
  method: string;
  path: string;
  key: string;
  isPublic: boolean;
  parameters: OperationParameter[];
  body?: JsonSchema;
  components: Record<string, JsonSchema>;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        security?: unknown[];
        parameters?: OperationParameter[];
        requestBody?: { content: Record<string, { schema: JsonSchema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** Every operation the service documents at /docs-json. */
export async function operationsOf(service: ServiceName, baseUrl: string): Promise<Operation[]> {
  const response = await fetch(`${baseUrl}/docs-json`);
  if (!response.ok) throw new Error(`${service}: /docs-json answered ${response.status}`);
  const document = (await response.json()) as OpenApiDocument;
  const components = document.components?.schemas ?? {};
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      service,
      method: method.toUpperCase(),
      path,
      key: `${service} ${method.toUpperCase()} ${path}`,
      isPublic: !operation.security,
      parameters: operation.parameters ?? [],
      body: operation.requestBody?.content['application/json']?.schema,
      components,
    })),
  );
}

/** Every operation the three services document, in service order. */
export async function documentedOperations(
  urls: Record<ServiceName, string>,
): Promise<Operation[]> {
  const services = Object.entries(urls) as Array<[ServiceName, string]>;
  return (await Promise.all(services.map(([service, url]) => operationsOf(service, url)))).flat();
}

/** A schema with its $ref followed. */
export function resolved(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  if (!schema.$ref) return schema;
  const target = components[schema.$ref.replace('#/components/schemas/', '')];
  if (!target) throw new Error(`unresolvable ${schema.$ref}`);
  return resolved(target, components);
}

/** The operation's path with its path parameters filled in (URL-encoded; lone surrogates as U+FFFD). */
export function concretePath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_match, name: string) =>
    encodeURIComponent(Buffer.from(values[name] ?? '').toString()),
  );
}
