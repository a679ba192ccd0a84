import { Injectable } from '@nestjs/common';
import type { LedgerEntry } from '@taxchain/ledger';
import { DataSource } from 'typeorm';

/**
 * What the cross-company detectors count: invoices per seller over time and the seller → buyer
 * graph. The feed applies each chain in its own transaction, concurrently, so rows written
 * there stay invisible to the other chains until commit: a burst or ring spread over chains
 * would never be seen whole. These rows are therefore committed at once, outside the feed's
 * transaction, keyed by entry so a redelivered entry is not counted twice; of invoices applied
 * concurrently, the one recorded last sees all the others.
 */
@Injectable()
export class ActivityRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * One round trip for a run of invoices, as the feed calls it. The seller's activity and the
   * pair's latest edge are placed at the instant each invoice was issued (issueInstant); the
   * pair's first invoice is the first recorded. Returns, per seller → buyer pair, when that was:
   * order-independent across chains, and the same on redelivery.
   */
  async recordIssues(
    issues: Array<{ entry: LedgerEntry; seller: string; buyer: string; issuedAt: Date }>,
  ): Promise<Map<string, Date>> {
    // Committed before the feed transaction that applies the entries, which commits durably: WAL
    // is flushed in order, so this commit survives whenever the feed's does, and a lost one is
    // redelivered with it. It need not wait for its own WAL flush.
    const rows = await this.db.transaction(async (tx) => {
      await tx.query('SET LOCAL synchronous_commit = off');
      // One row per pair (an upsert may not touch a row twice), in key order (one lock order).
      return tx.query<Array<{ seller: string; buyer: string; first_at: Date }>>(
        `WITH activity AS (
         INSERT INTO audit.seller_activity (chain, seq, seller_tax_id, recorded_at)
         SELECT * FROM unnest($1::integer[], $2::bigint[], $3::text[], $6::timestamptz[])
         ON CONFLICT DO NOTHING)
       INSERT INTO audit.invoice_edges AS e (seller_tax_id, buyer_tax_id, first_at, last_at)
       SELECT s, b, min(at), max(issued)
         FROM unnest($3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[]) AS r(s, b, at, issued)
        GROUP BY s, b ORDER BY s, b
       ON CONFLICT (seller_tax_id, buyer_tax_id) DO UPDATE
         SET first_at = LEAST(e.first_at, EXCLUDED.first_at), last_at = GREATEST(e.last_at, EXCLUDED.last_at)
       RETURNING seller_tax_id AS seller, buyer_tax_id AS buyer, first_at`,
        [
          issues.map((i) => i.entry.chain),
          issues.map((i) => i.entry.seq),
          issues.map((i) => i.seller),
          issues.map((i) => i.buyer),
          issues.map((i) => i.entry.recordedAt),
          issues.map((i) => i.issuedAt),
        ],
      );
    });
    return new Map(rows.map((row) => [pairKey(row.seller, row.buyer), row.first_at]));
  }

  /**
   * Each seller's invoices within `windowMs` up to its newest one seen so far: how many, when
   * the newest was, and when the first of them was. One round trip for every seller of a run.
   */
  async latestWindows(sellers: string[], windowMs: number): Promise<Map<string, ActivityWindow>> {
    if (sellers.length === 0) return new Map();
    const rows = await this.db.query<
      Array<{ seller: string; first: Date; end: Date | null; n: string }>
    >(
      `SELECT s.seller, x.m AS end, w.first, w.n
         FROM unnest($1::text[]) AS s(seller),
         LATERAL (SELECT max(recorded_at) AS m FROM audit.seller_activity
                   WHERE seller_tax_id = s.seller) x,
         LATERAL (SELECT count(*) AS n, min(recorded_at) AS first FROM audit.seller_activity
                   WHERE seller_tax_id = s.seller AND recorded_at <= x.m
                     AND recorded_at > x.m - $2 * interval '1 millisecond') w`,
      [sellers, windowMs],
    );
    return new Map(
      rows.flatMap((row) =>
        row.end ? [[row.seller, { first: row.first, end: row.end, count: Number(row.n) }]] : [],
      ),
    );
  }

  /** Invoices of a seller recorded in [since, until). */
  async countBySeller(seller: string, since: Date, until: Date): Promise<number> {
    const [row] = await this.db.query<Array<{ n: string }>>(
      `SELECT count(*) AS n FROM audit.seller_activity
        WHERE seller_tax_id = $1 AND recorded_at >= $2 AND recorded_at < $3`,
      [seller, since, until],
    );
    return Number(row.n);
  }

  /** The buyers each of these sellers invoiced since a moment: one step of the graph. */
  buyersOf(sellers: string[], since: Date): Promise<Array<{ seller: string; buyer: string }>> {
    return this.db.query<Array<{ seller: string; buyer: string }>>(
      `SELECT seller_tax_id AS seller, buyer_tax_id AS buyer FROM audit.invoice_edges
        WHERE seller_tax_id = ANY($1) AND last_at >= $2`,
      [sellers, since],
    );
  }
}

/** A seller's invoices in a burst window: how many, the first's and the newest's instants. */
export interface ActivityWindow {
  first: Date;
  end: Date;
  count: number;
}

/** How recordIssues names a seller → buyer pair. */
export function pairKey(seller: string, buyer: string): string {
  return `${seller}>${buyer}`;
}
