import type { Pool } from 'pg';
import { sendIssueLoad, type IssueOutcome } from '../../scripts/load/issue-load';
import { recordReliability } from '../support/reliability-report';
import { verifyChainsThroughAudit } from './support/chain-verification';
import { openCheckerPool } from './support/checker-pool';
import { answeredBetween, answeredNumbers, statusCounts } from './support/issue-outcomes';
import { ledgerState } from './support/ledger-state';
import { startLoadCluster, type LoadCluster } from './support/load-cluster';
import { PrivateKafka } from './support/private-kafka';
import { PrivatePostgres } from './support/private-postgres';
import { deliveredOnce, deliveryCounts, waitForDelivery } from './support/read-model-delivery';

const INVOICES = 5_000;
const OUTAGE_MS = 20_000;
/** The broker goes down once this many answers are in, so the load runs on through the outage. */
const STOP_AFTER = 600;

/**
 * The platform on a broker of its own, stopped for 20 s while 5,000 invoices are issued:
 * issuing keeps answering 201 (the ledger is the outbox), and once the broker is back every
 * invoice reaches both read models exactly once and every chain verifies.
 */
describe('Kafka down for 20 s under issue load', () => {
  let kafka: PrivateKafka;
  let postgres: PrivatePostgres;
  let load: LoadCluster;
  let db: Pool;

  beforeAll(async () => {
    kafka = await PrivateKafka.start();
    // A database server of its own too: a shared one may be full of other suites' connections.
    postgres = await PrivatePostgres.start();
    load = await startLoadCluster(postgres.adminUrl, kafka.brokers);
    db = await openCheckerPool(load.cluster.databaseUrl);
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await load?.cluster.close();
    await kafka?.close();
    await postgres?.close();
  }, 60_000);

  it('answers every issue 201 and delivers all 5,000 exactly once after the broker returns', async () => {
    const requests = load.presign(INVOICES);
    let outage: Promise<{ stoppedAt: number; restartedAt: number; readyAt: number }> | undefined;
    const outcomes: IssueOutcome[] = await sendIssueLoad(requests, {
      urls: load.cluster.urls('issuing'),
      concurrency: 32,
      requestTimeoutMs: 15_000,
      onAnswer: (_, done) => {
        if (done === STOP_AFTER) outage = brokerOutage(kafka);
      },
    });
    if (!outage) throw new Error('the load ended before the broker was stopped');
    const { stoppedAt, restartedAt, readyAt } = await outage;

    // Issuing never waited for Kafka: every request it received was answered 201, during the
    // outage too. A request lost on the way (no answer, e.g. a connection reset on this busy
    // machine) is resent once, and must then be new to the platform (201, not a 200 replay).
    const unanswered = outcomes.filter((o) => o.status !== 201);
    expect(unanswered.filter((o) => o.status !== 0)).toEqual([]);
    const resent = await sendIssueLoad(
      requests.filter((r) => unanswered.some((o) => o.documentNumber === r.documentNumber)),
      { urls: load.cluster.urls('issuing'), concurrency: 1, requestTimeoutMs: 15_000 },
    );
    expect(statusCounts(resent)).toEqual(unanswered.length ? { 201: unanswered.length } : {});
    outcomes.push(...resent);
    const duringOutage = answeredBetween(outcomes, stoppedAt, restartedAt);
    expect(duringOutage).toBeGreaterThan(0);

    const answered = answeredNumbers(outcomes);
    expect(answered.size).toBe(INVOICES);
    const { tookMs, delivery } = await waitForDelivery(db, answered.values(), 150_000);
    expect(deliveryCounts(delivery)).toEqual(deliveredOnce(INVOICES));

    const ledger = await ledgerState(db);
    expect(ledger).toMatchObject({ gappedChains: [], entriesWithoutRow: 0, rowsWithoutEntry: 0 });
    expect(ledger.invoices).toEqual(answered);

    const verification = await verifyChainsThroughAudit(
      load.cluster.urls('audit')[0],
      load.parties.official,
    );
    expect(verification).toMatchObject({ state: 'done', result: { ok: true } });

    const firstAt = Math.min(...outcomes.map((o) => o.answeredAt));
    const lastAt = Math.max(...outcomes.map((o) => o.answeredAt));
    recordReliability(
      'kafka-down',
      [
        `The platform's private broker was stopped for ${((restartedAt - stoppedAt) / 1000).toFixed(1)} s (ready again ${((readyAt - restartedAt) / 1000).toFixed(1)} s after its restart) while ${INVOICES} invoices were issued (32 concurrent clients, ${((lastAt - firstAt) / 1000).toFixed(0)} s in all).`,
        '',
        '| figure | value |',
        '| --- | --- |',
        `| issue requests answered 201 | ${INVOICES - unanswered.length} / ${INVOICES} at the first attempt; ${unanswered.length} lost on the way (${[...new Set(unanswered.map((o) => o.error))].join(', ') || 'none'}), 201 when resent |`,
        `| answered 201 while the broker was down | ${duringOutage} |`,
        `| delivered to reimbursement / audit read models | ${delivery.map((d) => d.rows).join(' / ')} |`,
        `| lost / duplicated | 0 / 0 |`,
        `| all delivered, after the broker was ready again | ${((readyAt - restartedAt + tookMs) / 1000).toFixed(1)} s |`,
        `| chain verification | ${verification.done} entries in ${verification.result?.chains.length} chains, all valid |`,
      ].join('\n'),
    );
  }, 600_000);
});

/** Stops the broker, waits OUTAGE_MS, starts it again; resolves when it is ready for consumers. */
async function brokerOutage(
  kafka: PrivateKafka,
): Promise<{ stoppedAt: number; restartedAt: number; readyAt: number }> {
  await kafka.halt();
  const stoppedAt = Date.now();
  await new Promise((done) => setTimeout(done, OUTAGE_MS));
  const restartedAt = Date.now();
  await kafka.resume();
  return { stoppedAt, restartedAt, readyAt: Date.now() };
}
