import { Injectable } from '@nestjs/common';
import { taxIdRegion } from '@taxchain/contracts';
import { FeedDatabase, type LedgerEntry, type ParsedFeedEvent } from '@taxchain/ledger';
import { writesTogether, type SqlStatement } from '@taxchain/platform';
import type { EntityManager } from 'typeorm';
import { DailyTotalsRepository } from '../analytics/daily-totals.repository';
import { AnomalyRecorder } from '../anomalies/anomaly-recorder.service';
import { AnomalyThresholds } from '../anomalies/anomaly-thresholds';
import { voidAfterClaimAnomaly } from '../anomalies/detectors/claim-anomalies';
import { InvoiceDetectors } from '../anomalies/detectors/invoice-detectors.service';
import { InvoicesRepository, type NewInvoice } from '../invoices/invoices.repository';
import { rateTotals } from '../invoices/rate-totals';
import type {
  CreditedEvent,
  InvoiceDocumentEvent,
  IssuedEvent,
  VoidedEvent,
} from './feed-payloads';

/**
 * invoice.* entries: read model, daily totals and invoice findings. Issued invoices, nearly all
 * of the feed, are applied a run at a time: their writes are returned, for the feed to commit
 * with its position in one statement; the rarer kinds run in the feed's transaction.
 */
@Injectable()
export class InvoiceEvents {
  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly totals: DailyTotalsRepository,
    private readonly detectors: InvoiceDetectors,
    private readonly thresholds: AnomalyThresholds,
    private readonly anomalies: AnomalyRecorder,
    private readonly feedDatabase: FeedDatabase,
  ) {}

  /**
   * A run of invoice.issued entries, as one set: their findings, and the writes that record them
   * and their totals, for the feed to commit with its position. The findings come first, from
   * the activity alone (which the detectors commit themselves): every entry of the run is after
   * the chain's position, so its invoice is new to the read model (an invoice number is issued
   * once), and a run applied again (its writes refused, another instance having moved the chain)
   * finds the same things under the same dedupe keys.
   */
  async issued(issued: Array<ParsedFeedEvent<IssuedEvent>>): Promise<SqlStatement[]> {
    const recorded = issued.map(({ entry, event }) => ({
      entry,
      invoice: toInvoice(event.invoiceNumber, event.document, entry),
    }));
    for (const anomaly of await this.detectors.check(recorded, this.feedDatabase.manager))
      await this.anomalies.record(anomaly);
    return this.recording(
      recorded.map((r) => r.invoice),
      1,
    );
  }

  async voided(tx: EntityManager, entry: LedgerEntry, event: VoidedEvent): Promise<void> {
    // The subject is what the ledger chained: the voided invoice's number.
    const invoice = await this.invoices.state(tx, entry.subject);
    if (!invoice || invoice.status === 'voided') return;
    await this.invoices.markVoided(tx, entry.subject, entry.recordedAt);
    const key = {
      day: invoice.issueDate,
      chain: entry.chain,
      sellerTaxId: invoice.sellerTaxId,
      buyerTaxId: invoice.buyerTaxId,
      region: invoice.region,
    };
    await this.totals.add(tx, [{ key, rates: invoice.rateTotals, sign: -1n, countSign: -1 }]);
    await this.flagVoidAfterClaim(tx, entry, event.document.invoiceNumber);
  }

  async credited(tx: EntityManager, entry: LedgerEntry, event: CreditedEvent): Promise<void> {
    const note = toInvoice(event.creditNoteNumber, event.document, entry);
    const [insert, totals] = this.recording(
      [{ ...note, creditedInvoiceNumber: entry.subject }],
      -1,
    );
    const { text, values } = writesTogether([insert], totals);
    await tx.query(text, values);
    await this.invoices.setRemaining(tx, entry.subject, BigInt(event.remainingGross));
    await this.flagVoidAfterClaim(tx, entry, entry.subject);
  }

  /**
   * Records new invoices (a redelivered one is skipped) with their totals, in one statement: the
   * totals count what the insert recorded. A credit note takes its amounts off the totals
   * (red-letter) without counting an invoice.
   */
  private recording(invoices: NewInvoice[], sign: 1 | -1): SqlStatement[] {
    const insert = this.invoices.insertStatement(invoices);
    return [insert, this.totals.addRecorded(insert.as, sign, sign === 1 ? 1 : 0)];
  }

  private async flagVoidAfterClaim(
    tx: EntityManager,
    entry: LedgerEntry,
    invoiceNumber: string,
  ): Promise<void> {
    const invoice = await this.invoices.state(tx, invoiceNumber);
    const found = voidAfterClaimAnomaly(invoice, entry, this.thresholds.voidAfterClaimWindowMs);
    if (found) await this.anomalies.record(found);
  }
}

function toInvoice(number: string, document: InvoiceDocumentEvent, entry: LedgerEntry): NewInvoice {
  const rates = rateTotals(document.lines);
  return {
    invoiceNumber: number,
    kind: document.kind,
    creditedInvoiceNumber: document.creditedInvoiceNumber ?? null,
    seller: document.seller,
    buyer: document.buyer,
    // A pattern-configured deployment may use IDs without a division code: region ''.
    region: taxIdRegion(document.seller.taxId)?.region ?? '',
    issueDate: document.issueDate,
    currency: document.currency,
    net: BigInt(document.totals.net),
    tax: BigInt(document.totals.tax),
    gross: BigInt(document.totals.gross),
    taxRates: [...rates.keys()].sort(),
    rateTotals: rates,
    chain: entry.chain,
    seq: entry.seq,
    entryHash: entry.entryHash,
    issuedAt: new Date(entry.recordedAt),
  };
}
