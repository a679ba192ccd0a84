import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Merchant keys and invoices (credit notes included), and the sequence invoice numbers are
 * drawn from. The ledger holds the signed history; these tables are the service's state,
 * written in the same transaction as the ledger entry that records each change.
 *
 * There is no entry_hash column: the entry is sealed (seq, prevHash, hash) after the unit of
 * work has run, so its hash cannot be written with the row; reads join ledger.entries on the
 * entry's identity instead, which is unique and indexed.
 */
export class CreateIssuing1795500000000 implements MigrationInterface {
  name = 'CreateIssuing1795500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE issuing.merchant_keys (
        key_id text PRIMARY KEY CONSTRAINT merchant_keys_key_id_check CHECK (key_id ~ '^[0-9a-f]{32}$'),
        tax_id text NOT NULL CONSTRAINT merchant_keys_tax_id_check CHECK (length(tax_id) BETWEEN 1 AND 64),
        public_key bytea NOT NULL CONSTRAINT merchant_keys_public_key_check CHECK (octet_length(public_key) = 32),
        registered_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz CONSTRAINT merchant_keys_revoked_at_check CHECK (revoked_at >= registered_at)
      )`);
    await db.query(`CREATE INDEX merchant_keys_tax_id_idx ON issuing.merchant_keys (tax_id)`);
    // No cache: numbers stay dense in allocation order across instances (gaps only on rollback).
    await db.query(
      `CREATE SEQUENCE issuing.invoice_number_seq MINVALUE 1 MAXVALUE 999999999999999`,
    );
    await db.query(`
      CREATE TABLE issuing.invoices (
        invoice_number char(20) PRIMARY KEY CONSTRAINT invoices_number_check CHECK (invoice_number ~ '^[0-9]{20}$'),
        seller_tax_id text NOT NULL,
        document_number text NOT NULL CONSTRAINT invoices_document_number_check
          CHECK (length(document_number) BETWEEN 1 AND 64),
        buyer_tax_id text NOT NULL,
        buyer_name text NOT NULL,
        buyer_registered boolean NOT NULL,
        issue_date date NOT NULL,
        currency char(3) NOT NULL CONSTRAINT invoices_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
        net bigint NOT NULL CONSTRAINT invoices_net_check CHECK (net >= 0),
        tax bigint NOT NULL CONSTRAINT invoices_tax_check CHECK (tax >= 0),
        gross bigint NOT NULL CONSTRAINT invoices_gross_check CHECK (gross = net + tax),
        kind text NOT NULL CONSTRAINT invoices_kind_check CHECK (kind IN ('invoice', 'credit-note')),
        credited_invoice_number char(20) REFERENCES issuing.invoices (invoice_number),
        status text NOT NULL DEFAULT 'issued' CONSTRAINT invoices_status_check
          CHECK (status IN ('issued', 'voided')),
        credited_gross bigint NOT NULL DEFAULT 0 CONSTRAINT invoices_credited_gross_check
          CHECK (credited_gross BETWEEN 0 AND gross),
        check_code char(6) NOT NULL CONSTRAINT invoices_check_code_check CHECK (check_code ~ '^[0-9]{6}$'),
        document jsonb NOT NULL,
        signature bytea NOT NULL CONSTRAINT invoices_signature_check CHECK (octet_length(signature) = 64),
        created_at timestamptz NOT NULL DEFAULT now(),
        voided_at timestamptz,
        CONSTRAINT invoices_seller_document_key UNIQUE (seller_tax_id, document_number),
        -- A credit note names the invoice it credits; an invoice names none and is never credited itself.
        CONSTRAINT invoices_credit_check CHECK (
          (kind = 'credit-note') = (credited_invoice_number IS NOT NULL)
          AND (kind = 'invoice' OR credited_gross = 0)
        ),
        CONSTRAINT invoices_voided_check CHECK ((status = 'voided') = (voided_at IS NOT NULL))
      )`);
    await db.query(
      `CREATE INDEX invoices_seller_created_idx ON issuing.invoices (seller_tax_id, created_at, invoice_number)`,
    );
    await db.query(
      `CREATE INDEX invoices_credited_idx ON issuing.invoices (credited_invoice_number)
       WHERE credited_invoice_number IS NOT NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE issuing.invoices`);
    await db.query(`DROP SEQUENCE issuing.invoice_number_seq`);
    await db.query(`DROP TABLE issuing.merchant_keys`);
  }
}
