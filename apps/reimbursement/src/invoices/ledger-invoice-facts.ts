import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { LedgerKinds, type InvoiceCreditedPayload } from '@taxchain/contracts';
import { LedgerSettings, chainOf } from '@taxchain/ledger';

/** What the ledger itself says about an invoice's voids and credits, as of now. */
export interface LedgerInvoiceFacts {
  voided: boolean;
  /** From the newest invoice.credited; undefined when never credited. */
  remainingGross?: bigint;
}

/**
 * Reads voids and credits from the ledger under the invoice chain's head lock. The read model
 * trails the ledger by the feed's latency; a claim decided on it alone could follow a void
 * already recorded. Holding the head lock, nothing new lands on the chain until this
 * transaction commits (the appender takes the same lock to append), so the decision and the
 * claim entry see one and the same ledger.
 */
@Injectable()
export class LedgerInvoiceFactsReader {
  constructor(private readonly settings: LedgerSettings) {}

  async lockAndRead(tx: EntityManager, invoiceNumber: string): Promise<LedgerInvoiceFacts> {
    const chain = chainOf(invoiceNumber, this.settings.chains);
    await tx.query('SELECT 1 FROM ledger.heads WHERE chain = $1 FOR UPDATE', [chain]);
    const rows = await tx.query<Array<{ kind: string; payload: string }>>(
      `SELECT kind, payload FROM ledger.entries
        WHERE subject = $1 AND chain = $2 AND kind = ANY($3) ORDER BY seq`,
      [invoiceNumber, chain, [LedgerKinds.invoiceVoided, LedgerKinds.invoiceCredited]],
    );
    const facts: LedgerInvoiceFacts = { voided: false };
    for (const row of rows) {
      if (row.kind === LedgerKinds.invoiceVoided) facts.voided = true;
      else facts.remainingGross = remainingOf(row.payload) ?? facts.remainingGross;
    }
    return facts;
  }
}

function remainingOf(payload: string): bigint | undefined {
  const remaining = (JSON.parse(payload) as Partial<InvoiceCreditedPayload>).remainingGross;
  return typeof remaining === 'string' && /^\d{1,18}$/.test(remaining)
    ? BigInt(remaining)
    : undefined;
}
