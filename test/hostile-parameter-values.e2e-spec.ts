import { isProblem } from './security/support/http-call';
import {
  resolved,
  type Operation,
  type OperationParameter,
} from './security/support/openapi-operations';
import { changedTables } from './security/support/row-counts';
import { startFuzzTarget, type FuzzTarget } from './faults/support/fuzz-target';

/**
 * Texts a reader might take for the number 10 (or 0), none of them the decimal integer the
 * document promises: spaces (U+0020, U+00A0), a sign, a leading zero, an exponent, a fraction,
 * hex, a digit separator, full-width and Arabic-Indic digits, and nothing at all.
 */
const NOT_DECIMAL_INTEGERS = [
  ' 10',
  '10 ',
  '\u00a010',
  '+10',
  '010',
  '-0',
  '1e1',
  '10.0',
  '0x10',
  '1_0',
  '１０',
  '١٠',
  ' ',
];
/** Dates of the right shape that no calendar has. */
const IMPOSSIBLE_DATES = ['2026-02-30', '2026-13-01', '2026-00-10', '2025-02-29', '2026-04-31'];
const IMPOSSIBLE_TIMES = IMPOSSIBLE_DATES.map((date) => `${date}T08:00:00.000Z`);

type ValueClass = 'number' | 'date' | 'date-time';

/** Which class of text a documented parameter takes, if one of these. */
function classOf(operation: Operation, parameter: OperationParameter): ValueClass | undefined {
  const schema = resolved(parameter.schema, operation.components);
  if (schema.type === 'number' || schema.type === 'integer') return 'number';
  const example = typeof schema.example === 'string' ? schema.example : '';
  if (schema.format === 'date' || /^\d{4}-\d{2}-\d{2}$/.test(example)) return 'date';
  if (schema.format === 'date-time' || /^\d{4}-\d{2}-\d{2}T/.test(example)) return 'date-time';
  return undefined;
}

const TEXTS: Record<ValueClass, string[]> = {
  number: NOT_DECIMAL_INTEGERS,
  date: IMPOSSIBLE_DATES,
  'date-time': IMPOSSIBLE_TIMES,
};

/**
 * Every path and query parameter the three OpenAPI documents type as a number or a date, given
 * text that only looks like one: a number with spaces, a sign, leading zeros, an exponent or
 * other digits, and dates such as 30 February. Each is refused 400 with problem+json and
 * writes nothing, never read as some other number (` ` as chain 0, `0x10` as a limit of 16)
 * or as a date that does not exist.
 */
describe('parameter values that only look like numbers or dates', () => {
  let target: FuzzTarget;

  beforeAll(async () => {
    target = await startFuzzTarget();
  });

  afterAll(async () => {
    await target?.platform.close();
  });

  it('are refused 400 with problem+json by every operation, writing nothing', async () => {
    // Made first: making them writes.
    for (const operation of target.operations) await target.pathValues.of(operation);
    const before = await target.settledRows();
    const accepted: string[] = [];
    let sent = 0;
    for (const operation of target.operations) {
      // The caller's own things in the other path parameters: one that names nothing would be
      // refused 404 whatever this one holds.
      const samples = await target.pathValues.of(operation);
      for (const parameter of operation.parameters) {
        const valueClass = classOf(operation, parameter);
        if (!valueClass || parameter.in === 'header') continue;
        for (const text of TEXTS[valueClass]) {
          const values = { ...samples, [parameter.name]: text };
          const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) =>
            encodeURIComponent(values[name]),
          );
          const query =
            parameter.in === 'query' ? `?${parameter.name}=${encodeURIComponent(text)}` : '';
          const outcome = await target.send(operation, {
            method: operation.method,
            path: `${path}${query}`,
            token: target.tokenFor(operation),
          });
          sent += 1;
          const seen =
            'hung' in outcome
              ? outcome.hung
              : `${outcome.answer.status} ${outcome.answer.text.slice(0, 120)}`;
          if (!('answer' in outcome) || outcome.answer.status !== 400 || !isProblem(outcome.answer))
            accepted.push(`${operation.key} ${parameter.name}=${JSON.stringify(text)}: ${seen}`);
        }
      }
    }
    expect(accepted).toEqual([]);
    expect(sent).toBeGreaterThan(100);
    expect(changedTables(before, await target.countRows())).toEqual([]);
  });
});
