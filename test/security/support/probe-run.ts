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

/** An operation and the cases of the class being probed for it (never none). */
interface Probe {
  operation: Operation;
  cases: ProbeCase[];
}

/** One operation's cases as they were sent: the refused ones, and how to send one again. */
interface Probed {
  refused: ProbeCase[];
  /** To the path values the last accepted change left (a fresh invoice, say). */
  send(input: ProbeCase): Promise<HttpAnswer>;
  where(input: ProbeCase): string;
}

type CasesOf = (operation: Operation, token: string | undefined) => ProbeCase[];

/**
 * Sends the operation's cases one at a time, on fresh connections, at things of the caller's
 * own (its invoice, claim, key, …: an id that names nothing is refused 404 before the body is
 * looked at), fresh ones after a change was accepted; what is wrong with an answer goes to
 * `failures`.
 */
async function sendCases(target: FuzzTarget, probe: Probe, failures: string[]): Promise<Probed> {
  const { operation } = probe;
  let values = await target.pathValues.of(operation);
  const probed: Probed = {
    refused: [],
    send: (input) =>
      sendRequest(
        target.platform.urls[operation.service],
        aimedAt(input, operation, values).request,
      ),
    where: (input) => `${operation.key} ${input.label}`,
  };
  for (const input of probe.cases) {
    try {
      const answer = await probed.send(input);
      const wrong = fault(input, answer);
      if (wrong) failures.push(`${probed.where(input)}: ${wrong}`);
      if (answer.status >= 400) probed.refused.push(input);
      else if (operation.method !== 'GET') values = await target.pathValues.renew(operation);
    } catch (error) {
      failures.push(`${probed.where(input)}: ${(error as Error).message}`);
    }
  }
  return probed;
}

/**
 * Each refused case sent again alone, between two row counts: the writes it makes, by case.
 * The count after one case is the count before the next (nothing else is sent between them).
 */
async function writesOfRefused(target: FuzzTarget, replayed: Probed[]): Promise<string[]> {
  const writes: string[] = [];
  let last = await target.countRows();
  for (const probed of replayed)
    for (const input of probed.refused) {
      await probed.send(input).catch(() => undefined);
      const now = await target.countRows();
      const written = changedTables(last, now);
      last = now;
      if (written.length)
        writes.push(`${probed.where(input)}: refused but wrote ${written.join(', ')}`);
    }
  return writes;
}

/**
 * Sends each operation's cases (see sendCases) between row counts: no answer may be 5xx, a
 * refusal must be problem+json (of the status and type the case says, if it says), and a
 * refused request must write nothing. Where the counts moved, the refused cases are replayed
 * one by one to name the writer. Returns what went wrong, by case.
 */
export async function probeOperations(target: FuzzTarget, casesOf: CasesOf): Promise<string[]> {
  const failures: string[] = [];
  for (const run of runsOf(target, casesOf)) {
    for (const { operation } of run) await target.pathValues.of(operation);
    const before = await target.countRows();
    const probes: Probed[] = [];
    const moved: Probed[] = [];
    let last = before;
    for (const probe of run) {
      const probed = await sendCases(target, probe, failures);
      const now = await target.countRows();
      probes.push(probed);
      if (changedTables(last, now).length) moved.push(probed);
      last = now;
    }
    // Settled first: an accepted change reaches the read models a moment after its answer; a
    // write that lands only then is not known to be any one operation's, so all are replayed.
    const replayed = changedTables(before, await target.settledRows()).length ? probes : moved;
    failures.push(...(await writesOfRefused(target, replayed)));
  }
  return failures;
}

/**
 * The operations that have cases of the class, in order, in runs that share one settled count:
 * each change alone (what it set going must land before the next is counted), consecutive reads
 * together, as a read accepts nothing that writes (the wait for quiet is most of a read's
 * time). Each operation still has a count of its own right after its cases: a write by one is
 * never hidden by another's. An operation the class has no case for (a body class and a route
 * without a body) sends nothing, so it has nothing to count or wait for; the reads on either
 * side of it share a run. Cases are made a run at a time: a class's huge bodies are not all
 * held at once.
 */
function* runsOf(target: FuzzTarget, casesOf: CasesOf): Generator<Probe[]> {
  let reads: Probe[] = [];
  for (const operation of target.operations) {
    const cases = casesOf(operation, target.tokenFor(operation));
    if (!cases.length) continue;
    if (operation.method === 'GET') {
      reads.push({ operation, cases });
      continue;
    }
    if (reads.length) yield reads;
    reads = [];
    yield [{ operation, cases }];
  }
  if (reads.length) yield reads;
}
