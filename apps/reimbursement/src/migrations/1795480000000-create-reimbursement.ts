import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createFeedTables, dropFeedTables } from '@taxchain/ledger';

/**
 * The buyer side: a read model of invoices fed from the ledger, and claims. The partial unique
 * index on claims is the "at most once, ever" rule in its last line of defence: whatever the
 * code does, no two live (active or completed) claims can hold one invoice.
 */
export class CreateReimbursement1795480000000 implements MigrationInterface {
  name = 'CreateReimbursement1795480000000';

  async up(db: QueryRunner): Promise<void> {
    await createFeedTables(db, 'reimbursement');
    await db.query(`
      CREATE TABLE reimbursement.invoices (
        invoice_number text PRIMARY KEY CHECK (invoice_number ~ '^[0-9]{20}$'),
        kind text NOT NULL CHECK (kind IN ('invoice', 'credit-note')),
        seller_tax_id text NOT NULL,
        seller_name text NOT NULL,
        buyer_tax_id text NOT NULL,
        buyer_name text NOT NULL,
        document_number text NOT NULL,
        issue_date date NOT NULL,
        currency text NOT NULL,
        net bigint NOT NULL CHECK (net >= 0),
        tax bigint NOT NULL CHECK (tax >= 0),
        gross bigint NOT NULL CHECK (gross >= 0),
        credited bigint NOT NULL DEFAULT 0 CHECK (credited >= 0 AND credited <= gross),
        status text NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'voided')),
        check_code text NOT NULL,
        key_id text NOT NULL,
        chain integer NOT NULL,
        seq bigint NOT NULL,
        entry_hash bytea NOT NULL CHECK (octet_length(entry_hash) = 32),
        issued_at timestamptz NOT NULL,
        voided_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE reimbursement.claims (
        claim_id uuid PRIMARY KEY,
        invoice_number text NOT NULL REFERENCES reimbursement.invoices (invoice_number),
        buyer_tax_id text NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        expense_reference text CHECK (length(expense_reference) BETWEEN 1 AND 200),
        state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'completed', 'released')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE UNIQUE INDEX claims_one_live_claim_per_invoice
        ON reimbursement.claims (invoice_number) WHERE state IN ('active', 'completed')`);
    await db.query(
      `CREATE INDEX claims_buyer_created_idx ON reimbursement.claims (buyer_tax_id, created_at, claim_id)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE reimbursement.claims');
    await db.query('DROP TABLE reimbursement.invoices');
    await dropFeedTables(db, 'reimbursement');
  }
}
