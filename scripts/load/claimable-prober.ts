import type { IssueOutcome } from './issue-load';

export interface ProbeOptions {
  /** Base URL of the reimbursement service. */
  url: string;
  /** Bearer token of each buyer, by tax ID: the invoice's buyer is the company that verifies it. */
  buyerTokens: Map<string, string>;
  /** How often a waiting probe asks again at first, ms. */
  intervalMs: number;
  /** Give up on an invoice after this long, ms (it then counts as never claimable). */
  timeoutMs: number;
}

/**
 * Measures what a buyer waits for: from the moment the merchant's issue call answered to the
 * first answer 200 from the reimbursement service's verify endpoint (GET /invoices/:number with
 * the check code), polled as an eager company would. Polls back off to a tenth of the wait so
 * far, so a lagging feed is not also flooded with probes: the figure errs high by at most
 * max(interval, 10 %) plus one verify round trip.
 */
export class ClaimableProber {
  private readonly waits: Array<Promise<number | undefined>> = [];

  constructor(private readonly options: ProbeOptions) {}

  probe(outcome: IssueOutcome, buyerTaxId: string): void {
    this.waits.push(this.wait(outcome, buyerTaxId));
  }

  /** Each probed invoice's wait in ms; undefined for one that never became claimable. */
  results(): Promise<Array<number | undefined>> {
    return Promise.all(this.waits);
  }

  private async wait(outcome: IssueOutcome, buyerTaxId: string): Promise<number | undefined> {
    const { url, buyerTokens, intervalMs, timeoutMs } = this.options;
    const address = `${url}/invoices/${outcome.invoiceNumber}?checkCode=${outcome.checkCode}`;
    const headers = { authorization: `Bearer ${buyerTokens.get(buyerTaxId)}` };
    while (Date.now() - outcome.answeredAt < timeoutMs) {
      try {
        const response = await fetch(address, { headers, signal: AbortSignal.timeout(5_000) });
        await response.arrayBuffer();
        if (response.status === 200) return Date.now() - outcome.answeredAt;
      } catch {
        // no answer this time: ask again
      }
      const waited = Date.now() - outcome.answeredAt;
      await new Promise((done) => setTimeout(done, Math.max(intervalMs, waited / 10)));
    }
    return undefined;
  }
}
