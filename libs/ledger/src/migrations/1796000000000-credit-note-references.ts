import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A credit note is recorded as an invoice.credited entry on its original's subject; this index
 * resolves the credit note's own number (the payload's creditNoteNumber) to that entry. It is
 * computed from the hashed payload itself, so it cannot point elsewhere than the entry says.
 * The function is lenient (a payload that is not JSON yields NULL) so that it never blocks an
 * insert, nor the tamper tests that rewrite payloads as a superuser: verification catches those.
 */
export class CreditNoteReferences1796000000000 implements MigrationInterface {
  name = 'CreditNoteReferences1796000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION ledger.credit_note_number(payload text) RETURNS text
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      BEGIN
        RETURN payload::jsonb ->> 'creditNoteNumber';
      EXCEPTION WHEN others THEN
        RETURN NULL;
      END $$`);
    await db.query(
      `CREATE INDEX entries_credit_note_idx ON ledger.entries (ledger.credit_note_number(payload))
       WHERE kind = 'invoice.credited'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX ledger.entries_credit_note_idx');
    await db.query('DROP FUNCTION ledger.credit_note_number(text)');
  }
}
