import fc from 'fast-check';
import { resolved, type JsonSchema } from './openapi-operations';

type Components = Record<string, JsonSchema>;

/** Values a careless or hostile client sends where any type is expected. */
const wrongTyped: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.constant({ __proto__: { admin: true } }),
  fc.constant({ constructor: { prototype: { polluted: true } } }),
);

/** Strings at the edges: empty, huge, control characters, lone surrogates, injection-shaped. */
const boundaryString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e309',
    'NaN',
    'null',
    '\u0000',
    '\ud800',
    '../../etc/passwd',
    "' OR 1=1 --",
    '%00',
    '9'.repeat(400),
    'a'.repeat(5000),
    '2026-02-30',
    '发票',
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

function stringOf(schema: JsonSchema): fc.Arbitrary<string> {
  const shaped: fc.Arbitrary<string>[] = [
    fc.string({ minLength: schema.minLength ?? 0, maxLength: schema.maxLength ?? 30 }),
    fc.stringMatching(/^[0-9a-f]{64}$/),
    fc.stringMatching(/^[0-9]{6,20}$/),
  ];
  if (schema.enum) shaped.push(fc.constantFrom(...schema.enum.map(String)));
  if (typeof schema.example === 'string') shaped.push(fc.constant(schema.example));
  if (schema.pattern) shaped.push(fc.stringMatching(new RegExp(schema.pattern)));
  return fc.oneof(...shaped, boundaryString);
}

function numberOf(schema: JsonSchema): fc.Arbitrary<number> {
  const edges = [schema.minimum, schema.maximum].filter((n): n is number => n !== undefined);
  return fc.oneof(
    fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 }),
    fc.constantFrom(...edges.flatMap((n) => [n - 1, n, n + 1]), 0, -1, 2 ** 53, -(2 ** 63), 1e308),
    fc.double(),
  );
}

function objectOf(
  schema: JsonSchema,
  components: Components,
  depth: number,
): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties))
    shape[name] = valueOf(property, components, depth + 1);
  const required = (schema.required ?? []).filter((name) => name in properties);
  return fc.oneof(
    fc.record(shape, { requiredKeys: required }),
    fc.record(shape, { requiredKeys: [] }),
    // unknown members must be refused (forbidNonWhitelisted)
    fc
      .tuple(
        fc.record(shape, { requiredKeys: required }),
        fc.string({ minLength: 1, maxLength: 8 }),
      )
      .map(([value, extra]) => ({ ...value, [`x${extra}`]: 1 })),
  );
}

/**
 * Values for one schema: most are valid-shaped (so requests get past type checks and reach the
 * deeper rules), some at the boundaries, some of the wrong type altogether.
 */
export function valueOf(
  schema: JsonSchema,
  components: Components,
  depth = 0,
): fc.Arbitrary<unknown> {
  const target = resolved(schema, components);
  if (depth > 6) return wrongTyped;
  let shaped: fc.Arbitrary<unknown>;
  if (target.allOf?.length) shaped = valueOf(target.allOf[0], components, depth);
  else if (target.oneOf?.length || target.anyOf?.length)
    shaped = fc.oneof(
      ...(target.oneOf ?? target.anyOf ?? []).map((s) => valueOf(s, components, depth)),
    );
  else if (target.type === 'string') shaped = stringOf(target);
  else if (target.type === 'number' || target.type === 'integer') shaped = numberOf(target);
  else if (target.type === 'boolean') shaped = fc.boolean();
  else if (target.type === 'array')
    shaped = fc.array(valueOf(target.items ?? {}, components, depth + 1), {
      maxLength: Math.min(target.maxItems ?? 4, 4),
    });
  else if (target.type === 'object' || target.properties)
    shaped = objectOf(target, components, depth);
  else shaped = fc.jsonValue({ maxDepth: 2 });
  return fc.oneof({ arbitrary: shaped, weight: 6 }, { arbitrary: wrongTyped, weight: 1 });
}

/** Bodies that are not JSON a schema could describe: truncated, binary, deeply nested, huge. */
export const garbageBody: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.json().map((text) => text.slice(0, Math.max(0, text.length - 1))),
  fc.constantFrom('{', '[', '{"a":', 'null', '"x"', '1', 'true', '{}}', '\u0000', '[]'),
  fc.nat({ max: 3000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.nat({ max: 200 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
);
