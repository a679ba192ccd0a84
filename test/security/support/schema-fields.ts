import { resolved, type JsonSchema } from './openapi-operations';

type Components = Record<string, JsonSchema>;

/** Where a value sits in a body: the keys and indexes leading to it. */
export type FieldPath = Array<string | number>;

/** One member of a body, with the kind of value its schema wants. */
export interface Field {
  path: FieldPath;
  kind: 'string' | 'number' | 'boolean' | 'object' | 'array' | 'other';
  /** Required where its parent is present (an array's items always are). */
  required: boolean;
}

/** Deeper than any documented body; stops recursive schemas. */
const MAX_DEPTH = 6;

function schemaOf(schema: JsonSchema, components: Components): JsonSchema {
  const target = resolved(schema, components);
  const first = target.allOf?.[0] ?? target.oneOf?.[0] ?? target.anyOf?.[0];
  return first ? schemaOf(first, components) : target;
}

/**
 * A value of the schema's shape with every documented member present: its example where it
 * has one, else the first enum value, the minimum, or a plain word. Not necessarily valid
 * (patterns and signatures are not honoured); it is what the input classes then spoil.
 */
export function sampleOf(schema: JsonSchema, components: Components, depth = 0): unknown {
  const target = schemaOf(schema, components);
  if (target.example !== undefined) return target.example;
  if (target.enum?.length) return target.enum[0];
  if (depth > MAX_DEPTH) return null;
  switch (kindOf(target)) {
    case 'string':
      return 'x'.repeat(Math.max(1, target.minLength ?? 1));
    case 'number':
      return target.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [sampleOf(target.items ?? {}, components, depth + 1)];
    case 'object':
      return Object.fromEntries(
        Object.entries(target.properties ?? {}).map(([name, property]) => [
          name,
          sampleOf(property, components, depth + 1),
        ]),
      );
    default:
      return 'x';
  }
}

function kindOf(schema: JsonSchema): Field['kind'] {
  if (schema.type === 'string') return 'string';
  if (schema.type === 'number' || schema.type === 'integer') return 'number';
  if (schema.type === 'boolean') return 'boolean';
  if (schema.type === 'array') return 'array';
  if (schema.type === 'object' || schema.properties) return 'object';
  return 'other';
}

/**
 * Every member the schema documents, at any depth (an array's first item stands for all), the
 * body itself first (path []).
 */
export function fieldsOf(
  schema: JsonSchema,
  components: Components,
  path: FieldPath = [],
  required = true,
): Field[] {
  const target = schemaOf(schema, components);
  const kind = kindOf(target);
  const own = { path, kind, required };
  if (path.length > MAX_DEPTH) return [own];
  if (kind === 'array')
    return [own, ...fieldsOf(target.items ?? {}, components, [...path, 0], true)];
  if (kind !== 'object') return [own];
  const members = Object.entries(target.properties ?? {}).flatMap(([name, property]) =>
    fieldsOf(property, components, [...path, name], target.required?.includes(name) ?? false),
  );
  return [own, ...members];
}

/** A copy of `value` with the member at `path` replaced, or removed when `replacement` is ABSENT. */
export function withMember(value: unknown, path: FieldPath, replacement: unknown): unknown {
  if (!path.length) return replacement;
  const [head, ...rest] = path;
  const copy = (
    Array.isArray(value) ? [...(value as unknown[])] : { ...(value as object) }
  ) as Record<string | number, unknown>;
  const inner = withMember(copy[head] ?? {}, rest, replacement);
  if (inner === ABSENT) delete copy[head];
  else copy[head] = inner;
  return copy;
}

/** Marks a member to remove in `withMember`. */
export const ABSENT = Symbol('absent');

/** The member at `path`, or undefined. */
export function memberAt(value: unknown, path: FieldPath): unknown {
  return path.reduce<unknown>(
    (at, key) => (at as Record<string | number, unknown> | null | undefined)?.[key],
    value,
  );
}
