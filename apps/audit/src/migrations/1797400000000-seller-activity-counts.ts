import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each seller's invoices counted per hour, minute and second (ACTIVITY_SPANS_S), so that the
 * burst detector's window and baseline are read from a bounded number of buckets instead of
 * every invoice in them: a steady seller's 7-day baseline was a count of 7 days of its invoices
 * on every feed run. Keyed by chain as well: each chain's feed is applied in order, so no two
 * chains ever wait on the same counter row. Backfilled from the invoices already recorded.
 */
export class SellerActivityCounts1797400000000 implements MigrationInterface {
  name = 'SellerActivityCounts1797400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit.seller_activity_counts (
        seller_tax_id text NOT NULL,
        span integer NOT NULL CHECK (span > 0),
        bucket bigint NOT NULL,
        chain integer NOT NULL,
        n bigint NOT NULL CHECK (n > 0),
        PRIMARY KEY (seller_tax_id, span, bucket, chain)
      )`);
    await db.query(`
      INSERT INTO audit.seller_activity_counts (seller_tax_id, span, bucket, chain, n)
      SELECT seller_tax_id, span, floor(extract(epoch FROM recorded_at) / span)::bigint, chain,
             count(*)
        FROM audit.seller_activity, unnest('{3600,60,1}'::integer[]) AS span
       GROUP BY 1, 2, 3, 4`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE audit.seller_activity_counts');
  }
}
