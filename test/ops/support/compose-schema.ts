import Ajv2019, { type SchemaObject } from 'ajv/dist/2019';
import { readRepoFile } from './repo-files';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Go durations, as Compose reads `interval: 10s`. */
const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
/** `[[ip:]host[-range]:]container[-range][/protocol]`, or a bare port number. */
const PORTS =
  /^((\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?((\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/;
const EXPOSE = /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/;
const SUBNET = /^([0-9.]+|[0-9a-fA-F:]+)\/\d{1,3}$/;

/**
 * Validates a Compose document against the vendored Compose Specification schema
 * (test/ops/compose-spec). Returns Ajv's errors, empty when valid.
 */
export function composeSchemaErrors(document: unknown): string[] {
  const validate = new Ajv2019({ allErrors: true, strict: true, allowUnionTypes: true })
    .addFormat('duration', DURATION)
    .addFormat('ports', PORTS)
    .addFormat('expose', EXPOSE)
    .addFormat('subnet_ip_address', SUBNET)
    .compile(adapted());
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

/**
 * The schema predates Ajv 8: it marks sub-schemas with draft-04 `id` annotations, which Ajv
 * rejects, and names its draft by an address Ajv does not register. Neither affects validation.
 */
function adapted(): SchemaObject {
  const schema = JSON.parse(readRepoFile('test/ops/compose-spec/compose-spec.json')) as {
    [key: string]: Json;
  };
  delete schema.$schema;
  return withoutIds(schema) as SchemaObject;
}

function withoutIds(node: Json): Json {
  if (Array.isArray(node)) return node.map(withoutIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutIds(value)]),
  );
}
