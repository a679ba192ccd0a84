import { Injectable } from '@nestjs/common';
import type { LedgerEntry } from '@taxchain/ledger';
import type { NewInvoice } from '../../invoices/invoices.repository';
import { ActivityRepository } from '../activity.repository';
import { AnomalyRecorder } from '../anomaly-recorder.service';
import { AnomalyThresholds } from '../anomaly-thresholds';
import { entryRef, type NewAnomaly } from '../anomaly';
import { isBurst } from './burst';
import { canonicalRing, findRing } from './find-ring';

/** Findings about a newly issued invoice: a new buyer, a burst, a ring it closes. */
@Injectable()
export class InvoiceDetectors {
  constructor(
    private readonly activity: ActivityRepository,
    private readonly recorder: AnomalyRecorder,
    private readonly thresholds: AnomalyThresholds,
  ) {}

  async check(invoice: NewInvoice, entry: LedgerEntry): Promise<NewAnomaly[]> {
    if (invoice.kind !== 'invoice') return [];
    const { firstAt } = await this.activity.recordIssue(
      entry,
      invoice.seller.taxId,
      invoice.buyer.taxId,
    );
    const first = firstAt.getTime() === invoice.issuedAt.getTime();
    const found = [
      this.newBuyer(invoice, entry, first),
      await this.burst(invoice, entry),
      await this.ring(invoice, entry),
    ];
    return found.filter((a): a is NewAnomaly => a !== undefined);
  }

  /** Only the pair's first invoice by ledger time counts, whichever chain applies it first. */
  private newBuyer(
    invoice: NewInvoice,
    entry: LedgerEntry,
    first: boolean,
  ): NewAnomaly | undefined {
    if (!first || invoice.gross < this.thresholds.newBuyerHighGross) return undefined;
    return {
      type: 'new_buyer_high_amount',
      severity: 'medium',
      summary: `first invoice from ${invoice.seller.taxId} to ${invoice.buyer.taxId}, gross ${invoice.gross}`,
      evidence: { entries: [entryRef(entry)], gross: invoice.gross.toString() },
      dedupeKey: `new_buyer_high_amount:${invoice.seller.taxId}>${invoice.buyer.taxId}`,
    };
  }

  /**
   * The window ends at the seller's newest invoice seen, not at this one: chains are applied
   * concurrently and out of recording order, and whichever invoice of a burst is applied last
   * must see the whole burst.
   */
  private async burst(invoice: NewInvoice, entry: LedgerEntry): Promise<NewAnomaly | undefined> {
    const seller = invoice.seller.taxId;
    const window = await this.activity.latestWindow(seller, this.thresholds.burstWindowMs);
    if (!window || window.count < this.thresholds.burstMinCount) return undefined; // the common case
    // One finding per seller per window-sized bucket, however many invoices the burst holds.
    const dedupeKey = `burst:${seller}:${Math.floor(window.end.getTime() / this.thresholds.burstWindowMs)}`;
    if (this.recorder.recorded(dedupeKey)) return undefined;
    const windowStart = window.end.getTime() - this.thresholds.burstWindowMs;
    const baseline = await this.activity.countBySeller(
      seller,
      new Date(windowStart - this.thresholds.baselinePeriodMs),
      new Date(windowStart + 1),
    );
    if (
      !isBurst(
        window.count,
        baseline,
        this.thresholds.baselinePeriodMs / this.thresholds.burstWindowMs,
        this.thresholds,
      )
    )
      return undefined;
    return {
      type: 'burst',
      severity: 'medium',
      summary: `${window.count} invoices from ${seller} within ${this.thresholds.burstWindowMs / 1000} s (baseline ${baseline} over ${this.thresholds.baselinePeriodMs / 3_600_000} h)`,
      evidence: { entries: [entryRef(entry)], seller, current: window.count, baseline },
      dedupeKey,
    };
  }

  private async ring(invoice: NewInvoice, entry: LedgerEntry): Promise<NewAnomaly | undefined> {
    const since = new Date(invoice.issuedAt.getTime() - this.thresholds.circularWindowMs);
    const ring = await findRing(
      invoice.seller.taxId,
      invoice.buyer.taxId,
      (sellers) => this.activity.buyersOf(sellers, since),
      this.thresholds.circularMaxLength,
    );
    if (!ring) return undefined;
    const key = canonicalRing(ring);
    return {
      type: 'circular_invoicing',
      severity: 'high',
      summary: `ring of ${ring.length} companies: ${[...ring, ring[0]].join(' → ')}`,
      evidence: { entries: [entryRef(entry)], ring },
      dedupeKey: `circular_invoicing:${key}`,
    };
  }
}
