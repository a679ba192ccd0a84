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
import { changedTables } from '../security/support/row-counts';
import type { ServiceName } from '../security/support/security-platform';
import { startFuzzTarget, type FuzzTarget, type Outcome } from './support/fuzz-target';

const TEN_MINUTES = 600_000;
/** Requests in flight at once, fewer than a pool's connections. */
const BATCH = 8;

/**
 * Items 1, 2 and 8 of issue 14 as classes of input rather than examples: for every operation
 * the three OpenAPI documents describe, control characters and lone surrogates in every string
 * member, path and query parameter; absent, null, array, number, string and boolean in place
 * of every object and member; huge strings and numbers; every media type the server does not
 * accept; malformed JSON and invalid UTF-8; `__proto__`/`constructor` and duplicate keys; and
 * percent-encodings that decode to no text. No answer is 5xx, every refusal is problem+json
 * (the classes that must be refused are, with the right status), and a refused request writes
 * nothing: every table's rows are counted before and after each class of each operation, and a
 * class that changed a count has its refused requests replayed one by one to name the writer.
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

  /** Sends one class of one operation in concurrent batches, between two row counts. */
  async function sendClass(operation: Operation, inputClass: InputClass, cases: InputCase[]) {
    const where = (input: InputCase) => `${operation.key} [${inputClass}] ${input.label}`;
    const before = await target.countRows();
    const outcomes: Outcome[] = [];
    for (let i = 0; i < cases.length; i += BATCH)
      outcomes.push(
        ...(await Promise.all(
          cases.slice(i, i + BATCH).map((c) => target.send(operation, c.call)),
        )),
      );
    cases.forEach((input, i) => {
      const outcome = outcomes[i];
      if ('answer' in outcome) tally(inputClass, outcome.answer.status);
      const wrong = fault(input, outcome);
      if (wrong) failures.push(`${where(input)}: ${wrong}`);
    });
    const written = changedTables(before, await target.countRows());
    if (!written.length) return;
    // Some requests of the class succeeded, or a refused one wrote: replay the refused alone.
    const refused = cases.filter((_, i) => {
      const outcome = outcomes[i];
      return 'answer' in outcome && outcome.answer.status >= 400;
    });
    for (const input of refused) {
      const alone = await target.countRows();
      await target.send(operation, input.call);
      const wrote = changedTables(alone, await target.countRows());
      if (wrote.length) failures.push(`${where(input)}: refused but wrote ${wrote.join(', ')}`);
    }
  }

  it(
    'answers every class of hostile input to every documented operation without 5xx, refusing with problem+json and writing nothing',
    async () => {
      let sent = 0;
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
    TEN_MINUTES,
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
