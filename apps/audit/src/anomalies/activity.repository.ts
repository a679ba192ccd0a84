import { Injectable } from '@nestjs/common';
import type { LedgerEntry } from '@taxchain/ledger';
import { DataSource, type EntityManager } from 'typeorm';
import { ACTIVITY_SPANS_S, splitRange, type BucketRange } from './activity-buckets';

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
    on: EntityManager = this.db.manager,
  ): Promise<Map<string, Date>> {
    // Committed before the feed transaction that applies the entries, which commits durably: WAL
    // is flushed in order, so this commit survives whenever the feed's does, and a lost one is
    // redelivered with it. It need not wait for its own WAL flush (set_config local to this
    // statement's own transaction). One statement, not a transaction block: the pair's edge and
    // counter rows stay locked until commit, and a block's BEGIN, SET and COMMIT were three more
    // round trips through a busy service, during which the other chains' feeds waited on them.
    // Only entries not recorded before are counted per bucket, so a redelivery counts nothing.
    // One row per pair or bucket (an upsert may not touch a row twice), in key order (one lock
    // order).
    const rows = await on.query<Array<{ seller: string; buyer: string; first_at: Date }>>(
      `WITH async AS (SELECT set_config('synchronous_commit', 'off', true)),
       activity AS (
         INSERT INTO audit.seller_activity (chain, seq, seller_tax_id, recorded_at)
         SELECT * FROM unnest($1::integer[], $2::bigint[], $3::text[], $6::timestamptz[])
         ON CONFLICT DO NOTHING
         RETURNING chain, seller_tax_id, recorded_at),
       counts AS (
         INSERT INTO audit.seller_activity_counts AS c (seller_tax_id, span, bucket, chain, n)
         SELECT seller_tax_id, span, floor(extract(epoch FROM recorded_at) / span)::bigint, chain,
                count(*)
           FROM activity, unnest($7::integer[]) AS span
          GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
         ON CONFLICT (seller_tax_id, span, bucket, chain) DO UPDATE SET n = c.n + EXCLUDED.n)
       INSERT INTO audit.invoice_edges AS e (seller_tax_id, buyer_tax_id, first_at, last_at)
       SELECT s, b, min(at), max(issued)
         FROM unnest($3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[]) AS r(s, b, at, issued),
              async
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
        ACTIVITY_SPANS_S,
      ],
    );
    return new Map(rows.map((row) => [pairKey(row.seller, row.buyer), row.first_at]));
  }

  /**
   * Each seller's invoices within `windowMs` up to its newest one seen so far: when the newest
   * was, when the first of them was, and how many, counted up to `cap` only. One round trip for
   * every seller of a run, reading at most `cap` invoices of each: a seller that reaches it is
   * counted exactly by `count`, only when that matters. `on`: the feed's transaction, or any
   * connection (this method and the other reads below see the rows committed by others either way).
   */
  async latestWindows(
    sellers: string[],
    windowMs: number,
    cap: number,
    on: EntityManager = this.db.manager,
  ): Promise<Map<string, ActivityWindow>> {
    if (sellers.length === 0) return new Map();
    const rows = await on.query<
      Array<{ seller: string; first: Date; end: Date | null; n: string }>
    >(
      `SELECT s.seller, x.m AS end, w.first, w.n
         FROM unnest($1::text[]) AS s(seller),
         LATERAL (SELECT max(recorded_at) AS m FROM audit.seller_activity
                   WHERE seller_tax_id = s.seller) x,
         LATERAL (SELECT min(recorded_at) AS first, count(*) AS n
                    FROM (SELECT recorded_at FROM audit.seller_activity
                           WHERE seller_tax_id = s.seller
                             AND recorded_at > x.m - $2 * interval '1 millisecond'
                           ORDER BY recorded_at LIMIT $3) c) w`,
      [sellers, windowMs, cap],
    );
    return new Map(
      rows.flatMap((row) =>
        row.end ? [[row.seller, { first: row.first, end: row.end, count: Number(row.n) }]] : [],
      ),
    );
  }

  /**
   * Each seller's invoices recorded in [from, until), in one round trip: whole buckets from
   * audit.seller_activity_counts, single invoices only in the part-seconds at the ends, so the
   * rows read are bounded by the range's length, never by how many invoices it holds.
   */
  async count(
    ranges: Array<{ seller: string; from: Date; until: Date }>,
    on: EntityManager = this.db.manager,
  ): Promise<number[]> {
    if (ranges.length === 0) return [];
    const buckets: Array<[number, string, BucketRange]> = [];
    const raw: Array<[number, string, { from: number; until: number }]> = [];
    ranges.forEach(({ seller, from, until }, i) => {
      const split = splitRange(from.getTime(), until.getTime());
      for (const b of split.buckets) buckets.push([i, seller, b]);
      for (const r of split.raw) raw.push([i, seller, r]);
    });
    const rows = await on.query<Array<{ i: number; n: string }>>(
      `SELECT i, sum(n)::bigint AS n FROM (
         SELECT p.i, c.n
           FROM unnest($1::integer[], $2::text[], $3::integer[], $4::bigint[], $5::bigint[])
                AS p(i, seller, span, lo, hi),
           LATERAL (SELECT sum(n) AS n FROM audit.seller_activity_counts
                     WHERE seller_tax_id = p.seller AND span = p.span
                       AND bucket >= p.lo AND bucket < p.hi) c
         UNION ALL
         SELECT r.i, a.n
           FROM unnest($6::integer[], $7::text[], $8::timestamptz[], $9::timestamptz[])
                AS r(i, seller, lo, hi),
           LATERAL (SELECT count(*) AS n FROM audit.seller_activity
                     WHERE seller_tax_id = r.seller
                       AND recorded_at >= r.lo AND recorded_at < r.hi) a) x
        GROUP BY i`,
      [
        buckets.map(([i]) => i),
        buckets.map(([, seller]) => seller),
        buckets.map(([, , b]) => b.span),
        buckets.map(([, , b]) => b.from),
        buckets.map(([, , b]) => b.until),
        raw.map(([i]) => i),
        raw.map(([, seller]) => seller),
        raw.map(([, , r]) => new Date(r.from)),
        raw.map(([, , r]) => new Date(r.until)),
      ],
    );
    const counts = ranges.map(() => 0);
    for (const row of rows) counts[row.i] = Number(row.n ?? 0);
    return counts;
  }

  /** The buyers each of these sellers invoiced since a moment: one step of the graph. */
  buyersOf(
    sellers: string[],
    since: Date,
    on: EntityManager = this.db.manager,
  ): Promise<Array<{ seller: string; buyer: string }>> {
    return on.query<Array<{ seller: string; buyer: string }>>(
      `SELECT seller_tax_id AS seller, buyer_tax_id AS buyer FROM audit.invoice_edges
        WHERE seller_tax_id = ANY($1) AND last_at >= $2`,
      [sellers, since],
    );
  }
}

/** A seller's invoices in a burst window: how many (up to a cap), the first's and the newest's instants. */
export interface ActivityWindow {
  first: Date;
  end: Date;
  count: number;
}

/** How recordIssues names a seller → buyer pair. */
export function pairKey(seller: string, buyer: string): string {
  return `${seller}>${buyer}`;
}
