import type { Pool } from 'pg';
import type { ServiceName } from '../../scripts/infra/service-process';
import { sendIssueLoad, type IssueOutcome, type IssueRequest } from '../../scripts/load/issue-load';
import { recordReliability } from '../support/reliability-report';
import { verifyChainsThroughAudit } from './support/chain-verification';
import { openCheckerPool } from './support/checker-pool';
import { sendClaims, type ClaimOutcome } from './support/claim-load';
import { answeredNumbers, statusCounts } from './support/issue-outcomes';
import { ledgerState } from './support/ledger-state';
import { startLoadCluster, type LoadCluster } from './support/load-cluster';
import { PrivatePostgres } from './support/private-postgres';
import { deliveredOnce, deliveryCounts, waitForDelivery } from './support/read-model-delivery';

const BATCH = 400;
/** Each service is killed once this many answers of the load it serves are in. */
const KILL_AFTER = 100;

interface Crash {
  service: ServiceName;
  killedAt: number;
  /** Healthy again (restarted by the test, on the same port). */
  upAt: number;
}

/**
 * kill -9 of issuing, then reimbursement (while claims are made), then audit, each under issue
 * load and restarted: every acknowledged invoice is in the ledger once and in both read models
 * once; every request the kill left unanswered either fully happened or not at all (resending
 * it gives exactly one invoice); no invoice has two live claims and every acknowledged claim exists.
 */
describe('kill -9 of each service under load', () => {
  let postgres: PrivatePostgres;
  let load: LoadCluster;
  let db: Pool;

  beforeAll(async () => {
    // A server of its own: a restarted service must not find a shared one full.
    postgres = await PrivatePostgres.start();
    load = await startLoadCluster(postgres.adminUrl, process.env.KAFKA_BROKERS ?? '');
    db = await openCheckerPool(load.cluster.databaseUrl);
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await load?.cluster.close();
    await postgres?.close();
  }, 60_000);

  function crash(service: ServiceName): Promise<Crash> {
    return (async () => {
      const killedAt = Date.now();
      await load.cluster.instance(service).kill();
      await load.cluster.startInstance(service);
      return { service, killedAt, upAt: Date.now() };
    })();
  }

  /** Issues `requests` as retrying clients; `service` is killed and restarted on the way. */
  async function issueThrough(
    requests: IssueRequest[],
    service?: ServiceName,
  ): Promise<{ outcomes: IssueOutcome[]; crash?: Crash }> {
    let crashed: Promise<Crash> | undefined;
    const outcomes = await sendIssueLoad(requests, {
      urls: [load.cluster.instance('issuing').url],
      concurrency: 16,
      retryUntil: Date.now() + 180_000,
      requestTimeoutMs: 15_000,
      onAnswer: (_, done) => {
        if (service && done === KILL_AFTER) crashed = crash(service);
      },
    });
    return { outcomes, crash: await crashed };
  }

  it('loses nothing and duplicates nothing acknowledged, and leaves nothing half-done', async () => {
    const batchA = load.presign(BATCH);
    const issuingPhase = await issueThrough(batchA, 'issuing');
    const issuedA = answeredNumbers(issuingPhase.outcomes);
    const deliveredA = await waitForDelivery(db, issuedA.values(), 120_000);
    expect(deliveryCounts(deliveredA.delivery)).toEqual(deliveredOnce(BATCH));

    // Each invoice claimed twice at once by its buyer while invoices keep coming.
    const checkCodes = new Map(issuingPhase.outcomes.map((o) => [o.invoiceNumber, o.checkCode]));
    const claimRequests = batchA.flatMap((request) => {
      const invoiceNumber = issuedA.get(`${request.sellerTaxId}:${request.documentNumber}`) ?? '';
      const claim = {
        token: load.buyerToken(request),
        invoiceNumber,
        checkCode: checkCodes.get(invoiceNumber) ?? '',
      };
      return [claim, claim];
    });
    let reimbursementCrash: Promise<Crash> | undefined;
    const [claims, issuedDuringClaims] = await Promise.all([
      sendClaims(load.cluster.instance('reimbursement').url, claimRequests, {
        concurrency: 16,
        retryUntil: Date.now() + 180_000,
        onAnswer: (done) => {
          if (done === KILL_AFTER) reimbursementCrash = crash('reimbursement');
        },
      }),
      issueThrough(load.presign(BATCH)),
    ]);
    const auditPhase = await issueThrough(load.presign(BATCH), 'audit');
    const crashes = [issuingPhase.crash, await reimbursementCrash, auditPhase.crash];
    expect(crashes.map((c) => c?.service)).toEqual(['issuing', 'reimbursement', 'audit']);

    // Every issue request ended issued (201) or, resent after losing its answer, replayed (200).
    const outcomes = [
      ...issuingPhase.outcomes,
      ...issuedDuringClaims.outcomes,
      ...auditPhase.outcomes,
    ];
    const counts = statusCounts(outcomes);
    expect((counts[200] ?? 0) + (counts[201] ?? 0)).toBe(3 * BATCH);
    const resent = issuingPhase.outcomes.filter((o) => o.attempts > 1);
    expect(resent.length).toBeGreaterThan(0);

    // One invoice per document, with its ledger entry, and the number the client was given.
    const issued = answeredNumbers(outcomes);
    expect(issued.size).toBe(3 * BATCH);
    const ledger = await ledgerState(db);
    expect(ledger).toMatchObject({ gappedChains: [], entriesWithoutRow: 0, rowsWithoutEntry: 0 });
    expect(ledger.invoices).toEqual(issued);

    // Delivered downstream once each, through the restarts of both consumers.
    const { delivery } = await waitForDelivery(db, issued.values(), 150_000);
    expect(deliveryCounts(delivery)).toEqual(deliveredOnce(3 * BATCH));

    const claimed = await claimState(db, claims);
    expect(claimed).toEqual({
      answeredStatuses: [201, 409],
      invoicesWithTwoWins: 0,
      acknowledgedMissing: 0,
      invoicesWithoutLiveClaim: 0,
      invoicesWithTwoLiveClaims: 0,
      claimsWithoutEntry: 0,
      auditClaimed: BATCH,
    });

    const verification = await verifyChainsThroughAudit(
      load.cluster.urls('audit')[0],
      load.parties.official,
    );
    expect(verification).toMatchObject({ state: 'done', result: { ok: true } });

    const replayed = resent.filter((o) => o.status === 200).length;
    const lostClaims = claims.filter((c) => c.attempts > 1).length;
    recordReliability(
      'service-crash',
      [
        `Each service was killed with SIGKILL under load and restarted on its port (${crashes.map((c) => `${c?.service} back in ${(((c?.upAt ?? 0) - (c?.killedAt ?? 0)) / 1000).toFixed(1)} s`).join(', ')}): ${3 * BATCH} invoices issued by 16 retrying clients, ${claimRequests.length} claims (two per invoice, at once) by 16 more while reimbursement was killed.`,
        '',
        '| figure | value |',
        '| --- | --- |',
        `| issue requests acknowledged (201, or 200 on resending) | ${3 * BATCH} / ${3 * BATCH} |`,
        `| issue requests resent through the issuing kill (no answer, or 503) | ${resent.length}: ${replayed} had fully happened (resent: 200, same invoice), ${resent.length - replayed} not at all (resent: 201, one invoice) |`,
        `| invoices in ledger / reimbursement / audit read models | ${ledger.invoices.size} / ${delivery.map((d) => d.rows).join(' / ')} |`,
        `| lost / duplicated | 0 / 0 |`,
        `| claims answered 201 / 409 | ${claims.filter((c) => c.status === 201).length} / ${claims.filter((c) => c.status === 409).length} (${lostClaims} resent after no answer or a 503) |`,
        `| invoices with two live claims / acknowledged claims missing | 0 / 0 |`,
        `| chain verification | ${verification.done} entries, all valid |`,
      ].join('\n'),
    );
  }, 600_000);
});

/**
 * Where the claims stand: at most one acknowledged (201) per invoice, each in the database,
 * exactly one live claim per invoice (each was claimed by its buyer), each with its ledger
 * entry, and the audit read model seeing every invoice claimed.
 */
async function claimState(db: Pool, claims: ClaimOutcome[]) {
  const won = claims.filter((c) => c.status === 201);
  const wins = new Map<string, number>();
  for (const claim of won) wins.set(claim.invoiceNumber, (wins.get(claim.invoiceNumber) ?? 0) + 1);
  const invoices = [...new Set(claims.map((c) => c.invoiceNumber))];
  const {
    rows: [row],
  } = await db.query<Record<string, number>>(
    `SELECT
       (SELECT count(*) FROM unnest($1::uuid[]) id WHERE NOT EXISTS
         (SELECT 1 FROM reimbursement.claims c WHERE c.claim_id = id AND c.state = 'active'))::int AS missing,
       (SELECT count(*) FROM unnest($2::text[]) n WHERE NOT EXISTS
         (SELECT 1 FROM reimbursement.claims c WHERE c.invoice_number = n AND c.state IN ('active', 'completed')))::int AS unclaimed,
       (SELECT count(*) FROM (SELECT invoice_number FROM reimbursement.claims
         WHERE state IN ('active', 'completed') GROUP BY invoice_number HAVING count(*) > 1) twice)::int AS twice,
       ((SELECT count(*) FROM reimbursement.claims)
         - (SELECT count(*) FROM ledger.entries WHERE kind = 'reimbursement.claimed'))::int AS without_entry`,
    [won.map((c) => c.claimId), invoices],
  );
  const auditClaimed = await waitForAuditClaims(db, invoices);
  return {
    answeredStatuses: [...new Set(claims.map((c) => c.status))].sort((a, b) => a - b),
    invoicesWithTwoWins: [...wins.values()].filter((n) => n > 1).length,
    acknowledgedMissing: row.missing,
    invoicesWithoutLiveClaim: row.unclaimed,
    invoicesWithTwoLiveClaims: row.twice,
    claimsWithoutEntry: row.without_entry,
    auditClaimed,
  };
}

/** How many of the invoices the audit read model shows claimed, once all are or 60 s passed. */
async function waitForAuditClaims(db: Pool, invoices: string[]): Promise<number> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const {
      rows: [{ n }],
    } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit.invoices
       WHERE invoice_number = ANY($1) AND claim_state = 'claimed'`,
      [invoices],
    );
    if (n === invoices.length || Date.now() > deadline) return n;
    await new Promise((done) => setTimeout(done, 1_000));
  }
}
