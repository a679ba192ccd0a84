import { BadRequestException, ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import fc from 'fast-check';
import { DECIMAL_PATTERN, MINOR_UNITS_PATTERN } from '@taxchain/contracts';
import { acceptedAsIs, validationPipe } from '@taxchain/platform';
import { EXAMPLE, EXAMPLE_INVOICE } from '../../common/examples';
import { SignedInvoiceDto } from './signed-invoice.dto';

const BODY: ArgumentMetadata = { type: 'body', metatype: SignedInvoiceDto };
/** The global pipe's class-validator path alone: what decided every body before the schema. */
const classValidator = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
});
const pipe = validationPipe();

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Outcome = { accepted: string } | { refused: unknown };

async function outcome(run: Promise<unknown>): Promise<Outcome> {
  try {
    return { accepted: JSON.stringify(await run) };
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return { refused: error.getResponse() };
  }
}

const valid = (): { [key: string]: Json } =>
  structuredClone({ invoice: EXAMPLE_INVOICE, signature: EXAMPLE.invoiceSignature }) as never;

/** Every member path of a valid body, array items included. */
function pathsOf(value: Json, at: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [at];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [at, ...keys.flatMap((key) => pathsOf((value as never)[key], [...at, key]))];
}

// Strings about the rules' edges: lengths counted in UTF-16 units, code points or graphemes
// (validator.js counts a surrogate pair, or a character and its variation selector, as one).
const units = ['a', '9', 'é', '😀', '\uFE0F', 'a\uFE0F', '\uD800', '\uDC00', ' ', '\n', '-', '.'];
const edgeStrings = fc
  .tuple(fc.constantFrom(...units), fc.constantFrom(0, 1, 2, 3, 31, 32, 33, 63, 64, 65, 100, 101))
  .chain(([unit, n]) =>
    fc.constantFrom(unit.repeat(n), unit.repeat(n) + 'a', 'a'.repeat(n) + unit, unit.repeat(2 * n)),
  );
const patterned = fc.oneof(
  ...[
    DECIMAL_PATTERN,
    MINOR_UNITS_PATTERN,
    /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/,
    /^\d{4}-\d{2}-\d{2}$/,
    /^[A-Z]{3}$/,
    /^[0-9a-f]{32}$/,
    /^[0-9a-f]{128}$/,
    /^\d{20}$/,
  ].map((pattern) => fc.stringMatching(pattern)),
);
const strings = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 300 }),
  edgeStrings,
  patterned,
  fc
    .tuple(patterned, fc.constantFrom('\n', ' ', 'x', '😀', '\uFE0F', 'Ａ'), fc.boolean())
    .map(([s, c, before]) => (before ? c + s : s + c)),
  fc.constantFrom(
    'taxchain.invoice.v1',
    'invoice',
    'credit-note',
    'CNY',
    '0.13',
    '__proto__',
    'constructor',
  ),
);
const values: fc.Arbitrary<Json> = fc.oneof(
  { weight: 6, arbitrary: strings },
  fc.constantFrom<Json>(null, true, false, 0, 1, -1, 1.5, 1e21, [], {}, [{}], ['a']),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

function objectOrUndefined(value: Json | undefined): { [key: string]: Json } | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

type Mutation = (body: { [key: string]: Json }, paths: Array<Array<string | number>>) => void;

function parentAt(body: Json, path: Array<string | number>): { [key: string]: Json } | Json[] {
  return path.slice(0, -1).reduce((node, key) => (node as never)[key], body) as never;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // Another value in place of one.
  fc.tuple(fc.nat(), values).map(([pick, value]): Mutation => (body, paths) => {
    const path = paths[pick % paths.length];
    if (path.length === 0) return;
    (parentAt(body, path) as never as Record<string | number, Json>)[path[path.length - 1]] = value;
  }),
  // A member gone.
  fc.nat().map((pick): Mutation => (body, paths) => {
    const path = paths[pick % paths.length];
    const parent = parentAt(body, path);
    if (path.length && !Array.isArray(parent)) delete parent[path[path.length - 1] as string];
  }),
  // A member more, at the top or nested.
  fc
    .tuple(
      fc.nat(),
      fc.oneof(fc.constantFrom('__proto__', 'constructor', 'extra'), fc.string()),
      values,
    )
    .map(([pick, key, value]): Mutation => (body, paths) => {
      const objects = paths
        .map((path) => path.reduce((node, k) => (node as never)[k], body as Json))
        .filter((node) => node !== null && typeof node === 'object' && !Array.isArray(node));
      const target = objects[pick % objects.length] as { [key: string]: Json };
      Object.defineProperty(target, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }),
  // Lines: none, many, or more than allowed.
  fc.constantFrom(0, 2, 199, 200, 201).map((n): Mutation => (body) => {
    const invoice = objectOrUndefined(body.invoice);
    if (invoice && Array.isArray(invoice.lines))
      invoice.lines = Array.from(
        { length: n },
        () => structuredClone(EXAMPLE_INVOICE.lines[0]) as never,
      );
  }),
  // An optional member present.
  values.map((value): Mutation => (body) => {
    const invoice = objectOrUndefined(body.invoice);
    if (invoice) invoice.creditedInvoiceNumber = value;
  }),
);

const bodies = fc.array(mutation, { minLength: 0, maxLength: 3 }).map((mutations) => {
  const body = valid();
  for (const mutate of mutations) mutate(body, pathsOf(body));
  return JSON.parse(JSON.stringify(body)) as Json;
});

/** Each string member of a valid body, with its path. */
function stringLeaves(body: Json): Array<{ path: Array<string | number>; value: string }> {
  return pathsOf(body)
    .map((path) => ({ path, value: path.reduce((node, key) => (node as never)[key], body) }))
    .filter((leaf): leaf is { path: Array<string | number>; value: string } => {
      return typeof leaf.value === 'string';
    });
}

function withValue(path: Array<string | number>, value: Json): Json {
  const body = valid();
  (parentAt(body, path) as never as Record<string | number, Json>)[path[path.length - 1]] = value;
  return body;
}

/**
 * Every string member given every edge the rules have: each length bound and one past it, in
 * characters validator.js and Ajv count alike and apart, and every member's valid value, as it
 * is and with a character before or after (each pattern's anchors).
 */
function edgeBodies(): Json[] {
  const leaves = stringLeaves(valid());
  const lengths = [0, 1, 2, 9, 10, 11, 63, 64, 65, 199, 200, 201];
  const sized = ['a', '😀', 'a\uFE0F', '\uFE0F', '\uD800'].flatMap((unit) =>
    lengths.flatMap((n) => [unit.repeat(n), 'a'.repeat(Math.max(n - 1, 0)) + unit]),
  );
  const near = leaves.flatMap(({ value }) =>
    ['', '\n', ' ', 'x', '0', '😀'].flatMap((c) => [value + c, c + value]),
  );
  const candidates = [...new Set([...sized, ...near])];
  return leaves.flatMap(({ path }) => candidates.map((value) => withValue(path, value)));
}

describe(SignedInvoiceDto.name, () => {
  it('is accepted by its compiled schema only where class-validator accepts it, at every edge of every string member', async () => {
    let compiled = 0;
    for (const body of edgeBodies()) {
      const reference = await outcome(classValidator.transform(body, BODY));
      expect(await outcome(pipe.transform(body, BODY))).toEqual(reference);
      if (acceptedAsIs(SignedInvoiceDto, body)) {
        compiled += 1;
        expect(reference).toEqual({ accepted: JSON.stringify(body) });
      }
    }
    expect(compiled).toBeGreaterThan(100);
  });

  it('is accepted by its compiled schema only where class-validator accepts it, and answered by the pipe exactly as by class-validator', async () => {
    let compiled = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const reference = await outcome(classValidator.transform(body, BODY));
        const answered = await outcome(pipe.transform(body, BODY));
        expect(answered).toEqual(reference);
        if (acceptedAsIs(SignedInvoiceDto, body)) {
          compiled += 1;
          expect(reference).toEqual({ accepted: JSON.stringify(body) });
        }
        if ('refused' in reference) refused += 1;
      }),
      { numRuns: 1_500 },
    );
    // Both sides of the comparison were exercised.
    expect(compiled).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(500);
  });

  it('is accepted by its compiled schema as the example body, and left to class-validator where only validator.js counts a length within bounds', async () => {
    expect(acceptedAsIs(SignedInvoiceDto, valid())).toBe(true);
    const body = valid();
    // 200 characters with their variation selector: 200 for validator.js, 400 code points.
    const name = 'a\uFE0F'.repeat(200);
    (body.invoice as { buyer: { name: string } }).buyer.name = name;
    expect(acceptedAsIs(SignedInvoiceDto, body)).toBe(false);
    const accepted = (await pipe.transform(body, BODY)) as SignedInvoiceDto;
    expect(accepted).toBeInstanceOf(SignedInvoiceDto);
    expect(accepted.invoice.buyer.name).toBe(name);
  });
});
