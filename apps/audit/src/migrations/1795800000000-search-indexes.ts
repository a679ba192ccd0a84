import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Officials' searches that the keyset scan in recording order cannot answer quickly:
 * - a name fragment (`ILIKE '%…%'` on the seller's or the buyer's name) that few invoices
 *   match read every row; trigram indexes find the few. pg_trgm is a trusted extension, so the
 *   database's owner may create it; it stays when this migration is reverted, as other
 *   schemas may use it too.
 * - a buyer's invoices above (or below) an amount read all of the buyer's invoices when few
 *   match; (buyer, gross) reads only the matching ones.
 */
export class SearchIndexes1795800000000 implements MigrationInterface {
  name = 'SearchIndexes1795800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    for (const party of ['seller', 'buyer'])
      await db.query(
        `CREATE INDEX invoices_${party}_name_trgm_idx ON audit.invoices
           USING gin (${party}_name gin_trgm_ops)`,
      );
    await db.query('CREATE INDEX invoices_buyer_gross_idx ON audit.invoices (buyer_tax_id, gross)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX audit.invoices_buyer_gross_idx');
    for (const party of ['seller', 'buyer'])
      await db.query(`DROP INDEX audit.invoices_${party}_name_trgm_idx`);
  }
}
