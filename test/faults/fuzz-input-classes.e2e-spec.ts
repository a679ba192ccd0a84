import { recordReliability } from '../support/reliability-report';
import { clientErrorCases, sendRaw } from '../security/support/client-error-cases';
import { isProblem } from '../security/support/http-call';
import {
  INPUT_CLASSES,
  inputCases,
  type InputCase,
  type InputClass,
} from '../security/support/input-classes';
import type { Operation } from '../security/support/openapi-operations';
import { verdicts } from '../security/support/probe-run';
import { changedTables, type RowCounts } from '../security/support/row-counts';
import type { ServiceName } from '../security/support/security-platform';
import { aimedAt, startFuzzTarget, type FuzzTarget, type Outcome } from './support/fuzz-target';

const TWENTY_MINUTES = 1_200_000;
/** Requests in flight at once, fewer than a pool's connections. */
const BATCH = 8;

type PathValues = Record<string, string>;
interface Sent {
  input: InputCase;
  outcome: Outcome;
}

/** The case's call at the caller's own things, unless it spoils a path parameter itself. */
function callOf(operation: Operation, input: InputCase, values: PathValues) {
  return input.samplePath ? aimedAt(operation, input.call, values) : input.call;
}

function accepted(outcome: Outcome): boolean {
  return 'answer' in outcome && outcome.answer.status < 300;
}

/**
 * Items 1, 2 and 8 of issue 14 as classes of input rather than examples: for every operation
 * the three OpenAPI documents describe, control characters and lone surrogates in every string
 * member, path and query parameter; absent, null, array, number, string and boolean in place
 * of every object and member; huge strings and numbers; every media type the server does not
 * accept; malformed JSON and invalid UTF-8; `__proto__`/`constructor` and duplicate keys; and
 * percent-encodings that decode to no text; each at the caller's own invoice, claim, key, …,
 * where the operation names one. No answer is 5xx, every refusal is problem+json (the classes
 * that must be refused are, with the right status), and a refused request writes nothing: every
 * table's rows are counted before and after each class of each operation (and each accepted
 * change), and where a count changed the refused requests are replayed one by one to name the
 * writer.
 */
describe('fuzzing by input class, from the OpenAPI documents', () => {
  let target: FuzzTarget;
  const tallies = new Map<InputClass | 'client-errors', Map<number, number>>();
  const failures: string[] = [];

  beforeAll(async () => {
    target = await startFuzzTarget();
  });

  afterAll(async () => {
    await target?.platform.close();
  });

  function tally(inputClass: InputClass | 'client-errors', status: number): void {
    const statuses = tallies.get(inputClass) ?? new Map<number, number>();
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    tallies.set(inputClass, statuses);
  }

  /** What is wrong with one answer, if anything. */
  function fault(input: InputCase, outcome: Outcome): string | undefined {
    if ('hung' in outcome) return outcome.hung;
    const { answer } = outcome;
    const said = `${answer.status} ${answer.text.slice(0, 200)}`;
    if (answer.status >= 500) return said;
    if (answer.status >= 400 && !isProblem(answer))
      return `${said}: not problem+json (${answer.contentType})`;
    for (const { status, type } of verdicts(answer)) {
      if (input.expect === '4xx' && (status < 400 || status >= 500))
        return `${said}: must be refused`;
      if (typeof input.expect === 'number' && status !== input.expect)
        return `${said}: must be ${input.expect}`;
      if (input.problem && type !== `urn:taxchain:problem:${input.problem}`)
        return `${said}: must be ${input.problem}`;
    }
    return undefined;
  }

  /**
   * Sends one class of one operation, at the caller's own things (an id that names nothing is
   * refused 404 before the body is looked at), between row counts, in concurrent batches. A
   * change to something named in the path goes alone, since once accepted it may have used that
   * up (a voided invoice, a completed claim): the cases after it go to a fresh one, and the
   * counts restart once what it set going has reached the read models.
   */
  async function sendClass(operation: Operation, inputClass: InputClass, cases: InputCase[]) {
    const changes = operation.method !== 'GET' && operation.parameters.some((p) => p.in === 'path');
    let values = await target.pathValues.of(operation);
    let before = await target.countRows();
    let sent: Sent[] = [];
    for (let i = 0; i < cases.length; i += changes ? 1 : BATCH) {
      const batch = cases.slice(i, i + (changes ? 1 : BATCH));
      const outcomes = await Promise.all(
        batch.map((input) => target.send(operation, callOf(operation, input, values))),
      );
      batch.forEach((input, j) => sent.push(judged(operation, inputClass, input, outcomes[j])));
      if (!changes || !outcomes.some(accepted)) continue;
      await checkWrites(operation, inputClass, sent, values, before, await target.settledRows());
      sent = [];
      values = await target.pathValues.renew(operation);
      before = await target.settledRows();
    }
    await checkWrites(operation, inputClass, sent, values, before, await target.countRows());
  }

  /** Tallies one answer and notes what is wrong with it. */
  function judged(
    operation: Operation,
    inputClass: InputClass,
    input: InputCase,
    outcome: Outcome,
  ) {
    if ('answer' in outcome) tally(inputClass, outcome.answer.status);
    const wrong = fault(input, outcome);
    if (wrong) failures.push(`${operation.key} [${inputClass}] ${input.label}: ${wrong}`);
    return { input, outcome };
  }

  /** Where the cases sent changed a count, replays the refused ones alone to name the writer. */
  async function checkWrites(
    operation: Operation,
    inputClass: InputClass,
    sent: Sent[],
    values: PathValues,
    before: RowCounts,
    after: RowCounts,
  ) {
    if (!changedTables(before, after).length) return;
    const refused = sent.filter(
      ({ outcome }) => 'answer' in outcome && outcome.answer.status >= 400,
    );
    for (const { input } of refused) {
      const alone = await target.countRows();
      await target.send(operation, callOf(operation, input, values));
      const wrote = changedTables(alone, await target.countRows());
      if (wrote.length)
        failures.push(
          `${operation.key} [${inputClass}] ${input.label}: refused but wrote ${wrote.join(', ')}`,
        );
    }
  }

  it(
    'answers every class of hostile input to every documented operation without 5xx, refusing with problem+json and writing nothing',
    async () => {
      let sent = 0;
      // Made first: making them writes.
      for (const operation of target.operations) await target.pathValues.of(operation);
      await target.settledRows();
      for (const operation of target.operations) {
        const classes = inputCases(operation, target.tokenFor(operation));
        for (const inputClass of INPUT_CLASSES) {
          await sendClass(operation, inputClass, classes[inputClass]);
          sent += classes[inputClass].length;
        }
      }
      for (const service of Object.keys(target.platform.urls) as ServiceName[])
        for (const input of clientErrorCases) {
          const answer = await sendRaw(target.platform.urls[service], input.bytes);
          tally('client-errors', answer.status);
          if (answer.status !== input.expect || !isProblem(answer))
            failures.push(
              `${service} [client-errors] ${input.label}: ${answer.status} ${answer.contentType} ${answer.text.slice(0, 200)}`,
            );
          sent += 1;
        }
      expect(failures).toEqual([]);
      recordReliability('input-classes', report(sent));
    },
    TWENTY_MINUTES,
  );

  function report(sent: number): string {
    const rows = [...tallies.entries()].map(([inputClass, statuses]) => {
      const counts = [...statuses.entries()].sort(([a], [b]) => a - b);
      const total = counts.reduce((sum, [, n]) => sum + n, 0);
      return `| ${inputClass} | ${total} | ${counts.map(([s, n]) => `${s}×${n}`).join(' ')} |`;
    });
    return [
      `${sent} requests in ${tallies.size} input classes over ${target.operations.length} operations of the three services' OpenAPI documents: **0 answers 5xx, every refusal problem+json, 0 writes by a refused request**.`,
      '',
      '| input class | requests | answers (status×count) |',
      '| --- | --- | --- |',
      ...rows,
    ].join('\n');
  }
});
