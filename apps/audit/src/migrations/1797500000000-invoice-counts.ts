import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * audit.dimension_totals counted an invoice once per tax rate under its seller, buyer and region
 * too, and aggregates by day summed the rate rows: an invoice with lines at two rates was two
 * invoices everywhere (the dashboard's 发票数量 read 4,948 for 3,023 invoices). Only by rate is it
 * in two groups. This recounts the seller, buyer and region rows from the invoices and adds a
 * `day` dimension (key '', one row per day and chain) summed from the recounted region rows,
 * where each invoice is once. Amounts were sums over lines already and are kept.
 *
 * Each invoice and its void are counted on the invoice's chain; a void the feed recorded on
 * another chain leaves that chain's row at 0 here: the sums per key are the same. Running up
 * twice gives what running it once does.
 */
export class InvoiceCounts1797500000000 implements MigrationInterface {
  name = 'InvoiceCounts1797500000000';

  async up(db: QueryRunner): Promise<void> {
    await recount(db, '1');
    await db.query(`
      CREATE TABLE IF NOT EXISTS audit.dimension_totals_day PARTITION OF audit.dimension_totals
        FOR VALUES IN ('day')`);
    await db.query(`
      INSERT INTO audit.dimension_totals (dimension, day, key, chain, count, net, tax, gross)
      SELECT 'day', day, '', chain, sum(count), sum(net), sum(tax), sum(gross)
        FROM audit.dimension_totals
       WHERE dimension = 'region'
       GROUP BY day, chain
      ON CONFLICT (dimension, day, key, chain) DO UPDATE
        SET count = EXCLUDED.count, net = EXCLUDED.net, tax = EXCLUDED.tax,
            gross = EXCLUDED.gross`);
  }

  /** Back to counting once per rate in every dimension, and day read from the rate rows. */
  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE audit.dimension_totals_day');
    await recount(db, 'cardinality(i.tax_rates)');
  }
}

/**
 * Sets each seller, buyer and region row's count to its invoices' (as the feed counts them: an
 * invoice 1, a credit note 0, a void takes 1 back), each counted `times` times.
 */
async function recount(db: QueryRunner, times: string): Promise<void> {
  await db.query(`
    WITH counted AS (
      SELECT d.dimension, i.issue_date AS day, d.key, i.chain,
             sum(((i.kind = 'invoice')::int - (i.status = 'voided')::int) * ${times}) AS count
        FROM audit.invoices i
       CROSS JOIN LATERAL (VALUES ('seller', i.seller_tax_id), ('buyer', i.buyer_tax_id),
                                  ('region', i.region)) AS d(dimension, key)
       GROUP BY 1, 2, 3, 4)
    UPDATE audit.dimension_totals t
       SET count = coalesce(c.count, 0)
      FROM audit.dimension_totals r
      LEFT JOIN counted c USING (dimension, day, key, chain)
     WHERE r.dimension IN ('seller', 'buyer', 'region')
       AND (t.dimension, t.day, t.key, t.chain) = (r.dimension, r.day, r.key, r.chain)
       AND t.count IS DISTINCT FROM coalesce(c.count, 0)`);
}
