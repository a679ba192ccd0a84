import { readFileSync, writeFileSync } from 'node:fs';
import { nativeEd25519 } from '@taxchain/ledger';
import { ClaimableProber } from './claimable-prober';
import { sendBatchLoad } from './batch-load';
import { presignInvoices, sendIssueLoad, type IssueLoadOptions } from './issue-load';
import type { IssueLoadPlan, IssueLoadResult } from './issue-load-plan';
import { MerchantSigner } from './merchant-signer';
import { percentiles } from './percentiles';

/**
 * The issue load generator as a process of its own, apart from the services it measures:
 * `node issue-load.main.js <plan.json> <result.json>`. Pre-signs every invoice first, then posts
 * them for the planned duration and probes a sample for the time until they are claimable.
 */
async function main(): Promise<void> {
  const [planFile, resultFile] = process.argv.slice(2);
  const plan = JSON.parse(readFileSync(planFile, 'utf8')) as IssueLoadPlan;
  const presignStarted = Date.now();
  const merchants = plan.merchants.map(({ taxId, name, secret, token }) => ({
    signer: new MerchantSigner({ taxId, name }, Buffer.from(secret, 'hex'), nativeEd25519),
    token,
  }));
  const requests = presignInvoices(
    merchants,
    plan.buyers.map((b) => b.taxId),
    plan.invoices,
  );
  const presignMs = Date.now() - presignStarted;
  const buyerOf = new Map(requests.map((r) => [r.documentNumber, r.body.invoice.buyer.taxId]));
  const prober = new ClaimableProber({
    url: plan.reimbursementUrl,
    buyerTokens: new Map(plan.buyers.map((b) => [b.taxId, b.token])),
    intervalMs: plan.probeIntervalMs,
    timeoutMs: 30_000,
  });
  let accepted = 0;
  let probed = 0;
  const started = Date.now();
  const send = plan.batchSize
    ? (options: IssueLoadOptions) =>
        sendBatchLoad(requests, { ...options, batchSize: plan.batchSize ?? 1 })
    : (options: IssueLoadOptions) => sendIssueLoad(requests, options);
  const outcomes = await send({
    urls: plan.issuingUrls,
    concurrency: plan.concurrency,
    stopAt: started + plan.durationMs,
    ratePerSecond: plan.ratePerSecond,
    onAnswer: (outcome) => {
      if (outcome.status !== 201) return;
      accepted += 1;
      // A sample spread evenly over time, whatever the rate.
      if (probed < ((outcome.answeredAt - started) * plan.probesPerSecond) / 1_000) {
        probed += 1;
        prober.probe(outcome, buyerOf.get(outcome.documentNumber) ?? '');
      }
    },
  });
  const elapsedMs = Math.max(...outcomes.map((o) => o.answeredAt)) - started;
  const waits = await prober.results();
  const claimable = waits.filter((w): w is number => w !== undefined);
  const refused: Record<string, number> = {};
  for (const o of outcomes) if (o.status !== 201) refused[o.status] = (refused[o.status] ?? 0) + 1;
  const result: IssueLoadResult = {
    concurrency: plan.concurrency,
    sent: outcomes.length,
    accepted,
    refused,
    elapsedMs,
    acceptedPerSecond: (accepted * 1_000) / elapsedMs,
    exhausted: outcomes.length === requests.length,
    latencyMs: percentiles(outcomes.filter((o) => o.status === 201).map((o) => o.latencyMs)),
    claimableMs: { ...percentiles(claimable), neverClaimable: waits.length - claimable.length },
    presignMs,
  };
  writeFileSync(resultFile, JSON.stringify(result));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `issue load failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
