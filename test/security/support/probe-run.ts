import type { FuzzTarget } from '../../faults/support/fuzz-target';
import { isProblem, type HttpAnswer } from './http-call';
import type { Operation } from './openapi-operations';
import type { ProbeCase } from './probe-request';
import { sendRequest } from './raw-http';
import { changedTables } from './row-counts';

/**
 * The answer's status and problem type; a batch answers 200 and refuses item by item, so
 * there they are its items'.
 */
export function verdicts(answer: HttpAnswer): Array<{ status: number; type: unknown }> {
  const results = answer.json?.results;
  if (answer.status === 200 && Array.isArray(results) && results.length)
    return (results as Array<{ status: number; problem?: { type?: unknown } }>).map((item) => ({
      status: item.status,
      type: item.problem?.type,
    }));
  return [{ status: answer.status, type: answer.json?.type }];
}

/** What is wrong with one answer, if anything. */
function fault(input: ProbeCase, answer: HttpAnswer): string | undefined {
  const said = `${answer.status} ${answer.text.slice(0, 160)}`;
  if (answer.status >= 500 || answer.status < 100) return said;
  if (answer.status >= 400 && !isProblem(answer))
    return `${said}: not problem+json (${answer.contentType})`;
  for (const { status, type } of verdicts(answer)) {
    if (status >= 500) return `${said}: an item answered ${status}`;
    if (input.expect === '4xx' && status < 400) return `${said}: must be refused`;
    if (typeof input.expect === 'number' && status !== input.expect)
      return `${said}: must be ${input.expect}`;
    if (input.problem && type !== `urn:taxchain:problem:${input.problem}`)
      return `${said}: must be ${input.problem}`;
  }
  return undefined;
}

/**
 * Sends each operation's cases one at a time, on fresh connections, between two row counts:
 * no answer may be 5xx, a refusal must be problem+json (of the status and type the case says,
 * if it says), and a refused request must write nothing (where an operation's cases changed a
 * count, its refused cases are replayed one by one to name the writer). Returns what went
 * wrong, by case.
 */
export async function probeOperations(
  target: FuzzTarget,
  casesOf: (operation: Operation, token: string | undefined) => ProbeCase[],
): Promise<string[]> {
  const failures: string[] = [];
  for (const operation of target.operations) {
    const send = (input: ProbeCase) =>
      sendRequest(target.platform.urls[operation.service], input.request);
    const where = (input: ProbeCase) => `${operation.key} ${input.label}`;
    const cases = casesOf(operation, target.tokenFor(operation));
    const refused: ProbeCase[] = [];
    const before = await target.countRows();
    for (const input of cases) {
      try {
        const answer = await send(input);
        const wrong = fault(input, answer);
        if (wrong) failures.push(`${where(input)}: ${wrong}`);
        if (answer.status >= 400) refused.push(input);
      } catch (error) {
        failures.push(`${where(input)}: ${(error as Error).message}`);
      }
    }
    if (!changedTables(before, await target.countRows()).length) continue;
    for (const input of refused) {
      const alone = await target.countRows();
      await send(input).catch(() => undefined);
      const written = changedTables(alone, await target.countRows());
      if (written.length) failures.push(`${where(input)}: refused but wrote ${written.join(', ')}`);
    }
  }
  return failures;
}
