import type { Pool } from 'pg';
import { sendIssueLoad } from '../../scripts/load/issue-load';
import { recordReliability } from '../support/reliability-report';
import { verifyChainsThroughAudit } from './support/chain-verification';
import { openCheckerPool } from './support/checker-pool';
import { exitedInstances } from './support/exited-instances';
import { answeredNumbers, statusCounts } from './support/issue-outcomes';
import { IssueProbe, type ProbeSample } from './support/issue-probe';
import { ledgerState } from './support/ledger-state';
import { startLoadCluster, type LoadCluster } from './support/load-cluster';
import { PrivatePostgres } from './support/private-postgres';
import { deliveredOnce, deliveryCounts, waitForDelivery } from './support/read-model-delivery';

const INVOICES = 1_500;
const PROBED = 400;
const DOWN_MS = 4_000;
/** The services answer 503 to any request still running after this (HTTP_REQUEST_TIMEOUT_MS). */
const REQUEST_TIMEOUT_MS = 10_000;
/** Slack for the answer to travel on a busy two-core machine. */
const TRANSIT_MS = 2_000;
const RESUME_WITHIN_MS = 10_000;

interface Restart {
  mode: 'fast' | 'immediate';
  stoppedAt: number;
  backAt: number;
}

/**
 * The platform on a PostgreSQL server of its own, restarted twice under issue load (fast, then
 * immediate shutdown): clients get 503 with Retry-After while it is away, never a 500 or a
 * hang; service resumes by itself within 10 s of its return; the ledger holds no partial batch.
 */
describe('PostgreSQL restarted under issue load', () => {
  let postgres: PrivatePostgres;
  let load: LoadCluster;
  let db: Pool;

  beforeAll(async () => {
    postgres = await PrivatePostgres.start();
    load = await startLoadCluster(postgres.adminUrl, process.env.KAFKA_BROKERS ?? '', {
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    });
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await load?.cluster.close();
    await postgres?.close();
  }, 60_000);

  it('answers 503 with Retry-After while it is down and resumes within 10 s, with no partial batch', async () => {
    const issuingUrl = load.cluster.urls('issuing')[0];
    const probe = new IssueProbe(issuingUrl, load.presign(PROBED), {
      lanes: 4,
      pauseMs: 200,
      timeoutMs: REQUEST_TIMEOUT_MS + 5_000,
    });
    let answered = 0;
    const loading = sendIssueLoad(load.presign(INVOICES), {
      urls: [issuingUrl],
      concurrency: 16,
      retryUntil: Date.now() + 240_000,
      requestTimeoutMs: REQUEST_TIMEOUT_MS + 5_000,
      onAnswer: () => (answered += 1),
    });
    const restarts: Restart[] = [];
    for (const [mode, after] of [
      ['fast', 300],
      ['immediate', 800],
    ] as const) {
      while (answered < after) await sleep(100);
      restarts.push(await restart(postgres, mode));
    }
    const outcomes = await loading;
    const samples = await probe.stop();

    // The load client retried 503s; anything else (a 500 above all) would be its last answer.
    expect(statusCounts(outcomes)).toEqual({ 201: INVOICES });
    // Every probe attempt was answered in time: 2xx, or 503 problem+json with Retry-After;
    // never a 500, never a hang. A connection the client lost (a reset, not a timeout) is
    // counted apart and resent like a 503: issuing is idempotent on the document number.
    const refused = samples.filter((s) => s.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    const lost = samples.filter((s) => s.status === 0);
    expect(lost.filter((s) => s.error === 'hang')).toEqual([]);
    const shapes = samples.filter((s) => s.status !== 200 && s.status !== 201 && s.status !== 0);
    expect(new Set(shapes.map(unavailableShape))).toEqual(new Set(['503 problem Retry-After']));
    const slowest = Math.max(...samples.map((s) => s.latencyMs));
    expect(slowest).toBeLessThanOrEqual(REQUEST_TIMEOUT_MS + TRANSIT_MS);
    const resumedAfter = restarts.map((r) => firstIssuedAfter(samples, r.backAt) - r.backAt);
    for (const ms of resumedAfter) expect(ms).toBeLessThanOrEqual(RESUME_WITHIN_MS);
    // Nobody restarted a service: every process lived through both restarts.
    expect(exitedInstances(load.cluster)).toEqual([]);

    db = await openCheckerPool(load.cluster.databaseUrl);
    const issued = new Map([...answeredNumbers(outcomes), ...probe.issued]);
    const ledger = await ledgerState(db);
    expect(ledger).toMatchObject({ gappedChains: [], entriesWithoutRow: 0, rowsWithoutEntry: 0 });
    expect(ledger.invoices).toEqual(issued);
    const { delivery } = await waitForDelivery(db, issued.values(), 120_000);
    expect(deliveryCounts(delivery)).toEqual(deliveredOnce(issued.size));
    const verification = await verifyChainsThroughAudit(
      load.cluster.urls('audit')[0],
      load.parties.official,
    );
    expect(verification).toMatchObject({ state: 'done', result: { ok: true } });

    recordReliability(
      'postgres-restart',
      [
        `The platform's private PostgreSQL server was stopped twice for ${DOWN_MS / 1000} s (fast, then immediate shutdown) while ${INVOICES} invoices were issued by 16 retrying clients and ${probe.issued.size} more by 4 probe clients recording every attempt.`,
        '',
        '| figure | value |',
        '| --- | --- |',
        `| probe attempts | ${samples.length} |`,
        `| answered 503 with Retry-After (problem+json) | ${refused.length} |`,
        `| answered 500 / hung | 0 / 0 |`,
        `| connection lost on the client's side (resent) | ${lost.length}${lost.length ? ` (${[...new Set(lost.map((s) => s.error))].join(', ')})` : ''} |`,
        `| slowest answer | ${(slowest / 1000).toFixed(1)} s (request timeout ${REQUEST_TIMEOUT_MS / 1000} s) |`,
        ...restarts.map(
          (r, i) =>
            `| first 201 after the ${r.mode} restart (database back) | ${(resumedAfter[i] / 1000).toFixed(1)} s |`,
        ),
        `| ledger | ${issued.size} invoices, every chain gapless, every entry with its issuing row and back, verified |`,
      ].join('\n'),
    );
  }, 600_000);
});

async function restart(postgres: PrivatePostgres, mode: Restart['mode']): Promise<Restart> {
  await postgres.halt(mode);
  const stoppedAt = Date.now();
  await sleep(DOWN_MS);
  await postgres.resume();
  return { mode, stoppedAt, backAt: Date.now() };
}

/** When the first attempt sent after `from` was answered 201/200. */
function firstIssuedAfter(samples: ProbeSample[], from: number): number {
  const served = samples.filter((s) => s.sentAt >= from && (s.status === 200 || s.status === 201));
  return Math.min(...served.map((s) => s.answeredAt));
}

function unavailableShape(sample: ProbeSample): string {
  const problem = sample.contentType?.startsWith('application/problem+json') ? 'problem' : '';
  const retry = sample.retryAfter && /^\d+$/.test(sample.retryAfter) ? 'Retry-After' : '';
  return `${sample.status} ${problem} ${retry}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
