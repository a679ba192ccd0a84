import type { MigrationInterface, QueryRunner } from 'typeorm';

const DIMENSIONS = ['seller', 'buyer', 'rate', 'region'] as const;

/**
 * Aggregates read one dimension's rows, not one row per invoice: audit.daily_totals was keyed
 * by (day, seller, buyer, rate, region, chain), so a year by region scanned every invoice.
 * audit.dimension_totals holds one row per (dimension, day, key, chain), still per chain so
 * each chain's feed transaction upserts only its own rows (see CreateAudit1795600000000).
 * An invoice with lines at two rates still counts once per rate in every dimension.
 */
export class DimensionTotals1795700000000 implements MigrationInterface {
  name = 'DimensionTotals1795700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit.dimension_totals (
        dimension text NOT NULL,
        day date NOT NULL,
        key text NOT NULL,
        chain integer NOT NULL,
        count bigint NOT NULL,
        net bigint NOT NULL,
        tax bigint NOT NULL,
        gross bigint NOT NULL,
        -- Serves WHERE dimension = $1 AND day BETWEEN … GROUP BY key as one range.
        PRIMARY KEY (dimension, day, key, chain)
      ) PARTITION BY LIST (dimension)`);
    // A year by seller is a third of the rows, where the planner rightly prefers a sequential
    // scan: a partition per dimension keeps that scan to the dimension's rows.
    for (const dimension of DIMENSIONS)
      await db.query(
        `CREATE TABLE audit.dimension_totals_${dimension} PARTITION OF audit.dimension_totals
           FOR VALUES IN ('${dimension}')`,
      );
    await db.query(`
      INSERT INTO audit.dimension_totals (dimension, day, key, chain, count, net, tax, gross)
      SELECT d.dimension, t.day, d.key, t.chain, sum(t.count), sum(t.net), sum(t.tax), sum(t.gross)
        FROM audit.daily_totals t
       CROSS JOIN LATERAL (VALUES ('seller', t.seller_tax_id), ('buyer', t.buyer_tax_id),
                                  ('rate', t.tax_rate), ('region', t.region)) AS d(dimension, key)
       GROUP BY 1, 2, 3, 4`);
    await db.query('DROP TABLE audit.daily_totals');
  }

  /**
   * The dimensions cannot be joined back into (seller, buyer, rate, region) rows, so the old
   * table is rebuilt from the invoices as the feed wrote it: an invoice counts and adds, a
   * credit note subtracts, a void takes its document back out. A void recorded on another
   * chain than its invoice lands on the invoice's chain: the sums are the same.
   */
  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit.daily_totals (
        day date NOT NULL,
        chain integer NOT NULL,
        seller_tax_id text NOT NULL,
        buyer_tax_id text NOT NULL,
        tax_rate text NOT NULL,
        region text NOT NULL,
        count bigint NOT NULL,
        net bigint NOT NULL,
        tax bigint NOT NULL,
        gross bigint NOT NULL,
        PRIMARY KEY (day, seller_tax_id, buyer_tax_id, tax_rate, region, chain)
      )`);
    await db.query(`
      INSERT INTO audit.daily_totals
        (day, chain, seller_tax_id, buyer_tax_id, tax_rate, region, count, net, tax, gross)
      SELECT i.issue_date, i.chain, i.seller_tax_id, i.buyer_tax_id, r.key, i.region,
             sum(s.count), sum(s.amount * (r.value->>'net')::bigint),
             sum(s.amount * (r.value->>'tax')::bigint),
             sum(s.amount * ((r.value->>'net')::bigint + (r.value->>'tax')::bigint))
        FROM audit.invoices i
       CROSS JOIN jsonb_each(i.rate_totals) r
       CROSS JOIN LATERAL (
         SELECT (i.kind = 'invoice')::int - (i.status = 'voided')::int AS count,
                CASE i.kind WHEN 'invoice' THEN 1 ELSE -1 END - (i.status = 'voided')::int AS amount
       ) s
       GROUP BY 1, 2, 3, 4, 5, 6`);
    await db.query('DROP TABLE audit.dimension_totals');
  }
}
