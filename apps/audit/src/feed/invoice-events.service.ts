import { Injectable } from '@nestjs/common';
import { taxIdRegion } from '@taxchain/contracts';
import type { LedgerEntry, ParsedFeedEvent } from '@taxchain/ledger';
import type { SqlStatement } from '@taxchain/platform';
import type { EntityManager } from 'typeorm';
import { DailyTotalsRepository } from '../analytics/daily-totals.repository';
import { AnomalyRecorder } from '../anomalies/anomaly-recorder.service';
import { AnomalyThresholds } from '../anomalies/anomaly-thresholds';
import { voidAfterClaimAnomaly } from '../anomalies/detectors/claim-anomalies';
import {
  InvoiceDetectors,
  type RecordedInvoice,
} from '../anomalies/detectors/invoice-detectors.service';
import { InvoicesRepository, type NewInvoice } from '../invoices/invoices.repository';
import { rateTotals } from '../invoices/rate-totals';
import type {
  CreditedEvent,
  InvoiceDocumentEvent,
  IssuedEvent,
  VoidedEvent,
} from './feed-payloads';

/**
 * invoice.* entries: read model, daily totals and invoice findings, in the feed's transaction.
 * Issued invoices, nearly all of the feed, are applied a run at a time in a few statements.
 */
@Injectable()
export class InvoiceEvents {
  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly totals: DailyTotalsRepository,
    private readonly detectors: InvoiceDetectors,
    private readonly thresholds: AnomalyThresholds,
    private readonly anomalies: AnomalyRecorder,
  ) {}

  /**
   * A run of invoice.issued entries, as one set. `alongside`: the run's other writes, run in the
   * statement that records the invoices.
   */
  async issued(
    tx: EntityManager,
    issued: Array<ParsedFeedEvent<IssuedEvent>>,
    alongside: SqlStatement[],
  ): Promise<void> {
    await this.record(
      tx,
      issued.map(({ entry, event }) => ({
        entry,
        invoice: toInvoice(event.invoiceNumber, event.document, entry),
      })),
      1,
      alongside,
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
    await this.record(
      tx,
      [{ entry, invoice: { ...note, creditedInvoiceNumber: entry.subject } }],
      -1,
    );
    await this.invoices.setRemaining(tx, entry.subject, BigInt(event.remainingGross));
    await this.flagVoidAfterClaim(tx, entry, entry.subject);
  }

  /**
   * Records new invoices (a redelivered one is skipped) with their totals and findings. A credit
   * note takes its amounts off the totals (red-letter) without counting an invoice.
   */
  private async record(
    tx: EntityManager,
    recorded: RecordedInvoice[],
    sign: 1 | -1,
    alongside: SqlStatement[] = [],
  ): Promise<void> {
    const inserted = await this.invoices.insert(
      tx,
      recorded.map((r) => r.invoice),
      alongside,
    );
    // delete: an invoice number twice in a run is recorded (and counted) once.
    const fresh = recorded.filter((r) => inserted.delete(r.invoice.invoiceNumber));
    await this.totals.add(
      tx,
      fresh.map(({ entry, invoice }) => ({
        key: {
          day: invoice.issueDate,
          chain: entry.chain,
          sellerTaxId: invoice.seller.taxId,
          buyerTaxId: invoice.buyer.taxId,
          region: invoice.region,
        },
        rates: invoice.rateTotals,
        sign: sign === 1 ? 1n : -1n,
        countSign: sign === 1 ? 1 : 0,
      })),
    );
    for (const anomaly of await this.detectors.check(fresh, tx))
      await this.anomalies.record(anomaly);
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
