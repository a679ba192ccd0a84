import type { FuzzTarget } from '../../faults/support/fuzz-target';
import { isProblem, type HttpAnswer } from './http-call';
import { concretePath, type Operation } from './openapi-operations';
import { ProbeRequest, type ProbeCase } from './probe-request';
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
 * The case's request with its path naming `values` instead of the schema's samples it was made
 * with; a path the case spoiled itself (dot segments, say) is sent as it is.
 */
function aimedAt(input: ProbeCase, operation: Operation, values: Record<string, string>) {
  if (input.request.path !== new ProbeRequest(operation, undefined).path) return input;
  return { ...input, request: { ...input.request, path: concretePath(operation.path, values) } };
}

/**
 * Sends each operation's cases one at a time, on fresh connections, between two row counts,
 * at things of the caller's own (its invoice, claim, key, …: an id that names nothing is
 * refused 404 before the body is looked at), fresh ones after a change was accepted:
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
    let values = await target.pathValues.of(operation);
    const send = (input: ProbeCase) =>
      sendRequest(
        target.platform.urls[operation.service],
        aimedAt(input, operation, values).request,
      );
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
        else if (operation.method !== 'GET') values = await target.pathValues.renew(operation);
      } catch (error) {
        failures.push(`${where(input)}: ${(error as Error).message}`);
      }
    }
    // Settled first: an accepted change reaches the read models a moment after its answer.
    if (!changedTables(before, await target.settledRows()).length) continue;
    for (const input of refused) {
      const alone = await target.countRows();
      await send(input).catch(() => undefined);
      const written = changedTables(alone, await target.countRows());
      if (written.length) failures.push(`${where(input)}: refused but wrote ${written.join(', ')}`);
    }
  }
  return failures;
}
