import { givenAuthorizationFixtures } from '../../security/support/authorization-fixtures';
import { accessOf, type CallerRole } from '../../security/support/endpoint-access';
import { httpCall, type HttpAnswer, type HttpCall } from '../../security/support/http-call';
import {
  concretePath,
  documentedOperations,
  type Operation,
} from '../../security/support/openapi-operations';
import { feedsCaughtUp } from '../../security/support/feeds-caught-up';
import { rowCounter, settledRows, type RowCounts } from '../../security/support/row-counts';
import {
  startSecurityPlatform,
  type SecurityPlatform,
} from '../../security/support/security-platform';
import { CallerPathValues } from './caller-path-values';

/** A fuzzed request unanswered this long hangs (a bug), and the rest of the run goes on. */
const HANG_MS = 30_000;

export type Outcome = { answer: HttpAnswer } | { hung: string };

/** The three services under fuzzing, the operations they document, and what a fuzzer needs. */
export interface FuzzTarget {
  platform: SecurityPlatform;
  operations: Operation[];
  countRows: () => Promise<RowCounts>;
  /** The counts once what earlier requests set going (read models fed through Kafka) landed. */
  settledRows: () => Promise<RowCounts>;
  /** A credential of the role the operation wants; none for a public one. */
  tokenFor(operation: Operation): string | undefined;
  /** Path values naming things of that caller's own (an invoice, a claim, a key, …). */
  pathValues: CallerPathValues;
  /** Sends one request to the operation's service; a hang is an outcome, not an exception. */
  send(operation: Operation, call: HttpCall): Promise<Outcome>;
}

export async function startFuzzTarget(): Promise<FuzzTarget> {
  // The machine and its PostgreSQL (100 connections) are shared with other runs: contention,
  // not the code under test, would otherwise answer 503 — a slow answer past the request
  // timeout, or no connection to be had. Hence a generous timeout and small pools.
  const platform = await startSecurityPlatform({
    HTTP_REQUEST_TIMEOUT_MS: '60000',
    DATABASE_POOL_SIZE: '10',
    WEBHOOKS_ALLOW_LOOPBACK: 'true',
  });
  const fixtures = await givenAuthorizationFixtures(platform);
  const countRows = await rowCounter(platform.db);
  const caughtUp = await feedsCaughtUp(platform.db);
  const tokens: Record<CallerRole, string | undefined> = {
    anonymous: undefined,
    ...fixtures.tokens,
    merchant: fixtures.own.merchantToken,
    company: fixtures.own.companyToken,
  };
  return {
    platform,
    operations: await documentedOperations(platform.urls),
    countRows,
    pathValues: new CallerPathValues(fixtures),
    settledRows: () => settledRows(countRows, caughtUp),
    tokenFor: (operation) => {
      const access = accessOf(operation);
      return access === 'public' ? undefined : tokens[access[0]];
    },
    send: async (operation, call) => {
      try {
        return { answer: await httpCall(platform.urls[operation.service], call, HANG_MS) };
      } catch (error) {
        if ((error as Error).name !== 'TimeoutError') throw error;
        return { hung: `no answer within ${HANG_MS} ms` };
      }
    },
  };
}

/**
 * The call sent to `values` (the caller's own things) instead of the path values it was made
 * with, its query kept: an id that names nothing is answered 404 before the body is looked at.
 */
export function aimedAt(operation: Operation, call: HttpCall, values: Record<string, string>) {
  const query = call.path.indexOf('?');
  const search = query < 0 ? '' : call.path.slice(query);
  return { ...call, path: `${concretePath(operation.path, values)}${search}` };
}
