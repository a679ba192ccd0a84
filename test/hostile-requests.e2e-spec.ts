import { startFuzzTarget, type FuzzTarget } from './faults/support/fuzz-target';
import { BODY_CLASSES, BodyCases } from './security/support/body-cases';
import { HEADER_CLASSES, HeaderCases } from './security/support/header-cases';
import { concretePath, type Operation } from './security/support/openapi-operations';
import { ProbeRequest, type ProbeCase } from './security/support/probe-request';
import { probeOperations } from './security/support/probe-run';

const TEN_MINUTES = 600_000;

type CasesOf = (operation: Operation, token: string | undefined) => ProbeCase[];

/** Dot segments where a path value belongs, plain and percent-encoded. */
function dotPaths(operation: Operation, token: string | undefined): ProbeCase[] {
  const names = operation.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  if (!names.length) return [];
  return ['.', '..', '%2e', '%2E%2E'].map((dots) => {
    const input = new ProbeRequest(operation, token).with(`path values ${dots}`, []);
    const values = Object.fromEntries(names.map((name) => [name, '\u0000']));
    input.request.path = concretePath(operation.path, values).replaceAll('%00', dots);
    return { ...input, expect: '4xx' };
  });
}

const CLASSES: Array<[string, CasesOf]> = [
  ...HEADER_CLASSES.map((name): [string, CasesOf] => [
    `headers: ${name}`,
    (operation, token) => new HeaderCases(operation, token)[name](),
  ]),
  ...BODY_CLASSES.map((name): [string, CasesOf] => [
    `bodies: ${name}`,
    (operation, token) => new BodyCases(operation, token)[name](),
  ]),
  // a dot segment was answered, on the audit service, by the dashboard's static files with a
  // 301 to the folder (`/invoices/..` → `/`)
  ['path values . and ..', dotPaths],
];

/**
 * Every operation of the three OpenAPI documents, sent requests by class, byte for byte on a
 * fresh connection (nothing a client library would refuse or merge is lost). Headers: the
 * body's Content-Type absent, odd, with parameters or twice; its length wrong, conflicting
 * with Transfer-Encoding, chunked or encoded; the credential missing, of another scheme,
 * malformed, huge, not ASCII or twice; odd Accept values; every other header a client might
 * send (Idempotency-Key, X-Request-Id, X-Forwarded-For, Range, Expect, Upgrade, …) empty, huge,
 * not ASCII or repeated. Bodies, generated from each request schema so a new route or member
 * is covered without a line here: every member (and the body itself) set to every kind of
 * JSON value, left out, or joined by an unknown member; number literals at and past the
 * limits (1e309, -0, 1.0, 2^53 + 1, 30 digits); a body that is not an object, behind a BOM,
 * with a repeated key, nested to and past the limit; huge arrays and strings. No answer is
 * 5xx, every refusal is problem+json, what must be refused is, and a refused request writes
 * nothing.
 */
describe('hostile requests, from the OpenAPI documents', () => {
  let target: FuzzTarget;

  beforeAll(async () => {
    target = await startFuzzTarget();
  });

  afterAll(async () => {
    await target?.platform.close();
  });

  it.each(CLASSES)(
    '%s: every operation answers without 5xx, refusing with problem+json and writing nothing',
    async (name, casesOf) => {
      const failures = await probeOperations(target, (operation, token) =>
        casesOf(operation, token).map((input) => ({ ...input, label: `[${name}] ${input.label}` })),
      );
      expect(failures).toEqual([]);
    },
    TEN_MINUTES,
  );
});
