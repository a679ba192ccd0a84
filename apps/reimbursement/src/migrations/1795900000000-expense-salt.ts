import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each claim's expense reference reaches the ledger only as a salted commitment; the salt lives
 * here, beside the reference, and is shown to the claiming buyer alone.
 */
export class ExpenseSalt1795900000000 implements MigrationInterface {
  name = 'ExpenseSalt1795900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE reimbursement.claims
        ADD COLUMN expense_salt bytea CHECK (octet_length(expense_salt) = 32)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE reimbursement.claims DROP COLUMN expense_salt');
  }
}
