import fc from 'fast-check';
import type { HttpCall } from './http-call';
import { concretePath, type Operation } from './openapi-operations';
import { garbageBody, valueOf } from './schema-arbitrary';

/** How a generated value travels in a URL: strings as they are, anything else as JSON text. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

/**
 * Requests for one operation derived from its OpenAPI parameters and body schema: path and
 * query values of every kind, JSON bodies valid-shaped or not, and raw garbage bodies.
 */
export function requestsFor(operation: Operation, token?: string): fc.Arbitrary<HttpCall> {
  const { components } = operation;
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const queryParams = operation.parameters.filter((p) => p.in === 'query');
  const path = fc.tuple(
    ...pathParams.map((p) => valueOf(p.schema, components).map((v) => asText(v) || 'x')),
  );
  const query = fc.record(
    Object.fromEntries(queryParams.map((p) => [p.name, valueOf(p.schema, components)])),
    { requiredKeys: [] },
  );
  const json = operation.body
    ? valueOf(operation.body, components)
    : fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 2 }));
  const body = fc.oneof(
    { arbitrary: json.map((value) => ({ body: value })), weight: 4 },
    { arbitrary: garbageBody.map((raw) => ({ raw })), weight: 1 },
  );
  return fc.tuple(path, query, body).map(([pathValues, queryValues, payload]) => {
    const values = Object.fromEntries(pathParams.map((p, i) => [p.name, pathValues[i]]));
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(queryValues))
      for (const item of Array.isArray(value) ? value : [value]) search.append(name, asText(item));
    const queryText = search.size ? `?${search.toString()}` : '';
    const call: HttpCall = {
      method: operation.method,
      path: `${concretePath(operation.path, values)}${queryText}`,
      token,
    };
    return operation.method === 'GET' ? call : { ...call, ...payload };
  });
}
