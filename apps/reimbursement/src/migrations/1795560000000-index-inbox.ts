import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The inbox reads a buyer's documents in ledger order: one index range per page. */
export class IndexInbox1795560000000 implements MigrationInterface {
  name = 'IndexInbox1795560000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX invoices_buyer_issued_idx
         ON reimbursement.invoices (buyer_tax_id, issued_at, invoice_number)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX reimbursement.invoices_buyer_issued_idx');
  }
}
