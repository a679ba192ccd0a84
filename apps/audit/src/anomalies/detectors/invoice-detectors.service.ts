import { Injectable } from '@nestjs/common';
import type { LedgerEntry } from '@taxchain/ledger';
import type { EntityManager } from 'typeorm';
import type { NewInvoice } from '../../invoices/invoices.repository';
import { ActivityRepository, pairKey, type ActivityWindow } from '../activity.repository';
import { AnomalyRecorder } from '../anomaly-recorder.service';
import { AnomalyThresholds } from '../anomaly-thresholds';
import { entryRef, type NewAnomaly } from '../anomaly';
import { isBurst } from './burst';
import { canonicalRing, findRings } from './find-ring';
import { issueInstant } from './issue-instant';

/** A newly recorded invoice and the entry that brought it. */
export interface RecordedInvoice {
  invoice: NewInvoice;
  entry: LedgerEntry;
}

/**
 * Findings about a run of newly issued invoices: a new buyer, a burst, a ring one closes. The
 * activity is recorded for the whole run in one statement, a burst is looked for once per
 * seller (every seller's window read in one statement, up to the fewest invoices flagged; the
 * window and baseline of those reaching it counted from buckets in one more) and a ring once per
 * seller → buyer pair, all pairs searched together.
 */
@Injectable()
export class InvoiceDetectors {
  constructor(
    private readonly activity: ActivityRepository,
    private readonly recorder: AnomalyRecorder,
    private readonly thresholds: AnomalyThresholds,
  ) {}

  /**
   * Before the feed writes the run: the activity is committed first, as recordIssues says, and
   * the reads see it and every other chain's, committed. `on`: the connections to run them on
   * (the feed's pool), never a transaction.
   */
  async check(recorded: RecordedInvoice[], on?: EntityManager): Promise<NewAnomaly[]> {
    const issued = recorded.filter((r) => r.invoice.kind === 'invoice');
    if (issued.length === 0) return [];
    const instants = issued.map(({ invoice }) => issueInstant(invoice.issueDate, invoice.issuedAt));
    const firstAt = await this.activity.recordIssues(
      issued.map(({ invoice, entry }, i) => ({
        entry,
        seller: invoice.seller.taxId,
        buyer: invoice.buyer.taxId,
        issuedAt: instants[i].at,
      })),
      on,
    );
    const found: Array<NewAnomaly | undefined> = issued.map(({ invoice, entry }) =>
      this.newBuyer(
        invoice,
        entry,
        firstAt.get(pairKey(invoice.seller.taxId, invoice.buyer.taxId))?.getTime() ===
          invoice.issuedAt.getTime(),
      ),
    );
    // The seller's last invoice of the run stands for its burst; the pair's first for its ring.
    // A burst is issuing many invoices now; history recorded late counts in the baseline only.
    const live = issued.filter((_, i) => instants[i].live);
    const lastBySeller = new Map(live.map((r) => [r.invoice.seller.taxId, r.entry]));
    const windows = await this.activity.latestWindows(
      [...lastBySeller.keys()],
      this.thresholds.burstWindowMs,
      this.thresholds.burstMinCount,
      on,
    );
    found.push(...(await this.bursts(lastBySeller, windows, on)));
    const earliest = Math.min(...instants.map((at) => at.at.getTime()));
    found.push(...(await this.rings(issued, earliest, on)));
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
   * must see the whole burst. Only a seller with at least the fewest invoices flagged in its
   * window can be a burst (the common case: none); those are counted exactly, window and
   * baseline, in one round trip for all of them.
   */
  private async bursts(
    lastBySeller: Map<string, LedgerEntry>,
    windows: Map<string, ActivityWindow>,
    on: EntityManager | undefined,
  ): Promise<Array<NewAnomaly | undefined>> {
    const { burstWindowMs, baselinePeriodMs } = this.thresholds;
    const candidates = [...lastBySeller].flatMap(([seller, entry]) => {
      const window = windows.get(seller);
      if (!window || window.count < this.thresholds.burstMinCount) return [];
      // One finding per seller per window-sized bucket, however many invoices the burst holds.
      // The bucket is the burst's first invoice's, which stays put while the burst goes on (the
      // newest invoice's would move to the next bucket halfway through a burst across a minute).
      const bucket = Math.floor(window.first.getTime() / burstWindowMs);
      const dedupeKey = `burst:${seller}:${bucket}`;
      return this.recorder.recorded(dedupeKey) ? [] : [{ seller, entry, window, dedupeKey }];
    });
    // The window (end − window, end] and the baseline period up to the window's start.
    const counts = await this.activity.count(
      candidates.flatMap(({ seller, window }) => {
        const windowStart = window.end.getTime() - burstWindowMs;
        return [
          { seller, from: new Date(windowStart + 1), until: new Date(window.end.getTime() + 1) },
          {
            seller,
            from: new Date(windowStart - baselinePeriodMs),
            until: new Date(windowStart + 1),
          },
        ];
      }),
      on,
    );
    return candidates.map((candidate, i) =>
      this.burst(candidate, counts[2 * i], counts[2 * i + 1]),
    );
  }

  private burst(
    candidate: { seller: string; entry: LedgerEntry; window: ActivityWindow; dedupeKey: string },
    current: number,
    baseline: number,
  ): NewAnomaly | undefined {
    const { seller, entry, window, dedupeKey } = candidate;
    const { burstWindowMs, baselinePeriodMs } = this.thresholds;
    if (!isBurst(current, baseline, baselinePeriodMs / burstWindowMs, this.thresholds))
      return undefined;
    return {
      type: 'burst',
      severity: 'medium',
      summary: `${current} invoices from ${seller} within ${burstWindowMs / 1000} s (baseline ${baseline} over ${baselinePeriodMs / 3_600_000} h)`,
      evidence: {
        entries: [entryRef(entry)],
        seller,
        current,
        baseline,
        // What the dashboard draws: the window against the seller's average per window.
        from: window.first.toISOString(),
        to: window.end.toISOString(),
        windowMs: burstWindowMs,
        baselineMs: baselinePeriodMs,
      },
      dedupeKey,
    };
  }

  /** `earliest`: the run's earliest issue instant, where the graph's window reaches back from. */
  private async rings(
    issued: RecordedInvoice[],
    earliest: number,
    on: EntityManager | undefined,
  ): Promise<Array<NewAnomaly | undefined>> {
    const firstOfPair = new Map<string, RecordedInvoice>();
    for (const r of issued) {
      const key = pairKey(r.invoice.seller.taxId, r.invoice.buyer.taxId);
      if (!firstOfPair.has(key)) firstOfPair.set(key, r);
    }
    const candidates = [...firstOfPair.values()];
    // One window for the run, reaching back from its earliest invoice: a later invoice's own
    // window is within it (a run spans seconds; the window is configured in days).
    const since = new Date(earliest - this.thresholds.circularWindowMs);
    const rings = await findRings(
      candidates.map(({ invoice }) => ({
        seller: invoice.seller.taxId,
        buyer: invoice.buyer.taxId,
      })),
      (sellers) => this.activity.buyersOf(sellers, since, on),
      this.thresholds.circularMaxLength,
    );
    return rings.map((ring, i) => {
      if (!ring) return undefined;
      return {
        type: 'circular_invoicing',
        severity: 'high',
        summary: `ring of ${ring.length} companies: ${[...ring, ring[0]].join(' → ')}`,
        evidence: { entries: [entryRef(candidates[i].entry)], ring },
        dedupeKey: `circular_invoicing:${canonicalRing(ring)}`,
      };
    });
  }
}
