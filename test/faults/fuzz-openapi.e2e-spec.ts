import fc from 'fast-check';
import { recordReliability } from '../support/reliability-report';
import { isProblem, type HttpCall } from '../security/support/http-call';
import type { Operation } from '../security/support/openapi-operations';
import { requestsFor } from '../security/support/request-arbitrary';
import { changedTables, type RowCounts } from '../security/support/row-counts';
import { startFuzzTarget, type FuzzTarget, type Outcome } from './support/fuzz-target';

const TOTAL_REQUESTS = 10_000;
const TEN_MINUTES = 600_000;
/** Reads sent at once (fewer than a pool's connections): row counts are compared once per batch. */
const READ_BATCH = 8;

interface EndpointTally {
  sent: number;
  statuses: Map<number, number>;
  writes: number;
}

/**
 * Item 8: requests generated from each service's OpenAPI document, sent with a credential of
 * the role the endpoint wants, never answer 5xx, answer every refusal with problem+json, and
 * write nothing unless they succeed. A request that may write (any method but GET) is sent on
 * its own, between two row counts of every table, so its writes are its own; reads go in
 * concurrent batches, and a batch that changes any count is replayed one request at a time to
 * name the culprit.
 */
describe('fuzzing from the OpenAPI schemas', () => {
  let target: FuzzTarget;
  let operations: Operation[];
  let countRows: () => Promise<RowCounts>;
  const tallies = new Map<string, EndpointTally>();
  const failures: string[] = [];

  beforeAll(async () => {
    target = await startFuzzTarget();
    ({ operations, countRows } = target);
  });

  afterAll(async () => {
    await target?.platform.close();
  });

  const send = (operation: Operation, call: HttpCall) => target.send(operation, call);

  /** Tallies one answer and notes what is wrong with it, given the tables it changed. */
  function judge(operation: Operation, call: HttpCall, outcome: Outcome, written: string[]): void {
    const where = `${operation.key} ${call.method} ${call.path}`;
    if ('hung' in outcome) {
      failures.push(`${where}: ${outcome.hung}`);
      return;
    }
    const { answer } = outcome;
    const tally = tallies.get(operation.key) ?? { sent: 0, statuses: new Map(), writes: 0 };
    tally.sent += 1;
    tally.statuses.set(answer.status, (tally.statuses.get(answer.status) ?? 0) + 1);
    const ok = answer.status >= 200 && answer.status < 300;
    if (ok && written.length) tally.writes += 1;
    tallies.set(operation.key, tally);
    if (answer.status >= 500)
      failures.push(`${where}: ${answer.status}: ${answer.text.slice(0, 300)}`);
    else if (!ok && !isProblem(answer))
      failures.push(
        `${where}: ${answer.status} is not problem+json (${answer.contentType}): ${answer.text.slice(0, 200)}`,
      );
    else if (!ok && written.length)
      failures.push(`${where}: ${answer.status} but wrote ${written.join(', ')}`);
  }

  /** Sends one request between two row counts; returns the counts after it. */
  async function isolated(operation: Operation, call: HttpCall, before: RowCounts) {
    const outcome = await send(operation, call);
    const after = await countRows();
    return { outcome, after, written: changedTables(before, after) };
  }

  /** Reads at once; a batch that wrote is replayed request by request to name the writer. */
  async function readBatch(operation: Operation, calls: HttpCall[], before: RowCounts) {
    const outcomes = await Promise.all(calls.map((call) => send(operation, call)));
    let after = await countRows();
    const batchWrote = changedTables(before, after);
    calls.forEach((call, i) => judge(operation, call, outcomes[i], []));
    if (!batchWrote.length) return after;
    const culprits: string[] = [];
    for (const call of calls) {
      const replay = await isolated(operation, call, after);
      after = replay.after;
      if (replay.written.length) culprits.push(`${call.path} wrote ${replay.written.join(', ')}`);
    }
    failures.push(
      `${operation.key}: a batch of reads wrote ${batchWrote.join(', ')}; one by one: ${culprits.join('; ') || 'not reproduced'}`,
    );
    return after;
  }

  it(
    `answers ${TOTAL_REQUESTS} generated requests without 5xx, with problem+json, writing only on success`,
    async () => {
      const perEndpoint = Math.ceil(TOTAL_REQUESTS / operations.length);
      let counts = await countRows();
      for (const operation of operations) {
        const calls = fc.sample(requestsFor(operation, target.tokenFor(operation)), {
          numRuns: perEndpoint,
          seed: 8,
        });
        if (operation.method === 'GET')
          for (let i = 0; i < calls.length; i += READ_BATCH)
            counts = await readBatch(operation, calls.slice(i, i + READ_BATCH), counts);
        else
          for (const call of calls) {
            const { outcome, after, written } = await isolated(operation, call, counts);
            judge(operation, call, outcome, written);
            counts = after;
          }
      }
      expect(failures).toEqual([]);
      const sent = [...tallies.values()].reduce((sum, tally) => sum + tally.sent, 0);
      expect(sent).toBeGreaterThanOrEqual(TOTAL_REQUESTS);
      expect([...tallies.keys()].sort()).toEqual(operations.map((o) => o.key).sort());
      recordReliability('fuzzing', report(sent));
    },
    TEN_MINUTES,
  );

  function report(sent: number): string {
    const rows = operations.map((operation) => {
      const tally = tallies.get(operation.key) as EndpointTally;
      const statuses = [...tally.statuses.entries()]
        .sort(([a], [b]) => a - b)
        .map(([status, count]) => `${status}×${count}`)
        .join(' ');
      return `| ${operation.key} | ${tally.sent} | ${statuses} | ${tally.writes} |`;
    });
    return [
      `${sent} generated requests over ${operations.length} endpoints of the three services, each with a credential of the role the endpoint wants: **0 answers 5xx, every refusal problem+json, 0 writes by a refused request**. Requests that may write are sent one at a time between row counts of every table; reads in concurrent batches of ${READ_BATCH}, counted per batch.`,
      '',
      '| endpoint | requests | answers (status×count) | 2xx that wrote |',
      '| --- | --- | --- | --- |',
      ...rows,
    ].join('\n');
  }
});
